#pragma once

#include <QObject>
#include <QDateTime>
#include <QString>

class QClipboard;
class QMimeData;
class QTimer;

namespace a911 {

class Clock;

/// Puts secrets on the clipboard with the hints clipboard managers honour, and takes
/// them off again after a delay, but only while the clipboard still holds exactly
/// what we put there (never wiping something the user copied since).
class ClipboardGuard final : public QObject
{
    Q_OBJECT
public:
    /// clock: decides when the delay is over (tests move a ManualClock and call poll()).
    explicit ClipboardGuard(const Clock *clock, QObject *parent = nullptr);
    ~ClipboardGuard() override;

    void setClearDelaySecs(int secs);
    int clearDelaySecs() const { return m_delaySecs; }

    /// Copies `text` (a secret or a line containing one) to the clipboard, and to the
    /// X11 selection where there is one, and starts the countdown.
    void copySecret(const QString &text);

    bool isPending() const { return !m_text.isEmpty(); }
    /// Whole seconds until the clipboard is cleared (rounded up); -1 when nothing pending.
    int secondsLeft() const;
    /// True while the clipboard (or selection) holds what we put there.
    bool clipboardHoldsOurs() const;

    /// The mime data for a secret: text/plain plus the "do not remember" hints of KDE
    /// (Klipper), macOS and Windows. Each platform ignores the others' formats.
    static QMimeData *secretMimeData(const QString &text);

public Q_SLOTS:
    /// Clears now if the clipboard still holds our secret; forgets it either way.
    void clearNow();
    /// Checks the clock: clears when the delay is over. Driven by a single-shot timer.
    void poll();

Q_SIGNALS:
    void copied(int secondsLeft);
    /// Emitted when the pending secret is gone: wiped = we cleared it; false when the
    /// user had replaced it already.
    void finished(bool wiped);

private:
    void onClipboardChanged();
    void armTimer();
    bool holdsOurs(int mode) const;

    const Clock *m_clock;
    QTimer *m_timer;
    int m_delaySecs = 30;
    QString m_text;
    QDateTime m_deadline;
};

} // namespace a911
