// TLS and certificate errors are refused and explained, never ignored: RefreshClient,
// TokenKeeper and ApiClient against an HTTPS server with an untrusted self-signed
// certificate that would otherwise hand out a perfectly good token and reply.
#include "apiclient.h"
#include "clock.h"
#include "refreshclient.h"
#include "secretstore.h"
#include "testenv.h"
#include "tlstestserver.h"
#include "tokenkeeper.h"
#include "tokenvault.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTest>

#include <memory>
#include <optional>

using namespace a911;
using a911::test::TempSettings;
using a911::test::TlsTestServer;

namespace {

struct Rig
{
    explicit Rig(const QUrl &origin)
        : settings(file.open()),
          vault(&store, settings.get(), &clock),
          refresh(&nam, ServiceUrls::forOrigin(origin), &clock),
          keeper(&vault, &refresh, &clock),
          api(&nam, &keeper, ServiceUrls::forOrigin(origin))
    {
        vault.load();
        keeper.setAutoRefresh(false);
        keeper.setBackoff(10, 50);
        keeper.setMaxAttempts(1);
        refresh.setTimeoutMs(20000);
        api.setTimeoutMs(20000);
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

Profile personalProfile()
{
    Profile p;
    p.label = QStringLiteral("TLS");
    p.agencyId = QStringLiteral("1001");
    return p;
}

Profile registeredProfile()
{
    Profile p = personalProfile();
    p.origin = ProfileOrigin::RegisteredApp;
    p.clientId = QStringLiteral("client-tls");
    return p;
}

/// Runs one refresh exchange to its end.
std::optional<RefreshResult> refreshOnce(RefreshClient &client, const Profile &p,
                                         const ProfileSecrets &s)
{
    auto out = std::make_shared<std::optional<RefreshResult>>();
    client.refresh(p, s, [out](const RefreshResult &r) { *out = r; });
    if (!QTest::qWaitFor([&] { return out->has_value(); }, 30000))
        return std::nullopt;
    return *out;
}

/// Puts the server's certificate among the trusted ones until destroyed.
class TrustGuard final
{
public:
    explicit TrustGuard(const QSslCertificate &cert) : m_saved(QSslConfiguration::defaultConfiguration())
    {
        QSslConfiguration c = m_saved;
        c.addCaCertificate(cert);
        QSslConfiguration::setDefaultConfiguration(c);
    }
    ~TrustGuard() { QSslConfiguration::setDefaultConfiguration(m_saved); }

private:
    QSslConfiguration m_saved;
};

} // namespace

class TstTlsRefusal final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TlsTestServer> m_server;

    /// A fresh server per test: its counters then speak of that test alone.
    bool freshServer()
    {
        m_server = std::make_unique<TlsTestServer>();
        QString why;
        if (!m_server->start(&why)) {
            qWarning("%s", qPrintable(why));
            return false;
        }
        return true;
    }
    void verifyNothingCrossed()
    {
        // The client did connect (so the refusal is the certificate's doing) ...
        QVERIFY(m_server->handshakesStarted() >= 1);
        // ... but no handshake completed and not one byte of a request arrived.
        QCOMPARE(m_server->handshakesCompleted(), 0);
        QVERIFY2(m_server->received().isEmpty(), m_server->received().constData());
        QVERIFY(!m_server->received().contains("POST"));
        QVERIFY(!m_server->received().contains("GET"));
    }

private Q_SLOTS:
    void initTestCase() { A911_REQUIRE_THROWAWAY_ENV(); }

    /// The server works: a client that ignores the errors gets the body. Without this,
    /// a broken server would make every refusal below pass for the wrong reason.
    void serverAnswersWhenErrorsAreIgnored()
    {
        QVERIFY(freshServer());
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(QNetworkRequest(m_server->origin()));
        connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(30000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY(reply->readAll().contains(TlsTestServer::marker()));
        QVERIFY(m_server->received().startsWith("GET "));
        delete reply;
    }

    void refreshRefusesUntrustedCertificate_data()
    {
        QTest::addColumn<bool>("personal");
        QTest::newRow("api_access.php (personal)") << true;
        QTest::newRow("token.php (registered app)") << false;
    }
    void refreshRefusesUntrustedCertificate()
    {
        QFETCH(bool, personal);
        QVERIFY(freshServer());
        ManualClock clock{QDateTime::currentDateTimeUtc()};
        QNetworkAccessManager nam;
        RefreshClient client(&nam, ServiceUrls::forOrigin(m_server->origin()), &clock);
        client.setTimeoutMs(20000);
        QVERIFY(client.urls().refreshEndpoint().scheme() == QLatin1String("https"));
        const auto r = refreshOnce(client, personal ? personalProfile() : registeredProfile(),
                                   ProfileSecrets{QStringLiteral("refresh-secret-abc"), QString(),
                                                  QStringLiteral("client-secret-xyz")});
        QVERIFY(r.has_value());
        QVERIFY(!r->ok());
        QCOMPARE(r->outcome, RefreshResult::Outcome::Transient);
        QVERIFY(r->accessToken.isEmpty());
        QVERIFY(r->refreshToken.isEmpty());
        QCOMPARE(r->httpStatus, 0);
        QVERIFY2(r->message.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
                 qPrintable(r->message));
        QVERIFY2(r->message.contains(QLatin1String("secure connection"), Qt::CaseInsensitive),
                 qPrintable(r->message));
        QVERIFY(!r->message.contains(QLatin1String("refresh-secret-abc")));
        verifyNothingCrossed();
    }

    /// TokenKeeper passes the refusal on: no token, a sentence naming the certificate.
    void keeperGivesNoTokenBehindBadCertificate()
    {
        QVERIFY(freshServer());
        Rig rig(m_server->origin());
        auto id = std::make_shared<std::optional<QString>>();
        Profile p = personalProfile();
        p.accessExpiry = rig.clock.now().addSecs(-60); // expired: a refresh is needed
        rig.vault.addProfile(p, ProfileSecrets{QStringLiteral("refresh-secret-abc"), QString(), QString()},
                             [id](bool ok, const QString &, const Profile &s) {
                                 *id = ok ? s.id : QString();
                             });
        QTRY_VERIFY(id->has_value());
        QVERIFY(!id->value().isEmpty());

        auto out = std::make_shared<std::optional<TokenResult>>();
        rig.keeper.accessToken(id->value(), [out](const TokenResult &r) { *out = r; });
        QTRY_VERIFY_WITH_TIMEOUT(out->has_value(), 30000);
        const TokenResult r = out->value();
        QVERIFY(!r.ok());
        QVERIFY(r.accessToken.isEmpty());
        QVERIFY2(r.message.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
                 qPrintable(r.message));
        verifyNothingCrossed();
    }

    void apiClientReportsTls_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("GET") << QByteArray("GET") << QByteArray();
        QTest::newRow("POST") << QByteArray("POST") << QByteArray("{\"x\":1}");
    }
    void apiClientReportsTls()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        QVERIFY(freshServer());
        Rig rig(m_server->origin());
        // A stored access token valid for an hour: no refresh, straight to the API.
        auto id = std::make_shared<std::optional<QString>>();
        Profile p = personalProfile();
        p.accessExpiry = rig.clock.now().addSecs(3600);
        rig.vault.addProfile(p,
                             ProfileSecrets{QStringLiteral("refresh-secret-abc"),
                                            QStringLiteral("access-secret-def"), QString()},
                             [id](bool ok, const QString &, const Profile &s) {
                                 *id = ok ? s.id : QString();
                             });
        QTRY_VERIFY(id->has_value());
        QVERIFY(!id->value().isEmpty());

        ApiRequest req;
        req.method = method;
        req.path = QStringLiteral("/agency");
        req.body = body;
        QCOMPARE(rig.api.urlFor(req).scheme(), QStringLiteral("https"));
        ApiReply *reply = rig.api.send(id->value(), req);
        QSignalSpy finished(reply, &ApiReply::finished);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
        QCOMPARE(finished.count(), 1);
        const ApiResponse r = reply->response();
        QCOMPARE(r.failure, ApiResponse::Failure::Tls);
        QVERIFY(r.isTransportOrHttpError());
        QCOMPARE(r.httpStatus, 0);
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.body.contains(TlsTestServer::marker()));
        QVERIFY2(r.errorText.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
                 qPrintable(r.errorText));
        QVERIFY(!r.errorText.contains(QLatin1String("access-secret-def")));
        QVERIFY(!r.retriedAfter401);
        delete reply;
        verifyNothingCrossed();
    }

    /// With the certificate trusted the same server hands out its token: the refusals
    /// above are the certificate's doing, not a server that never answers. Runs last:
    /// it changes (and restores) the process-wide TLS defaults.
    void trustedCertificateIsAccepted()
    {
        QVERIFY(freshServer());
        TrustGuard trust(m_server->certificate());
        Rig rig(m_server->origin());
        const auto r = refreshOnce(rig.refresh, personalProfile(),
                                   ProfileSecrets{QStringLiteral("refresh-secret-abc"), QString(),
                                                  QString()});
        QVERIFY(r.has_value());
        QVERIFY2(r->ok(), qPrintable(r->message));
        QCOMPARE(r->accessToken, TlsTestServer::servedToken());
        QCOMPARE(m_server->handshakesCompleted(), 1);
        QVERIFY(m_server->received().startsWith("POST "));
    }
};

QTEST_GUILESS_MAIN(TstTlsRefusal)
#include "tst_tlsrefusal.moc"
