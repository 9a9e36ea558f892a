#include "desktopshell.h"

#include "clipboardguard.h"
#include "corecontext.h"
#include "logging.h"
#include "mainwindow.h"
#include "profilelistmodel.h"
#include "settingsdialog.h"
#include "tokenkeeper.h"
#include "traycontroller.h"

#include <QApplication>
#include <QFile>
#include <QTextStream>
#include <QTimer>

namespace a911 {

namespace {
// Resident memory from /proc (Linux); 0 elsewhere. Only the benchmark asks.
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
} // namespace

DesktopShell::DesktopShell(CoreContext *ctx, QObject *parent)
    : QObject(parent)
    , m_ctx(ctx)
    , m_guard(new ClipboardGuard(ctx->clock(), this))
    , m_window(new MainWindow(ctx))
    , m_tray(new TrayController(ctx, m_guard, this))
{
    m_window->setClipboardGuard(m_guard);
    m_tray->setWindow(m_window);

    connect(m_window, &MainWindow::settingsRequested, this, &DesktopShell::showSettings);
    connect(m_window, &MainWindow::quitRequested, this, &DesktopShell::quit);
    connect(m_tray, &TrayController::showWindowRequested, this, &DesktopShell::showWindow);
    connect(m_tray, &TrayController::hideWindowRequested, this, &DesktopShell::hideWindow);
    connect(m_tray, &TrayController::quitRequested, this, &DesktopShell::quit);
    connect(m_window->profileModel(), &ProfileListModel::statesChanged, m_tray,
            &TrayController::update);
    // Quitting by any road (session end, signal, tray) takes our secret off the clipboard.
    connect(qApp, &QCoreApplication::aboutToQuit, m_guard, &ClipboardGuard::clearNow);
    applySettings();
}

DesktopShell::~DesktopShell()
{
    delete m_window;
}

void DesktopShell::applySettings()
{
    AppSettings &s = m_ctx->appSettings();
    m_guard->setClearDelaySecs(s.clipboardClearSecs());
    const bool tray = s.trayEnabled() && TrayController::isAvailable();
    m_tray->setEnabled(tray);
    // Without a tray, closing the window must quit: nothing else could bring it back.
    m_window->setCloseHides(tray && s.closeToTray());
    if (qobject_cast<QApplication *>(QCoreApplication::instance()))
        QApplication::setQuitOnLastWindowClosed(false); // we quit explicitly (tray dialogs)
    if (TokenKeeper *k = m_ctx->keeper())
        k->setLeadTimeSecs(s.leadTimeSecs());
    m_window->profileModel()->setRefreshLifetimeDays(s.refreshLifetimeDays());
    m_window->tick();
    m_tray->update();
}

void DesktopShell::start(bool startInTray)
{
    m_window->reloadProfiles();
    m_tray->update();
    const bool inTray = (startInTray || m_ctx->appSettings().startInTray()) && m_tray->isShown();
    if (m_bench != BenchMode::Off)
        m_window->installEventFilter(this);
    if (inTray)
        qCInfo(lcUi) << "Starting in the tray";
    else
        showWindow();
}

void DesktopShell::showWindow()
{
    m_window->show();
    if (m_window->isMinimized())
        m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

void DesktopShell::hideWindow()
{
    if (m_tray->isShown())
        m_window->hide();
    else
        m_window->showMinimized();
}

void DesktopShell::showSettings()
{
    SettingsDialog dialog(m_ctx, m_window->isVisible() ? m_window : nullptr);
    connect(&dialog, &SettingsDialog::applied, this, &DesktopShell::applySettings);
    dialog.exec();
}

void DesktopShell::quit()
{
    m_guard->clearNow();
    QCoreApplication::quit();
}

bool DesktopShell::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Paint && !m_reported) {
        m_reported = true;
        // After this paint has been handled: the first frame is on screen.
        QTimer::singleShot(0, this, &DesktopShell::reportShown);
    }
    return QObject::eventFilter(watched, event);
}

void DesktopShell::reportShown()
{
    m_window->removeEventFilter(this);
    QTextStream(stdout) << "A911_BENCH_SHOWN rss_kb=" << procStatusKb("VmRSS")
                        << " hwm_kb=" << procStatusKb("VmHWM") << Qt::endl;
    if (m_bench == BenchMode::ExitAfterShown)
        quit();
}

} // namespace a911
