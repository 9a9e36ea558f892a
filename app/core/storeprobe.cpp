#include "storeprobe.h"

#include "keychainsecretstore.h"
#include "logging.h"
#include "secretservicebus.h"

#include <QPointer>
#include <QTimer>
#include <QUuid>

namespace a911 {

namespace {

// A keychain that waits for a password prompt nobody answers must not hang start-up.
constexpr int kProbeTimeoutMs = 20000;

StoreStatus statusFor(StoreResult::Error e)
{
    switch (e) {
    case StoreResult::Error::None:
        return StoreStatus::Working;
    case StoreResult::Error::Locked:
        return StoreStatus::Locked;
    case StoreResult::Error::AccessDenied:
        return StoreStatus::AccessDenied;
    case StoreResult::Error::NoBackend:
        return StoreStatus::NoSecretService;
    case StoreResult::Error::NotFound:
    case StoreResult::Error::Other:
        break;
    }
    return StoreStatus::Failed;
}

} // namespace

StoreProbe::StoreProbe(const QString &serviceName, QObject *parent)
    : QObject(parent)
    , m_service(serviceName)
{
}

QString StoreProbe::statusName(StoreStatus s)
{
    switch (s) {
    case StoreStatus::Unknown:
        return QStringLiteral("unknown");
    case StoreStatus::Working:
        return QStringLiteral("working");
    case StoreStatus::NoDBusSession:
        return QStringLiteral("no-dbus-session");
    case StoreStatus::NoSecretService:
        return QStringLiteral("no-secret-service");
    case StoreStatus::Locked:
        return QStringLiteral("locked");
    case StoreStatus::AccessDenied:
        return QStringLiteral("access-denied");
    case StoreStatus::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

QString StoreProbe::message(StoreStatus s)
{
    switch (s) {
    case StoreStatus::Unknown:
        return QStringLiteral("The keychain has not been checked yet.");
    case StoreStatus::Working:
        return QStringLiteral("The keychain works: tokens are kept there.");
    case StoreStatus::NoDBusSession:
        return QStringLiteral(
            "There is no D-Bus session, so the system keychain cannot be reached.");
    case StoreStatus::NoSecretService:
        return QStringLiteral("No keychain service (such as GNOME Keyring or KWallet) is running.");
    case StoreStatus::Locked:
        return QStringLiteral("The keyring is locked.");
    case StoreStatus::AccessDenied:
        return QStringLiteral("Access to the keychain was denied.");
    case StoreStatus::Failed:
        return QStringLiteral("The keychain did not work.");
    }
    return {};
}

QString StoreProbe::advice(StoreStatus s)
{
    switch (s) {
    case StoreStatus::Unknown:
        return {};
    case StoreStatus::Working:
        return QStringLiteral("Nothing to do.");
    case StoreStatus::NoDBusSession:
        return QStringLiteral("Start a911desk from your desktop session (over SSH, run it under "
                              "dbus-run-session with a keyring daemon); until then tokens are kept "
                              "only until you quit.");
    case StoreStatus::NoSecretService:
        return QStringLiteral("Install and start a keyring that offers the Secret Service (GNOME "
                              "Keyring, KWallet, KeePassXC), then restart a911desk; until then "
                              "tokens are kept only until you quit.");
    case StoreStatus::Locked:
        return QStringLiteral("Unlock it in your desktop's password manager (Seahorse, "
                              "KWalletManager), then restart a911desk; your saved tokens are "
                              "untouched, and new ones are kept only until you quit.");
    case StoreStatus::AccessDenied:
        return QStringLiteral("Allow a911desk to use the keychain when your system asks (or in its "
                              "access settings), then restart a911desk; until then tokens are kept "
                              "only until you quit.");
    case StoreStatus::Failed:
        return QStringLiteral(
            "Check that your keychain works (the details say what it answered), "
            "then restart a911desk; until then tokens are kept only until you quit.");
    }
    return {};
}

void StoreProbe::finish(StoreStatus s, const QString &detail)
{
    if (m_status != StoreStatus::Unknown)
        return; // a late answer after the timeout
    m_status = s;
    m_detail = detail;
    qCInfo(lcStore) << "Keychain probe:" << statusName(s);
    Q_EMIT finished(s);
}

void StoreProbe::start()
{
    QTimer::singleShot(kProbeTimeoutMs, this, [this] {
        finish(StoreStatus::Failed, QStringLiteral("The keychain did not answer in time (it may "
                                                   "be waiting for a password prompt)."));
    });

    // A write/read/delete round trip of a throwaway entry under our own service name.
    // The key is unique so that two a911desk processes probing at once do not collide.
    const auto roundTrip = [this] {
        auto *store = new KeychainSecretStore(m_service, this);
        const QString key =
            QStringLiteral("probe:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QByteArray value = QUuid::createUuid().toByteArray();
        QPointer<StoreProbe> self(this);
        store->write(key, value, [self, store, key, value](const StoreResult &w) {
            if (!w.ok())
                return self->finish(statusFor(w.error), w.message);
            store->read(key, [self, store, key, value](const StoreResult &r) {
                if (!r.ok())
                    return self->finish(statusFor(r.error), r.message);
                if (r.data != value)
                    return self->finish(StoreStatus::Failed,
                                        QStringLiteral("The keychain gave back something else than "
                                                       "was stored."));
                store->remove(key, [self, store](const StoreResult &d) {
                    self->finish(d.ok() ? StoreStatus::Working : statusFor(d.error), d.message);
                    store->deleteLater();
                });
            });
        });
    };

    if (!secretservice::applies())
        return roundTrip();
    secretservice::queryDefaultCollection(
        this, [this, roundTrip](secretservice::State state, const QString &detail) {
            switch (state) {
            case secretservice::State::NoBus:
                return finish(StoreStatus::NoDBusSession, detail);
            case secretservice::State::NoService:
                return finish(StoreStatus::NoSecretService, detail);
            case secretservice::State::Locked:
                return finish(StoreStatus::Locked);
            case secretservice::State::Unlocked:
            case secretservice::State::Unknown:
                return roundTrip();
            }
        });
}

} // namespace a911
