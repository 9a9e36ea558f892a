// ProfileImporter against the replica: exchange → GET / → store, and on every kind of
// failure, nothing stored at all.
#include "clock.h"
#include "profileimporter.h"
#include "refreshclient.h"
#include "replicaserver.h"
#include "scriptedsecretstore.h"
#include "testenv.h"
#include "tokenvault.h"

#include <QNetworkAccessManager>
#include <QTest>

#include <memory>
#include <optional>

using namespace a911;
using a911::replica::ReplicaOptions;
using a911::replica::ReplicaServer;
using a911::test::ScriptedSecretStore;
using a911::test::TempSettings;
using Failure = ProfileImporter::Result::Failure;

Q_DECLARE_METATYPE(a911::ProfileImporter::Result::Failure)

namespace {

struct Rig
{
    explicit Rig(ReplicaServer *replica)
        : settings(file.open()),
          store(&memory),
          vault((store.setPersistent(true), &store), settings.get(), &clock),
          refresh(&nam, ServiceUrls::forOrigin(replica->origin()), &clock),
          importer(&vault, &refresh, &nam, ServiceUrls::forOrigin(replica->origin()), &clock)
    {
        vault.load();
        importer.setTimeoutMs(10000);
    }
    TempSettings file;
    std::unique_ptr<QSettings> settings;
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    MemorySecretStore memory;
    ScriptedSecretStore store;
    QNetworkAccessManager nam;
    TokenVault vault;
    RefreshClient refresh;
    ProfileImporter importer;
};

} // namespace

class TstProfileImporter final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReplicaServer> m_replica;
    ReplicaServer::Agency m_agency;

    ProfileImporter::Result run(Rig &rig, const ProfileImporter::Input &in)
    {
        auto out = std::make_shared<std::optional<ProfileImporter::Result>>();
        int calls = 0;
        rig.importer.import(in, [out, &calls](const ProfileImporter::Result &r) {
            *out = r;
            ++calls;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out->has_value(), 20000); }();
        [&] { QCOMPARE(calls, 1); }();
        return out->value_or(ProfileImporter::Result{});
    }
    ProfileSecrets secretsOf(Rig &rig, const QString &id)
    {
        auto out = std::make_shared<std::optional<ProfileSecrets>>();
        rig.vault.readSecrets(id, [out](const StoreResult &, const ProfileSecrets &s) { *out = s; });
        [&] { QTRY_VERIFY(out->has_value()); }();
        return out->value_or(ProfileSecrets());
    }

private Q_SLOTS:
    void initTestCase()
    {
        ReplicaOptions o;
        o.tokenPrefix = QStringLiteral("IMP");
        m_replica = std::make_unique<ReplicaServer>(o);
        QVERIFY(m_replica->start());
        m_agency = m_replica->agencies().first();
    }
    void init() { m_replica->clearFaults(); }

    void exchangesLooksUpAndStores()
    {
        Rig rig(m_replica.get());
        ProfileImporter::Input in;
        in.refreshToken = m_replica->issueRefreshToken(m_agency.id, allScopes());
        const ProfileImporter::Result r = run(rig, in);
        QVERIFY2(r.ok(), qPrintable(r.message));
        const Profile &p = r.profile;
        QVERIFY(rig.vault.contains(p.id));
        QCOMPARE(p.agencyId, m_agency.id);
        QCOMPARE(p.agencyName, m_agency.name);
        QCOMPARE(p.label, m_agency.name); // no label given: the agency's name
        QCOMPARE(p.origin, ProfileOrigin::PersonalPage);
        QCOMPARE(p.refreshIssued, rig.clock.now());
        QCOMPARE(p.lastRefreshed, rig.clock.now());
        QVERIFY(p.accessExpiry > rig.clock.now().addSecs(3600));
        const ProfileSecrets s = secretsOf(rig, p.id);
        QCOMPARE(s.refreshToken, in.refreshToken);
        QVERIFY(s.accessToken.startsWith(QLatin1String("IMP")));
        // A second import of the same agency gets a label of its own.
        in.refreshToken = m_replica->issueRefreshToken(m_agency.id, allScopes());
        const ProfileImporter::Result again = run(rig, in);
        QVERIFY(again.ok());
        QVERIFY(again.profile.label != p.label);
    }

    void givenAccessTokenSkipsTheExchange()
    {
        Rig rig(m_replica.get());
        // Get a real access token first (as the token page would show it).
        RefreshResult got;
        bool done = false;
        Profile tmp;
        rig.refresh.refresh(tmp, ProfileSecrets{m_replica->seededRefreshToken(m_agency.id), {}, {}},
                            [&](const RefreshResult &r) {
                                got = r;
                                done = true;
                            });
        QTRY_VERIFY(done);
        QVERIFY(got.ok());
        const int before = m_replica->requestCount(QStringLiteral("api_access.php"));
        ProfileImporter::Input in;
        in.refreshToken = m_replica->seededRefreshToken(m_agency.id);
        in.accessToken = got.accessToken;
        in.accessExpiry = got.accessExpiry;
        in.scopes = {QStringLiteral("read_agency")};
        in.label = QStringLiteral("From the page");
        in.refreshIssued = rig.clock.now().addDays(-3);
        const ProfileImporter::Result r = run(rig, in);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(m_replica->requestCount(QStringLiteral("api_access.php")), before);
        QCOMPARE(r.profile.label, QStringLiteral("From the page"));
        QCOMPARE(r.profile.scopes, in.scopes);
        QCOMPARE(r.profile.accessExpiry, got.accessExpiry);
        QCOMPARE(r.profile.refreshIssued, in.refreshIssued);
    }

    // The access token is only ever sent to an HTTPS API (or loopback): a plain-HTTP
    // remote API URL is refused before anything is sent, and nothing is stored.
    void plainHttpApiRefusedBeforeSending()
    {
        Rig rig(m_replica.get());
        ServiceUrls urls = ServiceUrls::forOrigin(m_replica->origin());
        urls.api = QUrl(QStringLiteral("http://api.example.invalid/interface/open_api/api/"));
        rig.importer.setUrls(urls);
        ProfileImporter::Input in;
        in.refreshToken = m_replica->seededRefreshToken(m_agency.id);
        in.accessToken = QStringLiteral("AccessTokenThatMustNotTravel0123456789");
        const ProfileImporter::Result r = run(rig, in);
        QCOMPARE(r.failure, Failure::Network);
        QVERIFY2(r.message.contains(QLatin1String("HTTPS")), qPrintable(r.message));
        QVERIFY(!r.message.contains(in.accessToken));
        QVERIFY(rig.vault.profiles().isEmpty());
    }

    void failuresLeaveNothingBehind_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<Failure>("failure");
        QTest::newRow("refresh token rejected") << QStringLiteral("rejected") << Failure::RefreshRejected;
        QTest::newRow("exchange fails") << QStringLiteral("exchange500") << Failure::Network;
        QTest::newRow("API refuses the token") << QStringLiteral("api401") << Failure::AccessRejected;
        QTest::newRow("missing read_agency scope") << QStringLiteral("noscope") << Failure::AccessRejected;
        QTest::newRow("API down") << QStringLiteral("api500") << Failure::Network;
        QTest::newRow("API reply broken") << QStringLiteral("apimalformed") << Failure::Network;
        QTest::newRow("keychain refuses") << QStringLiteral("store") << Failure::Store;
    }
    void failuresLeaveNothingBehind()
    {
        QFETCH(QString, kind);
        QFETCH(Failure, failure);
        Rig rig(m_replica.get());
        ProfileImporter::Input in;
        in.refreshToken = m_replica->issueRefreshToken(m_agency.id, allScopes());
        if (kind == QLatin1String("rejected"))
            in.refreshToken = QStringLiteral("IMPunknown00000000000000000000000000000");
        else if (kind == QLatin1String("exchange500"))
            QVERIFY(m_replica->setFault(QStringLiteral("api_access.php=500")));
        else if (kind == QLatin1String("api401"))
            QVERIFY(m_replica->setFault(QStringLiteral("open_api/api/=status:401")));
        else if (kind == QLatin1String("noscope"))
            in.refreshToken = m_replica->issueRefreshToken(m_agency.id, {QStringLiteral("read_alert")});
        else if (kind == QLatin1String("api500"))
            QVERIFY(m_replica->setFault(QStringLiteral("open_api/api/=500")));
        else if (kind == QLatin1String("apimalformed"))
            QVERIFY(m_replica->setFault(QStringLiteral("open_api/api/=malformed")));
        else if (kind == QLatin1String("store"))
            rig.store.failAll(StoreResult::Error::Locked);
        QVERIFY(!in.refreshToken.isEmpty());
        const ProfileImporter::Result r = run(rig, in);
        QCOMPARE(r.failure, failure);
        QVERIFY(!r.message.isEmpty());
        QVERIFY(!r.message.contains(in.refreshToken));
        QVERIFY(rig.vault.profiles().isEmpty());
        QVERIFY(rig.memory.keys().isEmpty());
        rig.settings->sync();
        QVERIFY(!rig.file.bytes().contains("agencyId"));
    }
};

QTEST_GUILESS_MAIN(TstProfileImporter)
#include "tst_profileimporter.moc"
