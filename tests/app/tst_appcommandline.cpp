// The a911desk binary as a user starts it: --version, --help, usage errors, and the
// demo mode (an in-process replica with seeded profiles that the CLI can use too).
#include "testenv.h"

#include <QProcess>
#include <QTest>

namespace {

QString binary() { return qEnvironmentVariable("A911_BINARY"); }

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(binary(), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestAppCommandLine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        A911_REQUIRE_THROWAWAY_ENV();
        QVERIFY2(!binary().isEmpty(), "A911_BINARY is not set (run through ctest)");
    }

    void versionAndHelp()
    {
        const Run version = run({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("a911desk "));

        const Run help = run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *word : {"--demo", "generate", "token", "replica", "--color-scheme"})
            QVERIFY2(help.out.contains(word), word);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--no-such-option")};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("scopes without generate")
            << QStringList{QStringLiteral("--scopes"), QStringLiteral("read_alert")};
        QTest::newRow("unknown scope")
            << QStringList{QStringLiteral("generate"), QStringLiteral("--scopes"),
                           QStringLiteral("read_everything")};
        QTest::newRow("plain http to a remote host")
            << QStringList{QStringLiteral("--api-url"), QStringLiteral("http://example.org/api/")};
        QTest::newRow("bad color scheme")
            << QStringList{QStringLiteral("--color-scheme"), QStringLiteral("purple")};
        QTest::newRow("demo with urls")
            << QStringList{QStringLiteral("--demo"), QStringLiteral("--api-url"),
                           QStringLiteral("https://example.org/api/")};
        QTest::newRow("cli: unknown option")
            << QStringList{QStringLiteral("token"), QStringLiteral("--bogus")};
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(!r.err.isEmpty(), "a usage error says what is wrong");
        QVERIFY(r.out.isEmpty());
    }

    // `a911desk --demo` seeds profiles on its own replica; while it runs, the CLI's
    // --demo sees them and gets tokens; real (non-demo) profiles stay empty.
    void demoModeSeedsProfilesTheCliCanUse()
    {
        QProcess app;
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(binary(), {QStringLiteral("--demo")});
        QVERIFY(app.waitForStarted());

        Run profiles;
        QTRY_VERIFY_WITH_TIMEOUT(
            (profiles = run({QStringLiteral("profiles"), QStringLiteral("--demo"),
                             QStringLiteral("--json")}),
             profiles.out.count("\"agencyId\"") == 3),
            30000);
        QCOMPARE(profiles.exitCode, 0);
        QVERIFY(profiles.out.contains("North Valley Fire & Rescue (alerts script)"));

        const Run token = run({QStringLiteral("token"), QStringLiteral("--demo"),
                               QStringLiteral("--profile"), QStringLiteral("Lakeshore County EMS")});
        QCOMPARE(token.exitCode, 0);
        QVERIFY(token.out.trimmed().size() >= 20);

        const Run api = run({QStringLiteral("api"), QStringLiteral("--demo"), QStringLiteral("--profile"),
                             QStringLiteral("Lakeshore County EMS"), QStringLiteral("GET"),
                             QStringLiteral("/")});
        QCOMPARE(api.exitCode, 0);
        QVERIFY(api.out.contains("\"Lakeshore County EMS\""));

        const Run real = run({QStringLiteral("profiles"), QStringLiteral("--json")});
        QCOMPARE(real.exitCode, 0);
        QVERIFY2(!real.out.contains("agencyId"), "demo profiles must not appear among real ones");

        app.terminate();
        QVERIFY(app.waitForFinished(15000));
    }
};

QTEST_GUILESS_MAIN(TestAppCommandLine)
#include "tst_appcommandline.moc"
