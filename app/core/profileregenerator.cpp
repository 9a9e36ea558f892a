#include "profileregenerator.h"

#include "apiclient.h"
#include "clock.h"
#include "logging.h"
#include "refreshclient.h"
#include "tokenlifetime.h"
#include "tokenvault.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
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
    QNetworkRequest req(m_urls.apiUrl(QString()));
    req.setRawHeader("Authorization", "Bearer " + secrets.accessToken.toUtf8());
    req.setRawHeader("Accept", "application/json");
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::SameOriginRedirectPolicy);
    req.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_nam->get(req);
    reply->setParent(this);
    QPointer<ProfileRegenerator> self(this);
    connect(reply, &QNetworkReply::finished, this, [self, reply, profile, secrets, done] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status == 0) {
            done(false, tr("Could not reach the API to check the token (%1).")
                            .arg(reply->errorString()), Profile());
            return;
        }
        const ApiEnvelope env = ApiEnvelope::inspect(body);
        if (status < 200 || status >= 300 || env.isError || !env.hasEnvelope) {
            done(false, tr("The API did not accept the new access token (HTTP %1).").arg(status),
                 Profile());
            return;
        }
        const QJsonObject agency = QJsonDocument::fromJson(body)
                                       .object()
                                       .value(QLatin1String("message"))
                                       .toObject()
                                       .value(QLatin1String("agency"))
                                       .toObject();
        const QJsonValue idValue = agency.value(QLatin1String("id"));
        const QString agencyId = idValue.isDouble()
            ? QString::number(static_cast<qint64>(idValue.toDouble()))
            : idValue.toString();
        Profile p = profile;
        if (!p.agencyId.isEmpty() && !agencyId.isEmpty() && agencyId != p.agencyId) {
            done(false, tr("These tokens are for another agency (%1), not for “%2”. Add them as "
                           "a new profile instead.")
                            .arg(agency.value(QLatin1String("name")).toString(), p.label),
                 Profile());
            return;
        }
        if (!agencyId.isEmpty())
            p.agencyId = agencyId;
        const QString name = agency.value(QLatin1String("name")).toString();
        if (!name.isEmpty())
            p.agencyName = name;
        self->m_vault->updateProfile(p, secrets, [p, done](bool ok, const QString &error) {
            if (!ok) {
                done(false, tr("The new tokens could not be saved in the keychain: %1").arg(error),
                     Profile());
                return;
            }
            qCInfo(lcVault) << "Replaced the tokens of profile" << p.id;
            done(true, QString(), p);
        });
    });
}

} // namespace a911
