#include "testenv.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>

namespace a911::test {

bool isThrowawayEnvironment(QString *why)
{
    const auto env = QProcessEnvironment::systemEnvironment();
    const auto fail = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (env.value(QStringLiteral("A911_IN_TEST_ENV")) != QLatin1String("1"))
        return fail(QStringLiteral("A911_IN_TEST_ENV is not set"));
    const QString tempRoot = QDir(QDir::tempPath()).canonicalPath();
    const QStringList vars = {QStringLiteral("HOME"), QStringLiteral("XDG_CONFIG_HOME"),
                              QStringLiteral("XDG_DATA_HOME"), QStringLiteral("XDG_CACHE_HOME")};
    for (const QString &var : vars) {
        const QString value = env.value(var);
        if (value.isEmpty() && var != QLatin1String("HOME"))
            continue;
        const QString canonical = QDir(value).canonicalPath();
        if (canonical.isEmpty() || !canonical.startsWith(tempRoot + QLatin1Char('/')))
            return fail(var + QStringLiteral(" is not inside ") + tempRoot);
    }
    if (QDir(QDir::homePath()).canonicalPath() !=
        QDir(env.value(QStringLiteral("HOME"))).canonicalPath())
        return fail(QStringLiteral("QDir::homePath() disagrees with HOME"));
    return true;
}

TempSettings::TempSettings()
    : m_path(m_dir.filePath(QStringLiteral("a911desk.ini")))
{
}

std::unique_ptr<QSettings> TempSettings::open() const
{
    return std::make_unique<QSettings>(m_path, QSettings::IniFormat);
}

QByteArray TempSettings::bytes() const
{
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

namespace keyring {

namespace {
const QString kService = QStringLiteral("org.freedesktop.secrets");
const QString kDefault = QStringLiteral("/org/freedesktop/secrets/aliases/default");

bool setError(QString *error, const QString &e)
{
    if (error)
        *error = e;
    return false;
}

// The secret struct of the Secret Service API: (oayays).
struct Secret
{
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument &operator<<(QDBusArgument &arg, const Secret &s)
{
    arg.beginStructure();
    arg << s.session << s.parameters << s.value << s.contentType;
    arg.endStructure();
    return arg;
}

const QDBusArgument &operator>>(const QDBusArgument &arg, Secret &s)
{
    arg.beginStructure();
    arg >> s.session >> s.parameters >> s.value >> s.contentType;
    arg.endStructure();
    return arg;
}

// Plain method calls, not QDBusInterface: that one introspects the service and caches
// a meta-object per interface that Qt never frees (LeakSanitizer reports it).
QDBusMessage call(const QString &path, const QString &interface, const QString &method,
                  const QVariantList &args)
{
    QDBusMessage m = QDBusMessage::createMethodCall(kService, path, interface, method);
    m.setArguments(args);
    return QDBusConnection::sessionBus().call(m);
}

QDBusMessage callService(const QString &method, const QVariantList &args)
{
    return call(QStringLiteral("/org/freedesktop/secrets"),
                QStringLiteral("org.freedesktop.Secret.Service"), method, args);
}

// The alias resolves to a real collection path (…/collection/login); the internal
// gnome-keyring interface wants that one.
QDBusObjectPath defaultCollection(QString *error)
{
    QDBusReply<QDBusObjectPath> reply =
        callService(QStringLiteral("ReadAlias"), {QStringLiteral("default")});
    if (!reply.isValid() || reply.value().path() == QLatin1String("/")) {
        setError(error, QStringLiteral("no default collection: ") + reply.error().message());
        return {};
    }
    return reply.value();
}
} // namespace
} // namespace keyring
} // namespace a911::test

Q_DECLARE_METATYPE(a911::test::keyring::Secret)

namespace a911::test::keyring {

bool isDefaultLocked(bool *locked, QString *error)
{
    QDBusReply<QDBusVariant> reply =
        call(kDefault, QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"),
             {QStringLiteral("org.freedesktop.Secret.Collection"), QStringLiteral("Locked")});
    if (!reply.isValid())
        return setError(error, reply.error().message());
    *locked = reply.value().variant().toBool();
    return true;
}

bool lockDefault(QString *error)
{
    const QDBusObjectPath collection = defaultCollection(error);
    if (collection.path().isEmpty())
        return false;
    const QDBusMessage reply = callService(
        QStringLiteral("Lock"), {QVariant::fromValue(QList<QDBusObjectPath>{collection})});
    if (reply.type() == QDBusMessage::ErrorMessage)
        return setError(error, reply.errorMessage());
    bool locked = false;
    if (!isDefaultLocked(&locked, error))
        return false;
    return locked || setError(error, QStringLiteral("the collection did not lock"));
}

bool unlockDefault(QString *error)
{
    qDBusRegisterMetaType<Secret>();
    const QDBusObjectPath collection = defaultCollection(error);
    if (collection.path().isEmpty())
        return false;
    const QDBusMessage session =
        callService(QStringLiteral("OpenSession"),
                    {QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString()))});
    if (session.type() == QDBusMessage::ErrorMessage || session.arguments().size() < 2)
        return setError(error, QStringLiteral("OpenSession: ") + session.errorMessage());
    const auto sessionPath = session.arguments().at(1).value<QDBusObjectPath>();

    const Secret master{sessionPath, {}, QByteArrayLiteral("test"), QStringLiteral("text/plain")};
    const QDBusMessage reply =
        call(QStringLiteral("/org/freedesktop/secrets"),
             QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
             QStringLiteral("UnlockWithMasterPassword"),
             {QVariant::fromValue(collection), QVariant::fromValue(master)});
    if (reply.type() == QDBusMessage::ErrorMessage)
        return setError(error, QStringLiteral("UnlockWithMasterPassword: ") + reply.errorMessage());
    bool locked = true;
    if (!isDefaultLocked(&locked, error))
        return false;
    return !locked || setError(error, QStringLiteral("the collection is still locked"));
}

} // namespace a911::test::keyring
