#pragma once

#include "profilestate.h"

#include <QIcon>
#include <QObject>
#include <QPointer>
#include <QSet>

class QMenu;
class QSystemTrayIcon;
class QTimer;
class QWidget;

namespace a911 {

class ClipboardGuard;
class CoreContext;

/// The tray icon: the worst state of all profiles at a glance, a menu that copies a
/// profile's access token directly, and the notifications an admin must not miss.
/// Without a system tray it stays out of the way (isAvailable() false).
class TrayController final : public QObject
{
    Q_OBJECT
public:
    /// The refresh-token deadlines that get a notification, in days.
    static constexpr int kDeadlines[] = {30, 7, 1};

    TrayController(CoreContext *ctx, ClipboardGuard *guard, QObject *parent = nullptr);
    ~TrayController() override;

    /// The system has a tray (QSystemTrayIcon::isSystemTrayAvailable()).
    static bool isAvailable();
    /// Shows or hides the icon (the "tray on/off" setting). No-op without a tray.
    void setEnabled(bool on);
    bool isShown() const;
    void setWindow(QWidget *window) { m_window = window; }

    DisplayState worstState() const { return m_worst; }
    QString toolTip() const { return m_toolTip; }
    QMenu *menu() const { return m_menu; }
    /// The icon for a state: the app icon with a badge in the state's colour.
    static QIcon iconFor(DisplayState state);

public Q_SLOTS:
    /// Recomputes the worst state, tooltip and menu; runs the deadline checks.
    void update();
    /// Notifies refresh-token deadlines not notified before (each once per token).
    void checkDeadlines();

Q_SIGNALS:
    /// Every notification, also when there is no tray to show it (tests, logs).
    void notified(const QString &title, const QString &message);
    void showWindowRequested();
    void hideWindowRequested();
    void quitRequested();

private:
    void notify(const QString &title, const QString &message, bool critical);
    void rebuildMenu();
    void copyAccessToken(const QString &profileId);
    QString label(const QString &profileId) const;

    CoreContext *m_ctx;
    ClipboardGuard *m_guard;
    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu;
    QTimer *m_slowTimer;
    DisplayState m_worst = DisplayState::Unknown;
    bool m_haveWorst = false;
    QString m_toolTip;
    QSet<QString> m_failureNotified; ///< one "refresh failed" per failure streak
};

} // namespace a911
