// The yardstick for a911desk's start-up: the smallest Qt Widgets main window, built
// with the same Qt, reporting its first paint the way a911desk does in bench mode.
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QTextStream>
#include <QTimer>

namespace {
qint64 procStatusKb(const QByteArray &field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

class PaintWatcher final : public QObject
{
public:
    explicit PaintWatcher(bool exitAfter) : m_exit(exitAfter) {}
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (e->type() == QEvent::Paint && !m_done) {
            m_done = true;
            QTimer::singleShot(0, this, [this] {
                QTextStream(stdout) << "A911_BENCH_SHOWN rss_kb=" << procStatusKb("VmRSS")
                                    << " hwm_kb=" << procStatusKb("VmHWM") << Qt::endl;
                if (m_exit)
                    QCoreApplication::quit();
            });
        }
        return QObject::eventFilter(o, e);
    }

private:
    bool m_exit;
    bool m_done = false;
};
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const bool exitAfter = app.arguments().contains(QStringLiteral("--bench-exit-after-show"));
    QMainWindow w;
    w.setWindowTitle(QStringLiteral("minimal"));
    w.setCentralWidget(new QLabel(QStringLiteral("Hello"), &w));
    w.resize(800, 500);
    PaintWatcher watcher(exitAfter);
    w.installEventFilter(&watcher);
    w.show();
    return app.exec();
}
