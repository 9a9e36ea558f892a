// The vault and KeychainSecretStore against the real (throwaway) gnome-keyring of
// scripts/with-test-env.sh, unlocked and locked.
#include "keychainsecretstore.h"
#include "storeprobe.h"
#include "testenv.h"
#include "tokenvault.h"

#include "clock.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace a911;
using a911::test::TempSettings;

namespace {

const QString kService = QStringLiteral("a911desk-test-vault");

StoreResult call(const std::function<void(SecretStore::Callback)> &op)
{
    auto out = std::make_shared<std::optional<StoreResult>>();
    op([out](const StoreResult &r) { *out = r; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(out->has_value(), 20000); }();
    return out->value_or(StoreResult{StoreResult::Error::Other, QStringLiteral("no answer"), {}});
}

// Unlocks the keyring again however a test ends.
struct RelockGuard
{
    ~RelockGuard() { a911::test::keyring::unlockDefault(); }
};

Profile sampleProfile()
{
    Profile p;
    p.label = QStringLiteral("Station 41");
    p.agencyId = QStringLiteral("1234");
    p.agencyName = QStringLiteral("Springfield Fire");
    p.scopes = {QStringLiteral("read_agency")};
    return p;
}

ProfileSecrets secrets(const QString &tag)
{
    return {QStringLiteral("KRrefresh") + tag, QStringLiteral("KRaccess") + tag,
            QStringLiteral("KRclient") + tag};
}

} // namespace

class TstKeychainVault final : public QObject
{
    Q_OBJECT

    ManualClock m_clock;

    bool save(TokenVault &vault, const Profile &p, const ProfileSecrets &s,
              QString *idOut = nullptr)
    {
        bool finished = false, ok = false;
        if (p.id.isEmpty() || !vault.contains(p.id)) {
            vault.addProfile(p, s, [&](bool okay, const QString &error, const Profile &saved) {
                finished = true;
                ok = okay;
                if (!okay)
                    qWarning("%s", qPrintable(error));
                if (idOut)
                    *idOut = saved.id;
            });
        } else {
            vault.updateProfile(p, s, [&](bool okay, const QString &) {
                finished = true;
                ok = okay;
            });
        }
        [&] { QTRY_VERIFY_WITH_TIMEOUT(finished, 20000); }();
        return ok;
    }
    std::pair<StoreResult, ProfileSecrets> read(TokenVault &vault, const QString &id)
    {
        std::optional<std::pair<StoreResult, ProfileSecrets>> out;
        vault.readSecrets(
            id, [&](const StoreResult &r, const ProfileSecrets &s) { out.emplace(r, s); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000); }();
        return out.value_or(std::pair<StoreResult, ProfileSecrets>{});
    }
    std::pair<bool, QString> forget(TokenVault &vault, const QString &id)
    {
        std::optional<std::pair<bool, QString>> out;
        vault.forget(id, [&](bool ok, const QString &e) { out.emplace(ok, e); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000); }();
        return out.value_or(std::pair<bool, QString>{false, QString()});
    }

private Q_SLOTS:
    void initTestCase()
    {
        A911_REQUIRE_THROWAWAY_ENV();
        bool locked = true;
        QString error;
        QVERIFY2(a911::test::keyring::isDefaultLocked(&locked, &error), qPrintable(error));
        QVERIFY(!locked);
    }

    void mapError_data()
    {
        QTest::addColumn<int>("qkeychain");
        QTest::addColumn<StoreResult::Error>("ours");
        QTest::newRow("ok") << int(QKeychain::NoError) << StoreResult::Error::None;
        QTest::newRow("not found") << int(QKeychain::EntryNotFound) << StoreResult::Error::NotFound;
        QTest::newRow("denied by user")
            << int(QKeychain::AccessDeniedByUser) << StoreResult::Error::AccessDenied;
        QTest::newRow("denied") << int(QKeychain::AccessDenied) << StoreResult::Error::AccessDenied;
        QTest::newRow("no backend")
            << int(QKeychain::NoBackendAvailable) << StoreResult::Error::NoBackend;
        QTest::newRow("not implemented")
            << int(QKeychain::NotImplemented) << StoreResult::Error::NoBackend;
        QTest::newRow("could not delete")
            << int(QKeychain::CouldNotDeleteEntry) << StoreResult::Error::Other;
        QTest::newRow("other") << int(QKeychain::OtherError) << StoreResult::Error::Other;
    }

    void mapError()
    {
        QFETCH(int, qkeychain);
        QFETCH(StoreResult::Error, ours);
        QCOMPARE(KeychainSecretStore::mapError(qkeychain), ours);
    }

    void storeRoundTrip()
    {
        KeychainSecretStore store(kService);
        QVERIFY(store.isPersistent());
        const QString key =
            QStringLiteral("rt:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QByteArray value("{\"x\":\"\xc3\xa9\"}");
        QVERIFY(call([&](auto cb) { store.write(key, value, cb); }).ok());
        const StoreResult r = call([&](auto cb) { store.read(key, cb); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data, value);
        QVERIFY(call([&](auto cb) { store.remove(key, cb); }).ok());
        QCOMPARE(call([&](auto cb) { store.read(key, cb); }).error, StoreResult::Error::NotFound);
        // Another service name does not see our entries.
        QVERIFY(call([&](auto cb) { store.write(key, value, cb); }).ok());
        KeychainSecretStore other(kService + QStringLiteral("-other"));
        QCOMPARE(call([&](auto cb) { other.read(key, cb); }).error, StoreResult::Error::NotFound);
        QVERIFY(call([&](auto cb) { store.remove(key, cb); }).ok());
    }

    void storeDestroyedWhileJobRuns()
    {
        // The job must outlive the store (QtKeychain crashes when a running job is
        // deleted), finish its work, and not call back into the dead store's user.
        bool called = false;
        {
            KeychainSecretStore store(kService);
            store.write(QStringLiteral("orphan"), "x", [&](const StoreResult &) { called = true; });
            // Catch the job while it runs: a zero timer looks on every pass of the event
            // loop, and a job needs at least one pass (its D-Bus reply) to finish.
            QEventLoop loop;
            QTimer look;
            connect(&look, &QTimer::timeout, &loop, [&] {
                if (store.runningJobs() > 0 || called)
                    loop.quit();
            });
            look.start(0);
            QTimer::singleShot(20000, &loop, &QEventLoop::quit);
            loop.exec();
            QCOMPARE(store.runningJobs(), 1);
        }
        KeychainSecretStore store(kService);
        // QtKeychain runs jobs one after another: this read waits for the orphan.
        const StoreResult r = call([&](auto cb) { store.read(QStringLiteral("orphan"), cb); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.data, QByteArray("x"));
        QVERIFY(!called);
        QVERIFY(call([&](auto cb) { store.remove(QStringLiteral("orphan"), cb); }).ok());
    }

    void vaultRoundTrip()
    {
        TempSettings file;
        KeychainSecretStore store(kService);
        QString id;
        {
            auto settings = file.open();
            TokenVault vault(&store, settings.get(), &m_clock);
            QVERIFY(!vault.isSessionOnly());
            QVERIFY(save(vault, sampleProfile(), secrets(QStringLiteral("1")), &id));
            QVERIFY(save(vault, vault.profile(id), secrets(QStringLiteral("2"))));
        }
        // A "restart": new settings object, new vault, same keyring.
        auto settings = file.open();
        KeychainSecretStore store2(kService);
        TokenVault vault(&store2, settings.get(), &m_clock);
        vault.load();
        QVERIFY(vault.contains(id));
        QCOMPARE(vault.profile(id).secretGeneration, 2);
        auto [r, s] = read(vault, id);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(s, secrets(QStringLiteral("2")));

        // One small record; the old generation is gone; no secret in the settings file.
        const StoreResult record =
            call([&](auto cb) { store2.read(TokenVault::recordKey(id, 2), cb); });
        QVERIFY(record.ok());
        QVERIFY(record.data.size() < 2048);
        QVERIFY(record.data.contains("KRrefresh2"));
        QCOMPARE(call([&](auto cb) { store2.read(TokenVault::recordKey(id, 1), cb); }).error,
                 StoreResult::Error::NotFound);
        const QByteArray bytes = file.bytes();
        QVERIFY(bytes.contains(id.toLatin1()));
        QVERIFY(!bytes.contains("KRrefresh") && !bytes.contains("KRaccess") &&
                !bytes.contains("KRclient"));

        auto [ok, error] = forget(vault, id);
        QVERIFY2(ok, qPrintable(error));
        QVERIFY(!vault.contains(id));
        QCOMPARE(call([&](auto cb) { store2.read(TokenVault::recordKey(id, 2), cb); }).error,
                 StoreResult::Error::NotFound);
        QVERIFY(!file.bytes().contains(id.toLatin1()));
    }

    void lockedKeyringIsNeverNoToken()
    {
        TempSettings file;
        KeychainSecretStore store(kService);
        auto settings = file.open();
        QString id;
        {
            TokenVault vault(&store, settings.get(), &m_clock);
            QVERIFY(save(vault, sampleProfile(), secrets(QStringLiteral("L")), &id));
        }
        const QByteArray metadataBefore = file.bytes();

        RelockGuard guard;
        QString error;
        QVERIFY2(a911::test::keyring::lockDefault(&error), qPrintable(error));

        // The store itself says Locked, where QtKeychain 0.13 alone would say "not found".
        const StoreResult raw =
            call([&](auto cb) { store.read(TokenVault::recordKey(id, 1), cb); });
        QCOMPARE(raw.error, StoreResult::Error::Locked);
        QCOMPARE(call([&](auto cb) { store.write(QStringLiteral("x"), "y", cb); }).error,
                 StoreResult::Error::Locked);

        TokenVault vault(&store, settings.get(), &m_clock);
        vault.load();
        auto [r, s] = read(vault, id);
        QCOMPARE(r.error, StoreResult::Error::Locked);
        QVERIFY(s.refreshToken.isEmpty());
        QVERIFY(vault.contains(id));
        QVERIFY(!save(vault, vault.profile(id), secrets(QStringLiteral("M"))));
        QVERIFY(!forget(vault, id).first);
        QVERIFY(vault.contains(id));
        QCOMPARE(file.bytes(), metadataBefore);

        StoreProbe probe(kService);
        probe.start();
        QTRY_COMPARE_WITH_TIMEOUT(probe.status(), StoreStatus::Locked, 20000);

        QVERIFY2(a911::test::keyring::unlockDefault(&error), qPrintable(error));
        auto [r2, s2] = read(vault, id);
        QVERIFY2(r2.ok(), qPrintable(r2.message));
        QCOMPARE(s2, secrets(QStringLiteral("L")));
        QVERIFY(forget(vault, id).first);
    }
};

QTEST_GUILESS_MAIN(TstKeychainVault)
#include "tst_keychainvault.moc"
