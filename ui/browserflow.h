#pragma once

// The seam between the widgets and the embedded browser. Header only and free of
// WebEngine and of moc: the plugin (ui/browser, a MODULE linking Qt WebEngine) is
// loaded with QPluginLoader the first time a browser flow opens, so WebEngine never
// loads at app start and a build without it still has this header.

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariant>
#include <QtPlugin>

#include <functional>

class QWidget;

namespace a911 {

/// How one embedded browser is set up.
struct BrowserOptions
{
    /// Name of the persistent WebEngine profile ("a911desk", "a911desk-demo"):
    /// cookies persist so the console sign-in may survive a restart.
    QString profileName = QStringLiteral("a911desk");
    /// Empty = the platform's data folder for that profile (tests pass a temp folder).
    QString storagePath;
    /// Origins (scheme, host, port) the browser may show; any other link opens in the
    /// system browser instead.
    QList<QUrl> allowedOrigins;
    /// Registered apps: a navigation to a URL starting with this is reported through
    /// redirectCaptured and never loaded (the code must not reach a server or a log).
    QUrl interceptPrefix;
};

/// Events from the browser, as plain callbacks (no moc across the plugin boundary).
struct BrowserCallbacks
{
    std::function<void(bool ok)> loadFinished;
    /// The shown page's host and whether it came over a secure connection.
    std::function<void(const QString &host, bool secure)> locationChanged;
    /// A load failed (network, certificate); the pane shows its own explanation page
    /// with a Retry button, this tells the dialog too.
    std::function<void(const QString &message)> loadFailed;
    std::function<void(const QUrl &url)> redirectCaptured;
    /// A link to somewhere else was handed to the system browser.
    std::function<void(const QUrl &url)> openedExternally;
};

/// One embedded browser. Owned by its widget(): deleting the widget deletes the pane.
class BrowserPane
{
public:
    virtual ~BrowserPane() = default;
    virtual QWidget *widget() = 0;
    virtual void load(const QUrl &url) = 0;
    virtual void reload() = 0;
    virtual QUrl url() const = 0;
    /// Runs script in the page's main world; done gets its result (the pane must still exist).
    virtual void runJavaScript(const QString &script,
                               std::function<void(const QVariant &result)> done) = 0;
    /// Signs out of the console by wiping cookies, cache and storage of the profile.
    virtual void clearBrowsingData(std::function<void()> done) = 0;
};

/// What the plugin exports.
class BrowserFlowPlugin
{
public:
    virtual ~BrowserFlowPlugin() = default;
    virtual BrowserPane *createPane(const BrowserOptions &options, const BrowserCallbacks &callbacks,
                                    QWidget *parent) = 0;
};

} // namespace a911

#define A911_BROWSER_FLOW_IID "org.a911desk.BrowserFlowPlugin/1.0"
Q_DECLARE_INTERFACE(a911::BrowserFlowPlugin, A911_BROWSER_FLOW_IID)
