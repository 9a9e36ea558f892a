// ApiClient against the replica (and a canned in-process responder for replies the
// replica never gives): bearer header, 401 → refresh → one retry, envelope errors
// with HTTP 200, timeouts, cancel, size cap, transport faults.
#include "apiclient.h"
#include "clock.h"
#include "refreshclient.h"
#include "replicaserver.h"
#include "testenv.h"
#include "tokenkeeper.h"
#include "tokenvault.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace a911;
using a911::replica::ReplicaOptions;
using a911::replica::ReplicaServer;
using a911::test::TempSettings;
using Failure = ApiResponse::Failure;

Q_DECLARE_METATYPE(a911::ApiResponse::Failure)

namespace {

/// Answers every request with one canned HTTP response and records the last request.
class CannedServer final : public QTcpServer
{
public:
    explicit CannedServer(QByteArray response) : m_response(std::move(response))
    {
        listen(QHostAddress::LocalHost);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    m_lastRequest += s->readAll();
                    if (m_lastRequest.contains("\r\n\r\n")) {
                        s->write(m_response);
                        s->disconnectFromHost();
                    }
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QUrl origin() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }
    QByteArray m_lastRequest;

private:
    QByteArray m_response;
};

struct Rig
{
    Rig(const QUrl &origin)
        : settings(file.open()),
          vault(&store, settings.get(), &clock),
          refresh(&nam, ServiceUrls::forOrigin(origin), &clock),
          keeper(&vault, &refresh, &clock),
          api(&nam, &keeper, ServiceUrls::forOrigin(origin))
    {
        vault.load();
        keeper.setAutoRefresh(false);
        keeper.setBackoff(10, 50);
        api.setTimeoutMs(10000);
    }
    TempSettings file;
    std::unique_ptr<QSettings> settings;
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    MemorySecretStore store;
    QNetworkAccessManager nam;
    TokenVault vault;
    RefreshClient refresh;
    TokenKeeper keeper;
    ApiClient api;
};

} // namespace

class TstApiClient final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReplicaServer> m_replica;
    QString m_agency;

    QString addProfile(Rig &rig, const QString &refresh, const QString &access, qint64 expiresIn)
    {
        Profile p;
        p.label = QStringLiteral("P%1").arg(rig.vault.profiles().size());
        p.agencyId = m_agency;
        p.accessExpiry = rig.clock.now().addSecs(expiresIn);
        auto id = std::make_shared<std::optional<QString>>();
        rig.vault.addProfile(p, ProfileSecrets{refresh, access, QString()},
                             [id](bool ok, const QString &, const Profile &s) {
                                 *id = ok ? s.id : QString();
                             });
        [&] { QTRY_VERIFY(id->has_value()); }();
        return id->value_or(QString());
    }
    /// A profile with a working access token from the replica.
    QString workingProfile(Rig &rig, QString *accessOut = nullptr)
    {
        const QString refresh = m_replica->issueRefreshToken(m_agency, allScopes());
        const QString id = addProfile(rig, refresh, QString(), -1);
        auto out = std::make_shared<std::optional<TokenResult>>();
        rig.keeper.accessToken(id, [out](const TokenResult &r) { *out = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out->has_value(), 10000); }();
        if (accessOut && out->has_value())
            *accessOut = out->value().accessToken;
        return id;
    }
    ApiResponse send(Rig &rig, const QString &id, const ApiRequest &req)
    {
        ApiReply *reply = rig.api.send(id, req);
        QSignalSpy finished(reply, &ApiReply::finished);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000); }();
        const ApiResponse r = reply->response();
        [&] { QCOMPARE(finished.count(), 1); }();
        reply->deleteLater();
        return r;
    }
    int exchanges() const { return m_replica->requestCount(QStringLiteral("api_access.php")); }
    int apiRoots() const { return m_replica->requestCount(QStringLiteral("/api/")); }

private Q_SLOTS:
    void initTestCase()
    {
        ReplicaOptions o;
        o.tokenPrefix = QStringLiteral("API");
        m_replica = std::make_unique<ReplicaServer>(o);
        QString error;
        QVERIFY2(m_replica->start(&error), qPrintable(error));
        m_agency = m_replica->agencies().first().id;
    }
    void init() { m_replica->clearFaults(); }

    void envelope_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("isJson");
        QTest::addColumn<bool>("hasEnvelope");
        QTest::addColumn<bool>("isError");
        QTest::addColumn<QString>("errorMessage");
        QTest::newRow("success") << QByteArray("{\"result\":\"success\",\"message\":{\"agency\":{}}}") << true
                                 << true << false << QString();
        QTest::newRow("error string") << QByteArray("{\"result\":\"error\",\"message\":\"Invalid scope\"}")
                                      << true << true << true << QStringLiteral("Invalid scope");
        QTest::newRow("error case") << QByteArray("{\"result\":\"Error\",\"message\":\"x\"}") << true << true
                                    << true << QStringLiteral("x");
        QTest::newRow("error object") << QByteArray("{\"result\":\"error\",\"message\":{\"error\":\"e\"}}")
                                      << true << true << true << QStringLiteral("e");
        QTest::newRow("no envelope") << QByteArray("{\"a\":1}") << true << false << false << QString();
        QTest::newRow("array") << QByteArray("[]") << true << false << false << QString();
        QTest::newRow("html") << QByteArray("<html>hi</html>") << false << false << false << QString();
        QTest::newRow("empty") << QByteArray() << false << false << false << QString();
        QTest::newRow("truncated") << QByteArray("{\"result\":\"succ") << false << false << false << QString();
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF{\"result\":\"success\"}") << true << true << false
                             << QString();
    }
    void envelope()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, isJson);
        QFETCH(bool, hasEnvelope);
        QFETCH(bool, isError);
        QFETCH(QString, errorMessage);
        const ApiEnvelope e = ApiEnvelope::inspect(body);
        QCOMPARE(e.isJson, isJson);
        QCOMPARE(e.hasEnvelope, hasEnvelope);
        QCOMPARE(e.isError, isError);
        QCOMPARE(e.errorMessage, errorMessage);
        QCOMPARE(e.jsonError.isEmpty(), isJson);
    }

    void getAgency()
    {
        Rig rig(m_replica->origin());
        QString access;
        const QString id = workingProfile(rig, &access);
        QVERIFY(!access.isEmpty());
        ApiRequest req;
        req.path = QStringLiteral("/");
        const ApiResponse r = send(rig, id, req);
        QCOMPARE(r.failure, Failure::None);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(!r.retriedAfter401);
        QVERIFY(r.elapsedMs >= 0);
        QCOMPARE(r.method, QByteArray("GET"));
        const ApiEnvelope env = ApiEnvelope::inspect(r.body);
        QVERIFY(env.hasEnvelope);
        QVERIFY(!env.isError);
        QVERIFY(r.body.contains(m_agency.toUtf8()));
        QVERIFY(!r.url.toString().contains(access));
    }

    void queryIsEncodedAndTokenNeverInUrl()
    {
        Rig rig(m_replica->origin());
        QString access;
        const QString id = workingProfile(rig, &access);
        ApiRequest req;
        req.path = QStringLiteral("alerts");
        req.query = {{QStringLiteral("alert_days"), QStringLiteral("2")},
                     {QStringLiteral("x"), QStringLiteral("a+b c&d")}};
        QCOMPARE(rig.api.urlFor(req).query(QUrl::FullyEncoded),
                 QStringLiteral("alert_days=2&x=a%2Bb%20c%26d"));
        const ApiResponse r = send(rig, id, req);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(!r.url.toString(QUrl::FullyEncoded).contains(access));
        QVERIFY(r.url.query().contains(QLatin1String("alert_days=2")));
    }

    void unauthorizedRefreshesAndRetriesOnce()
    {
        Rig rig(m_replica->origin());
        QString access;
        const QString id = workingProfile(rig, &access);
        // The service kills the token early; our records still say it is valid.
        m_replica->expireAccessTokens();
        const int exBefore = exchanges();
        ApiRequest req;
        const ApiResponse r = send(rig, id, req);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(r.retriedAfter401);
        QCOMPARE(exchanges(), exBefore + 1);
        // The new token is saved.
        auto fresh = std::make_shared<std::optional<ProfileSecrets>>();
        rig.vault.readSecrets(id, [fresh](const StoreResult &, const ProfileSecrets &s) { *fresh = s; });
        QTRY_VERIFY(fresh->has_value());
        QVERIFY(fresh->value().accessToken != access);
    }

    void persistent401IsRetriedOnlyOnce()
    {
        Rig rig(m_replica->origin());
        const QString id = workingProfile(rig);
        QVERIFY(m_replica->setFault(QStringLiteral("open_api/api/=status:401")));
        const int exBefore = exchanges();
        const int apiBefore = apiRoots();
        const ApiResponse r = send(rig, id, ApiRequest{});
        QCOMPARE(r.failure, Failure::None);
        QCOMPARE(r.httpStatus, 401);
        QVERIFY(r.retriedAfter401);
        QVERIFY(r.isTransportOrHttpError());
        QCOMPARE(exchanges(), exBefore + 1);
        QCOMPARE(apiRoots(), apiBefore + 2);
    }

    void envelopeErrorWithHttp200()
    {
        const QByteArray body = "{\"result\":\"error\",\"message\":\"Invalid alert id\"}";
        CannedServer canned("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        QVERIFY(canned.isListening());
        Rig rig(canned.origin());
        const QString id = addProfile(rig, QStringLiteral("r"), QStringLiteral("stored-bearer-value"), 7200);
        ApiRequest req;
        req.path = QStringLiteral("alerts/9");
        req.headers = {{"Authorization", "Basic smuggled"}, {"X-Extra", "1"}};
        const ApiResponse r = send(rig, id, req);
        QCOMPARE(r.failure, Failure::None);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(!r.isTransportOrHttpError());
        const ApiEnvelope env = ApiEnvelope::inspect(r.body);
        QVERIFY(env.isError); // despite 200 and text/html
        QCOMPARE(env.errorMessage, QStringLiteral("Invalid alert id"));
        QVERIFY(canned.m_lastRequest.contains("Authorization: Bearer stored-bearer-value\r\n"));
        QVERIFY(!canned.m_lastRequest.contains("smuggled"));
        QVERIFY(canned.m_lastRequest.contains("X-Extra: 1"));
    }

    void transportFailures_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<Failure>("failure");
        QTest::newRow("timeout") << QStringLiteral("open_api/api/=latency:5000") << 300 << Failure::Timeout;
        QTest::newRow("reset") << QStringLiteral("open_api/api/=reset") << 10000 << Failure::Network;
        QTest::newRow("truncated") << QStringLiteral("open_api/api/=truncate") << 10000 << Failure::Network;
    }
    void transportFailures()
    {
        QFETCH(QString, fault);
        QFETCH(int, timeoutMs);
        QFETCH(Failure, failure);
        Rig rig(m_replica->origin());
        const QString id = workingProfile(rig);
        QVERIFY(m_replica->setFault(fault));
        rig.api.setTimeoutMs(timeoutMs);
        const ApiResponse r = send(rig, id, ApiRequest{});
        QCOMPARE(r.failure, failure);
        QVERIFY(!r.errorText.isEmpty());
        QVERIFY(r.isTransportOrHttpError());
    }

    void serverErrorIsAnHttpError()
    {
        Rig rig(m_replica->origin());
        const QString id = workingProfile(rig);
        QVERIFY(m_replica->setFault(QStringLiteral("open_api/api/=500")));
        const ApiResponse r = send(rig, id, ApiRequest{});
        QCOMPARE(r.failure, Failure::None);
        QCOMPARE(r.httpStatus, 500);
        QVERIFY(r.isTransportOrHttpError());
    }

    void cancel()
    {
        Rig rig(m_replica->origin());
        const QString id = workingProfile(rig);
        QVERIFY(m_replica->setFault(QStringLiteral("open_api/api/=latency:3000")));
        const int before = apiRoots();
        ApiReply *reply = rig.api.send(id, ApiRequest{});
        QSignalSpy finished(reply, &ApiReply::finished);
        QTRY_COMPARE(apiRoots(), before + 1); // under way
        QVERIFY(!reply->isFinished());
        reply->cancel();
        QVERIFY(reply->isFinished());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(reply->response().failure, Failure::Cancelled);
        reply->cancel(); // harmless twice
        QCOMPARE(finished.count(), 1);
        reply->deleteLater();
    }

    void cancelWhileWaitingForTheToken()
    {
        Rig rig(m_replica->origin());
        const QString id = addProfile(rig, m_replica->issueRefreshToken(m_agency, allScopes()),
                                      QStringLiteral("old"), -5);
        QVERIFY(m_replica->setFault(QStringLiteral("api_access.php=latency:2000")));
        const int before = apiRoots();
        const int exBefore = exchanges();
        ApiReply *reply = rig.api.send(id, ApiRequest{});
        QSignalSpy finished(reply, &ApiReply::finished);
        QTRY_COMPARE(exchanges(), exBefore + 1); // the refresh is under way
        reply->cancel();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(reply->response().failure, Failure::Cancelled);
        // When the token arrives, nothing is sent for the cancelled request.
        QSignalSpy refreshed(&rig.keeper, &TokenKeeper::refreshed);
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, 10000);
        QCOMPARE(apiRoots(), before);
        QCOMPARE(finished.count(), 1);
        reply->deleteLater();
    }

    void sizeCap()
    {
        Rig rig(m_replica->origin());
        const QString id = workingProfile(rig);
        QVERIFY(m_replica->setFault(QStringLiteral("alerts=huge:2")));
        rig.api.setMaxBodyBytes(100 * 1024);
        ApiRequest req;
        req.path = QStringLiteral("alerts");
        const ApiResponse r = send(rig, id, req);
        QCOMPARE(r.failure, Failure::TooLarge);
        QCOMPARE(r.body.size(), 100 * 1024);
    }

    void largeBodyArrivesWhole()
    {
        // Several MB: read in bounded slices over several turns of the event loop.
        Rig rig(m_replica->origin());
        const QString id = workingProfile(rig);
        QVERIFY(m_replica->setFault(QStringLiteral("alerts=huge:3")));
        ApiRequest req;
        req.path = QStringLiteral("alerts");
        const ApiResponse r = send(rig, id, req);
        QCOMPARE(r.failure, Failure::None);
        QVERIFY(r.body.size() >= 3 * 1000 * 1000);
        qint64 length = -1;
        for (const auto &h : r.headers) {
            if (h.first.compare("content-length", Qt::CaseInsensitive) == 0)
                length = h.second.toLongLong();
        }
        QCOMPARE(qint64(r.body.size()), length);
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(!doc.object()
                     .value(QLatin1String("message"))
                     .toObject()
                     .value(QLatin1String("alerts"))
                     .toArray()
                     .isEmpty());
    }

    void sizeCapAcrossSlices()
    {
        Rig rig(m_replica->origin());
        const QString id = workingProfile(rig);
        QVERIFY(m_replica->setFault(QStringLiteral("alerts=huge:4")));
        rig.api.setMaxBodyBytes(1536 * 1024 + 7);
        ApiRequest req;
        req.path = QStringLiteral("alerts");
        const ApiResponse r = send(rig, id, req);
        QCOMPARE(r.failure, Failure::TooLarge);
        QCOMPARE(r.body.size(), 1536 * 1024 + 7);
        QVERIFY(r.body.startsWith("{"));
    }

    void contentLength_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<Failure>("failure");
        QTest::newRow("none (until close)") << QByteArray() << Failure::None;
        QTest::newRow("exact") << QByteArray("Content-Length: 1999994\r\n") << Failure::None;
        // A lying header must neither allocate its size nor pass for a whole body.
        QTest::newRow("absurd") << QByteArray("Content-Length: 900000000000000\r\n")
                                << Failure::Network;
    }

    void contentLength()
    {
        QFETCH(QByteArray, header);
        QFETCH(Failure, failure);
        QByteArray body = "[\"";
        body += QByteArray("0123456789").repeated(199999);
        body += "\"]";
        QCOMPARE(body.size(), 1999994);
        CannedServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + header +
                            "Connection: close\r\n\r\n" + body);
        Rig rig(m_replica->origin());
        const QString id = workingProfile(rig);
        rig.api.setUrls(ServiceUrls::forOrigin(server.origin()));
        const ApiResponse r = send(rig, id, ApiRequest{});
        QCOMPARE(r.failure, failure);
        if (failure == Failure::None)
            QCOMPARE(r.body, body);
        else
            QVERIFY(r.body.size() <= body.size());
    }

    void tokenFailureIsReported()
    {
        Rig rig(m_replica->origin());
        const QString id = addProfile(rig, QStringLiteral("APIunknown000000000000000000000000000"),
                                      QStringLiteral("old"), -5);
        const int before = apiRoots();
        const ApiResponse r = send(rig, id, ApiRequest{});
        QCOMPARE(r.failure, Failure::Token);
        QCOMPARE(r.tokenFailure, TokenResult::Failure::Rejected);
        QCOMPARE(apiRoots(), before);
        QCOMPARE(send(rig, QStringLiteral("missing"), ApiRequest{}).tokenFailure,
                 TokenResult::Failure::NoSuchProfile);
    }

    void tokenGoesOnlyToTheApiHost_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("other host") << QStringLiteral("https://example.invalid/api/");
        QTest::newRow("plain http elsewhere") << QStringLiteral("http://example.invalid/");
    }
    void tokenGoesOnlyToTheApiHost()
    {
        QFETCH(QString, path);
        Rig rig(m_replica->origin());
        const QString id = addProfile(rig, QStringLiteral("r"), QStringLiteral("a"), 7200);
        ApiRequest req;
        req.path = path;
        const ApiResponse r = send(rig, id, req);
        QCOMPARE(r.failure, Failure::Network);
        QCOMPARE(r.httpStatus, 0);
    }
};

QTEST_GUILESS_MAIN(TstApiClient)
#include "tst_apiclient.moc"
