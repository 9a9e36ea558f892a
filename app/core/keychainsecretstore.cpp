#include "keychainsecretstore.h"

#include "logging.h"
#include "secretservicebus.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

namespace a911 {

namespace {

StoreResult result(StoreResult::Error e, const QString &message)
{
    StoreResult r;
    r.error = e;
    r.message = message;
    return r;
}

const QString kLockedMessage = QStringLiteral("The keyring is locked.");

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{
}

KeychainSecretStore::~KeychainSecretStore()
{
    // Running jobs outlive us and delete themselves when done; deleting one while it
    // runs crashes QtKeychain. Our own finished-handlers die with us (context = this).
    for (QKeychain::Job *job : std::as_const(m_running))
        QObject::connect(job, &QKeychain::Job::finished, job, &QObject::deleteLater);
}

StoreResult::Error KeychainSecretStore::mapError(int qkeychainError)
{
    switch (static_cast<QKeychain::Error>(qkeychainError)) {
    case QKeychain::NoError:
        return StoreResult::Error::None;
    case QKeychain::EntryNotFound:
        return StoreResult::Error::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return StoreResult::Error::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return StoreResult::Error::NoBackend;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    return StoreResult::Error::Other;
}

void KeychainSecretStore::whenNotLocked(std::function<void()> proceed, Callback done)
{
    if (!secretservice::applies()) {
        QMetaObject::invokeMethod(this, std::move(proceed), Qt::QueuedConnection);
        return;
    }
    secretservice::queryDefaultCollection(
        this,
        [proceed = std::move(proceed), done](secretservice::State state, const QString &detail) {
            switch (state) {
            case secretservice::State::Locked:
                if (done)
                    done(result(StoreResult::Error::Locked, kLockedMessage));
                return;
            case secretservice::State::NoBus:
                if (done)
                    done(result(StoreResult::Error::NoBackend,
                                QStringLiteral("No D-Bus session: ") + detail));
                return;
            case secretservice::State::NoService:
                if (done)
                    done(result(StoreResult::Error::NoBackend,
                                QStringLiteral("No secret service is running.")));
                return;
            case secretservice::State::Unlocked:
            case secretservice::State::Unknown:
                proceed();
                return;
            }
        });
}

void KeychainSecretStore::start(QKeychain::Job *job, Op op, Callback done)
{
    job->setAutoDelete(false);
    job->setInsecureFallback(false); // never a plain-text file
    m_running.insert(job);
    connect(job, &QKeychain::Job::finished, this, [this, job, op, done](QKeychain::Job *) {
        m_running.remove(job);
        job->deleteLater(); // finished: it is safe to go now
        StoreResult r;
        r.error = mapError(job->error());
        if (!r.ok())
            r.message = job->errorString();
        if (r.ok() && op == Op::Read)
            r.data = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
        if (r.error != StoreResult::Error::None)
            qCDebug(lcStore) << "Keychain job failed:" << int(r.error);
        // QtKeychain 0.13 says "not found" for a locked keyring: believe it only if the
        // keyring is unlocked right now.
        if (r.error == StoreResult::Error::NotFound && secretservice::applies()) {
            secretservice::queryDefaultCollection(
                this, [done, r](secretservice::State state, const QString &) {
                    if (!done)
                        return;
                    if (state == secretservice::State::Locked)
                        return done(result(StoreResult::Error::Locked, kLockedMessage));
                    done(r);
                });
            return;
        }
        if (done)
            done(r);
    });
    job->start();
}

void KeychainSecretStore::read(const QString &key, Callback done)
{
    QPointer<KeychainSecretStore> self(this);
    whenNotLocked(
        [self, key, done] {
            auto *job = new QKeychain::ReadPasswordJob(self->m_service);
            job->setKey(key);
            self->start(job, Op::Read, done);
        },
        done);
}

void KeychainSecretStore::write(const QString &key, const QByteArray &data, Callback done)
{
    QPointer<KeychainSecretStore> self(this);
    whenNotLocked(
        [self, key, data, done] {
            auto *job = new QKeychain::WritePasswordJob(self->m_service);
            job->setKey(key);
            job->setBinaryData(data);
            self->start(job, Op::Write, done);
        },
        done);
}

void KeychainSecretStore::remove(const QString &key, Callback done)
{
    QPointer<KeychainSecretStore> self(this);
    whenNotLocked(
        [self, key, done] {
            auto *job = new QKeychain::DeletePasswordJob(self->m_service);
            job->setKey(key);
            self->start(job, Op::Remove, done);
        },
        done);
}

} // namespace a911
