#pragma once

#include "profile.h"

#include <QString>

namespace a911 {
class TokenVault;
}

namespace a911::test {

/// Adds a profile to the vault and waits (event loop, no sleep) until it is stored.
/// Returns the saved profile's id, or an empty string if the vault refused it.
QString addProfileAndWait(TokenVault *vault, const Profile &profile, const ProfileSecrets &secrets,
                          int timeoutMs = 10000);

} // namespace a911::test
