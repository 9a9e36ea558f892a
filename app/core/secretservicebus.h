#pragma once

#include <QString>

#include <functional>

class QObject;

namespace a911::secretservice {

/// What the session bus says about the freedesktop Secret Service (Linux/BSD only).
enum class State {
    NoBus,     ///< no session bus could be reached
    NoService, ///< nothing owns org.freedesktop.secrets and nothing can be activated
    Locked,    ///< the default collection is locked
    Unlocked,  ///< the default collection is unlocked
    Unknown    ///< the service is there but would not say (no default collection yet, …)
};

/// True where the Secret Service applies (Linux and the BSDs).
bool applies();

/// Asks, without blocking, whether the secret service runs and the default collection
/// (/org/freedesktop/secrets/aliases/default) is locked. `done` runs later on
/// `context`'s thread, never inside the call, and never after `context` is gone.
/// detail: the bus's own words when something failed.
void queryDefaultCollection(QObject *context,
                            std::function<void(State state, const QString &detail)> done);

} // namespace a911::secretservice
