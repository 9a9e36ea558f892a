#pragma once

#include <QObject>

namespace a911 {

class ClipboardGuard;
class CoreContext;
class MainWindow;
class TrayController;

/// The desktop app around a CoreContext: the main window, the tray and the clipboard
/// guard, wired together. main() builds it after the context and calls start().
class DesktopShell final : public QObject
{
    Q_OBJECT
public:
    /// For the start-up benchmark (hidden command-line options, see docs/benchmarks.md).
    enum class BenchMode {
        Off,
        ReportShown,   ///< print "A911_BENCH_SHOWN …" once the window is painted, keep running
        ExitAfterShown ///< print it, then quit
    };

    explicit DesktopShell(CoreContext *ctx, QObject *parent = nullptr);
    ~DesktopShell() override;

    /// Shows the window (or only the tray icon when startInTray, or the start-in-tray
    /// setting, asks for it and there is a tray). Reads the vault's profiles first.
    void start(bool startInTray = false);
    void setBenchMode(BenchMode mode) { m_bench = mode; }

    MainWindow *window() const { return m_window; }
    TrayController *tray() const { return m_tray; }
    ClipboardGuard *clipboard() const { return m_guard; }

public Q_SLOTS:
    void showWindow();
    void hideWindow();
    void showSettings();
    /// Re-reads the app settings (clipboard delay, tray, close-to-tray, lead time).
    void applySettings();
    /// Clears our clipboard secret and quits the application.
    void quit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void reportShown();

    CoreContext *m_ctx;
    ClipboardGuard *m_guard;
    MainWindow *m_window;
    TrayController *m_tray;
    BenchMode m_bench = BenchMode::Off;
    bool m_reported = false;
};

} // namespace a911
