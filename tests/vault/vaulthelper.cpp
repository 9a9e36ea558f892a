// A child process for the vault tests, so that they can test what only a separate
// process can: a probe under another (or no) D-Bus session, and a save killed at a
// random moment.
//   vault_helper probe SERVICE                       prints the probe's status name
//   vault_helper churn SETTINGS SERVICE PROFILE_ID   saves new secrets forever:
//     prints "ready N" once it read the current set (numbered N), then for each save
//     "saving N", one "op …" line before each keychain operation, and "saved N".
#include "keychainsecretstore.h"
#include "storeprobe.h"
#include "tokenvault.h"

#include "clock.h"

#include <QCoreApplication>
#include <QSettings>

#include <cstdio>

using namespace a911;

namespace {

void say(const QString &line)
{
    std::fputs(line.toUtf8().append('\n').constData(), stdout);
    std::fflush(stdout);
}

// Forwards to the keychain, announcing each operation first so that the test can
// time its kill against the phases of a save.
class AnnouncingStore final : public SecretStore
{
public:
    explicit AnnouncingStore(SecretStore *inner)
        : m_inner(inner)
    {
    }
    void read(const QString &key, Callback done) override
    {
        say(QStringLiteral("op read"));
        m_inner->read(key, std::move(done));
    }
    void write(const QString &key, const QByteArray &data, Callback done) override
    {
        say(QStringLiteral("op write"));
        m_inner->write(key, data, std::move(done));
    }
    void remove(const QString &key, Callback done) override
    {
        say(QStringLiteral("op remove"));
        m_inner->remove(key, std::move(done));
    }
    bool isPersistent() const override { return true; }

private:
    SecretStore *m_inner;
};

ProfileSecrets numbered(int n)
{
    const QString s = QString::number(n);
    return {QStringLiteral("rt-") + s, QStringLiteral("at-") + s, QStringLiteral("cs-") + s};
}

int churn(const QString &settingsFile, const QString &service, const QString &id)
{
    QSettings settings(settingsFile, QSettings::IniFormat);
    KeychainSecretStore keychain(service);
    AnnouncingStore store(&keychain);
    SystemClock clock;
    TokenVault vault(&store, &settings, &clock);
    vault.load();
    if (!vault.contains(id)) {
        std::fputs("no such profile\n", stderr);
        return 3;
    }
    std::function<void(int)> saveNext = [&](int n) {
        say(QStringLiteral("saving ") + QString::number(n));
        vault.updateProfile(vault.profile(id), numbered(n), [&, n](bool ok, const QString &error) {
            if (!ok) {
                std::fputs(qPrintable(QStringLiteral("save failed: ") + error + QLatin1Char('\n')),
                           stderr);
                QCoreApplication::exit(4);
                return;
            }
            say(QStringLiteral("saved ") + QString::number(n));
            saveNext(n + 1);
        });
    };
    vault.readSecrets(id, [&](const StoreResult &r, const ProfileSecrets &s) {
        if (!r.ok()) {
            std::fputs(qPrintable(QStringLiteral("read failed: ") + r.message + QLatin1Char('\n')),
                       stderr);
            QCoreApplication::exit(5);
            return;
        }
        const int n = s.refreshToken.mid(3).toInt();
        say(QStringLiteral("ready ") + QString::number(n));
        saveNext(n + 1);
    });
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == QLatin1String("probe")) {
        StoreProbe probe(args.at(2));
        QObject::connect(&probe, &StoreProbe::finished, &app, [&probe](StoreStatus s) {
            say(StoreProbe::statusName(s));
            std::fputs(qPrintable(probe.detail() + QLatin1Char('\n')), stderr);
            QCoreApplication::exit(0);
        });
        probe.start();
        return QCoreApplication::exec();
    }
    if (args.size() == 5 && args.at(1) == QLatin1String("churn"))
        return churn(args.at(2), args.at(3), args.at(4));
    std::fputs("usage: vault_helper probe SERVICE | churn SETTINGS SERVICE PROFILE_ID\n", stderr);
    return 2;
}
