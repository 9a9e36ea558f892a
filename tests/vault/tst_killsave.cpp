// Crash safety of the save, for real: vault_helper saves new secrets to the
// throwaway keyring over and over; we SIGKILL it at a random moment (timed against
// its keychain operations), load the vault here and check that exactly the old or
// the new set is readable, never neither and never a mix. Many times over.
#include "keychainsecretstore.h"
#include "testenv.h"
#include "tokenvault.h"

#include "clock.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTest>
#include <QTimer>

using namespace a911;

namespace {
const QString kService = QStringLiteral("a911desk-test-killsave");
constexpr int kRounds = 60;

ProfileSecrets numbered(int n)
{
    const QString s = QString::number(n);
    return {QStringLiteral("rt-") + s, QStringLiteral("at-") + s, QStringLiteral("cs-") + s};
}
} // namespace

class TstKillSave final : public QObject
{
    Q_OBJECT

    ManualClock m_clock;

    std::pair<StoreResult, ProfileSecrets> readFresh(const QString &settingsPath, const QString &id)
    {
        QSettings settings(settingsPath, QSettings::IniFormat);
        KeychainSecretStore store(kService);
        TokenVault vault(&store, &settings, &m_clock);
        vault.load();
        std::optional<std::pair<StoreResult, ProfileSecrets>> out;
        if (!vault.contains(id))
            return {StoreResult{StoreResult::Error::NotFound, QStringLiteral("profile gone"), {}},
                    {}};
        vault.readSecrets(
            id, [&](const StoreResult &r, const ProfileSecrets &s) { out.emplace(r, s); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000); }();
        // Let the sweep of an old generation finish before the next child starts.
        [&] { QTRY_COMPARE_WITH_TIMEOUT(store.runningJobs(), 0, 20000); }();
        return out.value_or(std::pair<StoreResult, ProfileSecrets>{});
    }

private Q_SLOTS:
    void initTestCase() { A911_REQUIRE_THROWAWAY_ENV(); }

    void killDuringSave()
    {
        a911::test::TempSettings file;
        QString id;
        {
            auto settings = file.open();
            KeychainSecretStore store(kService);
            TokenVault vault(&store, settings.get(), &m_clock);
            Profile p;
            p.label = QStringLiteral("Kill test");
            bool done = false;
            vault.addProfile(p, numbered(0),
                             [&](bool ok, const QString &error, const Profile &saved) {
                                 QVERIFY2(ok, qPrintable(error));
                                 id = saved.id;
                                 done = true;
                             });
            QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        }

        auto *rng = QRandomGenerator::global();
        int current = 0;
        int keptOld = 0, tookNew = 0, inFlight = 0;
        for (int round = 0; round < kRounds; ++round) {
            QProcess child;
            child.setProcessChannelMode(QProcess::SeparateChannels);
            int opsAfterReady = -1;
            int lastSaving = -1, lastSaved = -1;
            // Kill after 1…12 keychain operations (a save is write, read, remove), then
            // 0…4 ms more: every phase of a save gets hit across the rounds.
            const int killAtOp = 1 + rng->bounded(12);
            const int extraMs = rng->bounded(5);
            bool killScheduled = false;
            QByteArray pending;
            connect(&child, &QProcess::readyReadStandardOutput, this, [&] {
                pending += child.readAllStandardOutput();
                int nl;
                while ((nl = pending.indexOf('\n')) >= 0) {
                    const QByteArray line = pending.left(nl);
                    pending.remove(0, nl + 1);
                    if (line.startsWith("ready "))
                        opsAfterReady = 0;
                    else if (line.startsWith("saving "))
                        lastSaving = line.mid(7).toInt();
                    else if (line.startsWith("saved "))
                        lastSaved = line.mid(6).toInt();
                    else if (line.startsWith("op ") && opsAfterReady >= 0)
                        ++opsAfterReady;
                    if (!killScheduled && opsAfterReady >= killAtOp) {
                        killScheduled = true;
                        QTimer::singleShot(extraMs, Qt::PreciseTimer, &child,
                                           [&child] { child.kill(); });
                    }
                }
            });
            child.start(QStringLiteral(A911_VAULT_HELPER),
                        {QStringLiteral("churn"), file.path(), kService, id});
            QVERIFY(child.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(child.state() == QProcess::NotRunning, 60000);
            QVERIFY2(child.exitStatus() == QProcess::CrashExit,
                     qPrintable(QStringLiteral("the helper ended by itself: ") +
                                QString::fromUtf8(child.readAllStandardError())));
            QVERIFY2(lastSaving > current, "the helper never started a save");
            if (lastSaving > lastSaved)
                ++inFlight;

            const auto [r, s] = readFresh(file.path(), id);
            QVERIFY2(
                r.ok(),
                qPrintable(
                    QStringLiteral("round %1: nothing readable (%2)").arg(round).arg(r.message)));
            const int n = s.refreshToken.mid(3).toInt();
            QVERIFY2(s == numbered(n),
                     qPrintable(QStringLiteral("round %1: a mixed set").arg(round)));
            // The set being saved when the kill came, or the one before it.
            QVERIFY2(n == lastSaving || n == lastSaving - 1,
                     qPrintable(QStringLiteral("round %1: read %2, was saving %3")
                                    .arg(round)
                                    .arg(n)
                                    .arg(lastSaving)));
            QVERIFY(n >= lastSaved);
            (n == lastSaving ? tookNew : keptOld) += 1;
            current = n;
        }
        qInfo("%d rounds: killed mid-save %d times; the new set won %d times, the old one %d",
              kRounds, inFlight, tookNew, keptOld);
        QVERIFY2(inFlight > 0, "no kill landed during a save: the test proved nothing");

        // Clean up the throwaway keyring.
        auto settings = file.open();
        KeychainSecretStore store(kService);
        TokenVault vault(&store, settings.get(), &m_clock);
        vault.load();
        bool forgotten = false;
        vault.forget(id, [&](bool ok, const QString &) { forgotten = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(forgotten, 20000);
    }
};

QTEST_GUILESS_MAIN(TstKillSave)
#include "tst_killsave.moc"
