// The refresh engine with a ManualClock, an in-memory secret store and the replica:
// on-demand and automatic refreshes, backoff, keeping a valid token through trouble,
// regeneration marking without deletion, clock jumps, coalescing.
#include "clock.h"
#include "refreshclient.h"
#include "replicaserver.h"
#include "scriptedsecretstore.h"
#include "testenv.h"
#include "tokenkeeper.h"
#include "tokenvault.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <memory>
#include <optional>

using namespace a911;
using a911::replica::ReplicaOptions;
using a911::replica::ReplicaServer;
using a911::test::TempSettings;

namespace {

/// One keeper over a fresh vault, pointed at the shared replica.
struct Rig
{
    explicit Rig(ReplicaServer *replica)
        : settings(file.open()),
          store(&memory),
          vault((store.setPersistent(true), &store), settings.get(), &clock),
          client(&nam, ServiceUrls::forOrigin(replica->origin()), &clock),
          keeper(&vault, &client, &clock)
    {
        vault.load();
        client.setTimeoutMs(10000);
    }
    TempSettings file;
    std::unique_ptr<QSettings> settings;
    // Replica tokens expire in real time, so the manual clock starts at the real now.
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    MemorySecretStore memory;
    // Stands in for the keychain: persistent, so metadata goes to the settings file.
    a911::test::ScriptedSecretStore store;
    QNetworkAccessManager nam;
    TokenVault vault;
    RefreshClient client;
    TokenKeeper keeper;
};

} // namespace

class TstTokenKeeper final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReplicaServer> m_replica;
    QString m_agency;

    int exchanges() const { return m_replica->requestCount(QStringLiteral("api_access.php")); }

    QString addProfile(Rig &rig, const QString &refresh, const QString &access, qint64 expiresInSecs)
    {
        Profile p;
        p.label = QStringLiteral("Station %1").arg(rig.vault.profiles().size() + 1);
        p.agencyId = m_agency;
        p.agencyName = QStringLiteral("Test agency");
        p.scopes = allScopes();
        p.accessExpiry = rig.clock.now().addSecs(expiresInSecs);
        p.refreshIssued = rig.clock.now().addDays(-10);
        auto saved = std::make_shared<std::optional<Profile>>();
        rig.vault.addProfile(p, ProfileSecrets{refresh, access, QString()},
                             [saved](bool ok, const QString &, const Profile &s) {
                                 *saved = ok ? s : Profile();
                             });
        [&] { QTRY_VERIFY(saved->has_value()); }();
        return saved->value_or(Profile()).id;
    }
    ProfileSecrets secretsOf(Rig &rig, const QString &id)
    {
        auto out = std::make_shared<std::optional<ProfileSecrets>>();
        rig.vault.readSecrets(id, [out](const StoreResult &r, const ProfileSecrets &s) {
            *out = r.ok() ? s : ProfileSecrets();
        });
        [&] { QTRY_VERIFY(out->has_value()); }();
        return out->value_or(ProfileSecrets());
    }
    TokenResult token(Rig &rig, const QString &id, bool force = false)
    {
        auto out = std::make_shared<std::optional<TokenResult>>();
        rig.keeper.accessToken(id, [out](const TokenResult &r) { *out = r; }, force);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out->has_value(), 20000); }();
        return out->value_or(TokenResult{});
    }
    QString freshRefreshToken() { return m_replica->issueRefreshToken(m_agency, allScopes()); }

private Q_SLOTS:
    void initTestCase()
    {
        ReplicaOptions o;
        o.tokenPrefix = QStringLiteral("KPR");
        m_replica = std::make_unique<ReplicaServer>(o);
        QString error;
        QVERIFY2(m_replica->start(&error), qPrintable(error));
        m_agency = m_replica->agencies().first().id;
    }
    void init() { m_replica->clearFaults(); }

    void storedTokenWhenFresh()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("stored-access"), 7200);
        const int before = exchanges();
        const TokenResult r = token(rig, id);
        QVERIFY(r.ok());
        QCOMPARE(r.accessToken, QStringLiteral("stored-access"));
        QCOMPARE(exchanges(), before);
    }

    void refreshesInsideLeadTime()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        rig.keeper.setLeadTimeSecs(600);
        const QString refresh = freshRefreshToken();
        const QString id = addProfile(rig, refresh, QStringLiteral("old-access"), 300);
        const int before = exchanges();
        const TokenResult r = token(rig, id);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(r.accessToken.startsWith(QLatin1String("KPR")));
        QCOMPARE(exchanges(), before + 1);
        // Saved: new access token and expiry; the refresh token kept (none came back).
        const ProfileSecrets s = secretsOf(rig, id);
        QCOMPARE(s.accessToken, r.accessToken);
        QCOMPARE(s.refreshToken, refresh);
        const Profile p = rig.vault.profile(id);
        QVERIFY(rig.clock.now().secsTo(p.accessExpiry) > 86000);
        QCOMPARE(p.lastRefreshed, rig.clock.now());
        QVERIFY(!p.needsRegeneration);
    }

    void forcedRefreshEvenWhenFresh()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("looks-fine"), 7200);
        const int before = exchanges();
        const TokenResult r = token(rig, id, true);
        QVERIFY(r.ok());
        QVERIFY(r.accessToken != QLatin1String("looks-fine"));
        QCOMPARE(exchanges(), before + 1);
    }

    void concurrentRequestsShareOneExchange()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("expired"), -60);
        const int before = exchanges();
        QList<TokenResult> results;
        for (int i = 0; i < 4; ++i)
            rig.keeper.accessToken(id, [&results](const TokenResult &r) { results << r; });
        QTRY_COMPARE(results.size(), 4);
        for (const TokenResult &r : std::as_const(results)) {
            QVERIFY(r.ok());
            QCOMPARE(r.accessToken, results.first().accessToken);
        }
        QCOMPARE(exchanges(), before + 1);
    }

    void noSuchProfile()
    {
        Rig rig(m_replica.get());
        const TokenResult r = token(rig, QStringLiteral("nope"));
        QCOMPARE(r.failure, TokenResult::Failure::NoSuchProfile);
    }

    void autoRefreshAtLeadTime()
    {
        Rig rig(m_replica.get());
        rig.keeper.setLeadTimeSecs(600);
        QSignalSpy started(&rig.keeper, &TokenKeeper::refreshStarted);
        QSignalSpy refreshed(&rig.keeper, &TokenKeeper::refreshed);
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("a"), 3600);
        rig.keeper.recheck();
        QCOMPARE(started.count(), 0);
        rig.clock.advance(3600 - 600 - 1); // one second before the lead time
        rig.keeper.recheck();
        QCOMPARE(started.count(), 0);
        rig.clock.advance(1);
        rig.keeper.recheck();
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().first().toString(), id);
        QTRY_COMPARE(refreshed.count(), 1);
        QVERIFY(rig.vault.profile(id).accessExpiry > rig.clock.now().addSecs(3600));
        QCOMPARE(rig.keeper.status(id).activity, TokenKeeper::Activity::Idle);
        // The next one is a day away: a recheck now starts nothing.
        rig.keeper.recheck();
        QCOMPARE(started.count(), 1);
    }

    void timerFiresForTheSoonestProfile()
    {
        // No recheck() calls: the one schedule timer must fire by itself.
        Rig rig(m_replica.get());
        rig.keeper.setLeadTimeSecs(600);
        QSignalSpy refreshed(&rig.keeper, &TokenKeeper::refreshed);
        const QString later = addProfile(rig, freshRefreshToken(), QStringLiteral("a"), 7200);
        const QString soon = addProfile(rig, freshRefreshToken(), QStringLiteral("b"), 600);
        // Due now (expiry minus lead reached): the timer is set to zero.
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(refreshed.first().first().toString(), soon);
        QCOMPARE(secretsOf(rig, later).accessToken, QStringLiteral("a"));
    }

    void backoffDelays_data()
    {
        QTest::addColumn<int>("baseMs");
        QTest::addColumn<int>("maxMs");
        QTest::newRow("2 s .. 5 min") << 2000 << 300000;
        QTest::newRow("50 ms .. 400 ms") << 50 << 400;
    }
    void backoffDelays()
    {
        QFETCH(int, baseMs);
        QFETCH(int, maxMs);
        qint64 previousMax = 0;
        for (int attempt = 1; attempt <= 12; ++attempt) {
            const double nominal = std::min<double>(maxMs, baseMs * std::pow(2.0, attempt - 1));
            const qint64 lo = TokenKeeper::backoffDelayMs(attempt, baseMs, maxMs, 0.0);
            const qint64 mid = TokenKeeper::backoffDelayMs(attempt, baseMs, maxMs, 0.5);
            const qint64 hi = TokenKeeper::backoffDelayMs(attempt, baseMs, maxMs, 0.999999);
            QVERIFY(lo <= mid && mid <= hi);
            QVERIFY(lo >= qint64(nominal * 0.8) - 1);
            QVERIFY(hi <= qint64(std::min<double>(nominal * 1.2, maxMs)) + 1);
            QVERIFY(hi <= maxMs);
            if (nominal * 2 <= maxMs) {
                QVERIFY(lo > 0);
                // Jitter never lets a later delay undercut an earlier one before the cap.
                QVERIFY(lo >= previousMax || attempt == 1);
            }
            previousMax = hi;
        }
        // The jitter is real: different draws give different delays.
        QVERIFY(TokenKeeper::backoffDelayMs(3, 1000, 60000, 0.1)
                != TokenKeeper::backoffDelayMs(3, 1000, 60000, 0.9));
    }

    void backgroundRetriesBackOffAndKeepTheValidToken()
    {
        Rig rig(m_replica.get());
        rig.keeper.setLeadTimeSecs(600);
        rig.keeper.setBackoff(40, 320);
        QVERIFY(m_replica->setFault(QStringLiteral("api_access.php=500")));
        struct Failure
        {
            int attempt;
            qint64 delayMs;
        };
        QList<Failure> failures;
        const QString refresh = freshRefreshToken();
        const QString id = addProfile(rig, refresh, QStringLiteral("still-good"), 120);
        connect(&rig.keeper, &TokenKeeper::refreshFailed, this,
                [&](const QString &pid, const QString &, qint64 retryIn) {
                    QCOMPARE(pid, id);
                    QVERIFY(retryIn >= 0);
                    const TokenKeeper::Status s = rig.keeper.status(id);
                    QCOMPARE(s.activity, TokenKeeper::Activity::RetryWait);
                    failures << Failure{s.attempt, rig.clock.now().msecsTo(s.nextRetry)};
                });
        const int before = exchanges();
        rig.keeper.recheck();
        QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 6, 20000);
        for (int i = 0; i < failures.size(); ++i) {
            const Failure &f = failures.at(i);
            QCOMPARE(f.attempt, i + 1);
            const double nominal = std::min(320.0, 40.0 * std::pow(2.0, i));
            QVERIFY2(f.delayMs >= qint64(nominal * 0.8) - 1 && f.delayMs <= qint64(std::min(nominal * 1.2, 320.0)),
                     qPrintable(QStringLiteral("attempt %1: %2 ms").arg(i + 1).arg(f.delayMs)));
        }
        QVERIFY(failures.at(1).delayMs > failures.at(0).delayMs);
        QVERIFY(failures.at(2).delayMs > failures.at(1).delayMs);
        QVERIFY(exchanges() - before >= failures.size());
        // Through all of it, the valid access token is kept and handed out.
        QVERIFY(!rig.vault.profile(id).needsRegeneration);
        const ProfileSecrets s = secretsOf(rig, id);
        QCOMPARE(s.accessToken, QStringLiteral("still-good"));
        QCOMPARE(s.refreshToken, refresh);
        rig.keeper.setMaxAttempts(1);
        const TokenResult r = token(rig, id);
        QVERIFY(r.ok());
        QCOMPARE(r.accessToken, QStringLiteral("still-good"));
        // Once the server is back, the next retry succeeds and the counter resets.
        QSignalSpy refreshed(&rig.keeper, &TokenKeeper::refreshed);
        m_replica->clearFaults();
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, 10000);
        QCOMPARE(rig.keeper.status(id).attempt, 0);
        QVERIFY(secretsOf(rig, id).accessToken.startsWith(QLatin1String("KPR")));
    }

    void onDemandGivesUpAfterMaxAttempts()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        rig.keeper.setBackoff(20, 100);
        rig.keeper.setMaxAttempts(3);
        QVERIFY(m_replica->setFault(QStringLiteral("api_access.php=500")));
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("expired"), -10);
        const int before = exchanges();
        const TokenResult r = token(rig, id);
        QCOMPARE(r.failure, TokenResult::Failure::Transient);
        QVERIFY(r.accessToken.isEmpty());
        QCOMPARE(exchanges(), before + 3);
        QCOMPARE(rig.keeper.status(id).attempt, 3);
        // Nothing was lost or marked.
        QVERIFY(!rig.vault.profile(id).needsRegeneration);
        QCOMPARE(secretsOf(rig, id).accessToken, QStringLiteral("expired"));
    }

    void onDemandRecoversOnALaterAttempt()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        rig.keeper.setBackoff(20, 100);
        rig.keeper.setMaxAttempts(3);
        QVERIFY(m_replica->setFault(QStringLiteral("api_access.php=reset@2")));
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("expired"), -10);
        const int before = exchanges();
        const TokenResult r = token(rig, id);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(exchanges(), before + 3);
    }

    void onDemandKeepsAValidTokenWhenTheServiceIsDown()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        rig.keeper.setBackoff(20, 100);
        rig.keeper.setMaxAttempts(2);
        QVERIFY(m_replica->setFault(QStringLiteral("api_access.php=500")));
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("five-more-minutes"), 300);
        const TokenResult r = token(rig, id);
        QVERIFY(r.ok());
        QCOMPARE(r.accessToken, QStringLiteral("five-more-minutes"));
        // After a 401 the stored token is known bad: no fallback then.
        const TokenResult forced = token(rig, id, true);
        QCOMPARE(forced.failure, TokenResult::Failure::Transient);
    }

    void rejectionMarksRegenerationAndDeletesNothing()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        const QString refresh = freshRefreshToken();
        const QString id = addProfile(rig, refresh, QStringLiteral("expired"), -10);
        m_replica->revokeRefreshToken(refresh);
        QSignalSpy regen(&rig.keeper, &TokenKeeper::regenerationNeeded);
        QSignalSpy changed(&rig.vault, &TokenVault::profileChanged);
        const int keysBefore = rig.memory.keys().size();
        const TokenResult r = token(rig, id);
        QCOMPARE(r.failure, TokenResult::Failure::Rejected);
        QCOMPARE(regen.count(), 1);
        QCOMPARE(regen.first().first().toString(), id);
        QVERIFY(rig.vault.profile(id).needsRegeneration);
        QCOMPARE(rig.keeper.status(id).activity, TokenKeeper::Activity::NeedsRegeneration);
        // Nothing deleted: the profile and both tokens are still there.
        QVERIFY(rig.vault.contains(id));
        QCOMPARE(rig.memory.keys().size(), keysBefore);
        const ProfileSecrets s = secretsOf(rig, id);
        QCOMPARE(s.refreshToken, refresh);
        QCOMPARE(s.accessToken, QStringLiteral("expired"));
        // The flag survives a reload of the metadata.
        rig.settings->sync();
        auto other = rig.file.open();
        TokenVault reloaded(&rig.store, other.get(), &rig.clock);
        reloaded.load();
        QVERIFY(reloaded.profile(id).needsRegeneration);
        // Asking again does not hammer the service with a refused token.
        const int before = exchanges();
        QCOMPARE(token(rig, id).failure, TokenResult::Failure::Rejected);
        QCOMPARE(exchanges(), before);
    }

    void rejectedButStillValidTokenIsHandedOut()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        const QString id = addProfile(rig, QStringLiteral("KPRunknownrefresh0000000000000000000000"),
                                      QStringLiteral("good-for-a-bit"), 120);
        QSignalSpy regen(&rig.keeper, &TokenKeeper::regenerationNeeded);
        const TokenResult r = token(rig, id);
        QVERIFY(r.ok());
        QCOMPARE(r.accessToken, QStringLiteral("good-for-a-bit"));
        QCOMPARE(regen.count(), 1);
        // Background refreshing leaves a profile that needs regeneration alone.
        rig.keeper.setAutoRefresh(true);
        QSignalSpy started(&rig.keeper, &TokenKeeper::refreshStarted);
        rig.keeper.recheck();
        QCOMPARE(started.count(), 0);
    }

    void successClearsRegeneration()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("x"), -1);
        Profile p = rig.vault.profile(id);
        p.needsRegeneration = true;
        rig.vault.updateMetadata(p);
        QSignalSpy refreshed(&rig.keeper, &TokenKeeper::refreshed);
        rig.keeper.refreshNow(id); // the explicit button still tries
        QTRY_COMPARE(refreshed.count(), 1);
        QVERIFY(!rig.vault.profile(id).needsRegeneration);
    }

    void clockJumpTriggersRecheck()
    {
        Rig rig(m_replica.get());
        rig.keeper.setLeadTimeSecs(600);
        QSignalSpy jumped(&rig.keeper, &TokenKeeper::clockJumped);
        QSignalSpy started(&rig.keeper, &TokenKeeper::refreshStarted);
        QSignalSpy refreshed(&rig.keeper, &TokenKeeper::refreshed);
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("a"), 7200);
        QCOMPARE(rig.keeper.checkClockJump(), 0);
        rig.clock.advance(2); // ordinary drift: below the threshold
        QCOMPARE(rig.keeper.checkClockJump(), 0);
        QCOMPARE(jumped.count(), 0);
        // The machine slept two hours: the wall clock moved, the monotonic one did not.
        rig.clock.advance(2 * 3600);
        const qint64 secs = rig.keeper.checkClockJump();
        QVERIFY2(secs >= 7199 && secs <= 7202, qPrintable(QString::number(secs)));
        QCOMPARE(jumped.count(), 1);
        QCOMPARE(jumped.first().first().toLongLong(), secs);
        QCOMPARE(started.count(), 1); // the expired token is refreshed right away
        QTRY_COMPARE(refreshed.count(), 1);
        QVERIFY(secretsOf(rig, id).accessToken != QLatin1String("a"));
        // A clock set back is a jump too.
        rig.clock.advance(-600);
        QVERIFY(rig.keeper.checkClockJump() <= -599);
        QCOMPARE(jumped.count(), 2);
    }

    void removedProfileStopsItsSchedule()
    {
        Rig rig(m_replica.get());
        rig.keeper.setAutoRefresh(false);
        rig.keeper.setBackoff(5000, 5000);
        QVERIFY(m_replica->setFault(QStringLiteral("api_access.php=500")));
        const QString id = addProfile(rig, freshRefreshToken(), QStringLiteral("expired"), -1);
        auto out = std::make_shared<std::optional<TokenResult>>();
        rig.keeper.accessToken(id, [out](const TokenResult &r) { *out = r; });
        QTRY_COMPARE(rig.keeper.status(id).activity, TokenKeeper::Activity::RetryWait);
        bool forgotten = false;
        rig.vault.forget(id, [&](bool ok, const QString &) { forgotten = ok; });
        QTRY_VERIFY(forgotten);
        // The waiting request is answered, not left hanging until the retry.
        QTRY_VERIFY(out->has_value());
        QCOMPARE(out->value().failure, TokenResult::Failure::NoSuchProfile);
    }
};

QTEST_GUILESS_MAIN(TstTokenKeeper)
#include "tst_tokenkeeper.moc"
