#include "serviceurls.h"

#include <QHostAddress>
#include <QSettings>

namespace a911 {

namespace {

QUrl asFolder(QUrl url)
{
    QString path = url.path();
    if (!path.endsWith(QLatin1Char('/')))
        url.setPath(path + QLatin1Char('/'));
    return url;
}

QUrl child(const QUrl &folder, const QString &name)
{
    return asFolder(folder).resolved(QUrl(name));
}

} // namespace

ServiceUrls ServiceUrls::defaults()
{
    return {QUrl(QStringLiteral("https://console.active911.com/interface/dev/")),
            QUrl(QStringLiteral("https://access.active911.com/interface/open_api/")),
            QUrl(QStringLiteral("https://access.active911.com/interface/open_api/api/"))};
}

ServiceUrls ServiceUrls::forOrigin(const QUrl &origin)
{
    QUrl base = origin;
    base.setPath(QStringLiteral("/"));
    return {base.resolved(QUrl(QStringLiteral("interface/dev/"))),
            base.resolved(QUrl(QStringLiteral("interface/open_api/"))),
            base.resolved(QUrl(QStringLiteral("interface/open_api/api/")))};
}

QUrl ServiceUrls::oauthGenPage() const { return child(console, QStringLiteral("oauth_gen.php")); }
QUrl ServiceUrls::refreshEndpoint() const { return child(console, QStringLiteral("api_access.php")); }
QUrl ServiceUrls::authorizeEndpoint() const
{
    return child(oauth, QStringLiteral("authorize_agency.php"));
}
QUrl ServiceUrls::tokenEndpoint() const { return child(oauth, QStringLiteral("token.php")); }

QUrl ServiceUrls::apiUrl(const QString &path) const
{
    const QUrl given(path);
    if (given.isValid() && !given.isRelative()
        && (given.scheme() == QLatin1String("http") || given.scheme() == QLatin1String("https")))
        return given;
    QString rel = path;
    while (rel.startsWith(QLatin1Char('/')))
        rel.remove(0, 1);
    QUrl base = asFolder(api);
    if (rel.isEmpty())
        return base;
    // Keep a query written into the path ("alerts?alert_days=2").
    QUrl relUrl(rel);
    return base.resolved(relUrl);
}

ServiceUrls ServiceUrls::load(const QSettings &s)
{
    const ServiceUrls d = defaults();
    return {s.value(QStringLiteral("urls/console"), d.console).toUrl(),
            s.value(QStringLiteral("urls/oauth"), d.oauth).toUrl(),
            s.value(QStringLiteral("urls/api"), d.api).toUrl()};
}

void ServiceUrls::save(QSettings &s) const
{
    s.setValue(QStringLiteral("urls/console"), console);
    s.setValue(QStringLiteral("urls/oauth"), oauth);
    s.setValue(QStringLiteral("urls/api"), api);
}

bool ServiceUrls::isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress addr(host);
    return !addr.isNull() && addr.isLoopback();
}

QString ServiceUrls::validate(const QUrl &url)
{
    if (url.isEmpty())
        return QStringLiteral("The address is empty.");
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return QStringLiteral("“%1” is not a complete address; write it as https://host/path/.")
            .arg(url.toString());
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return QStringLiteral("Only https:// addresses are allowed.");
    if (url.scheme() == QLatin1String("http") && !isLoopback(url))
        return QStringLiteral("%1 is not HTTPS. Tokens are only sent over HTTPS, except to this "
                              "computer (localhost) for the replica.")
            .arg(url.host());
    if (!url.userInfo().isEmpty())
        return QStringLiteral("The address must not carry a user name or password.");
    return {};
}

QString ServiceUrls::validateAll() const
{
    const struct { const char *name; const QUrl *url; } all[] = {
        {"Console URL", &console}, {"OAuth URL", &oauth}, {"API URL", &api}};
    for (const auto &e : all) {
        const QString why = validate(*e.url);
        if (!why.isEmpty())
            return QLatin1String(e.name) + QStringLiteral(": ") + why;
    }
    return {};
}

QString ServiceUrlOverrides::set(const QString &option, const QString &text)
{
    QUrl *target = option == QLatin1String("console-url") ? &console
        : option == QLatin1String("oauth-url")            ? &oauth
        : option == QLatin1String("api-url")              ? &api
                                                          : nullptr;
    if (!target)
        return QStringLiteral("--%1 is not a service address option.").arg(option);
    const QUrl url(text, QUrl::StrictMode);
    const QString why = ServiceUrls::validate(url);
    if (!why.isEmpty())
        return QStringLiteral("--%1: %2").arg(option, why);
    *target = url;
    return {};
}

ServiceUrls ServiceUrlOverrides::over(ServiceUrls stored) const
{
    if (!console.isEmpty())
        stored.console = console;
    if (!oauth.isEmpty())
        stored.oauth = oauth;
    if (!api.isEmpty())
        stored.api = api;
    return stored;
}

} // namespace a911
