#pragma once

#include "serviceurls.h"
#include "tokenkeeper.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QJsonObject;
struct QJsonParseError;
class QNetworkAccessManager;
class QNetworkReply;

namespace a911 {

using QueryItems = QList<QPair<QString, QString>>;
using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

/// One request to the Active911 API. The Authorization header is added by ApiClient.
struct ApiRequest
{
    QByteArray method = "GET";
    QString path;      ///< relative to the API base ("/alerts", "alerts/12") or an absolute URL
    QueryItems query;
    RawHeaders headers; ///< extra headers (an Authorization header here is ignored)
    QByteArray body;    ///< POST body (JSON or form), sent as is
};

/// The envelope every Active911 reply should have: {"result","message"}.
/// Content-Type is not trusted (the service says text/html for JSON).
struct ApiEnvelope
{
    bool isJson = false;      ///< the body parsed as JSON
    bool hasEnvelope = false; ///< an object with a "result" field
    bool isError = false;     ///< result == "error"
    QString errorMessage;     ///< message when it is a string (error replies)
    QString jsonError;        ///< why parsing failed, when it did
    /// Parses body; costs a full JSON parse, so large bodies belong off the UI thread.
    static ApiEnvelope inspect(const QByteArray &body);
    /// The envelope of a body already parsed into its top-level object (isJson set).
    static ApiEnvelope fromObject(const QJsonObject &object);
    /// jsonError for a body that did not parse ("empty body" or Qt's words at a byte).
    static QString describeJsonError(const QByteArray &body, const QJsonParseError &error);
};

/// What came back, or why nothing did.
struct ApiResponse
{
    enum class Failure {
        None,
        Network,   ///< connection refused/reset, DNS, truncated transfer
        Timeout,
        Cancelled,
        Tls,       ///< certificate or TLS trouble; never ignored
        Token,     ///< no usable access token (see tokenFailure)
        TooLarge   ///< over the size cap; body holds what arrived up to the cap
    };
    Failure failure = Failure::None;
    TokenResult::Failure tokenFailure = TokenResult::Failure::None;
    QString errorText;   ///< for people; never contains a token
    QUrl url;            ///< as sent (no token in it, ever)
    QByteArray method;
    int httpStatus = 0;
    QByteArray reasonPhrase;
    RawHeaders headers;
    QByteArray body;
    qint64 elapsedMs = 0;
    bool retriedAfter401 = false;

    /// Transport failure or an HTTP status outside 2xx (the envelope is checked separately).
    bool isTransportOrHttpError() const
    {
        return failure != Failure::None || httpStatus < 200 || httpStatus >= 300;
    }
};

/// A request under way.
class ApiReply final : public QObject
{
    Q_OBJECT
public:
    explicit ApiReply(QObject *parent = nullptr) : QObject(parent) {}
    const ApiResponse &response() const { return m_response; }
    bool isFinished() const { return m_finished; }
    void cancel();

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    void finished();

private:
    friend class ApiClient;
    void finish();
    ApiResponse m_response;
    bool m_finished = false;
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_timer;
    bool m_cancelled = false;
    bool m_tooLarge = false;
    bool m_drainQueued = false;
    QStringList m_tlsErrors;
};

/// Sends API requests with a profile's fresh token: asks TokenKeeper for it,
/// refreshes once and retries on a 401. Transfer timeout, cancel, TLS errors reported.
class ApiClient final : public QObject
{
    Q_OBJECT
public:
    ApiClient(QNetworkAccessManager *nam, TokenKeeper *keeper, const ServiceUrls &urls,
              QObject *parent = nullptr);
    void setUrls(const ServiceUrls &urls) { m_urls = urls; }
    ServiceUrls urls() const { return m_urls; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    /// Bodies larger than this stop the transfer with Failure::TooLarge (0 = no cap).
    void setMaxBodyBytes(qint64 bytes) { m_maxBody = bytes; }

    /// The URL a request goes to (query included), for display and history.
    QUrl urlFor(const ApiRequest &request) const;

    /// The reply is parented to the client and deletes itself only when asked
    /// (deleteLater) by the caller.
    ApiReply *send(const QString &profileId, const ApiRequest &request);

private:
    void withToken(ApiReply *reply, const QString &profileId, const ApiRequest &request,
                   bool force);
    void transmit(ApiReply *reply, const QString &profileId, const ApiRequest &request,
                  const QString &token);
    /// Reads one bounded slice of what arrived; true when more is waiting.
    bool readSlice(ApiReply *reply, QNetworkReply *net);
    void drain(ApiReply *reply, QNetworkReply *net);
    void finishWhenRead(ApiReply *reply, QNetworkReply *net, const QString &profileId,
                        const ApiRequest &request);
    void received(ApiReply *reply, QNetworkReply *net, const QString &profileId,
                  const ApiRequest &request);

    QNetworkAccessManager *m_nam;
    TokenKeeper *m_keeper;
    ServiceUrls m_urls;
    int m_timeoutMs = 60000;
    qint64 m_maxBody = 0;
};

} // namespace a911
