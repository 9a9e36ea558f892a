#pragma once

#include <QString>
#include <QStringList>

namespace a911::cli {

/// Exit codes of every subcommand (scripts rely on them).
enum ExitCode {
    ExitOk = 0,
    ExitUsage = 2,         ///< bad arguments
    ExitNoProfile = 3,     ///< no such profile (or several and none chosen)
    ExitRejected = 4,      ///< the refresh token was rejected: regenerate it
    ExitNetwork = 5,       ///< network or server failure after retries
    ExitKeychain = 6,      ///< keychain unavailable or locked
    ExitApiError = 7       ///< the API answered with an error
};

/// True for the subcommands run() knows: profiles, import, token, forget, api.
bool isCommand(const QString &name);

/// Runs one subcommand. `arguments` are argv without the program name, starting with
/// the command. Needs an existing QCoreApplication (and the redacting message handler).
int run(const QStringList &arguments);

} // namespace a911::cli
