#include "profileimporter.h"

#include "agencylookup.h"
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
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace a911 {

struct ProfileImporter::Job
{
    Input input;
    Done done;
    Profile profile;
    ProfileSecrets secrets;
    bool exchanged = false;
};

ProfileImporter::ProfileImporter(TokenVault *vault, RefreshClient *refresh,
                                 QNetworkAccessManager *nam, const ServiceUrls &urls,
                                 const Clock *clock, QObject *parent)
    : QObject(parent), m_vault(vault), m_refresh(refresh), m_nam(nam), m_urls(urls), m_clock(clock)
{
}

namespace {

ProfileImporter::Result failed(ProfileImporter::Result::Failure f, const QString &message)
{
    ProfileImporter::Result r;
    r.failure = f;
    r.message = message;
    return r;
}


} // namespace

void ProfileImporter::import(const Input &input, Done done)
{
    auto job = std::make_shared<Job>();
    job->input = input;
    job->done = std::move(done);
    QPointer<ProfileImporter> self(this);
    using F = Result::Failure;

    auto failLater = [this, job](F f, const QString &message) {
        QMetaObject::invokeMethod(
            this, [job, f, message] { job->done(failed(f, message)); }, Qt::QueuedConnection);
    };

    const QString refresh = input.refreshToken.trimmed();
    if (refresh.isEmpty()) {
        failLater(F::RefreshRejected, QStringLiteral("No refresh token was given."));
        return;
    }
    if (input.origin == ProfileOrigin::RegisteredApp
        && (input.clientId.isEmpty() || input.clientSecret.isEmpty())) {
        failLater(F::RefreshRejected,
                  QStringLiteral("A registered app needs its client id and client secret."));
        return;
    }

    const QDateTime now = m_clock->now();
    Profile &p = job->profile;
    p.origin = input.origin;
    p.clientId = input.origin == ProfileOrigin::RegisteredApp ? input.clientId : QString();
    p.scopes = input.scopes;
    p.refreshIssued = input.refreshIssued.isValid() ? input.refreshIssued.toUTC() : now;
    job->secrets.refreshToken = refresh;
    job->secrets.accessToken = input.accessToken.trimmed();
    job->secrets.clientSecret = input.origin == ProfileOrigin::RegisteredApp ? input.clientSecret
                                                                             : QString();

    if (!job->secrets.accessToken.isEmpty()) {
        p.accessExpiry = input.accessExpiry.isValid()
            ? input.accessExpiry.toUTC()
            : now.addSecs(TokenLifetime::kAccessLifetimeSecs);
        QMetaObject::invokeMethod(
            this, [self, job] { if (self) self->lookUpAgency(job); }, Qt::QueuedConnection);
        return;
    }

    m_refresh->setUrls(m_urls);
    m_refresh->refresh(p, job->secrets, [self, job](const RefreshResult &r) {
        if (!self)
            return;
        switch (r.outcome) {
        case RefreshResult::Outcome::Rejected:
            job->done(failed(F::RefreshRejected, r.message));
            return;
        case RefreshResult::Outcome::Transient:
            job->done(failed(F::Network, r.message));
            return;
        case RefreshResult::Outcome::Success:
            break;
        }
        job->exchanged = true;
        job->secrets.accessToken = r.accessToken;
        job->profile.accessExpiry = r.accessExpiry;
        job->profile.lastRefreshed = self->m_clock->now();
        if (!r.refreshToken.isEmpty())
            job->secrets.refreshToken = r.refreshToken;
        if (!r.scopes.isEmpty() && job->profile.scopes.isEmpty())
            job->profile.scopes = r.scopes;
        self->lookUpAgency(job);
    });
}

void ProfileImporter::lookUpAgency(std::shared_ptr<Job> job)
{
    QPointer<ProfileImporter> self(this);
    a911::lookUpAgency(m_nam, m_urls, job->secrets.accessToken, m_timeoutMs, this,
                       [self, job](const AgencyLookupResult &found) {
                           using F = Result::Failure;
                           if (!found.ok()) {
                               job->done(failed(found.failure == AgencyLookupResult::Failure::Rejected
                                                    ? F::AccessRejected
                                                    : F::Network,
                                                found.message));
                               return;
                           }
                           job->profile.agencyId = found.agencyId;
                           job->profile.agencyName = found.agencyName;
                           if (self)
                               self->store(job);
                       });
}

void ProfileImporter::store(std::shared_ptr<Job> job)
{
    Profile &p = job->profile;
    QString wanted = job->input.label.trimmed();
    if (wanted.isEmpty())
        wanted = p.agencyName.isEmpty() ? QStringLiteral("Agency %1").arg(p.agencyId)
                                        : p.agencyName;
    p.label = m_vault->uniqueLabel(wanted);
    QPointer<ProfileImporter> self(this);
    m_vault->addProfile(p, job->secrets,
                        [self, job](bool ok, const QString &error, const Profile &saved) {
                            if (!self)
                                return;
                            if (!ok) {
                                job->done(failed(Result::Failure::Store,
                                                 QStringLiteral("The token could not be saved in "
                                                                "the keychain: %1")
                                                     .arg(error)));
                                return;
                            }
                            qCInfo(lcVault) << "Imported a profile for agency" << saved.agencyId;
                            Result r;
                            r.profile = saved;
                            r.message = QStringLiteral("Saved “%1”.").arg(saved.label);
                            job->done(r);
                        });
}

} // namespace a911
