#include "clipboardguard.h"

#include "clock.h"
#include "logging.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QTimer>

#include <algorithm>

namespace a911 {

namespace {
// A little-endian DWORD 0: "no" for the Windows clipboard-history/cloud formats.
QByteArray dwordZero()
{
    return QByteArray(4, '\0');
}
} // namespace

ClipboardGuard::ClipboardGuard(const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ClipboardGuard::poll);
}

ClipboardGuard::~ClipboardGuard()
{
    // Quitting is a moment to clear too (the shell also calls clearNow() on aboutToQuit).
    // Listeners may be half-destroyed by now (we are often a child of the window).
    blockSignals(true);
    if (isPending() && QGuiApplication::instance())
        clearNow();
}

void ClipboardGuard::setClearDelaySecs(int secs)
{
    m_delaySecs = std::max(1, secs);
}

QMimeData *ClipboardGuard::secretMimeData(const QString &text)
{
    auto *mime = new QMimeData;
    mime->setText(text);
    // KDE Klipper and other Linux clipboard managers skip entries carrying this hint.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    // macOS: NSPasteboard "concealed" type (clipboard managers keep these out of history).
    mime->setData(QStringLiteral("application/x-nspasteboard-concealed-type"), QByteArray());
    // Windows: keep out of clipboard history, cloud sync and monitoring apps.
    mime->setData(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing"), QByteArray());
    mime->setData(QStringLiteral("CanIncludeInClipboardHistory"), dwordZero());
    mime->setData(QStringLiteral("CanUploadToCloudClipboard"), dwordZero());
    return mime;
}

void ClipboardGuard::copySecret(const QString &text)
{
    QClipboard *cb = QGuiApplication::clipboard();
    m_text = text;
    cb->setMimeData(secretMimeData(text), QClipboard::Clipboard);
    if (cb->supportsSelection())
        cb->setMimeData(secretMimeData(text), QClipboard::Selection);
    connect(cb, &QClipboard::changed, this, &ClipboardGuard::onClipboardChanged,
            Qt::UniqueConnection);
    m_deadline = m_clock->now().addSecs(m_delaySecs);
    armTimer();
    qCInfo(lcUi) << "Copied a secret to the clipboard; clearing in" << m_delaySecs << "s";
    Q_EMIT copied(secondsLeft());
}

int ClipboardGuard::secondsLeft() const
{
    if (!isPending())
        return -1;
    const qint64 ms = m_clock->now().msecsTo(m_deadline);
    return int(std::max<qint64>(0, (ms + 999) / 1000));
}

bool ClipboardGuard::holdsOurs(int mode) const
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData(QClipboard::Mode(mode));
    return mime && mime->hasText() && mime->text() == m_text;
}

bool ClipboardGuard::clipboardHoldsOurs() const
{
    if (!isPending())
        return false;
    QClipboard *cb = QGuiApplication::clipboard();
    return holdsOurs(QClipboard::Clipboard)
        || (cb->supportsSelection() && holdsOurs(QClipboard::Selection));
}

void ClipboardGuard::clearNow()
{
    if (!isPending())
        return;
    QClipboard *cb = QGuiApplication::clipboard();
    const bool clip = holdsOurs(QClipboard::Clipboard);
    const bool sel = cb->supportsSelection() && holdsOurs(QClipboard::Selection);
    // Forget first: clear() emits changed() synchronously, which must not report again.
    m_text.clear();
    m_deadline = {};
    m_timer->stop();
    if (clip)
        cb->clear(QClipboard::Clipboard);
    if (sel)
        cb->clear(QClipboard::Selection);
    const bool wiped = clip || sel;
    qCInfo(lcUi) << (wiped ? "Cleared the copied secret from the clipboard"
                           : "The clipboard had changed; left it alone");
    Q_EMIT finished(wiped);
}

void ClipboardGuard::poll()
{
    if (!isPending())
        return;
    if (m_clock->now() >= m_deadline)
        clearNow();
    else
        armTimer();
}

void ClipboardGuard::armTimer()
{
    // One single-shot timer for the deadline: no ticking while we wait. The clock is
    // asked again when it fires, so a suspended laptop clears right after waking.
    const qint64 ms = std::clamp<qint64>(m_clock->now().msecsTo(m_deadline), 0, 24 * 3600 * 1000);
    m_timer->start(int(ms) + 1);
}

void ClipboardGuard::onClipboardChanged()
{
    // The user copied something else: nothing of ours left to clear.
    if (isPending() && !clipboardHoldsOurs()) {
        m_text.clear();
        m_deadline = {};
        m_timer->stop();
        Q_EMIT finished(false);
    }
}

} // namespace a911
