#include "traycontroller.h"

#include "clipboardguard.h"
#include "corecontext.h"
#include "logging.h"
#include "tokenkeeper.h"
#include "tokenlifetime.h"
#include "tokenvault.h"

#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTimer>

namespace a911 {

namespace {
QString deadlineKey(const QString &id)
{
    return QStringLiteral("notifications/%1/refreshDeadline").arg(id);
}
QString regenKey(const QString &id)
{
    return QStringLiteral("notifications/%1/regeneration").arg(id);
}
// Ties a remembered notification to one refresh token: a regenerated token (new
// issue date) gets its own 30/7/1-day notices.
QString tokenStamp(const Profile &p)
{
    return QString::number(p.refreshIssued.isValid() ? p.refreshIssued.toSecsSinceEpoch() : 0);
}
} // namespace

TrayController::TrayController(CoreContext *ctx, ClipboardGuard *guard, QObject *parent)
    : QObject(parent)
    , m_ctx(ctx)
    , m_guard(guard)
    , m_menu(new QMenu)
    , m_slowTimer(new QTimer(this))
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    // States change through signals; this slow timer only catches time passing
    // (an access token entering its last hour, a refresh token's last days).
    m_slowTimer->setInterval(60 * 1000);
    m_slowTimer->setTimerType(Qt::VeryCoarseTimer);
    connect(m_slowTimer, &QTimer::timeout, this, &TrayController::update);

    TokenVault *vault = m_ctx->vault();
    connect(vault, &TokenVault::profileAdded, this, &TrayController::update);
    connect(vault, &TokenVault::profileChanged, this, &TrayController::update);
    connect(vault, &TokenVault::profileRemoved, this, [this](const QString &id) {
        m_ctx->settings()->remove(QStringLiteral("notifications/") + id);
        update();
    });
    if (TokenKeeper *k = m_ctx->keeper()) {
        connect(k, &TokenKeeper::statusChanged, this, &TrayController::update);
        connect(k, &TokenKeeper::refreshed, this, [this](const QString &id) {
            m_failureNotified.remove(id);
        });
        connect(k, &TokenKeeper::refreshFailed, this,
                [this](const QString &id, const QString &message, qint64 retryIn) {
                    if (m_failureNotified.contains(id))
                        return;
                    m_failureNotified.insert(id);
                    const QString when = retryIn >= 0
                        ? QStringLiteral(" Retrying in %1 s.").arg(retryIn)
                        : QString();
                    notify(QStringLiteral("Refresh failed: %1").arg(label(id)), message + when,
                           false);
                });
        connect(k, &TokenKeeper::regenerationNeeded, this, [this](const QString &id) {
            const Profile p = m_ctx->vault()->profile(id);
            QSettings *s = m_ctx->settings();
            if (s->value(regenKey(id)).toString() == tokenStamp(p))
                return;
            s->setValue(regenKey(id), tokenStamp(p));
            notify(QStringLiteral("Regenerate the token: %1").arg(label(id)),
                   QStringLiteral("Active911 no longer accepts this profile's refresh token. "
                                  "Open a911desk and choose Regenerate."),
                   true);
        });
    }
    if (isAvailable()) {
        m_icon = new QSystemTrayIcon(this);
        m_icon->setContextMenu(m_menu);
        connect(m_icon, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason != QSystemTrayIcon::Trigger)
                        return;
                    if (m_window && m_window->isVisible() && !m_window->isMinimized())
                        Q_EMIT hideWindowRequested();
                    else
                        Q_EMIT showWindowRequested();
                });
    }
    m_slowTimer->start();
    update();
}

TrayController::~TrayController()
{
    delete m_menu;
}

bool TrayController::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayController::setEnabled(bool on)
{
    if (m_icon)
        m_icon->setVisible(on);
}

bool TrayController::isShown() const
{
    return m_icon && m_icon->isVisible();
}

QString TrayController::label(const QString &profileId) const
{
    const Profile p = m_ctx->vault()->profile(profileId);
    return p.isValid() ? p.label : profileId;
}

QIcon TrayController::iconFor(DisplayState state)
{
    QIcon icon;
    const QIcon base(QStringLiteral(":/a911/icons/a911desk.svg"));
    const QPalette pal = QApplication::palette();
    for (int size : {16, 22, 32, 48, 64}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        const QPixmap basePm = base.isNull() ? QPixmap() : base.pixmap(size, size);
        if (!basePm.isNull()) {
            p.drawPixmap(0, 0, basePm);
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(pal.color(QPalette::WindowText));
            p.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), size / 5.0, size / 5.0);
        }
        // The badge: the worst state's colour, with a ring so it reads on any panel.
        const double d = size * 0.5;
        const QRectF badge(size - d - 0.5, size - d - 0.5, d, d);
        p.setPen(QPen(pal.color(QPalette::Window), std::max(1.0, size / 16.0)));
        p.setBrush(stateColor(state, pal));
        p.drawEllipse(badge);
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

void TrayController::update()
{
    const QDateTime now = m_ctx->clock()->now();
    const int lifetime = m_ctx->appSettings().refreshLifetimeDays();
    QList<DisplayState> states;
    QStringList lines;
    const QList<Profile> profiles = m_ctx->vault()->profiles();
    for (const Profile &p : profiles) {
        const TokenKeeper::Status st = m_ctx->keeper() ? m_ctx->keeper()->status(p.id)
                                                       : TokenKeeper::Status{};
        const ProfileStateInfo info = evaluateProfile(p, st, now, lifetime);
        states << info.state;
        lines << QStringLiteral("%1: %2").arg(p.label, info.text);
    }
    const DisplayState worst = a911::worstState(states);
    QString tip = profiles.isEmpty()
        ? QStringLiteral("a911desk: no tokens yet")
        : QStringLiteral("a911desk: %1\n%2").arg(displayStateName(worst), lines.join(QLatin1Char('\n')));
    if (!m_haveWorst || worst != m_worst) {
        m_worst = worst;
        m_haveWorst = true;
        if (m_icon)
            m_icon->setIcon(iconFor(worst));
    }
    if (tip != m_toolTip) {
        m_toolTip = tip;
        if (m_icon)
            m_icon->setToolTip(tip);
    }
    rebuildMenu();
    checkDeadlines();
}

void TrayController::checkDeadlines()
{
    const QDateTime now = m_ctx->clock()->now();
    const int lifetime = m_ctx->appSettings().refreshLifetimeDays();
    QSettings *s = m_ctx->settings();
    const QList<Profile> profiles = m_ctx->vault()->profiles();
    for (const Profile &p : profiles) {
        if (!p.refreshIssued.isValid() || p.needsRegeneration)
            continue;
        const QDateTime end = TokenLifetime::refreshExpiry(p, lifetime);
        const qint64 secsLeft = now.secsTo(end);
        if (secsLeft <= 0)
            continue;
        // The smallest deadline reached; only the nearest one is announced, so a token
        // first seen 5 days before its end gets the 7-day notice, not 30 and 7 at once.
        int reached = 0;
        for (int days : kDeadlines) {
            if (secsLeft <= qint64(days) * 86400)
                reached = days;
        }
        if (reached == 0)
            continue;
        // Remembered as "<token stamp>:<smallest deadline announced>".
        const QStringList seen = s->value(deadlineKey(p.id)).toString().split(QLatin1Char(':'));
        if (seen.size() == 2 && seen.at(0) == tokenStamp(p) && seen.at(1).toInt() <= reached)
            continue;
        s->setValue(deadlineKey(p.id), QString(tokenStamp(p) + QLatin1Char(':') + QString::number(reached)));
        const qint64 daysLeft = TokenLifetime::refreshDaysLeft(p, now, lifetime);
        notify(QStringLiteral("Refresh token ends soon: %1").arg(p.label),
               QStringLiteral("It ends in %1 %2 (%3). Regenerate it before then.")
                   .arg(daysLeft)
                   .arg(daysLeft == 1 ? QStringLiteral("day") : QStringLiteral("days"),
                        end.date().toString(Qt::ISODate)),
               reached == 1);
    }
}

void TrayController::notify(const QString &title, const QString &message, bool critical)
{
    qCInfo(lcUi) << "Notification:" << title;
    Q_EMIT notified(title, message);
    if (m_icon && m_icon->isVisible())
        m_icon->showMessage(title, message,
                            critical ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
}

void TrayController::rebuildMenu()
{
    const QList<Profile> profiles = m_ctx->vault()->profiles();
    // Skip the rebuild when nothing the menu shows changed (it runs on every update).
    QStringList signature;
    for (const Profile &p : profiles)
        signature << p.id + QLatin1Char('/') + p.label;
    const QString sig = signature.join(QLatin1Char('|'));
    if (m_menu->property("a911signature").toString() == sig && !m_menu->isEmpty())
        return;
    m_menu->setProperty("a911signature", sig);
    m_menu->clear();
    QAction *show = m_menu->addAction(QStringLiteral("Show window"));
    show->setObjectName(QStringLiteral("trayShow"));
    connect(show, &QAction::triggered, this, &TrayController::showWindowRequested);
    QAction *hide = m_menu->addAction(QStringLiteral("Hide window"));
    hide->setObjectName(QStringLiteral("trayHide"));
    connect(hide, &QAction::triggered, this, &TrayController::hideWindowRequested);
    m_menu->addSeparator();
    QMenu *copy = m_menu->addMenu(QStringLiteral("Copy access token"));
    copy->setObjectName(QStringLiteral("trayCopyMenu"));
    copy->setEnabled(!profiles.isEmpty());
    for (const Profile &p : profiles) {
        QAction *a = copy->addAction(p.label);
        a->setObjectName(QStringLiteral("trayCopy:") + p.id);
        const QString id = p.id;
        connect(a, &QAction::triggered, this, [this, id] { copyAccessToken(id); });
    }
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(QStringLiteral("Quit"));
    quit->setObjectName(QStringLiteral("trayQuit"));
    connect(quit, &QAction::triggered, this, &TrayController::quitRequested);
}

void TrayController::copyAccessToken(const QString &profileId)
{
    if (!m_ctx->keeper() || !m_guard)
        return;
    QPointer<TrayController> self(this);
    m_ctx->keeper()->accessToken(profileId, [self, profileId](const TokenResult &r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->notify(QStringLiteral("Could not copy: %1").arg(self->label(profileId)),
                         r.message, false);
            return;
        }
        self->m_guard->copySecret(r.accessToken);
    });
}

} // namespace a911
