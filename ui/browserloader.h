#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace a911 {

class BrowserFlowPlugin;

/// Finds and loads the embedded-browser plugin (Qt WebEngine) on first use; later
/// calls return the same instance. Null when the build has no WebEngine or the
/// plugin cannot be loaded; `why` then holds a sentence for people.
BrowserFlowPlugin *loadBrowserPlugin(QString *why = nullptr);

/// Why the embedded browser must not start in this process, or empty when it may.
/// Qt WebEngine refuses to run as root with its sandbox on, and a911desk never turns
/// the sandbox off itself: only the user's QTWEBENGINE_DISABLE_SANDBOX (or --no-sandbox
/// among the Chromium switches) does. loadBrowserPlugin() asks this first.
QString embeddedBrowserBlocker();
/// The decision behind it (tests).
QString embeddedBrowserBlocker(bool runningAsRoot, bool sandboxDisabledByUser);

/// The Chromium switches Qt WebEngine would take from this process: QTWEBENGINE_CHROMIUM_FLAGS
/// when set (envFlags), otherwise what follows --webEngineArgs among the app's
/// arguments (appArguments, program name first).
QStringList chromiumSwitches(const QStringList &appArguments,
                             const std::optional<QString> &envFlags);
/// switches without any remote-debugging one (--remote-debugging-port=…,
/// --remote-debugging-pipe, --remote-debugging-address=…, --remote-allow-origins=…), as
/// a value for QTWEBENGINE_CHROMIUM_FLAGS.
QString chromiumFlagsWithoutRemoteDebugging(const QStringList &switches);
/// Keeps remote debugging off in the shipped program: sets QTWEBENGINE_CHROMIUM_FLAGS to
/// the cleaned switches (when it is set, WebEngine ignores the command line) and unsets
/// QTWEBENGINE_REMOTE_DEBUGGING. Must run before the first WebEngine object exists;
/// loadBrowserPlugin() does it before it loads the plugin.
void disableRemoteDebugging();

/// Where loadBrowserPlugin() looks, in order: ../lib/a911desk beside the executable,
/// the build's plugin folder, the install folder, and $A911_BROWSER_PLUGIN_DIR.
QStringList browserPluginSearchPaths();

/// resources/capture/capture.js: reads the page, returns candidate tokens as JSON.
QString captureScript();
/// resources/capture/tickscopes.js with the chosen scopes filled in.
QString tickScopesScript(const QStringList &scopes);

/// resources/capture/watchsubmit.js: returns the label of the submit button pressed on
/// the previous page ("no No" when the user declined) and watches this page's.
QString watchSubmitScript();

} // namespace a911
