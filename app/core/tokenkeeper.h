#pragma once

#include "refreshclient.h"
#include "secretstore.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>

#include <functional>

class QTimer;

namespace a911 {

class Clock;
class TokenVault;

/// What a request for an access token ended with.
struct TokenResult
{
    enum class Failure {
        None,
        NoSuchProfile,
        Rejected,  ///< refresh token rejected: the profile needs regeneration
        Transient, ///< network/server trouble after the allowed attempts
        Store      ///< the keychain could not be read (locked, denied, …)
    };
    Failure failure = Failure::None;
    QString accessToken;
    QString message; ///< for people; never contains a token
    StoreResult::Error storeError = StoreResult::Error::None;

    bool ok() const { return failure == Failure::None; }
};

/// The refresh engine: keeps every profile's access token fresh, a lead time before
/// it expires, with exponential backoff and jitter on transient failures. Expiry is
/// re-checked when the wall clock jumps (sleep/wake, clock changes).
class TokenKeeper final : public QObject
{
    Q_OBJECT
public:
    enum class Activity { Idle, Refreshing, RetryWait, NeedsRegeneration };
    struct Status
    {
        Activity activity = Activity::Idle;
        QString lastError;   ///< why the last attempt failed
        QDateTime nextRetry; ///< RetryWait only
        int attempt = 0;     ///< failed attempts in a row
    };
    using Done = std::function<void(const TokenResult &)>;

    TokenKeeper(TokenVault *vault, RefreshClient *client, const Clock *clock,
                QObject *parent = nullptr);

    /// Refresh this long before the access token expires (default 600 s).
    void setLeadTimeSecs(qint64 secs);
    qint64 leadTimeSecs() const { return m_leadSecs; }
    /// Background refreshing on/off (the CLI only refreshes on demand).
    void setAutoRefresh(bool on);
    /// Backoff: base and ceiling in ms; attempts per on-demand request before giving up.
    void setBackoff(int baseMs, int maxMs);
    void setMaxAttempts(int attempts);

    Status status(const QString &profileId) const;

    /// A currently valid access token: the stored one if it has more than the lead
    /// time left (or any time left when no refresh is possible), else refreshed first.
    /// force: refresh even if the stored one looks valid (after a 401).
    void accessToken(const QString &profileId, Done done, bool force = false);
    /// Refresh now (the "Refresh now" button); the result comes as signals.
    void refreshNow(const QString &profileId);
    /// Re-evaluate every profile's schedule now (after wake-up or a clock jump).
    void recheck();

    /// Test hook and the body of the coarse clock-jump timer: compares how far the
    /// wall clock (the injected Clock) moved with how far a monotonic timer moved since
    /// the last check; a difference over the threshold emits clockJumped and rechecks.
    /// Returns the jump in seconds (0 when none).
    qint64 checkClockJump();
    /// Jumps smaller than this are ignored (default 5 s).
    void setClockJumpThresholdSecs(qint64 secs) { m_jumpThresholdMs = secs * 1000; }

    /// The backoff before retry number `attempt` (1-based): base·2^(attempt-1), capped at
    /// maxMs, times a jitter factor in [0.8, 1.2] from `jitter01` in [0, 1), never over maxMs.
    static qint64 backoffDelayMs(int attempt, int baseMs, int maxMs, double jitter01);

Q_SIGNALS:
    void refreshStarted(const QString &profileId);
    void refreshed(const QString &profileId);
    void refreshFailed(const QString &profileId, const QString &message, qint64 retryInSecs);
    void regenerationNeeded(const QString &profileId);
    void statusChanged(const QString &profileId);
    /// The wall clock moved unlike the monotonic clock (sleep/wake or a clock change).
    void clockJumped(qint64 secs);

private:
    struct Waiter
    {
        Done done;
        bool force = false;
    };
    struct Entry
    {
        Status status;
        bool inFlight = false;
        QList<Waiter> waiters;
        int demandAttempts = 0;   ///< exchanges tried for the current waiters
        bool retryPending = false;
        QDeadlineTimer retryAt;   ///< real time: backoff protects the server, not the clock
    };

    void startExchange(const QString &id);
    void finishExchange(const QString &id, const RefreshResult &r, const ProfileSecrets &old);
    void flushWaiters(const QString &id, const TokenResult &success, const ProfileSecrets &old,
                      TokenResult::Failure failure, const QString &message);
    void scheduleRetry(const QString &id, int attempt);
    void setActivity(const QString &id, Activity a);
    void reschedule();
    void onTimer();
    void forgetProfile(const QString &id);
    qint64 nextDelayMs(int attempt) const;

    TokenVault *m_vault;
    RefreshClient *m_client;
    const Clock *m_clock;
    qint64 m_leadSecs = 600;
    bool m_auto = true;
    int m_baseMs = 2000;
    int m_maxMs = 300000;
    int m_maxAttempts = 3;
    QHash<QString, Entry> m_entries;
    QTimer *m_timer;      ///< one timer for the soonest due profile
    QTimer *m_jumpTimer;  ///< coarse wall-vs-monotonic comparison
    QElapsedTimer m_mono;
    QDateTime m_lastWall;
    qint64 m_jumpThresholdMs = 5000;
};

} // namespace a911
