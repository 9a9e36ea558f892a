#pragma once

#include <QLoggingCategory>
#include <QString>

// One category per area, info by default. Log events, never values: "Refreshed
// access token for profile 3f2a…", never the token.
Q_DECLARE_LOGGING_CATEGORY(lcVault)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcRefresh)
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcBrowser)
Q_DECLARE_LOGGING_CATEGORY(lcOAuth)

namespace a911 {

/// Replaces anything token-shaped (long runs of token characters, Bearer values,
/// access_token=/refresh_token= values) with "‹redacted›". A last line of defence:
/// code must not log secrets in the first place.
QString redactSecrets(const QString &text);

/// Installs a Qt message handler that passes every message through redactSecrets()
/// before the default handler prints it. Safe to call more than once.
void installRedactingMessageHandler();

} // namespace a911
