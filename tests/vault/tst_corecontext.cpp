// CoreContext wiring: settings file, demo service name, URLs remembered, and the
// probe deciding between the keychain and session-only mode.
#include "corecontext.h"
#include "testenv.h"
#include "tokenvault.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace a911;

class TstCoreContext final : public QObject
{
    Q_OBJECT

    static StoreStatus probe(CoreContext &ctx)
    {
        std::optional<StoreStatus> got;
        ctx.probeStore([&](StoreStatus s) { got = s; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 25000); }();
        return got.value_or(StoreStatus::Unknown);
    }

private Q_SLOTS:
    void initTestCase() { A911_REQUIRE_THROWAWAY_ENV(); }

    void wiring()
    {
        a911::test::TempSettings file;
        CoreOptions o;
        o.settingsFile = file.path();
        o.urls = ServiceUrls::forOrigin(QUrl(QStringLiteral("http://127.0.0.1:4711")));
        ManualClock clock;
        o.clock = &clock;
        CoreContext ctx(o);
        QCOMPARE(ctx.keychainService(), QStringLiteral("a911desk"));
        QCOMPARE(ctx.clock(), &clock);
        QVERIFY(ctx.network() && ctx.vault() && ctx.refreshClient() && ctx.keeper() && ctx.api());
        QCOMPARE(ctx.urls(), *o.urls);
        QCOMPARE(ctx.settings()->fileName(), file.path());
        QVERIFY(file.bytes().contains("4711")); // remembered

        QSignalSpy changed(&ctx, &CoreContext::urlsChanged);
        const ServiceUrls other =
            ServiceUrls::forOrigin(QUrl(QStringLiteral("http://127.0.0.1:4712")));
        ctx.setUrls(other);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(ctx.urls(), other);
        QVERIFY(file.bytes().contains("4712"));
        // A later start without URLs on the command line uses the remembered ones.
        CoreOptions again;
        again.settingsFile = file.path();
        CoreContext ctx2(again);
        QCOMPARE(ctx2.urls(), other);

        CoreOptions demo;
        demo.demo = true;
        demo.sessionOnly = true;
        demo.settingsFile = file.path();
        CoreContext d(demo);
        QCOMPARE(d.keychainService(), QStringLiteral("a911desk-demo"));
        QVERIFY(d.isDemo());
    }

    void demoSettingsAreSeparate()
    {
        CoreOptions normal;
        normal.sessionOnly = true;
        CoreOptions demo = normal;
        demo.demo = true;
        CoreContext a(normal), b(demo);
        QVERIFY(a.settings()->fileName() != b.settings()->fileName());
        QVERIFY(b.settings()->fileName().contains(QStringLiteral("a911desk-demo")));
        // And both inside the throwaway XDG config folder.
        QVERIFY(a.settings()->fileName().startsWith(qEnvironmentVariable("XDG_CONFIG_HOME")));
    }

    void probeWorkingUsesKeychain()
    {
        a911::test::TempSettings file;
        CoreOptions o;
        o.settingsFile = file.path();
        CoreContext ctx(o);
        QSignalSpy status(&ctx, &CoreContext::storeStatusChanged);
        QCOMPARE(probe(ctx), StoreStatus::Working);
        QCOMPARE(ctx.storeStatus(), StoreStatus::Working);
        QCOMPARE(status.count(), 1);
        QVERIFY(!ctx.vault()->isSessionOnly());
        QVERIFY(ctx.vault()->store()->isPersistent());
    }

    void probeLockedGoesSessionOnly()
    {
        a911::test::TempSettings file;
        CoreOptions o;
        o.settingsFile = file.path();
        CoreContext ctx(o);
        QString error;
        QVERIFY2(a911::test::keyring::lockDefault(&error), qPrintable(error));
        const StoreStatus s = probe(ctx);
        QVERIFY2(a911::test::keyring::unlockDefault(&error), qPrintable(error));
        QCOMPARE(s, StoreStatus::Locked);
        QCOMPARE(ctx.storeStatus(), StoreStatus::Locked);
        QVERIFY(ctx.vault()->isSessionOnly());

        // Session-only still works: a profile lives in memory, nothing on disk.
        bool ok = false;
        Profile p;
        p.label = QStringLiteral("Session");
        ctx.vault()->addProfile(p, {QStringLiteral("SOrefresh"), QStringLiteral("SOaccess"), {}},
                                [&](bool okay, const QString &, const Profile &) { ok = okay; });
        QTRY_VERIFY(ok);
        QCOMPARE(ctx.vault()->profiles().size(), 1);
        QVERIFY(!file.bytes().contains("Session"));
    }

    void sessionOnlySkipsProbe()
    {
        a911::test::TempSettings file;
        CoreOptions o;
        o.settingsFile = file.path();
        o.sessionOnly = true;
        CoreContext ctx(o);
        QVERIFY(ctx.vault()->isSessionOnly());
        QCOMPARE(probe(ctx), StoreStatus::Unknown);
        QVERIFY(ctx.vault()->isSessionOnly());
    }
};

QTEST_GUILESS_MAIN(TstCoreContext)
#include "tst_corecontext.moc"
