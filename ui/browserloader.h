#pragma once

#include <QString>
#include <QStringList>

namespace a911 {

class BrowserFlowPlugin;

/// Finds and loads the embedded-browser plugin (Qt WebEngine) on first use; later
/// calls return the same instance. Null when the build has no WebEngine or the
/// plugin cannot be loaded; `why` then holds a sentence for people.
BrowserFlowPlugin *loadBrowserPlugin(QString *why = nullptr);

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
