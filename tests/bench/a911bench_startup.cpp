// Start-up time to the first painted window and resident memory of a911desk with ten
// profiles, beside a minimal Qt Widgets window built with the same Qt; then the idle
// CPU of both over a minute. Prints a table (docs/benchmarks.md, "Main window").
//
//   scripts/with-test-env.sh build/tests/bench/a911bench_startup [--runs 7] [--idle-secs 60]
//
// a911desk runs with the hidden options --bench-settings FILE (that settings file,
// session-only: no keychain) and --bench-exit-after-show / --bench-report-shown, which
// print "A911_BENCH_SHOWN rss_kb=… hwm_kb=…" once the window has painted.
#include "clock.h"
#include "profile.h"
#include "secretstore.h"
#include "tokenvault.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QDeadlineTimer>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <unistd.h>

using namespace a911;

namespace {

QTextStream out(stdout);

struct Sample
{
    double ms = 0;
    qint64 rssKb = 0;
    qint64 hwmKb = 0;
    bool ok = false;
};

QProcessEnvironment childEnv(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    return env;
}

bool parseShown(const QByteArray &line, Sample *s)
{
    if (!line.startsWith("A911_BENCH_SHOWN"))
        return false;
    const QList<QByteArray> parts = line.trimmed().split(' ');
    for (const QByteArray &p : parts) {
        if (p.startsWith("rss_kb="))
            s->rssKb = p.mid(7).toLongLong();
        else if (p.startsWith("hwm_kb="))
            s->hwmKb = p.mid(7).toLongLong();
    }
    return true;
}

/// Starts the program, waits for its "shown" line; the process is left running when
/// keepRunning (the caller kills it), else waited for.
Sample launch(QProcess &proc, const QString &program, const QStringList &args,
              const QProcessEnvironment &env, bool keepRunning)
{
    Sample s;
    proc.setProcessEnvironment(env);
    proc.setProcessChannelMode(QProcess::SeparateChannels);
    proc.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer t;
    t.start();
    proc.start(program, args);
    if (!proc.waitForStarted(10000))
        return s;
    QByteArray buffer;
    while (t.elapsed() < 30000) {
        if (!proc.waitForReadyRead(30000 - int(t.elapsed())))
            break;
        buffer += proc.readAllStandardOutput();
        int nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
            const QByteArray line = buffer.left(nl);
            buffer.remove(0, nl + 1);
            if (parseShown(line, &s)) {
                s.ms = double(t.nsecsElapsed()) / 1e6;
                s.ok = true;
                break;
            }
        }
        if (s.ok)
            break;
    }
    if (!keepRunning && !proc.waitForFinished(10000)) {
        proc.kill();
        proc.waitForFinished();
    }
    return s;
}

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const int n = int(v.size());
    return n % 2 ? v.at(n / 2) : (v.at(n / 2 - 1) + v.at(n / 2)) / 2;
}

qint64 cpuTicks(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return fields.value(11).toLongLong() + fields.value(12).toLongLong();
}

/// Claims to be persistent so that the vault records the profiles in the settings (as
/// keychain profiles); the secrets themselves go nowhere. a911desk then runs
/// session-only and shows these profiles the way it does when the keychain is away.
class ThrowawayKeychain final : public SecretStore
{
public:
    void read(const QString &key, Callback done) override { m_mem.read(key, std::move(done)); }
    void write(const QString &key, const QByteArray &data, Callback done) override
    {
        m_mem.write(key, data, std::move(done));
    }
    void remove(const QString &key, Callback done) override { m_mem.remove(key, std::move(done)); }
    bool isPersistent() const override { return true; }

private:
    MemorySecretStore m_mem;
};

/// Ten profiles through the real vault, so the settings file has the vault's own format.
bool writeTenProfiles(const QString &settingsFile)
{
    QSettings settings(settingsFile, QSettings::IniFormat);
    SystemClock clock;
    ThrowawayKeychain store;
    TokenVault vault(&store, &settings, &clock);
    int pending = 10;
    bool allOk = true;
    const QDateTime now = clock.now();
    for (int i = 0; i < 10; ++i) {
        Profile p;
        p.label = QStringLiteral("Station %1").arg(41 + i);
        p.agencyId = QString::number(1000 + i);
        p.agencyName = QStringLiteral("Bench County Fire District %1").arg(i + 1);
        p.scopes = allScopes().mid(0, 2 + i % 5);
        p.accessExpiry = now.addSecs(3600 * (i + 2));
        p.refreshIssued = now.addDays(-(i * 35));
        ProfileSecrets s;
        s.refreshToken = QStringLiteral("bench-refresh-%1-0123456789abcdef").arg(i);
        s.accessToken = QStringLiteral("bench-access-%1-0123456789abcdef").arg(i);
        vault.addProfile(p, s, [&](bool ok, const QString &, const Profile &) {
            allOk &= ok;
            --pending;
        });
    }
    QDeadlineTimer deadline(10000);
    while (pending > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (pending > 0)
        return false;
    settings.sync();
    QSettings check(settingsFile, QSettings::IniFormat);
    check.beginGroup(QStringLiteral("profiles"));
    return allOk && check.childGroups().size() == 10;
}

QString fmt(double v, int prec = 1)
{
    return QString::number(v, 'f', prec);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("a911desk start-up, memory and idle CPU"));
    parser.addHelpOption();
    QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("Runs per program."),
                               QStringLiteral("n"), QStringLiteral("7"));
    QCommandLineOption idleOpt(QStringLiteral("idle-secs"), QStringLiteral("Idle CPU window."),
                               QStringLiteral("s"), QStringLiteral("60"));
    QCommandLineOption appOpt(QStringLiteral("app"), QStringLiteral("a911desk binary."),
                              QStringLiteral("path"), QStringLiteral(A911_DESK_PATH));
    QCommandLineOption minOpt(QStringLiteral("minimal"), QStringLiteral("Minimal window binary."),
                              QStringLiteral("path"), QStringLiteral(A911_MINIMAL_PATH));
    QCommandLineOption writeOpt(QStringLiteral("write-settings"),
                                QStringLiteral("Only write the ten-profile settings file "
                                               "(for screenshots) and exit."),
                                QStringLiteral("file"));
    parser.addOptions({runsOpt, idleOpt, appOpt, minOpt, writeOpt});
    parser.process(app);
    if (parser.isSet(writeOpt))
        return writeTenProfiles(parser.value(writeOpt)) ? 0 : 1;
    const int runs = std::max(1, parser.value(runsOpt).toInt());
    const int idleSecs = std::max(5, parser.value(idleOpt).toInt());
    const QString desk = parser.value(appOpt);
    const QString minimal = parser.value(minOpt);

    QTemporaryDir tmp;
    const QString home = tmp.filePath(QStringLiteral("home"));
    QDir().mkpath(home + QStringLiteral("/.config"));
    const QString settingsFile = tmp.filePath(QStringLiteral("bench.ini"));
    if (!writeTenProfiles(settingsFile)) {
        out << "could not write the ten bench profiles\n";
        return 1;
    }
    const QProcessEnvironment env = childEnv(home);
    const QStringList deskArgs = {QStringLiteral("--bench-settings"), settingsFile,
                                  QStringLiteral("--bench-exit-after-show")};
    const QStringList minArgs = {QStringLiteral("--bench-exit-after-show")};

    // One warm-up each (page cache, fontconfig cache), then interleaved runs.
    QList<double> deskMs, minMs, deskRss, minRss, deskHwm, minHwm;
    for (int i = -1; i < runs; ++i) {
        QProcess a, b;
        const Sample d = launch(a, desk, deskArgs, env, false);
        const Sample m = launch(b, minimal, minArgs, env, false);
        if (!d.ok || !m.ok) {
            out << "run " << i << ": " << (d.ok ? "" : "a911desk ") << (m.ok ? "" : "minimal ")
                << "did not report a shown window\n";
            return 1;
        }
        if (i < 0)
            continue;
        deskMs << d.ms;
        minMs << m.ms;
        deskRss << double(d.rssKb) / 1024;
        minRss << double(m.rssKb) / 1024;
        deskHwm << double(d.hwmKb) / 1024;
        minHwm << double(m.hwmKb) / 1024;
    }

    // Idle CPU: both windows shown side by side for the same minute.
    QProcess idleDesk, idleMin;
    const Sample d = launch(idleDesk, desk,
                            {QStringLiteral("--bench-settings"), settingsFile,
                             QStringLiteral("--bench-report-shown")},
                            env, true);
    const Sample m = launch(idleMin, minimal, {}, env, true);
    double deskCpu = -1, minCpu = -1;
    if (d.ok && m.ok) {
        QThread::sleep(3); // let start-up work (timers, first refresh checks) settle
        const qint64 d0 = cpuTicks(idleDesk.processId()), m0 = cpuTicks(idleMin.processId());
        QElapsedTimer t;
        t.start();
        QThread::sleep(static_cast<unsigned long>(idleSecs));
        const qint64 d1 = cpuTicks(idleDesk.processId()), m1 = cpuTicks(idleMin.processId());
        const double secs = double(t.elapsed()) / 1000;
        const double hz = double(sysconf(_SC_CLK_TCK));
        deskCpu = 100.0 * double(d1 - d0) / hz / secs;
        minCpu = 100.0 * double(m1 - m0) / hz / secs;
    }
    for (QProcess *p : {&idleDesk, &idleMin}) {
        p->kill();
        p->waitForFinished();
    }

    const double ms = median(deskMs), mms = median(minMs);
    const double rss = median(deskRss), mrss = median(minRss);
    const double hwm = median(deskHwm), mhwm = median(minHwm);
    out << "a911desk start-up benchmark: " << runs << " runs each (median), ten profiles, "
        << "idle CPU over " << idleSecs << " s\n\n";
    out << "| measure                         | a911desk | minimal | ratio | aim    |\n";
    out << "|---------------------------------|---------:|--------:|------:|--------|\n";
    out << "| start-up to first paint (ms)    | " << fmt(ms) << " | " << fmt(mms) << " | "
        << fmt(ms / mms, 2) << " | ≤ 2×  " << (ms <= 2 * mms ? "✓" : "✗") << " |\n";
    out << "| resident memory VmRSS (MiB)     | " << fmt(rss) << " | " << fmt(mrss) << " | "
        << fmt(rss / mrss, 2) << " | ≤ 1.5× " << (rss <= 1.5 * mrss ? "✓" : "✗") << " |\n";
    out << "| peak resident VmHWM (MiB)       | " << fmt(hwm) << " | " << fmt(mhwm) << " | "
        << fmt(hwm / mhwm, 2) << " |        |\n";
    out << "| idle CPU, % of one core         | " << fmt(deskCpu, 3) << " | " << fmt(minCpu, 3)
        << " |       | < 0.5 " << (deskCpu >= 0 && deskCpu < 0.5 ? "✓" : "✗") << " |\n";
    out << "\nstart-up runs a911desk (ms):";
    for (double v : deskMs)
        out << ' ' << fmt(v);
    out << "\nstart-up runs minimal (ms): ";
    for (double v : minMs)
        out << ' ' << fmt(v);
    out << '\n';
    return 0;
}
