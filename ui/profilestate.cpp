#include "profilestate.h"

#include "profile.h"
#include "tokenlifetime.h"

#include <QPalette>

#include <algorithm>

namespace a911 {

ProfileStateInfo evaluateProfile(const Profile &p, const TokenKeeper::Status &status,
                                 const QDateTime &now, int refreshLifetimeDays)
{
    ProfileStateInfo info;
    const TokenState refresh = TokenLifetime::refreshState(p, now, refreshLifetimeDays);
    if (p.needsRegeneration || status.activity == TokenKeeper::Activity::NeedsRegeneration ||
        refresh == TokenState::Expired) {
        info.state = DisplayState::NeedsRegeneration;
    } else if (status.activity == TokenKeeper::Activity::Refreshing) {
        info.state = DisplayState::Refreshing;
    } else if (status.activity == TokenKeeper::Activity::RetryWait) {
        info.state = DisplayState::RetryWait;
        info.retryInSecs =
            status.nextRetry.isValid() ? std::max<qint64>(0, now.secsTo(status.nextRetry)) : 0;
    } else {
        const TokenState access = TokenLifetime::accessState(p, now);
        if (access == TokenState::Expired)
            info.state = DisplayState::Expired;
        else if (access == TokenState::ExpiringSoon || refresh == TokenState::ExpiringSoon)
            info.state = DisplayState::ExpiringSoon;
        else if (access == TokenState::Valid)
            info.state = DisplayState::Valid;
        else
            info.state = DisplayState::Unknown;
    }
    if (info.state == DisplayState::RetryWait)
        info.text = QStringLiteral("refresh failed, retrying in %1 s").arg(info.retryInSecs);
    else
        info.text = displayStateName(info.state);
    return info;
}

DisplayState worstState(const QList<DisplayState> &states)
{
    DisplayState worst = DisplayState::Unknown;
    for (DisplayState s : states)
        worst = std::max(worst, s);
    return worst;
}

QString displayStateName(DisplayState s)
{
    switch (s) {
    case DisplayState::Unknown:
        return QStringLiteral("no token yet");
    case DisplayState::Valid:
        return QStringLiteral("valid");
    case DisplayState::Refreshing:
        return QStringLiteral("refreshing…");
    case DisplayState::ExpiringSoon:
        return QStringLiteral("expiring soon");
    case DisplayState::RetryWait:
        return QStringLiteral("refresh failed, retrying");
    case DisplayState::Expired:
        return QStringLiteral("expired");
    case DisplayState::NeedsRegeneration:
        return QStringLiteral("needs regeneration");
    }
    return {};
}

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QString bannerStyleSheet(const QString &objectName, DisplayState s, const QPalette &palette)
{
    const QColor c = stateColor(s, palette);
    const QColor w = palette.color(QPalette::Window);
    const qreal a = isDarkPalette(palette) ? 0.22 : 0.14;
    const QColor bg =
        QColor::fromRgbF(w.redF() * (1 - a) + c.redF() * a, w.greenF() * (1 - a) + c.greenF() * a,
                         w.blueF() * (1 - a) + c.blueF() * a);
    return QStringLiteral("QFrame#%1 { background-color: %2; border: 1px solid %3; "
                          "border-radius: 4px; }")
        .arg(objectName, bg.name(), c.name());
}

QColor stateColor(DisplayState s, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    switch (s) {
    case DisplayState::Valid:
        return dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37);
    case DisplayState::Refreshing:
        return dark ? QColor(0x58, 0xa6, 0xff) : QColor(0x09, 0x69, 0xda);
    case DisplayState::ExpiringSoon:
    case DisplayState::RetryWait:
        return dark ? QColor(0xd2, 0x99, 0x22) : QColor(0x9a, 0x67, 0x00);
    case DisplayState::Expired:
    case DisplayState::NeedsRegeneration:
        return dark ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
    case DisplayState::Unknown:
        break;
    }
    return palette.color(QPalette::Disabled, QPalette::WindowText);
}

} // namespace a911
