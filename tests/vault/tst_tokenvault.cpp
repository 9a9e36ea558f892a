// The vault against in-memory stores: round trips, labels, the crash-safe save's
// failure paths, locked stores, session-only mode. The real keyring: tst_keychainvault.
#include "scriptedsecretstore.h"
#include "testenv.h"
#include "tokenvault.h"

#include "clock.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace a911;
using a911::test::ScriptedSecretStore;
using a911::test::TempSettings;

namespace {

struct SaveOutcome
{
    bool finished = false;
    bool ok = false;
    QString error;
    Profile saved;
};

struct ReadOutcome
{
    bool finished = false;
    StoreResult result;
    ProfileSecrets secrets;
};

Profile sampleProfile(const QString &label = QStringLiteral("Station 41"))
{
    Profile p;
    p.label = label;
    p.agencyId = QStringLiteral("1234");
    p.agencyName = QStringLiteral("Springfield Fire");
    p.scopes = {QStringLiteral("read_agency"), QStringLiteral("read_alert")};
    p.accessExpiry = QDateTime(QDate(2026, 1, 1), QTime(13, 0), Qt::UTC);
    p.refreshIssued = QDateTime(QDate(2025, 6, 1), QTime(9, 30), Qt::UTC);
    return p;
}

ProfileSecrets secretsNumbered(int n)
{
    return {QStringLiteral("canaryRefresh%1x7Qp").arg(n),
            QStringLiteral("canaryAccess%1k9Zr").arg(n), QString()};
}

} // namespace

class TstTokenVault final : public QObject
{
    Q_OBJECT

private:
    SaveOutcome add(TokenVault &vault, const Profile &p, const ProfileSecrets &s)
    {
        auto out = std::make_shared<SaveOutcome>();
        vault.addProfile(p, s, [out](bool ok, const QString &error, const Profile &saved) {
            *out = {true, ok, error, saved};
        });
        [&] { QTRY_VERIFY(out->finished); }();
        return *out;
    }
    SaveOutcome update(TokenVault &vault, const Profile &p, const ProfileSecrets &s)
    {
        auto out = std::make_shared<SaveOutcome>();
        vault.updateProfile(p, s, [out](bool ok, const QString &error) {
            out->finished = true;
            out->ok = ok;
            out->error = error;
        });
        [&] { QTRY_VERIFY(out->finished); }();
        return *out;
    }
    ReadOutcome read(TokenVault &vault, const QString &id)
    {
        auto out = std::make_shared<ReadOutcome>();
        vault.readSecrets(id, [out](const StoreResult &r, const ProfileSecrets &s) {
            *out = {true, r, s};
        });
        [&] { QTRY_VERIFY(out->finished); }();
        return *out;
    }
    SaveOutcome forget(TokenVault &vault, const QString &id)
    {
        auto out = std::make_shared<SaveOutcome>();
        vault.forget(id, [out](bool ok, const QString &error) {
            out->finished = true;
            out->ok = ok;
            out->error = error;
        });
        [&] { QTRY_VERIFY(out->finished); }();
        return *out;
    }

    ManualClock m_clock;

private Q_SLOTS:
    void memoryStoreAnswersLater()
    {
        MemorySecretStore store;
        bool answered = false;
        store.write(QStringLiteral("k"), "v", [&](const StoreResult &r) {
            QVERIFY(r.ok());
            answered = true;
        });
        QVERIFY(!answered); // never from inside the call
        QTRY_VERIFY(answered);
        StoreResult got;
        store.read(QStringLiteral("k"), [&](const StoreResult &r) { got = r; });
        QTRY_COMPARE(got.data, QByteArray("v"));
        bool removed = false;
        store.remove(QStringLiteral("k"), [&](const StoreResult &r) { removed = r.ok(); });
        QTRY_VERIFY(removed);
        got = {};
        store.read(QStringLiteral("k"), [&](const StoreResult &r) { got = r; });
        QTRY_COMPARE(got.error, StoreResult::Error::NotFound);
        store.setFailure(StoreResult::Error::Locked);
        got = {};
        store.write(QStringLiteral("k"), "v", [&](const StoreResult &r) { got = r; });
        QTRY_COMPARE(got.error, StoreResult::Error::Locked);
        QVERIFY(store.keys().isEmpty());
    }

    void addReadAndReload()
    {
        TempSettings file;
        MemorySecretStore memory;
        ScriptedSecretStore store(&memory);
        store.setPersistent(true);
        auto settings = file.open();
        TokenVault vault(&store, settings.get(), &m_clock);
        vault.load();
        QSignalSpy added(&vault, &TokenVault::profileAdded);

        const SaveOutcome a = add(vault, sampleProfile(), secretsNumbered(1));
        QVERIFY2(a.ok, qPrintable(a.error));
        QVERIFY(!QUuid::fromString(a.saved.id).isNull());
        QCOMPARE(a.saved.secretGeneration, 1);
        QCOMPARE(added.count(), 1);
        QVERIFY(vault.contains(a.saved.id));
        QCOMPARE(memory.keys(), QStringList{TokenVault::recordKey(a.saved.id, 1)});

        // A second vault over the same files sees the same profile (a restart).
        auto settings2 = file.open();
        TokenVault again(&store, settings2.get(), &m_clock);
        again.load();
        const Profile p = again.profile(a.saved.id);
        QCOMPARE(p.label, QStringLiteral("Station 41"));
        QCOMPARE(p.agencyId, QStringLiteral("1234"));
        QCOMPARE(p.agencyName, QStringLiteral("Springfield Fire"));
        QCOMPARE(p.scopes, sampleProfile().scopes);
        QCOMPARE(p.accessExpiry, sampleProfile().accessExpiry);
        QCOMPARE(p.refreshIssued, sampleProfile().refreshIssued);
        QCOMPARE(p.secretGeneration, 1);
        const ReadOutcome r = read(again, a.saved.id);
        QVERIFY2(r.result.ok(), qPrintable(r.result.message));
        QCOMPARE(r.secrets, secretsNumbered(1));
    }

    void updateMovesGenerationAndDropsOld()
    {
        TempSettings file;
        MemorySecretStore memory;
        ScriptedSecretStore store(&memory);
        store.setPersistent(true);
        auto settings = file.open();
        TokenVault vault(&store, settings.get(), &m_clock);
        const Profile p = add(vault, sampleProfile(), secretsNumbered(1)).saved;
        store.clearLog();
        Profile changed = p;
        changed.accessExpiry = p.accessExpiry.addSecs(3600);
        const SaveOutcome u = update(vault, changed, secretsNumbered(2));
        QVERIFY2(u.ok, qPrintable(u.error));
        // The order is the crash-safety: write new, read it back, and only then drop old.
        QCOMPARE(store.log(),
                 (QStringList{QStringLiteral("write ") + TokenVault::recordKey(p.id, 2),
                              QStringLiteral("read ") + TokenVault::recordKey(p.id, 2),
                              QStringLiteral("remove ") + TokenVault::recordKey(p.id, 1)}));
        QCOMPARE(memory.keys(), QStringList{TokenVault::recordKey(p.id, 2)});
        QCOMPARE(vault.profile(p.id).secretGeneration, 2);
        QCOMPARE(vault.profile(p.id).accessExpiry, changed.accessExpiry);
        QCOMPARE(file.open()
                     ->value(QStringLiteral("profiles/") + p.id + QStringLiteral("/generation"))
                     .toInt(),
                 2);
        auto settings2 = file.open();
        TokenVault again(&store, settings2.get(), &m_clock);
        again.load();
        QCOMPARE(read(again, p.id).secrets, secretsNumbered(2));
    }

    void updatesQueueUp()
    {
        TempSettings file;
        MemorySecretStore memory;
        auto settings = file.open();
        ScriptedSecretStore store(&memory);
        store.setPersistent(true);
        TokenVault vault(&store, settings.get(), &m_clock);
        const Profile p = add(vault, sampleProfile(), secretsNumbered(1)).saved;
        int finished = 0;
        for (int n = 2; n <= 4; ++n)
            vault.updateProfile(p, secretsNumbered(n), [&](bool ok, const QString &) {
                QVERIFY(ok);
                ++finished;
            });
        QTRY_COMPARE(finished, 3);
        QCOMPARE(vault.profile(p.id).secretGeneration, 4);
        QCOMPARE(memory.keys(), QStringList{TokenVault::recordKey(p.id, 4)});
        QCOMPARE(read(vault, p.id).secrets, secretsNumbered(4));
    }

    void metadataHoldsNoSecret()
    {
        TempSettings file;
        MemorySecretStore memory;
        ScriptedSecretStore store(&memory);
        store.setPersistent(true);
        auto settings = file.open();
        TokenVault vault(&store, settings.get(), &m_clock);
        Profile app = sampleProfile(QStringLiteral("App"));
        app.origin = ProfileOrigin::RegisteredApp;
        app.clientId = QStringLiteral("client-77");
        const ProfileSecrets s{QStringLiteral("RTcanary0a1b2c3d"),
                               QStringLiteral("ATcanary4e5f6a7b"),
                               QStringLiteral("CScanary8c9d0e1f")};
        const Profile saved = add(vault, app, s).saved;
        QVERIFY(update(vault, saved, secretsNumbered(9)).ok);
        const QByteArray bytes = file.bytes();
        QVERIFY(bytes.contains("client-77")); // the metadata is really there
        QVERIFY(bytes.contains(saved.id.toLatin1()));
        for (const QByteArray &secret :
             {QByteArray("RTcanary"), QByteArray("ATcanary"), QByteArray("CScanary"),
              QByteArray("canaryRefresh"), QByteArray("canaryAccess")})
            QVERIFY2(!bytes.contains(secret), secret.constData());
        QCOMPARE(vault.profile(saved.id).origin, ProfileOrigin::RegisteredApp);
    }

    void recordIsSmall()
    {
        TempSettings file;
        MemorySecretStore memory;
        ScriptedSecretStore store(&memory);
        store.setPersistent(true);
        auto settings = file.open();
        TokenVault vault(&store, settings.get(), &m_clock);
        // Generous token lengths (Active911's are 40 hex characters).
        const ProfileSecrets big{QString(256, QLatin1Char('r')), QString(512, QLatin1Char('a')),
                                 QString(128, QLatin1Char('c'))};
        const Profile p = add(vault, sampleProfile(), big).saved;
        bool done = false;
        QByteArray record;
        memory.read(TokenVault::recordKey(p.id, 1), [&](const StoreResult &r) {
            record = r.data;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY(!record.isEmpty());
        QVERIFY2(record.size() < 2048, QByteArray::number(record.size()).constData());

        const ProfileSecrets huge{QString(3000, QLatin1Char('r')), {}, {}};
        const SaveOutcome tooBig = update(vault, p, huge);
        QVERIFY(!tooBig.ok);
        QVERIFY(tooBig.error.contains(QStringLiteral("2 KB")));
        QCOMPARE(read(vault, p.id).secrets, big);
    }

    void failMidSave_data()
    {
        QTest::addColumn<int>("failingOp");
        QTest::addColumn<StoreResult::Error>("error");
        QTest::addColumn<bool>("saveSucceeds");
        QTest::newRow("write locked") << 0 << StoreResult::Error::Locked << false;
        QTest::newRow("write other") << 0 << StoreResult::Error::Other << false;
        QTest::newRow("read-back denied") << 1 << StoreResult::Error::AccessDenied << false;
        QTest::newRow("read-back not found") << 1 << StoreResult::Error::NotFound << false;
        QTest::newRow("drop old fails") << 2 << StoreResult::Error::Other << true;
    }

    void failMidSave()
    {
        QFETCH(int, failingOp);
        QFETCH(StoreResult::Error, error);
        QFETCH(bool, saveSucceeds);
        TempSettings file;
        MemorySecretStore memory;
        ScriptedSecretStore store(&memory);
        store.setPersistent(true);
        auto settings = file.open();
        TokenVault vault(&store, settings.get(), &m_clock);
        const Profile p = add(vault, sampleProfile(), secretsNumbered(1)).saved;
        const QByteArray metadataBefore = file.bytes();

        Profile changed = p;
        changed.accessExpiry = p.accessExpiry.addDays(1);
        store.failOperation(failingOp, error);
        QSignalSpy changedSpy(&vault, &TokenVault::profileChanged);
        const SaveOutcome u = update(vault, changed, secretsNumbered(2));
        QCOMPARE(u.ok, saveSucceeds);

        // What a fresh process would find.
        auto settings2 = file.open();
        TokenVault after(&store, settings2.get(), &m_clock);
        after.load();
        QVERIFY(after.contains(p.id));
        const ReadOutcome r = read(after, p.id);
        QVERIFY2(r.result.ok(), qPrintable(r.result.message));
        if (saveSucceeds) {
            QCOMPARE(r.secrets, secretsNumbered(2));
            QCOMPARE(after.profile(p.id).secretGeneration, 2);
            QCOMPARE(changedSpy.count(), 1);
            // The old record survived the failed delete; a working read sweeps it.
            QTRY_COMPARE(memory.keys(), QStringList{TokenVault::recordKey(p.id, 2)});
        } else {
            QCOMPARE(file.bytes(), metadataBefore);
            QCOMPARE(r.secrets, secretsNumbered(1));
            QCOMPARE(after.profile(p.id).secretGeneration, 1);
            QCOMPARE(after.profile(p.id).accessExpiry, p.accessExpiry);
            QCOMPARE(vault.profile(p.id).secretGeneration, 1);
            QCOMPARE(changedSpy.count(), 0);
            QVERIFY(memory.keys().contains(TokenVault::recordKey(p.id, 1)));
            // And the vault that failed still reads the old secrets and can save again.
            QCOMPARE(read(vault, p.id).secrets, secretsNumbered(1));
            QVERIFY(update(vault, changed, secretsNumbered(3)).ok);
            QCOMPARE(read(vault, p.id).secrets, secretsNumbered(3));
        }
    }

    void lockedStoreKeepsEverything_data()
    {
        QTest::addColumn<StoreResult::Error>("error");
        QTest::newRow("locked") << StoreResult::Error::Locked;
        QTest::newRow("denied") << StoreResult::Error::AccessDenied;
        QTest::newRow("no backend") << StoreResult::Error::NoBackend;
    }

    void lockedStoreKeepsEverything()
    {
        QFETCH(StoreResult::Error, error);
        TempSettings file;
        MemorySecretStore memory;
        ScriptedSecretStore store(&memory);
        store.setPersistent(true);
        auto settings = file.open();
        const QString id = [&] {
            TokenVault vault(&store, settings.get(), &m_clock);
            return add(vault, sampleProfile(), secretsNumbered(1)).saved.id;
        }();
        const QByteArray metadataBefore = file.bytes();

        store.failAll(error);
        TokenVault vault(&store, settings.get(), &m_clock);
        vault.load();
        const ReadOutcome r = read(vault, id);
        QCOMPARE(r.result.error, error); // never "no token"
        QVERIFY(!r.result.message.isEmpty());
        QCOMPARE(r.secrets, ProfileSecrets());
        QVERIFY(vault.contains(id));
        QVERIFY(!update(vault, vault.profile(id), secretsNumbered(2)).ok);
        QVERIFY(!forget(vault, id).ok);
        QVERIFY(vault.contains(id));
        QCOMPARE(file.bytes(), metadataBefore);

        store.failAll(StoreResult::Error::None);
        const ReadOutcome healed = read(vault, id);
        QVERIFY(healed.result.ok());
        QCOMPARE(healed.secrets, secretsNumbered(1));
    }

    void forgetRemovesRecordsAndMetadata()
    {
        TempSettings file;
        MemorySecretStore memory;
        ScriptedSecretStore store(&memory);
        store.setPersistent(true);
        auto settings = file.open();
        TokenVault vault(&store, settings.get(), &m_clock);
        const Profile keep =
            add(vault, sampleProfile(QStringLiteral("Keep")), secretsNumbered(7)).saved;
        const Profile p = add(vault, sampleProfile(), secretsNumbered(1)).saved;
        QVERIFY(update(vault, p, secretsNumbered(2)).ok);
        // A leftover of an interrupted save (a generation ahead of the metadata).
        bool written = false;
        memory.write(TokenVault::recordKey(p.id, 3), "leftover",
                     [&](const StoreResult &) { written = true; });
        QTRY_VERIFY(written);

        QSignalSpy removed(&vault, &TokenVault::profileRemoved);
        const SaveOutcome f = forget(vault, p.id);
        QVERIFY2(f.ok, qPrintable(f.error));
        QCOMPARE(removed.count(), 1);
        QVERIFY(!vault.contains(p.id));
        QCOMPARE(memory.keys(), QStringList{TokenVault::recordKey(keep.id, 1)});
        QVERIFY(!file.bytes().contains(p.id.toLatin1()));
        QVERIFY(file.bytes().contains(keep.id.toLatin1()));
        auto settings2 = file.open();
        TokenVault again(&store, settings2.get(), &m_clock);
        again.load();
        QCOMPARE(again.profiles().size(), 1);
        QVERIFY(!forget(vault, p.id).ok); // no such profile any more
    }

    void labels_data()
    {
        QTest::addColumn<QStringList>("existing");
        QTest::addColumn<QString>("wanted");
        QTest::addColumn<QString>("expected");
        QTest::newRow("free") << QStringList{} << QStringLiteral("Station 41")
                              << QStringLiteral("Station 41");
        QTest::newRow("taken") << QStringList{QStringLiteral("Station 41")}
                               << QStringLiteral("Station 41") << QStringLiteral("Station 41 (2)");
        QTest::newRow("case-insensitive")
            << QStringList{QStringLiteral("station 41")} << QStringLiteral("Station 41")
            << QStringLiteral("Station 41 (2)");
        QTest::newRow("twice") << QStringList{QStringLiteral("A"), QStringLiteral("A (2)")}
                               << QStringLiteral("A") << QStringLiteral("A (3)");
        QTest::newRow("blank") << QStringList{} << QStringLiteral("  ")
                               << QStringLiteral("Profile");
        QTest::newRow("spaces") << QStringList{} << QStringLiteral(" Two  words ")
                                << QStringLiteral("Two words");
    }

    void labels()
    {
        QFETCH(QStringList, existing);
        QFETCH(QString, wanted);
        QFETCH(QString, expected);
        TempSettings file;
        MemorySecretStore store;
        auto settings = file.open();
        TokenVault vault(&store, settings.get(), &m_clock);
        for (const QString &label : existing)
            QVERIFY(add(vault, sampleProfile(label), secretsNumbered(1)).ok);
        QCOMPARE(vault.uniqueLabel(wanted), expected);
        // addProfile applies the same rule.
        if (!wanted.trimmed().isEmpty())
            QCOMPARE(add(vault, sampleProfile(wanted), secretsNumbered(2)).saved.label, expected);
    }

    void findAndRename()
    {
        TempSettings file;
        MemorySecretStore store;
        auto settings = file.open();
        TokenVault vault(&store, settings.get(), &m_clock);
        Profile a = sampleProfile(QStringLiteral("North"));
        Profile b = sampleProfile(QStringLiteral("South"));
        b.agencyId = QStringLiteral("999");
        b.agencyName = QStringLiteral("Shelbyville EMS");
        const QString idA = add(vault, a, secretsNumbered(1)).saved.id;
        const QString idB = add(vault, b, secretsNumbered(2)).saved.id;
        QCOMPARE(vault.find(QStringLiteral("north")), idA);
        QCOMPARE(vault.find(idB), idB);
        QCOMPARE(vault.find(QStringLiteral("999")), idB);
        QCOMPARE(vault.find(QStringLiteral("shelbyville ems")), idB);
        QCOMPARE(vault.find(QStringLiteral("Springfield Fire")), idA);
        QCOMPARE(vault.find(QStringLiteral("nobody")), QString());
        QCOMPARE(vault.profiles().first().id, idA); // sorted by label

        QString error;
        QVERIFY(!vault.rename(idA, QStringLiteral("SOUTH"), &error));
        QVERIFY(error.contains(QStringLiteral("already")));
        QVERIFY(!vault.rename(idA, QStringLiteral("   "), &error));
        QVERIFY(vault.rename(idA, QStringLiteral("Zulu"), &error));
        QCOMPARE(vault.profiles().last().id, idA);
        // Same agency in two profiles: the agency name is ambiguous, the label is not.
        add(vault, sampleProfile(QStringLiteral("Other")), secretsNumbered(3));
        QCOMPARE(vault.find(QStringLiteral("Springfield Fire")), QString());
        QCOMPARE(vault.find(QStringLiteral("zulu")), idA);
    }

    void sessionOnly()
    {
        TempSettings file;
        MemorySecretStore memory;
        ScriptedSecretStore keychain(&memory);
        keychain.setPersistent(true);
        auto settings = file.open();
        TokenVault vault(&keychain, settings.get(), &m_clock);
        QVERIFY(!vault.isSessionOnly());
        const Profile saved =
            add(vault, sampleProfile(QStringLiteral("In keychain")), secretsNumbered(1)).saved;
        const QByteArray metadataBefore = file.bytes();

        // Start-up found the keychain locked: secrets go to memory for this session.
        MemorySecretStore session;
        vault.setStore(&session);
        vault.setUnavailableReason(StoreResult::Error::Locked,
                                   QStringLiteral("The keyring is locked."));
        QVERIFY(vault.isSessionOnly());
        const ReadOutcome r = read(vault, saved.id);
        QCOMPARE(r.result.error, StoreResult::Error::Locked);
        QCOMPARE(r.result.message, QStringLiteral("The keyring is locked."));
        QVERIFY(!update(vault, saved, secretsNumbered(2)).ok);
        QVERIFY(!forget(vault, saved.id).ok);
        QVERIFY(session.keys().isEmpty());

        const SaveOutcome s =
            add(vault, sampleProfile(QStringLiteral("Session")), secretsNumbered(5));
        QVERIFY(s.ok);
        QCOMPARE(read(vault, s.saved.id).secrets, secretsNumbered(5));
        QVERIFY(update(vault, s.saved, secretsNumbered(6)).ok);
        QCOMPARE(read(vault, s.saved.id).secrets, secretsNumbered(6));
        QCOMPARE(vault.profiles().size(), 2);
        vault.load(); // a reload keeps session profiles
        QCOMPARE(vault.profiles().size(), 2);
        // Nothing of the session profile reaches the disk.
        QCOMPARE(file.bytes(), metadataBefore);
        QVERIFY(memory.keys() == QStringList{TokenVault::recordKey(saved.id, 1)});
        QVERIFY(forget(vault, s.saved.id).ok);
        QVERIFY(session.keys().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstTokenVault)
#include "tst_tokenvault.moc"
