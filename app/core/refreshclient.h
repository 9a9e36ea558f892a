#pragma once

#include "profile.h"
#include "serviceurls.h"

#include <QDateTime>
#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace a911 {

class Clock;

/// The outcome of one refresh exchange, kept apart on purpose: a rejected refresh
/// token needs the user; trouble on the way is retried.
struct RefreshResult
{
    enum class Outcome {
        Success,
        Rejected, ///< the service refused the refresh token (incl. its HTML page with 200)
        Transient ///< 5xx, timeout, reset, truncated or malformed reply: try again later
    };
    Outcome outcome = Outcome::Transient;
    QString accessToken;
    QDateTime accessExpiry; ///< UTC
    QString refreshToken;   ///< non-empty only when the service sent one (token.php)
    QStringList scopes;     ///< non-empty only when the service said
    int httpStatus = 0;
    QString message;        ///< for people; never contains a token

    bool ok() const { return outcome == Outcome::Success; }
};

/// Pure parsers for the two token endpoints' replies (fuzzed).
namespace TokenReplyParser {
/// api_access.php: {"access_token","expiration"} with Unix seconds as a number or a
/// numeric string; anything else (HTML with 200 included) is Rejected or Transient.
RefreshResult parsePersonal(int httpStatus, const QByteArray &body, const QDateTime &now);
/// token.php: {"access_token","token_type","expires_in" (string or number),
/// "refresh_token","scope"} or an RFC 6749 error body.
RefreshResult parseOAuth(int httpStatus, const QByteArray &body, const QDateTime &now);
} // namespace TokenReplyParser

/// One refresh exchange over our own QNetworkAccessManager code (Qt 6.4's
/// QOAuth2AuthorizationCodeFlow can stay stuck in RefreshingToken after a failure).
/// HTTP/2 off, a transfer timeout, HTTPS required except to loopback. No retries
/// here: TokenKeeper decides about those.
class RefreshClient final : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const RefreshResult &)>;

    RefreshClient(QNetworkAccessManager *nam, const ServiceUrls &urls, const Clock *clock,
                  QObject *parent = nullptr);
    void setUrls(const ServiceUrls &urls) { m_urls = urls; }
    ServiceUrls urls() const { return m_urls; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    /// Personal profiles POST api_access.php; registered apps POST token.php with
    /// grant_type=refresh_token and the client secret.
    void refresh(const Profile &profile, const ProfileSecrets &secrets, Done done);

private:
    QNetworkAccessManager *m_nam;
    ServiceUrls m_urls;
    const Clock *m_clock;
    int m_timeoutMs = 30000;
};

} // namespace a911
