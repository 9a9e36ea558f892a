#pragma once

#include <QDateTime>
#include <QString>

namespace a911 {

struct Profile;

enum class TokenState {
    Unknown,      ///< no expiry recorded
    Valid,
    ExpiringSoon, ///< inside the warning window
    Expired
};

/// Lifetime arithmetic for both tokens of a profile, against a given "now".
/// Pure functions: the UI's countdowns and the refresh engine use the same rules.
struct TokenLifetime
{
    static constexpr qint64 kAccessLifetimeSecs = 24 * 3600;
    static constexpr int kDefaultRefreshLifetimeDays = 365;
    static constexpr int kRefreshWarningDays = 30;

    /// Access token: ExpiringSoon within `soonSecs` of expiry (default 1 h).
    static TokenState accessState(const Profile &p, const QDateTime &now, qint64 soonSecs = 3600);
    /// Seconds until the access token expires (negative once expired; 0 if unknown).
    static qint64 accessSecondsLeft(const Profile &p, const QDateTime &now);
    /// 0..1 share of the access token's day still left.
    static double accessFractionLeft(const Profile &p, const QDateTime &now);

    /// When the refresh token ends: refreshIssued + lifetimeDays.
    static QDateTime refreshExpiry(const Profile &p, int lifetimeDays = kDefaultRefreshLifetimeDays);
    /// Refresh token: ExpiringSoon within 30 days of its end; Expired after.
    static TokenState refreshState(const Profile &p, const QDateTime &now,
                                   int lifetimeDays = kDefaultRefreshLifetimeDays);
    /// Whole days left (rounded down; negative once ended).
    static qint64 refreshDaysLeft(const Profile &p, const QDateTime &now,
                                  int lifetimeDays = kDefaultRefreshLifetimeDays);

    /// "hh:mm:ss" for a countdown; "-hh:mm:ss" never: expired shows "00:00:00".
    static QString formatCountdown(qint64 secs);
    static QString stateName(TokenState s);
};

} // namespace a911
