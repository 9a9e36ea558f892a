#pragma once

#include "profile.h"
#include "serviceurls.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace a911 {

class Clock;
class RefreshClient;
class TokenVault;

/// Puts freshly generated personal tokens into an existing profile ("Regenerate"):
/// exchanges the refresh token if no access token came with it, checks the access
/// token with `GET /`, refuses tokens of another agency, then replaces the secrets
/// (crash-safe, TokenVault::updateProfile). Id and label stay. Any failure leaves the
/// profile exactly as it was.
class ProfileRegenerator final : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(bool ok, const QString &message, const Profile &profile)>;

    ProfileRegenerator(TokenVault *vault, RefreshClient *refresh, QNetworkAccessManager *nam,
                       const ServiceUrls &urls, const Clock *clock, QObject *parent = nullptr);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    /// done is called exactly once (not after the regenerator is destroyed).
    void regenerate(const QString &profileId, const QString &refreshToken,
                    const QString &accessToken, const QStringList &scopes, Done done);

private:
    void check(const Profile &p, const ProfileSecrets &secrets, Done done);

    TokenVault *m_vault;
    RefreshClient *m_refresh;
    QNetworkAccessManager *m_nam;
    ServiceUrls m_urls;
    const Clock *m_clock;
    int m_timeoutMs = 30000;
};

} // namespace a911
