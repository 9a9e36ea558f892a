#pragma once

#include "storeprobe.h"

#include <QMainWindow>

class QAction;
class QFrame;
class QLabel;
class QListView;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QToolButton;

namespace a911 {

class ClipboardGuard;
class CoreContext;
class ProfileListModel;
class TokenPanel;

/// The window an admin keeps open: profiles on the left, the selected one's tokens
/// (and pages like the API explorer) on the right.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(a911::CoreContext *ctx, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Adds a tab beside "Tokens" (the API explorer, …). The window takes ownership.
    void addPage(QWidget *page, const QString &title);
    /// Brings the tab holding page (or one of its children) to the front.
    void showPage(QWidget *page);
    /// Where copies go; without one the window makes its own.
    void setClipboardGuard(ClipboardGuard *guard);
    ClipboardGuard *clipboardGuard() const { return m_guard; }
    /// Closing hides the window instead (tray mode); otherwise closing asks to quit.
    void setCloseHides(bool hides) { m_closeHides = hides; }

    QString currentProfileId() const;
    void selectProfile(const QString &id);
    ProfileListModel *profileModel() const { return m_model; }
    TokenPanel *tokenPanel() const { return m_panel; }
    /// Every user action of the window (menus, buttons, shortcuts), for tests and the tray.
    QList<QAction *> userActions() const;

public Q_SLOTS:
    /// Reads the profiles again (after the vault loaded).
    void reloadProfiles();
    /// Shows or hides the keychain banner for this probe result.
    void showStoreStatus(a911::StoreStatus status);
    /// One tick of the window's only countdown timer (public so tests can drive it).
    void tick();

Q_SIGNALS:
    void currentProfileChanged(const QString &id);
    void generateRequested();
    void regenerateRequested(const QString &profileId);
    void pasteRequested();
    void settingsRequested();
    void quitRequested();
    /// The window was closed into the tray.
    void hiddenToTray();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    enum class CopyKind { Access, Header, Curl, Export };
    QAction *makeAction(const QString &name, const QString &text, const QKeySequence &key,
                        const QString &tip);
    void buildActions();
    void buildUi();
    void updateEmptyState();
    void updateActions();
    void updateClipboardStatus();
    void updateTimerState();
    void onSelectionChanged();
    void copyAccess(CopyKind kind);
    void copyRefresh();
    void renameCurrent();
    void forgetCurrent();
    void rememberGeometry();
    void restoreGeometrySettings();
    void sizeSplitterOnce();
    int listMinimumWidth() const;
    int initialListWidth() const;
    QWidget *scrollable(QWidget *page);
    QSize defaultSize() const;

    CoreContext *m_ctx;
    ClipboardGuard *m_guard = nullptr;
    ProfileListModel *m_model;
    QTimer *m_tick;
    bool m_closeHides = false;
    bool m_geometryRestored = false;
    QSize m_pagesMinimum;         ///< what the pages need at least, for the first window size
    bool m_splitterSized = false; ///< restored from the settings, or given its first sizes
    QString m_currentId;

    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_splitter = nullptr;
    QListView *m_list = nullptr;
    QTabWidget *m_tabs = nullptr;
    TokenPanel *m_panel = nullptr;
    QLabel *m_clipLabel = nullptr;
    QToolButton *m_clipClear = nullptr;

    QAction *m_generate = nullptr;
    QAction *m_paste = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_refreshNow = nullptr;
    QAction *m_copyAccess = nullptr;
    QAction *m_copyRefresh = nullptr;
    QAction *m_copyHeader = nullptr;
    QAction *m_copyCurl = nullptr;
    QAction *m_copyExport = nullptr;
    QAction *m_regenerate = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_forget = nullptr;
    QAction *m_clearClipboard = nullptr;
};

/// The texts the copy actions put on the clipboard (pure, tested).
namespace CopyFormat {
QString header(const QString &accessToken);
QString curl(const QString &accessToken, const QString &apiBase);
QString exportLine(const QString &accessToken);
} // namespace CopyFormat

} // namespace a911
