// Each probe state: working and locked in-process against the throwaway keyring; no
// secret service and no D-Bus in a child process (vault_helper) with its own bus.
#include "storeprobe.h"
#include "testenv.h"

#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace a911;

namespace {
const QString kService = QStringLiteral("a911desk-test-probe");

// What the child prints: the status name, then (stderr) the detail.
QString runHelper(const QString &program, const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return QStringLiteral("<timeout>");
    }
    const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        qWarning("helper failed: %s", p.readAllStandardError().constData());
    return out.split(QLatin1Char('\n')).constLast();
}
} // namespace

class TstStoreProbe final : public QObject
{
    Q_OBJECT

    static StoreStatus probe()
    {
        StoreProbe p(kService);
        p.start();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(p.status() != StoreStatus::Unknown, 25000); }();
        return p.status();
    }

private Q_SLOTS:
    void initTestCase() { A911_REQUIRE_THROWAWAY_ENV(); }

    void messagesAreDistinct()
    {
        const QList<StoreStatus> all = {StoreStatus::Working,         StoreStatus::NoDBusSession,
                                        StoreStatus::NoSecretService, StoreStatus::Locked,
                                        StoreStatus::AccessDenied,    StoreStatus::Failed};
        QSet<QString> messages, advice, names;
        for (StoreStatus s : all) {
            QVERIFY(!StoreProbe::message(s).isEmpty());
            QVERIFY(!StoreProbe::advice(s).isEmpty());
            messages.insert(StoreProbe::message(s));
            advice.insert(StoreProbe::advice(s));
            names.insert(StoreProbe::statusName(s));
        }
        QCOMPARE(messages.size(), all.size());
        QCOMPARE(advice.size(), all.size());
        QCOMPARE(names.size(), all.size());
        QVERIFY(StoreProbe::advice(StoreStatus::Locked).contains(QStringLiteral("Unlock")));
    }

    void working()
    {
        StoreProbe p(kService);
        QSignalSpy finished(&p, &StoreProbe::finished);
        p.start();
        QVERIFY(finished.wait(25000));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().value<StoreStatus>(), StoreStatus::Working);
        QCOMPARE(p.status(), StoreStatus::Working);
    }

    void locked()
    {
        QString error;
        QVERIFY2(a911::test::keyring::lockDefault(&error), qPrintable(error));
        const StoreStatus s = probe();
        QVERIFY2(a911::test::keyring::unlockDefault(&error), qPrintable(error));
        QCOMPARE(s, StoreStatus::Locked);
        QCOMPARE(probe(), StoreStatus::Working); // and back
    }

    void noSecretService()
    {
        // A bus of our own without service activation: nothing owns or can start
        // org.freedesktop.secrets there.
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("session.conf"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
            "<busconfig><type>session</type><listen>unix:tmpdir=" +
            dir.path().toUtf8() +
            "</listen><auth>EXTERNAL</auth><policy context=\"default\">"
            "<allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/>"
            "<allow own=\"*\"/></policy></busconfig>\n");
        f.close();
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        env.remove(QStringLiteral("GNOME_KEYRING_CONTROL"));
        const QString status =
            runHelper(QStringLiteral("dbus-run-session"),
                      {QStringLiteral("--config-file=") + config, QStringLiteral("--"),
                       QStringLiteral(A911_VAULT_HELPER), QStringLiteral("probe"), kService},
                      env);
        QCOMPARE(status, StoreProbe::statusName(StoreStatus::NoSecretService));
    }

    void noDBus()
    {
        QTemporaryDir dir;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-such-socket")));
        const QString status =
            runHelper(QStringLiteral(A911_VAULT_HELPER), {QStringLiteral("probe"), kService}, env);
        QCOMPARE(status, StoreProbe::statusName(StoreStatus::NoDBusSession));
    }

    void workingInChild()
    {
        // The same helper in our own session says "working": the two above are not
        // artefacts of the child process.
        QCOMPARE(runHelper(QStringLiteral(A911_VAULT_HELPER), {QStringLiteral("probe"), kService},
                           QProcessEnvironment::systemEnvironment()),
                 StoreProbe::statusName(StoreStatus::Working));
    }
};

QTEST_GUILESS_MAIN(TstStoreProbe)
#include "tst_storeprobe.moc"
