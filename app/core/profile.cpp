#include "profile.h"

namespace a911 {

QStringList allScopes()
{
    return {QStringLiteral("read_agency"),  QStringLiteral("read_alert"),
            QStringLiteral("read_response"), QStringLiteral("read_device"),
            QStringLiteral("read_mapdata"), QStringLiteral("write_mapdata")};
}

QString scopeDescription(const QString &scope)
{
    if (scope == QLatin1String("read_agency"))
        return QStringLiteral("Read the agency's name, address and device list");
    if (scope == QLatin1String("read_alert"))
        return QStringLiteral("Read every alert sent to the agency");
    if (scope == QLatin1String("read_response"))
        return QStringLiteral("Read who responded to alerts, and how");
    if (scope == QLatin1String("read_device"))
        return QStringLiteral("Read devices: names and last known positions");
    if (scope == QLatin1String("read_mapdata"))
        return QStringLiteral("Read map data: locations and their resources");
    if (scope == QLatin1String("write_mapdata"))
        return QStringLiteral("Create map locations and resources");
    return scope;
}

QString scopeShortName(const QString &scope)
{
    if (scope == QLatin1String("read_agency"))
        return QStringLiteral("agency");
    if (scope == QLatin1String("read_alert"))
        return QStringLiteral("alerts");
    if (scope == QLatin1String("read_response"))
        return QStringLiteral("responses");
    if (scope == QLatin1String("read_device"))
        return QStringLiteral("devices");
    if (scope == QLatin1String("read_mapdata"))
        return QStringLiteral("map");
    if (scope == QLatin1String("write_mapdata"))
        return QStringLiteral("map write");
    return scope;
}

} // namespace a911
