// RefreshClient against the in-process replica: success, the service's ways of
// saying no, and every kind of trouble on the way (fault switches).
#include "clock.h"
#include "refreshclient.h"
#include "replicaserver.h"

#include <QNetworkAccessManager>
#include <QTest>

#include <memory>
#include <optional>

using namespace a911;
using a911::replica::ReplicaOptions;
using a911::replica::ReplicaServer;
using Outcome = RefreshResult::Outcome;

Q_DECLARE_METATYPE(a911::RefreshResult::Outcome)

class TstRefreshClient final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReplicaServer> m_replica;
    QNetworkAccessManager m_nam;
    ManualClock m_clock{QDateTime::currentDateTimeUtc()};
    QString m_agency;

    RefreshResult run(RefreshClient &client, const Profile &p, const ProfileSecrets &s)
    {
        auto out = std::make_shared<std::optional<RefreshResult>>();
        client.refresh(p, s, [out](const RefreshResult &r) { *out = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out->has_value(), 20000); }();
        return out->value_or(RefreshResult{});
    }
    Profile personal() const
    {
        Profile p;
        p.id = QStringLiteral("0f0e0d0c-aaaa-bbbb-cccc-000000000001");
        p.agencyId = m_agency;
        return p;
    }
    ProfileSecrets secrets(const QString &refresh) const
    {
        ProfileSecrets s;
        s.refreshToken = refresh;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ReplicaOptions o;
        o.tokenPrefix = QStringLiteral("TST");
        m_replica = std::make_unique<ReplicaServer>(o);
        QString error;
        QVERIFY2(m_replica->start(&error), qPrintable(error));
        QVERIFY(!m_replica->agencies().isEmpty());
        m_agency = m_replica->agencies().first().id;
    }
    void init() { m_replica->clearFaults(); }

    void personalSuccess()
    {
        RefreshClient client(&m_nam, ServiceUrls::forOrigin(m_replica->origin()), &m_clock);
        const int before = m_replica->requestCount(QStringLiteral("api_access.php"));
        const RefreshResult r = run(client, personal(), secrets(m_replica->seededRefreshToken(m_agency)));
        QCOMPARE(r.outcome, Outcome::Success);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(r.accessToken.startsWith(QLatin1String("TST")));
        QVERIFY(r.refreshToken.isEmpty()); // the exchange returns none: the caller keeps its own
        // The replica issues day-long access tokens, expiration as a number (Unix seconds).
        const qint64 left = m_clock.now().secsTo(r.accessExpiry);
        QVERIFY2(left > 86400 - 120 && left <= 86400 + 120, qPrintable(QString::number(left)));
        QCOMPARE(m_replica->requestCount(QStringLiteral("api_access.php")), before + 1);
    }

    void tokenWithSpecialCharactersIsFormEncoded()
    {
        // '+' must reach the server as '+', not as a space: unknown token either way,
        // but the request must be well-formed and refused, not crash or hang.
        RefreshClient client(&m_nam, ServiceUrls::forOrigin(m_replica->origin()), &m_clock);
        const RefreshResult r = run(client, personal(), secrets(QStringLiteral("a+b/c=d&e")));
        QCOMPARE(r.outcome, Outcome::Rejected);
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("unknown token (HTML page, 200)") << QStringLiteral("unknown");
        QTest::newRow("revoked token") << QStringLiteral("revoked");
        QTest::newRow("empty token") << QStringLiteral("empty");
    }
    void rejected()
    {
        QFETCH(QString, kind);
        RefreshClient client(&m_nam, ServiceUrls::forOrigin(m_replica->origin()), &m_clock);
        QString token = QStringLiteral("TSTnotarealtoken0000000000000000000000000");
        if (kind == QLatin1String("revoked")) {
            token = m_replica->issueRefreshToken(m_agency, allScopes());
            QVERIFY(!token.isEmpty());
            QCOMPARE(run(client, personal(), secrets(token)).outcome, Outcome::Success);
            m_replica->revokeRefreshToken(token);
        } else if (kind == QLatin1String("empty")) {
            token.clear();
        }
        const RefreshResult r = run(client, personal(), secrets(token));
        QCOMPARE(r.outcome, Outcome::Rejected);
        QVERIFY(r.accessToken.isEmpty());
        QVERIFY(!r.message.isEmpty());
        if (kind != QLatin1String("empty"))
            QCOMPARE(r.httpStatus, 200); // the service's HTML page comes with 200
    }

    void registeredAppRejections_data()
    {
        QTest::addColumn<bool>("goodClient");
        QTest::addColumn<int>("status");
        QTest::newRow("personal token at token.php: invalid_grant") << true << 400;
        QTest::newRow("wrong client secret: invalid_client") << false << 401;
    }
    void registeredAppRejections()
    {
        QFETCH(bool, goodClient);
        QFETCH(int, status);
        RefreshClient client(&m_nam, ServiceUrls::forOrigin(m_replica->origin()), &m_clock);
        Profile p = personal();
        p.origin = ProfileOrigin::RegisteredApp;
        p.clientId = m_replica->demoClientId();
        ProfileSecrets s = secrets(m_replica->seededRefreshToken(m_agency));
        s.clientSecret = goodClient ? m_replica->demoClientSecret() : QStringLiteral("wrong");
        const int before = m_replica->requestCount(QStringLiteral("token.php"));
        const RefreshResult r = run(client, p, s);
        QCOMPARE(r.outcome, Outcome::Rejected);
        QCOMPARE(r.httpStatus, status);
        QCOMPARE(m_replica->requestCount(QStringLiteral("token.php")), before + 1);
    }

    void faults_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("timeoutMs");
        QTest::newRow("500") << QStringLiteral("api_access.php=500") << 10000;
        QTest::newRow("503") << QStringLiteral("api_access.php=status:503") << 10000;
        QTest::newRow("reset") << QStringLiteral("api_access.php=reset") << 10000;
        QTest::newRow("truncate") << QStringLiteral("api_access.php=truncate") << 10000;
        QTest::newRow("malformed") << QStringLiteral("api_access.php=malformed") << 10000;
        QTest::newRow("latency beyond the timeout") << QStringLiteral("api_access.php=latency:5000") << 300;
    }
    void faults()
    {
        QFETCH(QString, fault);
        QFETCH(int, timeoutMs);
        QString error;
        QVERIFY2(m_replica->setFault(fault, &error), qPrintable(error));
        RefreshClient client(&m_nam, ServiceUrls::forOrigin(m_replica->origin()), &m_clock);
        client.setTimeoutMs(timeoutMs);
        const QString token = m_replica->seededRefreshToken(m_agency);
        const RefreshResult r = run(client, personal(), secrets(token));
        QCOMPARE(r.outcome, Outcome::Transient);
        QVERIFY(r.accessToken.isEmpty());
        QVERIFY(!r.message.contains(token));
        // Trouble on the way never costs the refresh token.
        m_replica->clearFaults();
        client.setTimeoutMs(10000);
        QCOMPARE(run(client, personal(), secrets(token)).outcome, Outcome::Success);
    }

    void connectionRefusedIsTransient()
    {
        // Port 1 on loopback: nothing listens there.
        ServiceUrls urls = ServiceUrls::forOrigin(QUrl(QStringLiteral("http://127.0.0.1:1")));
        RefreshClient client(&m_nam, urls, &m_clock);
        QCOMPARE(run(client, personal(), secrets(QStringLiteral("x"))).outcome, Outcome::Transient);
    }

    void refusesPlainHttpToOtherHosts()
    {
        ServiceUrls urls = ServiceUrls::forOrigin(QUrl(QStringLiteral("http://example.invalid")));
        RefreshClient client(&m_nam, urls, &m_clock);
        const RefreshResult r = run(client, personal(), secrets(QStringLiteral("secret")));
        QCOMPARE(r.outcome, Outcome::Transient);
        QCOMPARE(r.httpStatus, 0);
        QVERIFY(r.message.contains(QLatin1String("HTTPS")));
    }
};

QTEST_GUILESS_MAIN(TstRefreshClient)
#include "tst_refreshclient.moc"
