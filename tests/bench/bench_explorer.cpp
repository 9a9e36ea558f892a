// Times the explorer pane on one API request: from send to the JSON tree painted,
// and the longest gap of the UI event loop meanwhile (a 2 ms timer ticking; a gap is
// the time between two ticks). Talks to a running replica (see bench_api.sh).
//
//   bench_explorer --console-url URL --api-url URL --refresh-token TOKEN [--path /alerts] [--runs
//   3]
//
// Prints one JSON line: {"runs":[{"ms":…,"stallMs":…,"bytes":…}],"medianMs":…,"maxStallMs":…}
#include "corecontext.h"
#include "explorerpane.h"
#include "tokenvault.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>

using namespace a911;

namespace {

/// Measures the longest gap between ticks of a fast timer while armed.
class StallMeter final : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(2);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (now - m_last > m_max) {
                m_max = now - m_last;
                m_maxAt = now;
                m_phaseAtMax = m_phase ? m_phase() : QString();
            }
            m_last = now;
        });
    }
    void start()
    {
        m_max = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    double stopMs()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_max = std::max(m_max, now - m_last);
        m_timer.stop();
        return double(m_max) / 1e6;
    }

    /// Names what the pane was doing (read when a new longest gap ends).
    std::function<QString()> m_phase;
    double maxEndMs() const { return double(m_maxAt) / 1e6; }
    QString phaseAtMax() const { return m_phaseAtMax; }

private:
    qint64 m_maxAt = 0;
    QString m_phaseAtMax;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_max = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser p;
    const QCommandLineOption console(QStringLiteral("console-url"), QStringLiteral("Console base."),
                                     QStringLiteral("URL"));
    const QCommandLineOption api(QStringLiteral("api-url"), QStringLiteral("API base."),
                                 QStringLiteral("URL"));
    const QCommandLineOption token(QStringLiteral("refresh-token"),
                                   QStringLiteral("Refresh token."), QStringLiteral("T"));
    const QCommandLineOption path(QStringLiteral("path"), QStringLiteral("Request path."),
                                  QStringLiteral("PATH"), QStringLiteral("/alerts"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs."),
                                  QStringLiteral("N"), QStringLiteral("3"));
    p.addOptions({console, api, token, path, runs});
    p.process(app);

    QTemporaryDir dir;
    CoreOptions o;
    o.sessionOnly = true;
    o.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
    ServiceUrls urls = ServiceUrls::defaults();
    urls.console = QUrl(p.value(console));
    urls.api = QUrl(p.value(api));
    urls.oauth = urls.console;
    o.urls = urls;
    CoreContext ctx(o);

    Profile profile;
    profile.label = QStringLiteral("Bench");
    profile.refreshIssued = QDateTime::currentDateTimeUtc();
    ProfileSecrets secrets;
    secrets.refreshToken = p.value(token);
    QString id;
    bool added = false;
    ctx.vault()->addProfile(
        profile, secrets, [&](bool ok, const QString &error, const Profile &saved) {
            added = true;
            id = saved.id;
            if (!ok)
                std::fprintf(stderr, "cannot add the profile: %s\n", qPrintable(error));
        });
    while (!added)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    if (id.isEmpty())
        return 1;

    ExplorerPane pane(&ctx);
    pane.setHistoryFile(dir.filePath(QStringLiteral("history.json")));
    pane.setProfile(id);
    pane.resize(1400, 900);
    pane.show();
    auto *pathEdit = pane.findChild<QLineEdit *>(QStringLiteral("pathEdit"));
    auto *tree = pane.findChild<QTreeView *>(QStringLiteral("jsonTree"));

    auto once = [&](const QString &target, double *stall) -> double {
        pathEdit->setText(target);
        StallMeter meter;
        auto *status = pane.findChild<QLabel *>(QStringLiteral("statusLabel"));
        meter.m_phase = [status] { return status->text().section(QLatin1Char(' '), 0, 1); };
        QEventLoop loop;
        QElapsedTimer t;
        double ms = 0;
        auto c = QObject::connect(&pane, &ExplorerPane::responseShown, &loop, [&] {
            tree->viewport()->repaint(); // the tree on screen, not just in the model
            ms = double(t.nsecsElapsed()) / 1e6;
            loop.quit();
        });
        meter.start();
        t.start();
        pane.send();
        loop.exec();
        QObject::disconnect(c);
        // Keep measuring a moment: releasing the previous tree must not stall either.
        QTimer::singleShot(100, &loop, &QEventLoop::quit);
        loop.exec();
        *stall = meter.stopMs();
        if (qEnvironmentVariableIsSet("A911_BENCH_VERBOSE"))
            std::fprintf(stderr,
                         "longest gap %.1f ms ending at %.1f ms (phase: %s), shown at %.1f ms\n",
                         *stall, meter.maxEndMs(), qPrintable(meter.phaseAtMax()), ms);
        return ms;
    };

    double warmStall = 0;
    once(QStringLiteral("/"), &warmStall); // fetches the access token
    QJsonArray results;
    QList<double> times;
    double maxStall = 0;
    QString message;
    for (int i = 0; i < p.value(runs).toInt(); ++i) {
        double stall = 0;
        const double ms = once(p.value(path), &stall);
        times << ms;
        maxStall = std::max(maxStall, stall);
        message = pane.messageText();
        results.append(QJsonObject{{QStringLiteral("ms"), ms}, {QStringLiteral("stallMs"), stall}});
    }
    std::sort(times.begin(), times.end());
    const QJsonObject out{
        {QStringLiteral("runs"), results},
        {QStringLiteral("medianMs"), times.isEmpty() ? 0.0 : times.at(times.size() / 2)},
        {QStringLiteral("maxStallMs"), maxStall},
        {QStringLiteral("status"), pane.findChild<QLabel *>(QStringLiteral("statusLabel"))->text()},
        {QStringLiteral("message"), message},
        {QStringLiteral("treeRows"), tree->model()->rowCount()}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
