#pragma once

#include <QString>
#include <QUrl>

class QSettings;

namespace a911 {

/// Where Active911 lives. Every base is a setting: the refresh endpoint has moved
/// once already and broke clients that hard-coded it.
///
/// - console: the folder holding oauth_gen.php and api_access.php
///   (default https://console.active911.com/interface/dev/)
/// - oauth:   the folder holding authorize_agency.php and token.php
///   (default https://access.active911.com/interface/open_api/)
/// - api:     the API base (default https://access.active911.com/interface/open_api/api/)
struct ServiceUrls
{
    QUrl console;
    QUrl oauth;
    QUrl api;

    static ServiceUrls defaults();
    /// All three bases on one origin, the way the replica serves them.
    static ServiceUrls forOrigin(const QUrl &origin);

    QUrl oauthGenPage() const;   ///< console + oauth_gen.php
    QUrl refreshEndpoint() const; ///< console + api_access.php
    QUrl authorizeEndpoint() const; ///< oauth + authorize_agency.php
    QUrl tokenEndpoint() const;  ///< oauth + token.php
    /// api + path ("/alerts", "alerts/12" or "" for the root). An absolute http(s)
    /// URL is returned as it is.
    QUrl apiUrl(const QString &path) const;

    /// Reads the three bases from settings (keys urls/console, urls/oauth, urls/api),
    /// falling back to the defaults.
    static ServiceUrls load(const QSettings &settings);
    void save(QSettings &settings) const;

    /// Checks one base URL: absolute, http(s), HTTPS unless the host is loopback.
    /// Returns an empty string when fine, else a sentence saying what is wrong.
    static QString validate(const QUrl &url);
    /// validate() over all three; the first problem found, named.
    QString validateAll() const;

    /// True for 127.0.0.0/8, ::1 and "localhost".
    static bool isLoopback(const QUrl &url);

    bool operator==(const ServiceUrls &o) const
    {
        return console == o.console && oauth == o.oauth && api == o.api;
    }
};

/// The --console-url, --oauth-url and --api-url of a command line: only the bases given
/// replace the stored ones (the GUI and every CLI command read them the same way).
struct ServiceUrlOverrides
{
    QUrl console; ///< empty = not given
    QUrl oauth;
    QUrl api;

    /// Sets the base named by option ("console-url", "oauth-url" or "api-url") from the
    /// text given for it (strict parsing) and checks it with ServiceUrls::validate().
    /// Returns an empty string when fine, else "--api-url: <why>".
    QString set(const QString &option, const QString &text);
    bool isEmpty() const { return console.isEmpty() && oauth.isEmpty() && api.isEmpty(); }
    /// stored with the given bases laid over it.
    ServiceUrls over(ServiceUrls stored) const;
};

} // namespace a911
