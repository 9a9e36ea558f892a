// The decisions taken before Qt WebEngine may start: never as root with its sandbox
// on (the dialogs then offer only the system browser + paste route, and WebEngine is
// not even loaded), and never with remote debugging switched on from the command line
// or the environment. No WebEngine here: this test proves it stays out.
#include "browserloader.h"
#include "corecontext.h"
#include "generatedialog.h"
#include "registeredappdialog.h"
#include "testenv.h"

#include <QApplication>
#include <QDesktopServices>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace a911;
using a911::test::TempSettings;

namespace {

bool webEngineLoaded()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return false;
    const QByteArray all = maps.readAll();
    return all.contains("libQt6WebEngineCore") || all.contains("a911browser");
}

/// Puts an environment variable back as it was when the guard goes.
class EnvGuard final
{
public:
    explicit EnvGuard(const char *name)
        : m_name(name), m_wasSet(qEnvironmentVariableIsSet(name)), m_value(qgetenv(name))
    {
    }
    ~EnvGuard()
    {
        if (m_wasSet)
            qputenv(m_name, m_value);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_wasSet;
    QByteArray m_value;
};

} // namespace

/// Catches what would go to the system browser.
class UrlCatcher final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls << url; }
};

class TstBrowserGuard final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void blocker_data();
    void blocker();
    void chromiumSwitches_data();
    void chromiumSwitches();
    void withoutRemoteDebugging_data();
    void withoutRemoteDebugging();
    void disableRemoteDebuggingSetsTheVariable();
    void rootWithoutSandboxVariable();
    void cleanupTestCase();

private:
    TempSettings m_settings;
    CoreContext *m_ctx = nullptr;
};

void TstBrowserGuard::initTestCase()
{
    A911_REQUIRE_THROWAWAY_ENV();
    CoreOptions o;
    o.settingsFile = m_settings.path();
    o.sessionOnly = true;
    o.urls = ServiceUrls::forOrigin(QUrl(QStringLiteral("http://127.0.0.1:9")));
    m_ctx = new CoreContext(o, this);
}

void TstBrowserGuard::cleanupTestCase()
{
    // Nothing in this test may have pulled WebEngine in.
    QVERIFY(!webEngineLoaded());
}

void TstBrowserGuard::blocker_data()
{
    QTest::addColumn<bool>("root");
    QTest::addColumn<bool>("sandboxOff");
    QTest::addColumn<bool>("blocked");
    QTest::newRow("user") << false << false << false;
    QTest::newRow("user, sandbox off") << false << true << false;
    QTest::newRow("root") << true << false << true;
    QTest::newRow("root, sandbox off by the user") << true << true << false;
}

void TstBrowserGuard::blocker()
{
    QFETCH(bool, root);
    QFETCH(bool, sandboxOff);
    QFETCH(bool, blocked);
    const QString why = embeddedBrowserBlocker(root, sandboxOff);
    QCOMPARE(!why.isEmpty(), blocked);
    if (blocked)
        QCOMPARE(why, QStringLiteral("The embedded browser cannot run as the root user; run "
                                     "a911desk as your normal user, or use your own browser "
                                     "below."));
}

void TstBrowserGuard::chromiumSwitches_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("envSet");
    QTest::addColumn<QString>("env");
    QTest::addColumn<QStringList>("expected");
    const QString app = QStringLiteral("a911desk");
    QTest::newRow("nothing") << QStringList{app} << false << QString() << QStringList();
    // Without --webEngineArgs WebEngine takes nothing from the command line.
    QTest::newRow("app options only")
        << QStringList{app, QStringLiteral("--demo"), QStringLiteral("--remote-debugging-port=9222")}
        << false << QString() << QStringList();
    QTest::newRow("after --webEngineArgs")
        << QStringList{app, QStringLiteral("--demo"), QStringLiteral("--webEngineArgs"),
                       QStringLiteral("--remote-debugging-port=9222"), QStringLiteral("--lang=de")}
        << false << QString()
        << QStringList{QStringLiteral("--remote-debugging-port=9222"), QStringLiteral("--lang=de")};
    QTest::newRow("the variable wins")
        << QStringList{app, QStringLiteral("--webEngineArgs"), QStringLiteral("--lang=de")} << true
        << QStringLiteral("  --no-sandbox \"--user-agent=a b\"  ")
        << QStringList{QStringLiteral("--no-sandbox"), QStringLiteral("--user-agent=a b")};
    QTest::newRow("set but empty")
        << QStringList{app, QStringLiteral("--webEngineArgs"), QStringLiteral("--lang=de")} << true
        << QString() << QStringList();
}

void TstBrowserGuard::chromiumSwitches()
{
    QFETCH(QStringList, args);
    QFETCH(bool, envSet);
    QFETCH(QString, env);
    QFETCH(QStringList, expected);
    QCOMPARE(a911::chromiumSwitches(args, envSet ? std::optional<QString>(env) : std::nullopt),
             expected);
}

void TstBrowserGuard::withoutRemoteDebugging_data()
{
    QTest::addColumn<QStringList>("switches");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << QStringList() << QString();
    QTest::newRow("port") << QStringList{QStringLiteral("--remote-debugging-port=9222")} << QString();
    QTest::newRow("pipe and others")
        << QStringList{QStringLiteral("--lang=de"), QStringLiteral("--remote-debugging-pipe"),
                       QStringLiteral("--disable-gpu")}
        << QStringLiteral("--lang=de --disable-gpu");
    QTest::newRow("single dash, address, origins")
        << QStringList{QStringLiteral("-remote-debugging-port=1"),
                       QStringLiteral("--remote-debugging-address=0.0.0.0"),
                       QStringLiteral("--remote-allow-origins=*"), QStringLiteral("--no-sandbox")}
        << QStringLiteral("--no-sandbox");
    QTest::newRow("windows style, any case")
        << QStringList{QStringLiteral("/Remote-Debugging-Port=1"), QStringLiteral("--lang=fr")}
        << QStringLiteral("--lang=fr");
    QTest::newRow("spaces stay together")
        << QStringList{QStringLiteral("--user-agent=a b")} << QStringLiteral("\"--user-agent=a b\"");
    // Not a debugging switch, just similar.
    QTest::newRow("look-alike kept")
        << QStringList{QStringLiteral("--remote-fonts")} << QStringLiteral("--remote-fonts");
}

void TstBrowserGuard::withoutRemoteDebugging()
{
    QFETCH(QStringList, switches);
    QFETCH(QString, expected);
    const QString cleaned = chromiumFlagsWithoutRemoteDebugging(switches);
    QCOMPARE(cleaned, expected);
    // What WebEngine will read back from the variable.
    QVERIFY(!a911::chromiumSwitches({}, cleaned).join(QLatin1Char(' ')).contains(
        QLatin1String("remote-debugging")));
}

void TstBrowserGuard::disableRemoteDebuggingSetsTheVariable()
{
    EnvGuard flags("QTWEBENGINE_CHROMIUM_FLAGS");
    EnvGuard remote("QTWEBENGINE_REMOTE_DEBUGGING");
    qputenv("QTWEBENGINE_CHROMIUM_FLAGS", "--remote-debugging-port=9222 --lang=de");
    qputenv("QTWEBENGINE_REMOTE_DEBUGGING", "9223");
    disableRemoteDebugging();
    QCOMPARE(qgetenv("QTWEBENGINE_CHROMIUM_FLAGS"), QByteArray("--lang=de"));
    QVERIFY(!qEnvironmentVariableIsSet("QTWEBENGINE_REMOTE_DEBUGGING"));

    // Unset: it becomes set (to nothing), so WebEngine ignores the command line.
    qunsetenv("QTWEBENGINE_CHROMIUM_FLAGS");
    disableRemoteDebugging();
    QVERIFY(qEnvironmentVariableIsSet("QTWEBENGINE_CHROMIUM_FLAGS"));
    QVERIFY(a911::chromiumSwitches(QCoreApplication::arguments(),
                                   qEnvironmentVariable("QTWEBENGINE_CHROMIUM_FLAGS"))
                .isEmpty());
}

void TstBrowserGuard::rootWithoutSandboxVariable()
{
#ifdef Q_OS_UNIX
    if (::geteuid() != 0)
        QSKIP("only meaningful as root (the table above covers the decision)");
#else
    QSKIP("Unix only");
#endif
    EnvGuard sandbox("QTWEBENGINE_DISABLE_SANDBOX");
    EnvGuard flags("QTWEBENGINE_CHROMIUM_FLAGS");
    // With the variable (as ctest runs us) the browser may start...
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QVERIFY(embeddedBrowserBlocker().isEmpty());
    // ...or with --no-sandbox among the user's own Chromium switches.
    qunsetenv("QTWEBENGINE_DISABLE_SANDBOX");
    qputenv("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox");
    QVERIFY(embeddedBrowserBlocker().isEmpty());
    // The shipped program as root: neither.
    qunsetenv("QTWEBENGINE_CHROMIUM_FLAGS");
    const QString why = embeddedBrowserBlocker();
    QVERIFY(why.contains(QLatin1String("cannot run as the root user")));
#ifndef A911_HAVE_WEBENGINE
    QSKIP("built without WebEngine: the dialogs never offer the embedded browser");
#endif

    // The loader refuses before loading anything of WebEngine.
    QString loaderWhy;
    QVERIFY(!loadBrowserPlugin(&loaderWhy));
    QCOMPARE(loaderWhy, why);
    QVERIFY(!webEngineLoaded());

    // Generate tokens: one sentence on the first page, no embedded route, the system
    // browser + paste route offered.
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &catcher, "open");
    {
        GenerateDialog dialog(m_ctx, {});
        dialog.show();
        QVERIFY(!dialog.embeddedBrowserAvailable());
        QVERIFY(dialog.statusText().contains(why));
        auto *embedded = dialog.findChild<QPushButton *>(QStringLiteral("continueEmbedded"));
        QVERIFY(embedded && !embedded->isVisible());
        auto *system = dialog.findChild<QPushButton *>(QStringLiteral("openSystemBrowser"));
        QVERIFY(system && system->isVisible() && system->isEnabled());
        system->click();
        QCOMPARE(catcher.urls.size(), 1);
        QCOMPARE(catcher.urls.first(), m_ctx->urls().oauthGenPage());
        QTRY_VERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("pasteText"))->isVisible());
        QVERIFY(!dialog.browserPane());
    }
    // Add a registered app: only the system browser.
    {
        RegisteredAppDialog dialog(m_ctx);
        dialog.show();
        auto *embedded = dialog.findChild<QRadioButton *>(QStringLiteral("signInEmbedded"));
        auto *system = dialog.findChild<QRadioButton *>(QStringLiteral("signInSystemBrowser"));
        QVERIFY(embedded && system);
        QVERIFY(!embedded->isEnabled());
        QVERIFY(system->isChecked());
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("browserBlockedNote"));
        QVERIFY(note && note->isVisible());
        QCOMPARE(note->text(), why);
    }
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
    QVERIFY(!webEngineLoaded());
}

QTEST_MAIN(TstBrowserGuard)
#include "tst_browserguard.moc"
