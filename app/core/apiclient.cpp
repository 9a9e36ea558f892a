#include "apiclient.h"

#include "logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QTimer>

namespace a911 {

namespace {

constexpr qint64 kReadSlice = 512 * 1024; // about 0.2 ms of copying
constexpr qint64 kMaxReserve = 256 * 1024 * 1024;

} // namespace

ApiEnvelope ApiEnvelope::inspect(const QByteArray &body)
{
    QByteArray text = body;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError) {
        ApiEnvelope env;
        env.jsonError = describeJsonError(text, err);
        return env;
    }
    if (!doc.isObject()) {
        ApiEnvelope env;
        env.isJson = true;
        return env;
    }
    return fromObject(doc.object());
}

QString ApiEnvelope::describeJsonError(const QByteArray &body, const QJsonParseError &error)
{
    return body.trimmed().isEmpty()
               ? QStringLiteral("empty body")
               : QStringLiteral("%1 at byte %2").arg(error.errorString()).arg(error.offset);
}

ApiEnvelope ApiEnvelope::fromObject(const QJsonObject &obj)
{
    ApiEnvelope env;
    env.isJson = true;
    const QJsonValue result = obj.value(QLatin1String("result"));
    if (result.isUndefined())
        return env;
    env.hasEnvelope = true;
    // The service says error with HTTP 200 at times; the field is what counts.
    env.isError = result.isString()
        ? result.toString().trimmed().compare(QLatin1String("error"), Qt::CaseInsensitive) == 0
        : (result.isBool() && !result.toBool());
    const QJsonValue message = obj.value(QLatin1String("message"));
    if (message.isString()) {
        env.errorMessage = env.isError ? message.toString() : QString();
    } else if (env.isError && message.isObject()) {
        const QJsonObject m = message.toObject();
        for (const char *key : {"error", "message", "error_description"}) {
            const QJsonValue v = m.value(QLatin1String(key));
            if (v.isString()) {
                env.errorMessage = v.toString();
                break;
            }
        }
    }
    return env;
}

void ApiReply::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    if (m_reply)
        m_reply->abort(); // finishes us through the reply's finished()
    if (!m_finished) {
        m_response.failure = ApiResponse::Failure::Cancelled;
        m_response.errorText = QStringLiteral("Cancelled.");
        finish();
    }
}

void ApiReply::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_response.elapsedMs = m_timer.elapsed();
    // The last path segment only: whole paths look token-shaped to the redactor.
    const QString path = m_response.url.path();
    qCInfo(lcApi).nospace() << m_response.method.constData() << " …/"
                            << path.section(QLatin1Char('/'), -2, -1, QString::SectionSkipEmpty)
                            << " -> " << m_response.httpStatus << " ("
                            << static_cast<int>(m_response.failure) << ") in "
                            << m_response.elapsedMs << " ms"
                            << (m_response.retriedAfter401 ? ", retried after 401" : "");
    emit finished();
}

ApiClient::ApiClient(QNetworkAccessManager *nam, TokenKeeper *keeper, const ServiceUrls &urls,
                     QObject *parent)
    : QObject(parent), m_nam(nam), m_keeper(keeper), m_urls(urls)
{
}

QUrl ApiClient::urlFor(const ApiRequest &request) const
{
    QUrl url = m_urls.apiUrl(request.path);
    if (request.query.isEmpty())
        return url;
    // Built by hand: QUrlQuery leaves '+' alone, which PHP reads as a space.
    QString query = url.query(QUrl::FullyEncoded);
    for (const auto &item : request.query) {
        if (!query.isEmpty())
            query += QLatin1Char('&');
        query += QString::fromLatin1(QUrl::toPercentEncoding(item.first)) + QLatin1Char('=')
            + QString::fromLatin1(QUrl::toPercentEncoding(item.second));
    }
    url.setQuery(query, QUrl::StrictMode);
    return url;
}

namespace {

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

} // namespace

ApiReply *ApiClient::send(const QString &profileId, const ApiRequest &request)
{
    auto *reply = new ApiReply(this);
    reply->m_response.method = request.method.trimmed().toUpper();
    if (reply->m_response.method.isEmpty())
        reply->m_response.method = "GET";
    reply->m_response.url = urlFor(request);
    reply->m_timer.start();

    // The bearer token goes only where the API lives, and only over HTTPS (or loopback).
    QString refusal = ServiceUrls::validate(reply->m_response.url);
    if (refusal.isEmpty() && !sameOrigin(reply->m_response.url, m_urls.api))
        refusal = QStringLiteral("%1 is not the API's host (%2); the token is only sent to the "
                                 "API.")
                      .arg(reply->m_response.url.host(), m_urls.api.host());
    if (!refusal.isEmpty()) {
        QTimer::singleShot(0, reply, [reply, refusal] {
            reply->m_response.failure = ApiResponse::Failure::Network;
            reply->m_response.errorText = refusal;
            reply->finish();
        });
        return reply;
    }
    withToken(reply, profileId, request, false);
    return reply;
}

void ApiClient::withToken(ApiReply *reply, const QString &profileId, const ApiRequest &request,
                          bool force)
{
    QPointer<ApiReply> guard(reply);
    m_keeper->accessToken(
        profileId,
        [this, guard, profileId, request](const TokenResult &t) {
            if (!guard || guard->m_finished)
                return; // cancelled or gone (and with it, maybe, this client)
            if (!t.ok()) {
                guard->m_response.failure = ApiResponse::Failure::Token;
                guard->m_response.tokenFailure = t.failure;
                guard->m_response.errorText = t.message;
                guard->finish();
                return;
            }
            transmit(guard, profileId, request, t.accessToken);
        },
        force);
}

void ApiClient::transmit(ApiReply *reply, const QString &profileId, const ApiRequest &request,
                         const QString &token)
{
    ApiResponse &r = reply->m_response;
    r.body.clear();
    r.headers.clear();
    r.httpStatus = 0;
    r.reasonPhrase.clear();
    reply->m_tlsErrors.clear();
    reply->m_tooLarge = false;

    QNetworkRequest req(r.url);
    bool hasContentType = false;
    for (const auto &h : request.headers) {
        if (h.first.compare("authorization", Qt::CaseInsensitive) == 0)
            continue;
        if (h.first.compare("content-type", Qt::CaseInsensitive) == 0)
            hasContentType = true;
        req.setRawHeader(h.first, h.second);
    }
    req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    if (!request.body.isEmpty() && !hasContentType) {
        const QByteArray trimmed = request.body.trimmed();
        const bool json = trimmed.startsWith('{') || trimmed.startsWith('[');
        req.setHeader(QNetworkRequest::ContentTypeHeader,
                      json ? QByteArrayLiteral("application/json")
                           : QByteArrayLiteral("application/x-www-form-urlencoded"));
    }
    // Never follow a redirect to another host: it would carry the Authorization header.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::SameOriginRedirectPolicy);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setTransferTimeout(m_timeoutMs);

    QNetworkReply *net = request.body.isEmpty()
        ? m_nam->sendCustomRequest(req, r.method)
        : m_nam->sendCustomRequest(req, r.method, request.body);
    reply->m_reply = net;

    // The body goes into one buffer reserved from Content-Length, read in slices of at
    // most kReadSlice per event: QNAM hands over several MB per readyRead, and
    // readAll() + append() of those took 10-30 ms of the UI thread each (re-allocating
    // and copying a growing 20 MB buffer). A lying Content-Length reserves at most the cap.
    const qint64 cap = m_maxBody;
    connect(net, &QNetworkReply::metaDataChanged, reply, [reply, net, cap] {
        const qint64 length = net->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        QByteArray &body = reply->m_response.body;
        if (length > 0 && body.isEmpty())
            body.reserve(qsizetype(qMin(length, cap > 0 ? cap : kMaxReserve)));
    });
    connect(net, &QNetworkReply::readyRead, reply, [this, reply, net] { drain(reply, net); });
    connect(net, &QNetworkReply::downloadProgress, reply, &ApiReply::progress);
    connect(net, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &errors) {
        // Recorded and reported; never ignored.
        for (const QSslError &e : errors)
            reply->m_tlsErrors << e.errorString();
    });
    connect(net, &QNetworkReply::finished, reply, [this, reply, net, profileId, request] {
        finishWhenRead(reply, net, profileId, request);
    });
}

bool ApiClient::readSlice(ApiReply *reply, QNetworkReply *net)
{
    if (reply->m_tooLarge || reply->m_finished || reply->m_cancelled)
        return false;
    QByteArray &body = reply->m_response.body;
    qint64 n = qMin<qint64>(net->bytesAvailable(), kReadSlice);
    if (n <= 0)
        return false;
    const bool over = m_maxBody > 0 && body.size() + n > m_maxBody;
    if (over)
        n = m_maxBody - body.size();
    const qsizetype old = body.size();
    if (body.capacity() < old + n) // no (or a short) Content-Length: grow geometrically
        body.reserve(qMax<qsizetype>(old + qsizetype(n), old * 2));
    body.resize(old + qsizetype(n));
    const qint64 got = n > 0 ? net->read(body.data() + old, n) : 0;
    body.resize(old + qsizetype(qMax<qint64>(got, 0)));
    if (over) {
        reply->m_tooLarge = true;
        net->abort(); // finishes through finished()
        return false;
    }
    return net->bytesAvailable() > 0;
}

void ApiClient::drain(ApiReply *reply, QNetworkReply *net)
{
    if (!readSlice(reply, net) || reply->m_drainQueued)
        return;
    // The rest on a later turn of the event loop (a posted call waits for the next one).
    reply->m_drainQueued = true;
    QPointer<QNetworkReply> guard(net);
    QTimer::singleShot(0, reply, [this, reply, guard] {
        reply->m_drainQueued = false;
        if (guard)
            drain(reply, guard);
    });
}

void ApiClient::finishWhenRead(ApiReply *reply, QNetworkReply *net, const QString &profileId,
                               const ApiRequest &request)
{
    if (readSlice(reply, net)) {
        QPointer<QNetworkReply> guard(net);
        QTimer::singleShot(0, reply, [this, reply, guard, profileId, request] {
            if (guard)
                finishWhenRead(reply, guard, profileId, request);
        });
        return;
    }
    received(reply, net, profileId, request);
}

void ApiClient::received(ApiReply *reply, QNetworkReply *net, const QString &profileId,
                         const ApiRequest &request)
{
    net->deleteLater();
    if (reply->m_reply == net)
        reply->m_reply = nullptr;
    if (reply->m_finished)
        return;
    ApiResponse &r = reply->m_response; // the body was read by finishWhenRead()
    r.httpStatus = net->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.reasonPhrase = net->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    r.headers = net->rawHeaderPairs();
    const QNetworkReply::NetworkError err = net->error();

    if (reply->m_cancelled) {
        r.failure = ApiResponse::Failure::Cancelled;
        r.errorText = QStringLiteral("Cancelled.");
    } else if (reply->m_tooLarge) {
        r.failure = ApiResponse::Failure::TooLarge;
        r.errorText = QStringLiteral("The reply is larger than the %1 MB limit; only the start "
                                     "was kept.")
                          .arg(double(m_maxBody) / (1024.0 * 1024.0), 0, 'f', 1);
    } else if (!reply->m_tlsErrors.isEmpty() || err == QNetworkReply::SslHandshakeFailedError) {
        r.failure = ApiResponse::Failure::Tls;
        const QString what = reply->m_tlsErrors.isEmpty() ? net->errorString()
                                                           : reply->m_tlsErrors.join(QStringLiteral("; "));
        r.errorText = QStringLiteral("The secure connection failed: %1").arg(what);
    } else if (err == QNetworkReply::OperationCanceledError || err == QNetworkReply::TimeoutError) {
        r.failure = ApiResponse::Failure::Timeout;
        r.errorText = QStringLiteral("No answer within %1 s.").arg(m_timeoutMs / 1000.0);
    } else if (r.httpStatus == 0 && err != QNetworkReply::NoError) {
        r.failure = ApiResponse::Failure::Network;
        r.errorText = net->errorString();
    } else if (r.httpStatus >= 200 && r.httpStatus < 300 && err != QNetworkReply::NoError) {
        r.failure = ApiResponse::Failure::Network;
        r.errorText = QStringLiteral("The transfer broke off: %1").arg(net->errorString());
    } else {
        r.failure = ApiResponse::Failure::None;
        r.errorText.clear();
    }

    if (r.failure == ApiResponse::Failure::None && r.httpStatus == 401 && !r.retriedAfter401) {
        // The access token may have died early (revoked, clock skew): refresh once and retry.
        qCInfo(lcApi) << "401 from the API; refreshing the access token and retrying once";
        r.retriedAfter401 = true;
        withToken(reply, profileId, request, true);
        return;
    }
    reply->finish();
}

} // namespace a911
