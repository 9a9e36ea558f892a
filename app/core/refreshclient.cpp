#include "refreshclient.h"

#include "clock.h"
#include "logging.h"
#include "tokenlifetime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <cmath>
#include <memory>

namespace a911 {

namespace {

// A token reply is a few hundred bytes; anything far larger is not one.
constexpr qint64 kMaxReplyBytes = 256 * 1024;
// Beyond this the value cannot be Unix seconds of a sane date; milliseconds, perhaps.
constexpr double kMillisThreshold = 1e11;

RefreshResult make(RefreshResult::Outcome outcome, int status, const QString &message)
{
    RefreshResult r;
    r.outcome = outcome;
    r.httpStatus = status;
    r.message = message;
    return r;
}

RefreshResult transient(int status, const QString &message)
{
    return make(RefreshResult::Outcome::Transient, status, message);
}

RefreshResult rejected(int status, const QString &message)
{
    return make(RefreshResult::Outcome::Rejected, status, message);
}

QByteArray stripBom(const QByteArray &body)
{
    if (body.startsWith("\xEF\xBB\xBF"))
        return body.mid(3);
    return body;
}

/// The service answers a bad or expired refresh token with an HTML page and 200.
bool looksLikeHtml(const QByteArray &body)
{
    const QByteArray head = stripBom(body).trimmed().left(512).toLower();
    return head.startsWith('<')
        && (head.contains("<html") || head.contains("<!doctype") || head.contains("<body")
            || head.contains("<head") || head.contains("<title") || head.contains("<p")
            || head.contains("<div"));
}

/// An error code from the body, only when it has the RFC 6749 shape (lowercase
/// letters and '_'): arbitrary server text is never echoed, it could carry a token back.
QString safeCode(const QJsonValue &v)
{
    const QString s = v.toString();
    if (s.isEmpty() || s.size() > 64)
        return {};
    for (QChar c : s) {
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c == QLatin1Char('_')))
            return {};
    }
    return s;
}

/// RFC 6749 error codes that mean "try again later"; every other one is a refusal.
bool isTransientOAuthError(const QString &code)
{
    return code == QLatin1String("server_error") || code == QLatin1String("temporarily_unavailable")
        || code == QLatin1String("slow_down");
}

/// A number, or a string holding one. NaN when neither.
double numberOf(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nan("");
}

/// `expiration`: Unix seconds as a number or numeric string (milliseconds tolerated),
/// or a "YYYY-MM-DD HH:MM:SS" UTC time the way the API writes timestamps.
QDateTime expirationOf(const QJsonValue &v)
{
    const double d = numberOf(v);
    if (std::isfinite(d) && d > 0) {
        const double secs = d >= kMillisThreshold ? d / 1000.0 : d;
        if (secs > 1e10) // past year 2286: nonsense
            return {};
        return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(secs), Qt::UTC);
    }
    if (v.isString()) {
        QDateTime t = QDateTime::fromString(v.toString().trimmed(),
                                            QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (t.isValid()) {
            t.setTimeSpec(Qt::UTC);
            return t;
        }
    }
    return {};
}

/// Shared outcome rules for what is not a clean success body.
RefreshResult classifyFailureStatus(int status)
{
    if (status >= 500 || status == 408 || status == 429)
        return transient(status, QStringLiteral("The token service had trouble (HTTP %1); "
                                                "will try again.")
                                     .arg(status));
    if (status == 400 || status == 401 || status == 403)
        return rejected(status, QStringLiteral("The token service refused the refresh token "
                                               "(HTTP %1). Generate a new token.")
                                    .arg(status));
    return transient(status, QStringLiteral("The token service answered HTTP %1; check the "
                                            "service addresses in the settings.")
                                 .arg(status));
}

/// Parses a body expected to be a JSON object. Returns false with `result` filled
/// when the body is not one (HTML page, truncated or malformed JSON).
bool parseObject(int status, const QByteArray &body, QJsonObject *obj, RefreshResult *result)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(stripBom(body), &err);
    if (err.error == QJsonParseError::NoError && doc.isObject()) {
        *obj = doc.object();
        return true;
    }
    if (looksLikeHtml(body)) {
        *result = rejected(status, QStringLiteral("The token service answered with a web page "
                                                  "instead of a token: the refresh token is "
                                                  "invalid or expired. Generate a new token."));
        return false;
    }
    if (body.trimmed().isEmpty()) {
        *result = transient(status, QStringLiteral("The token service sent an empty reply; "
                                                   "will try again."));
        return false;
    }
    *result = transient(status, QStringLiteral("The token service sent a reply that could not be "
                                               "read (%1); will try again.")
                                    .arg(err.error == QJsonParseError::NoError
                                             ? QStringLiteral("not a JSON object")
                                             : err.errorString()));
    return false;
}

/// An `error` member in a reply body: Rejected unless the code says "later".
bool errorMember(int status, const QJsonObject &obj, RefreshResult *result)
{
    const QJsonValue e = obj.value(QLatin1String("error"));
    if (e.isUndefined() || e.isNull() || (e.isBool() && !e.toBool()))
        return false;
    const QString code = safeCode(e);
    if (isTransientOAuthError(code)) {
        *result = transient(status, QStringLiteral("The token service is busy (%1); will try "
                                                   "again.")
                                        .arg(code));
        return true;
    }
    *result = rejected(status, QStringLiteral("The token service refused the refresh token%1. "
                                              "Generate a new token.")
                                   .arg(code.isEmpty() ? QString()
                                                       : QStringLiteral(" (%1)").arg(code)));
    return true;
}

QString accessTokenOf(const QJsonObject &obj)
{
    const QJsonValue v = obj.value(QLatin1String("access_token"));
    return v.isString() ? v.toString().trimmed() : QString();
}

/// What both token endpoints' replies share: a status check that still reads an error
/// body, a JSON object, no error member, and an access token. Returns false with the
/// outcome in *failure when the reply falls short of that.
bool readTokenObject(int httpStatus, const QByteArray &body, QJsonObject *obj, QString *token,
                     RefreshResult *failure)
{
    if (httpStatus < 200 || httpStatus >= 300) {
        // An error body may still tell a refusal from trouble.
        if (!(httpStatus >= 400 && httpStatus < 500 && parseObject(httpStatus, body, obj, failure)
              && errorMember(httpStatus, *obj, failure)))
            *failure = classifyFailureStatus(httpStatus);
        return false;
    }
    if (!parseObject(httpStatus, body, obj, failure) || errorMember(httpStatus, *obj, failure))
        return false;
    *token = accessTokenOf(*obj);
    if (token->isEmpty()) {
        *failure = transient(httpStatus, QStringLiteral("The token service's reply had no access "
                                                        "token; will try again."));
        return false;
    }
    return true;
}

} // namespace

namespace TokenReplyParser {

RefreshResult parsePersonal(int httpStatus, const QByteArray &body, const QDateTime &now)
{
    QJsonObject obj;
    QString token;
    RefreshResult r;
    if (!readTokenObject(httpStatus, body, &obj, &token, &r))
        return r;
    const QJsonValue exp = obj.value(QLatin1String("expiration"));
    QDateTime expiry;
    if (exp.isUndefined() || exp.isNull()) {
        // Not seen in practice; the documented lifetime is one day.
        expiry = now.toUTC().addSecs(TokenLifetime::kAccessLifetimeSecs);
    } else {
        expiry = expirationOf(exp);
        if (!expiry.isValid())
            return transient(httpStatus, QStringLiteral("The token service's reply had an "
                                                        "unreadable expiration; will try again."));
    }
    if (expiry <= now)
        return transient(httpStatus, QStringLiteral("The token service handed out an access token "
                                                    "that has already expired (is this "
                                                    "computer's clock right?)."));
    r = make(RefreshResult::Outcome::Success, httpStatus, QStringLiteral("Access token refreshed."));
    r.accessToken = token;
    r.accessExpiry = expiry;
    return r;
}

RefreshResult parseOAuth(int httpStatus, const QByteArray &body, const QDateTime &now)
{
    QJsonObject obj;
    QString token;
    RefreshResult r;
    if (!readTokenObject(httpStatus, body, &obj, &token, &r))
        return r;

    const QJsonValue type = obj.value(QLatin1String("token_type"));
    if (type.isString() && !type.toString().isEmpty()
        && type.toString().compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)
        return transient(httpStatus, QStringLiteral("The token service handed out a token of an "
                                                    "unknown type."));

    QDateTime expiry;
    const QJsonValue expiresIn = obj.value(QLatin1String("expires_in"));
    if (expiresIn.isUndefined() || expiresIn.isNull()) {
        expiry = now.toUTC().addSecs(TokenLifetime::kAccessLifetimeSecs);
    } else {
        const double secs = numberOf(expiresIn);
        // Under a second is no lifetime (found by the fuzzer: 0.6); ten years is far
        // beyond any access token. Both are garbage.
        if (!std::isfinite(secs) || secs < 1 || secs > 10.0 * 365 * 86400)
            return transient(httpStatus, QStringLiteral("The token service's reply had an "
                                                        "unreadable expires_in; will try again."));
        expiry = now.toUTC().addSecs(static_cast<qint64>(secs));
    }

    r = make(RefreshResult::Outcome::Success, httpStatus, QStringLiteral("Access token refreshed."));
    r.accessToken = token;
    r.accessExpiry = expiry;
    const QJsonValue refresh = obj.value(QLatin1String("refresh_token"));
    if (refresh.isString())
        r.refreshToken = refresh.toString().trimmed();
    const QJsonValue scope = obj.value(QLatin1String("scope"));
    if (scope.isString()) {
        r.scopes = scope.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    } else if (scope.isArray()) {
        for (const QJsonValue &s : scope.toArray()) {
            if (s.isString() && !s.toString().isEmpty())
                r.scopes << s.toString();
        }
    }
    return r;
}

} // namespace TokenReplyParser

RefreshClient::RefreshClient(QNetworkAccessManager *nam, const ServiceUrls &urls,
                             const Clock *clock, QObject *parent)
    : QObject(parent), m_nam(nam), m_urls(urls), m_clock(clock)
{
}

namespace {

QByteArray formEncode(const QList<QPair<QString, QString>> &fields)
{
    // Not QUrlQuery: it leaves '+' alone, which a form decoder reads as a space.
    QByteArray out;
    for (const auto &f : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(f.first) + '=' + QUrl::toPercentEncoding(f.second);
    }
    return out;
}

QString shortId(const QString &id)
{
    return id.isEmpty() ? QStringLiteral("(new)") : id.left(8);
}

} // namespace

void RefreshClient::refresh(const Profile &profile, const ProfileSecrets &secrets, Done done)
{
    const bool personal = profile.origin == ProfileOrigin::PersonalPage;
    const QUrl url = personal ? m_urls.refreshEndpoint() : m_urls.tokenEndpoint();
    const QString pid = shortId(profile.id);

    auto later = [this, done](const RefreshResult &r) {
        QMetaObject::invokeMethod(this, [done, r] { done(r); }, Qt::QueuedConnection);
    };

    if (secrets.refreshToken.isEmpty()) {
        qCInfo(lcRefresh) << "No refresh token stored for profile" << pid;
        later(rejected(0, QStringLiteral("No refresh token is stored for this profile. Generate a "
                                         "new token.")));
        return;
    }
    if (!personal && (profile.clientId.isEmpty() || secrets.clientSecret.isEmpty())) {
        later(rejected(0, QStringLiteral("The client id or client secret of this registered app "
                                         "is missing. Set the profile up again.")));
        return;
    }
    const QString why = ServiceUrls::validate(url);
    if (!why.isEmpty()) {
        qCWarning(lcRefresh) << "Refusing to send a refresh token to" << url.host() << ":" << why;
        later(transient(0, why));
        return;
    }

    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader,
                  QByteArrayLiteral("application/x-www-form-urlencoded"));
    req.setRawHeader("Accept", "application/json");
    // HTTP/2 off for token calls: a stalled h2 connection hangs every request on it.
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    // A redirect would replay the secret elsewhere (and POST may turn into GET).
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                     QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setTransferTimeout(m_timeoutMs);

    QByteArray body;
    if (personal) {
        body = formEncode({{QStringLiteral("refresh_token"), secrets.refreshToken}});
    } else {
        body = formEncode({{QStringLiteral("client_id"), profile.clientId},
                           {QStringLiteral("client_secret"), secrets.clientSecret},
                           {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                           {QStringLiteral("refresh_token"), secrets.refreshToken}});
    }

    qCInfo(lcRefresh) << "Refreshing access token for profile" << pid << "at" << url.host()
                      << (personal ? "(personal)" : "(registered app)");
    QNetworkReply *reply = m_nam->post(req, body);
    // Owned by us: if the client goes away, the transfer goes with it.
    reply->setParent(this);

    auto tooLarge = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, tooLarge](qint64 got, qint64) {
        if (got > kMaxReplyBytes && !*tooLarge) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::sslErrors, reply, [pid](const QList<QSslError> &errors) {
        // Reported, never ignored.
        qCWarning(lcRefresh) << "TLS errors while refreshing profile" << pid << ":"
                             << errors.size();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, done, personal, pid, tooLarge] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QNetworkReply::NetworkError error = reply->error();
        const QDateTime now = m_clock->now();
        RefreshResult r;
        if (*tooLarge) {
            r = transient(status, QStringLiteral("The token service sent an unexpectedly large "
                                                 "reply; will try again."));
        } else if (status == 0 || error == QNetworkReply::OperationCanceledError
                   || error == QNetworkReply::TimeoutError) {
            QString what;
            switch (error) {
            case QNetworkReply::OperationCanceledError:
            case QNetworkReply::TimeoutError:
                what = QStringLiteral("The token service did not answer in time");
                break;
            case QNetworkReply::RemoteHostClosedError:
                what = QStringLiteral("The token service closed the connection");
                break;
            case QNetworkReply::ConnectionRefusedError:
                what = QStringLiteral("The token service refused the connection");
                break;
            case QNetworkReply::HostNotFoundError:
                what = QStringLiteral("The token service's host was not found");
                break;
            case QNetworkReply::SslHandshakeFailedError:
                what = QStringLiteral("The secure connection to the token service failed (%1)")
                           .arg(reply->errorString());
                break;
            default:
                what = QStringLiteral("Could not reach the token service (%1)")
                           .arg(reply->errorString());
                break;
            }
            r = transient(status, what + QStringLiteral("; will try again."));
        } else if (status >= 300 && status < 400) {
            r = transient(status, QStringLiteral("The token service redirected elsewhere (HTTP %1); "
                                                 "check the service addresses in the settings.")
                                      .arg(status));
        } else {
            const QByteArray body = reply->readAll();
            const bool transportBroken = status >= 200 && status < 300
                && error != QNetworkReply::NoError;
            if (transportBroken) {
                // 2xx but the transfer broke off (reset mid-body, short read).
                r = transient(status, QStringLiteral("The token service's reply was cut off; "
                                                     "will try again."));
            } else {
                r = personal ? TokenReplyParser::parsePersonal(status, body, now)
                             : TokenReplyParser::parseOAuth(status, body, now);
            }
        }
        switch (r.outcome) {
        case RefreshResult::Outcome::Success:
            qCInfo(lcRefresh) << "Refreshed access token for profile" << pid;
            break;
        case RefreshResult::Outcome::Rejected:
            qCWarning(lcRefresh) << "Refresh token rejected for profile" << pid << "(HTTP"
                                 << status << ")";
            break;
        case RefreshResult::Outcome::Transient:
            qCWarning(lcRefresh) << "Refresh of profile" << pid << "failed for now (HTTP" << status
                                 << "," << error << ")";
            break;
        }
        done(r);
    });
}

} // namespace a911
