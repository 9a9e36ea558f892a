#pragma once

#include "tokenkeeper.h"

#include <QColor>
#include <QDateTime>
#include <QList>
#include <QString>

class QPalette;

namespace a911 {

struct Profile;

/// What one profile looks like at a glance: the list's status dot, the tray icon.
/// Ordered by severity so that the worst of several is the largest.
enum class DisplayState {
    Unknown, ///< nothing known yet (no expiry recorded)
    Valid,
    Refreshing,
    ExpiringSoon,     ///< access token within the hour, or refresh token within 30 days
    RetryWait,        ///< refresh failed, retrying in N s
    Expired,          ///< access token expired and not being refreshed
    NeedsRegeneration ///< refresh token rejected or past its year
};

struct ProfileStateInfo
{
    DisplayState state = DisplayState::Unknown;
    QString text;            ///< reads without colour: "valid", "refresh failed, retrying in 12 s"
    qint64 retryInSecs = -1; ///< RetryWait only
};

/// Pure: the same answer for the list, the token panel and the tray.
ProfileStateInfo evaluateProfile(const Profile &p, const TokenKeeper::Status &status,
                                 const QDateTime &now, int refreshLifetimeDays);
DisplayState worstState(const QList<DisplayState> &states);
QString displayStateName(DisplayState s);

/// A colour for the state that reads on the given palette's window colour (darker
/// shades on light palettes, lighter ones on dark). The only colours we choose ourselves.
QColor stateColor(DisplayState s, const QPalette &palette);
bool isDarkPalette(const QPalette &palette);
/// A style sheet for the QFrame named objectName: a warning band tinted with the
/// state's colour over the window colour (text stays readable), edged in that colour.
QString bannerStyleSheet(const QString &objectName, DisplayState s, const QPalette &palette);

} // namespace a911
