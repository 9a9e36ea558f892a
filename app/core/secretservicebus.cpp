#include "secretservicebus.h"

#include "logging.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
#define A911_HAVE_SECRET_SERVICE 1
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

namespace a911::secretservice {

bool applies()
{
#ifdef A911_HAVE_SECRET_SERVICE
    return true;
#else
    return false;
#endif
}

#ifdef A911_HAVE_SECRET_SERVICE
namespace {

const QString kSecrets = QStringLiteral("org.freedesktop.secrets");
const QString kBusService = QStringLiteral("org.freedesktop.DBus");
const QString kBusPath = QStringLiteral("/org/freedesktop/DBus");
using Done = std::function<void(State, const QString &)>;

void callAsync(QObject *context, const QDBusConnection &bus, const QDBusMessage &message,
               std::function<void(const QDBusMessage &reply)> then)
{
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(message, 10000), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [watcher, then = std::move(then)] {
                         watcher->deleteLater();
                         then(watcher->reply());
                     });
}

void askLocked(QObject *context, const QDBusConnection &bus, Done done)
{
    QDBusMessage get = QDBusMessage::createMethodCall(
        kSecrets, QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    callAsync(context, bus, get, [done](const QDBusMessage &reply) {
        if (reply.type() == QDBusMessage::ErrorMessage) {
            const QString name = reply.errorName();
            if (name == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown") ||
                name == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner") ||
                name == QLatin1String("org.freedesktop.DBus.Error.Spawn.ServiceNotFound"))
                return done(State::NoService, reply.errorMessage());
            return done(State::Unknown, reply.errorMessage());
        }
        const QVariant v = reply.arguments().value(0).value<QDBusVariant>().variant();
        done(v.toBool() ? State::Locked : State::Unlocked, {});
    });
}

} // namespace
#endif

void queryDefaultCollection(QObject *context, std::function<void(State, const QString &)> done)
{
    const auto later = [context, done](State s, const QString &detail) {
        QMetaObject::invokeMethod(
            context, [done, s, detail] { done(s, detail); }, Qt::QueuedConnection);
    };
#ifdef A911_HAVE_SECRET_SERVICE
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return later(State::NoBus, bus.lastError().message());
    QDBusMessage hasOwner = QDBusMessage::createMethodCall(kBusService, kBusPath, kBusService,
                                                           QStringLiteral("NameHasOwner"));
    hasOwner << kSecrets;
    callAsync(context, bus, hasOwner, [context, bus, done](const QDBusMessage &reply) {
        if (reply.type() == QDBusMessage::ErrorMessage)
            return done(State::NoBus, reply.errorMessage());
        if (reply.arguments().value(0).toBool())
            return askLocked(context, bus, done);
        // Not running: it may still be started on demand (bus activation).
        const QDBusMessage list = QDBusMessage::createMethodCall(
            kBusService, kBusPath, kBusService, QStringLiteral("ListActivatableNames"));
        callAsync(context, bus, list, [context, bus, done](const QDBusMessage &names) {
            if (names.type() == QDBusMessage::ErrorMessage)
                return done(State::NoBus, names.errorMessage());
            if (!names.arguments().value(0).toStringList().contains(kSecrets))
                return done(State::NoService,
                            QStringLiteral("nothing owns or can start org.freedesktop.secrets"));
            askLocked(context, bus, done);
        });
    });
#else
    later(State::Unknown, {});
#endif
}

} // namespace a911::secretservice
