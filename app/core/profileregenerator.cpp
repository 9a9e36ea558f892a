#include "profileregenerator.h"

#include "agencylookup.h"
#include "clock.h"
#include "logging.h"
#include "refreshclient.h"
#include "tokenlifetime.h"
#include "tokenvault.h"

#include <QPointer>

namespace a911 {

ProfileRegenerator::ProfileRegenerator(TokenVault *vault, RefreshClient *refresh,
                                       QNetworkAccessManager *nam, const ServiceUrls &urls,
                                       const Clock *clock, QObject *parent)
    : QObject(parent), m_vault(vault), m_refresh(refresh), m_nam(nam), m_urls(urls), m_clock(clock)
{
}

void ProfileRegenerator::regenerate(const QString &profileId, const QString &refreshToken,
                                    const QString &accessToken, const QStringList &scopes,
                                    Done done)
{
    QPointer<ProfileRegenerator> self(this);
    auto failLater = [self, done](const QString &message) {
        QMetaObject::invokeMethod(
            self, [done, message] { done(false, message, Profile()); }, Qt::QueuedConnection);
    };
    if (!m_vault->contains(profileId)) {
        failLater(tr("That profile no longer exists."));
        return;
    }
    if (refreshToken.trimmed().isEmpty()) {
        failLater(tr("No refresh token was given."));
        return;
    }
    Profile p = m_vault->profile(profileId);
    if (p.origin != ProfileOrigin::PersonalPage) {
        failLater(tr("Only profiles made on the console's token page can get new tokens there."));
        return;
    }
    const QDateTime now = m_clock->now();
    if (!scopes.isEmpty())
        p.scopes = scopes;
    p.refreshIssued = now;
    p.needsRegeneration = false;
    ProfileSecrets secrets;
    secrets.refreshToken = refreshToken.trimmed();
    secrets.accessToken = accessToken.trimmed();
    if (!secrets.accessToken.isEmpty()) {
        p.accessExpiry = now.addSecs(TokenLifetime::kAccessLifetimeSecs);
        QMetaObject::invokeMethod(
            this, [self, p, secrets, done] { if (self) self->check(p, secrets, done); },
            Qt::QueuedConnection);
        return;
    }
    m_refresh->setUrls(m_urls);
    m_refresh->refresh(p, secrets, [self, p, secrets, done](const RefreshResult &r) mutable {
        if (!self)
            return;
        if (!r.ok()) {
            done(false, r.message, Profile());
            return;
        }
        secrets.accessToken = r.accessToken;
        p.accessExpiry = r.accessExpiry;
        p.lastRefreshed = self->m_clock->now();
        self->check(p, secrets, done);
    });
}

void ProfileRegenerator::check(const Profile &profile, const ProfileSecrets &secrets, Done done)
{
    QPointer<ProfileRegenerator> self(this);
    lookUpAgency(m_nam, m_urls, secrets.accessToken, m_timeoutMs, this,
                 [self, profile, secrets, done](const AgencyLookupResult &found) {
                     if (!found.ok()) {
                         done(false, found.message, Profile());
                         return;
                     }
                     Profile p = profile;
                     if (!p.agencyId.isEmpty() && found.agencyId != p.agencyId) {
                         done(false,
                              tr("These tokens are for another agency (%1), not for “%2”. Add "
                                 "them as a new profile instead.")
                                  .arg(found.agencyName, p.label),
                              Profile());
                         return;
                     }
                     p.agencyId = found.agencyId;
                     if (!found.agencyName.isEmpty())
                         p.agencyName = found.agencyName;
                     if (!self)
                         return;
                     self->m_vault->updateProfile(p, secrets, [p, done](bool ok, const QString &error) {
                         if (!ok) {
                             done(false,
                                  tr("The new tokens could not be saved in the keychain: %1").arg(error),
                                  Profile());
                             return;
                         }
                         qCInfo(lcVault) << "Replaced the tokens of profile" << p.id.left(8);
                         done(true, QString(), p);
                     });
                 });
}

} // namespace a911
