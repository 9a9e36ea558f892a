#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace a911::replica {

struct AgencyRecord
{
    QString id, name, address, city, state, zip;
    double latitude = 0, longitude = 0;
    QStringList deviceIds;
};

struct PageGroup
{
    QString title, prefix;
};

struct DeviceRecord
{
    QString id, name;
    double latitude = 0, longitude = 0;
    int positionAccuracy = 0;
    QDateTime positionTimestamp;
    QStringList agencyIds;
    QStringList pagegroupPrefixes;
};

struct ResponseRecord
{
    QString deviceId;
    QDateTime timestamp;
    QString response;
};

struct AlertRecord
{
    QString id, agencyId, place, address, unit, city, state, source, units, cadCode, priority,
        details, description, mapCode, crossStreet, externalData;
    double latitude = 0, longitude = 0;
    QDateTime sent, received;
    QList<PageGroup> pagegroups;
    QStringList recipientIds;
    QList<ResponseRecord> responses;
};

struct ResourceRecord
{
    QString id, agencyId, locationId, title, filename, extension, details;
    qint64 size = 0;
};

struct LocationRecord
{
    QString id, agencyId, name, description, iconId, iconColor, locationType;
    double latitude = 0, longitude = 0;
    QStringList resourceIds;
};

/// The seeded content of the replica: agencies, devices, alerts, locations and
/// resources, plus their JSON in the shapes the real API uses.
class ReplicaDataset final
{
public:
    ReplicaDataset(quint32 seed, const QDateTime &epoch);

    const std::vector<AgencyRecord> &agencies() const { return m_agencies; }
    const AgencyRecord *agency(const QString &id) const;
    const DeviceRecord *device(const QString &id) const;
    const AlertRecord *alert(const QString &id) const;
    const LocationRecord *location(const QString &id) const;
    const ResourceRecord *resource(const QString &id) const;

    /// Alerts of an agency (optionally only those paged to a device) sent within
    /// [from, to], newest first.
    QList<const AlertRecord *> alerts(const QString &agencyId, const QString &deviceId,
                                      const QDateTime &from, const QDateTime &to) const;
    /// Locations of an agency, newest first.
    QList<const LocationRecord *> locations(const QString &agencyId) const;
    const LocationRecord &addLocation(LocationRecord location);

    // JSON in the real API's shapes; `apiBase` ends with "/".
    static QJsonObject ref(const QString &apiBase, const QString &kind, const QString &id);
    QJsonObject agencyJson(const AgencyRecord &a, const QString &apiBase) const;
    QJsonObject deviceJson(const DeviceRecord &d, const QString &apiBase) const;
    QJsonObject alertJson(const AlertRecord &a, const QString &apiBase,
                          bool withResponses) const;
    QJsonObject locationJson(const LocationRecord &l, const QString &apiBase) const;
    QJsonObject resourceJson(const ResourceRecord &r, const QString &apiBase) const;

    static QString coordinate(double value);
    static QString timestamp(const QDateTime &when);

private:
    void generate(quint32 seed, const QDateTime &epoch);

    std::vector<AgencyRecord> m_agencies;
    std::vector<DeviceRecord> m_devices;
    std::vector<AlertRecord> m_alerts; // ascending id == ascending time
    std::vector<LocationRecord> m_locations;
    std::vector<ResourceRecord> m_resources;
    QHash<QString, int> m_deviceIndex, m_alertIndex, m_locationIndex, m_resourceIndex;
    qint64 m_nextLocationId = 0;
};

} // namespace a911::replica
