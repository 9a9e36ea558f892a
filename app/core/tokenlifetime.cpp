#include "tokenlifetime.h"

#include "profile.h"

#include <algorithm>

namespace a911 {

qint64 TokenLifetime::accessSecondsLeft(const Profile &p, const QDateTime &now)
{
    if (!p.accessExpiry.isValid())
        return 0;
    return now.secsTo(p.accessExpiry);
}

TokenState TokenLifetime::accessState(const Profile &p, const QDateTime &now, qint64 soonSecs)
{
    if (!p.accessExpiry.isValid())
        return TokenState::Unknown;
    const qint64 left = accessSecondsLeft(p, now);
    if (left <= 0)
        return TokenState::Expired;
    if (left <= soonSecs)
        return TokenState::ExpiringSoon;
    return TokenState::Valid;
}

double TokenLifetime::accessFractionLeft(const Profile &p, const QDateTime &now)
{
    if (!p.accessExpiry.isValid())
        return 0.0;
    const double f = double(accessSecondsLeft(p, now)) / double(kAccessLifetimeSecs);
    return std::clamp(f, 0.0, 1.0);
}

QDateTime TokenLifetime::refreshExpiry(const Profile &p, int lifetimeDays)
{
    if (!p.refreshIssued.isValid())
        return {};
    return p.refreshIssued.addDays(lifetimeDays);
}

TokenState TokenLifetime::refreshState(const Profile &p, const QDateTime &now, int lifetimeDays)
{
    const QDateTime end = refreshExpiry(p, lifetimeDays);
    if (!end.isValid())
        return TokenState::Unknown;
    const qint64 left = now.secsTo(end);
    if (left <= 0)
        return TokenState::Expired;
    if (left <= qint64(kRefreshWarningDays) * 86400)
        return TokenState::ExpiringSoon;
    return TokenState::Valid;
}

qint64 TokenLifetime::refreshDaysLeft(const Profile &p, const QDateTime &now, int lifetimeDays)
{
    const QDateTime end = refreshExpiry(p, lifetimeDays);
    if (!end.isValid())
        return 0;
    const qint64 secs = now.secsTo(end);
    // Floor division so that "ends in 12 h" is 0 days and "ended 1 h ago" is -1.
    return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

QString TokenLifetime::formatCountdown(qint64 secs)
{
    if (secs < 0)
        secs = 0;
    const qint64 h = secs / 3600;
    const qint64 m = (secs % 3600) / 60;
    const qint64 s = secs % 60;
    return QStringLiteral("%1:%2:%3")
        .arg(h, 2, 10, QLatin1Char('0'))
        .arg(m, 2, 10, QLatin1Char('0'))
        .arg(s, 2, 10, QLatin1Char('0'));
}

QString TokenLifetime::stateName(TokenState s)
{
    switch (s) {
    case TokenState::Unknown:
        return QStringLiteral("unknown");
    case TokenState::Valid:
        return QStringLiteral("valid");
    case TokenState::ExpiringSoon:
        return QStringLiteral("expiring soon");
    case TokenState::Expired:
        return QStringLiteral("expired");
    }
    return {};
}

} // namespace a911
