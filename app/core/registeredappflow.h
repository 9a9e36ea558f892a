#pragma once

#include "serviceurls.h"

#include <QDateTime>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QOAuth2AuthorizationCodeFlow;

namespace a911 {

class LoopbackReplyHandler;

/// Tokens from the registered-app flow (authorize_agency.php + token.php). Never logged.
struct RegisteredAppTokens
{
    QString accessToken;
    QString refreshToken;
    QDateTime accessExpiry; ///< UTC; invalid = unknown
    QStringList scopes;     ///< as granted (may be less than asked)
};

/// The registered-app OAuth flow over QOAuth2AuthorizationCodeFlow, with Qt 6.4's
/// rough edges worked around:
/// - the loopback listener is ours and bound to 127.0.0.1 only
///   (QOAuthHttpServerReplyHandler in 6.4 listens on every interface);
/// - every attempt gets a fresh unguessable `state` (32 random bytes, base64url) that
///   is checked here and accepted once (6.4 would accept a replayed redirect);
/// - token.php's reply is parsed whatever its Content-Type, `expires_in` as a string
///   or a number.
/// Refreshing later is not done here: the vault's RefreshClient does it.
class RegisteredAppFlow final : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString clientId;
        QString clientSecret;
        QStringList scopes;
        /// Embedded browser only: the registered redirect URI, caught before it loads
        /// (Active911's default registration is http://localhost).
        QUrl redirectUri = QUrl(QStringLiteral("http://localhost"));
    };

    RegisteredAppFlow(QNetworkAccessManager *nam, const ServiceUrls &urls,
                      QObject *parent = nullptr);
    ~RegisteredAppFlow() override;

    /// System browser: listens on 127.0.0.1 (any free port) and emits
    /// authorizationUrlReady with the URL to open. False with a reason if it cannot listen.
    bool startWithLoopback(const Request &request, QString *error = nullptr);
    /// Embedded browser: the redirect goes to request.redirectUri, which the browser must
    /// catch and hand to handleRedirect(). Emits authorizationUrlReady.
    void startEmbedded(const Request &request);
    /// A redirect caught by the embedded browser.
    void handleRedirect(const QUrl &url);
    /// Stops listening; a later redirect of this attempt is refused.
    void cancel();

    bool isRunning() const { return m_running; }
    /// The redirect URI of the current attempt (the loopback one in system-browser mode).
    QUrl redirectUri() const;
    quint16 loopbackPort() const;

Q_SIGNALS:
    /// Open this in a browser. It holds no secret (the client id is public); still, it
    /// is never logged.
    void authorizationUrlReady(const QUrl &url);
    void tokensReceived(const a911::RegisteredAppTokens &tokens);
    /// Wrong state, access denied, token.php refused, network trouble: a sentence.
    void failed(const QString &message);

private:
    void begin(const Request &request);
    void onRedirect(const QVariantMap &values);
    void onTokens(const QVariantMap &values);
    void fail(const QString &message);
    static QString freshState();

    QNetworkAccessManager *m_nam;
    ServiceUrls m_urls;
    Request m_request;
    QOAuth2AuthorizationCodeFlow *m_flow = nullptr;
    LoopbackReplyHandler *m_handler = nullptr;
    QString m_state;
    QSet<QString> m_usedStates;
    bool m_running = false;
};

} // namespace a911

Q_DECLARE_METATYPE(a911::RegisteredAppTokens)
