#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace a911::test {

/// True when HOME (and the XDG folders, if set) lie in a temporary folder, the way
/// scripts/with-test-env.sh prepares them; else false and why. Tests that touch a
/// keyring or settings refuse to run otherwise, so a real keyring is never touched.
bool isThrowawayEnvironment(QString *why = nullptr);

/// Stops the test (QSKIP is not enough: a silent skip hides a missing environment)
/// unless isThrowawayEnvironment(). Use in initTestCase().
#define A911_REQUIRE_THROWAWAY_ENV()                                                               \
    do {                                                                                           \
        QString why_;                                                                              \
        if (!a911::test::isThrowawayEnvironment(&why_))                                            \
            QFAIL(qPrintable(QStringLiteral("refusing to run outside the test environment "        \
                                            "(scripts/with-test-env.sh): ") +                      \
                             why_));                                                               \
    } while (false)

/// A settings file in a fresh temporary folder, INI format.
class TempSettings final
{
public:
    TempSettings();
    QString path() const { return m_path; }
    /// A new QSettings object on the file (several may exist at once, like processes).
    std::unique_ptr<QSettings> open() const;
    /// The raw bytes of the file as written so far.
    QByteArray bytes() const;

private:
    QTemporaryDir m_dir;
    QString m_path;
};

/// The throwaway gnome-keyring's default collection, over D-Bus (Secret Service API).
namespace keyring {
/// The `Locked` property of /org/freedesktop/secrets/aliases/default.
bool isDefaultLocked(bool *locked, QString *error = nullptr);
/// Locks the default collection (org.freedesktop.Secret.Service.Lock, prompt-less).
bool lockDefault(QString *error = nullptr);
/// Unlocks it again without a prompt: gnome-keyring's
/// InternalUnsupportedGuiltRiddenInterface.UnlockWithMasterPassword with the test
/// environment's password ("test").
bool unlockDefault(QString *error = nullptr);
} // namespace keyring

} // namespace a911::test
