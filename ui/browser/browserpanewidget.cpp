#include "browserpanewidget.h"

#include <QAction>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QHash>
#include <QHostAddress>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QNetworkCookie>
#include <QSet>
#include <QTimer>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWebEngineCertificateError>
#include <QWebEngineCookieStore>
#include <QWebEngineLoadingInfo>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineView>

#include <utility>

// The plugin links no a911 library, so it has its own category of the same name.
Q_LOGGING_CATEGORY(lcBrowserPlugin, "a911.browser", QtInfoMsg)

namespace a911 {

namespace {

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress addr(host);
    return !addr.isNull() && addr.isLoopback();
}

// Remote debugging stays off in the shipped program: WebEngine would honour either
// of these, so they are dropped before the first WebEngine object exists.
void disableRemoteDebugging()
{
    static bool done = false;
    if (done)
        return;
    done = true;
    qunsetenv("QTWEBENGINE_REMOTE_DEBUGGING");
    QByteArray flags = qgetenv("QTWEBENGINE_CHROMIUM_FLAGS");
    if (flags.contains("remote-debugging")) {
        QList<QByteArray> kept;
        const QList<QByteArray> parts = flags.split(' ');
        for (const QByteArray &f : parts)
            if (!f.contains("remote-debugging"))
                kept << f;
        qputenv("QTWEBENGINE_CHROMIUM_FLAGS", kept.join(' '));
    }
}

// Knows which cookies the profile holds, so that signing out can wait until the
// cookie store really dropped them: QWebEngineCookieStore::deleteAllCookies() (6.4)
// returns at once and reports nothing, and a page loaded meanwhile would still send
// the console's session cookie.
class CookieTracker final : public QObject
{
public:
    explicit CookieTracker(QWebEngineProfile *profile) : QObject(profile), m_store(profile->cookieStore())
    {
        connect(m_store, &QWebEngineCookieStore::cookieAdded, this,
                [this](const QNetworkCookie &c) { m_cookies.insert(key(c)); });
        connect(m_store, &QWebEngineCookieStore::cookieRemoved, this,
                [this](const QNetworkCookie &c) {
                    m_cookies.remove(key(c));
                    if (m_cookies.isEmpty())
                        finishWaiters();
                });
        m_store->loadAllCookies();
    }

    /// Deletes every cookie; done runs once the store reported them gone (or after a
    /// few seconds, should a removal never be reported).
    void deleteAll(std::function<void()> done)
    {
        m_waiters.append(std::move(done));
        m_store->deleteAllCookies();
        if (m_cookies.isEmpty()) {
            QMetaObject::invokeMethod(this, &CookieTracker::finishWaiters, Qt::QueuedConnection);
            return;
        }
        QTimer::singleShot(5000, this, [this] {
            if (!m_waiters.isEmpty()) {
                qCWarning(lcBrowserPlugin) << "The cookie store did not confirm the deletion";
                finishWaiters();
            }
        });
    }

private:
    static QByteArray key(const QNetworkCookie &c)
    {
        return c.name() + '\n' + c.domain().toUtf8() + '\n' + c.path().toUtf8();
    }

    void finishWaiters()
    {
        const auto waiters = std::exchange(m_waiters, {});
        for (const auto &w : waiters)
            if (w)
                w();
    }

    QWebEngineCookieStore *m_store;
    QSet<QByteArray> m_cookies;
    QList<std::function<void()>> m_waiters;
};

// One per profile, made with it (profiles live as long as the process).
CookieTracker *cookieTrackerFor(QWebEngineProfile *profile)
{
    static QHash<QWebEngineProfile *, CookieTracker *> trackers;
    CookieTracker *&t = trackers[profile];
    if (!t)
        t = new CookieTracker(profile);
    return t;
}

// One profile per name for the life of the process: two live profiles on the same
// storage would fight over it.
QWebEngineProfile *profileFor(const BrowserOptions &options)
{
    static QHash<QString, QWebEngineProfile *> profiles;
    const QString key = options.profileName + QLatin1Char('\n') + options.storagePath;
    if (QWebEngineProfile *p = profiles.value(key))
        return p;
    auto *p = new QWebEngineProfile(options.profileName, QCoreApplication::instance());
    if (!options.storagePath.isEmpty()) {
        QDir().mkpath(options.storagePath);
        p->setPersistentStoragePath(options.storagePath + QLatin1String("/storage"));
        p->setCachePath(options.storagePath + QLatin1String("/cache"));
    }
    // The console sign-in may persist between runs (the whole point of a named
    // profile: off-the-record lost it every time); "Sign out…" wipes it.
    p->setPersistentCookiesPolicy(QWebEngineProfile::ForcePersistentCookies);
    // HTTP cache in memory only: the token page must never land in a cache on disk.
    // (Clearing a disk cache was no good either: in 6.4 a load started while
    // clearHttpCache() runs could hang for good, as tst_regenerate saw after "Sign out".
    // NoCache is no way out: with it, 6.4 never finished the first load of a fresh
    // profile in tst_capture and tst_remotedebugging.)
    p->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    p->settings()->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
    p->settings()->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    p->settings()->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    cookieTrackerFor(p); // from the start, so that it sees every cookie
    profiles.insert(key, p);
    return p;
}

} // namespace

/// Keeps navigation on the allowed origins and catches the registered-app redirect
/// before it loads.
class GuardedPage final : public QWebEnginePage
{
public:
    GuardedPage(QWebEngineProfile *profile, const BrowserOptions &options,
                const BrowserCallbacks &callbacks, QObject *parent)
        : QWebEnginePage(profile, parent), m_options(options), m_callbacks(callbacks)
    {
    }

    bool allowed(const QUrl &url) const
    {
        for (const QUrl &origin : m_options.allowedOrigins)
            if (sameOrigin(origin, url))
                return true;
        return false;
    }

    bool intercepted(const QUrl &url) const
    {
        const QUrl &prefix = m_options.interceptPrefix;
        if (prefix.isEmpty() || !sameOrigin(prefix, url))
            return false;
        const QString p = prefix.path();
        return p.isEmpty() || p == QLatin1String("/") || url.path().startsWith(p);
    }

    // Decides for the main page and for windows it would open. Logs hosts only: a
    // URL here may carry a code or a token.
    bool decide(const QUrl &url, bool isMainFrame)
    {
        if (intercepted(url)) {
            qCInfo(lcBrowserPlugin) << "Redirect to the registered redirect URI captured";
            if (m_callbacks.redirectCaptured)
                m_callbacks.redirectCaptured(url);
            return false;
        }
        const QString scheme = url.scheme();
        if (scheme == QLatin1String("about") || scheme == QLatin1String("data")
            || scheme == QLatin1String("blob"))
            return true;
        if (allowed(url))
            return true;
        if (isMainFrame && (scheme == QLatin1String("https") || scheme == QLatin1String("http")
                            || scheme == QLatin1String("mailto"))) {
            qCInfo(lcBrowserPlugin) << "Link to another host handed to the system browser:"
                                    << url.host();
            QDesktopServices::openUrl(url);
            if (m_callbacks.openedExternally)
                m_callbacks.openedExternally(url);
        } else {
            qCInfo(lcBrowserPlugin) << "Blocked a frame from another host:" << url.host();
        }
        return false;
    }

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType, bool isMainFrame) override
    {
        return decide(url, isMainFrame);
    }

    // target=_blank: a throwaway page whose first navigation is judged like a link;
    // allowed ones load here, others go to the system browser.
    QWebEnginePage *createWindow(WebWindowType) override;

    // Pages may print anything (a token, even): nothing of theirs reaches our log.
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &, int,
                                  const QString &) override
    {
    }

private:
    BrowserOptions m_options;
    BrowserCallbacks m_callbacks;
};

namespace {
class WindowCatcher final : public QWebEnginePage
{
public:
    WindowCatcher(QWebEngineProfile *profile, GuardedPage *target)
        : QWebEnginePage(profile, target), m_target(target)
    {
    }

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType, bool) override
    {
        if (m_target && m_target->decide(url, true))
            m_target->load(url);
        deleteLater();
        return false;
    }

private:
    QPointer<GuardedPage> m_target;
};
} // namespace

QWebEnginePage *GuardedPage::createWindow(WebWindowType)
{
    return new WindowCatcher(profile(), this);
}

BrowserPaneWidget::BrowserPaneWidget(const BrowserOptions &options,
                                     const BrowserCallbacks &callbacks, QWidget *parent)
    : QWidget(parent), m_options(options), m_callbacks(callbacks)
{
    disableRemoteDebugging();
    m_profile = profileFor(options);
    m_page = new GuardedPage(m_profile, options, callbacks, this);
    m_view = new QWebEngineView(this);
    m_view->setPage(m_page);
    m_view->setContextMenuPolicy(Qt::NoContextMenu);

    m_location = new QLabel(this);
    m_location->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *menuButton = new QToolButton(this);
    menuButton->setText(tr("Browser"));
    menuButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(menuButton);
    QAction *reloadAction = menu->addAction(tr("Reload"));
    connect(reloadAction, &QAction::triggered, this, &BrowserPaneWidget::reload);
    QAction *signOut = menu->addAction(tr("Sign out of the console and clear browser data"));
    signOut->setObjectName(QStringLiteral("signOutAction"));
    connect(signOut, &QAction::triggered, this, [this] {
        clearBrowsingData([this] {
            if (!m_lastRequested.isEmpty())
                load(m_lastRequested);
        });
    });
    menuButton->setMenu(menu);

    auto *note = new QLabel(
        tr("Only one console sign-in may be active at a time: signing in here may sign you "
           "out of the Active911 console in your usual browser."),
        this);
    note->setWordWrap(true);
    note->setObjectName(QStringLiteral("signInNote"));

    auto *errorPage = new QWidget(this);
    m_errorText = new QLabel(errorPage);
    m_errorText->setWordWrap(true);
    m_errorText->setObjectName(QStringLiteral("loadError"));
    m_retry = new QPushButton(tr("Retry"), errorPage);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    connect(m_retry, &QPushButton::clicked, this, &BrowserPaneWidget::reload);
    auto *errorLayout = new QVBoxLayout(errorPage);
    errorLayout->addStretch();
    errorLayout->addWidget(m_errorText);
    errorLayout->addWidget(m_retry, 0, Qt::AlignLeft);
    errorLayout->addStretch();

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_view);
    m_stack->addWidget(errorPage);

    auto *top = new QHBoxLayout;
    top->addWidget(m_location, 1);
    top->addWidget(menuButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(note);
    layout->addWidget(m_stack, 1);

    connect(m_page, &QWebEnginePage::urlChanged, this, &BrowserPaneWidget::showLocation);
    connect(m_page, &QWebEnginePage::loadingChanged, this, &BrowserPaneWidget::onLoadingChanged);
    connect(m_page, &QWebEnginePage::certificateError, this,
            [this](QWebEngineCertificateError error) {
                // Never accepted: a console page behind a bad certificate may be anyone's.
                error.rejectCertificate();
                m_certificateProblem = error.description();
                qCWarning(lcBrowserPlugin) << "Refused a certificate error for"
                                           << error.url().host();
            });
    showLocation(QUrl());
}

BrowserPaneWidget::~BrowserPaneWidget()
{
    // The page goes before the view it is set on. Deleting it answers pending scripts
    // (with nothing): those answers must not reach an owner that is being destroyed too.
    m_closing = true;
    m_page->disconnect(this);
    m_view->setPage(nullptr);
    delete m_page;
}

void BrowserPaneWidget::load(const QUrl &url)
{
    m_lastRequested = url;
    m_certificateProblem.clear();
    m_stack->setCurrentIndex(0);
    m_page->load(url);
}

void BrowserPaneWidget::reload()
{
    if (m_stack->currentIndex() == 1 || m_page->url().isEmpty()) {
        load(m_page->requestedUrl().isEmpty() ? m_lastRequested : m_page->requestedUrl());
        return;
    }
    m_page->triggerAction(QWebEnginePage::Reload);
}

QUrl BrowserPaneWidget::url() const
{
    return m_page->url();
}

void BrowserPaneWidget::runJavaScript(const QString &script,
                                      std::function<void(const QVariant &)> done)
{
    QPointer<BrowserPaneWidget> self(this);
    m_page->runJavaScript(script, [self, done](const QVariant &result) {
        if (self && !self->m_closing && done)
            done(result);
    });
}

void BrowserPaneWidget::clearBrowsingData(std::function<void()> done)
{
    qCInfo(lcBrowserPlugin) << "Clearing the browser's cookies, cache and storage";
    // Storage of the page's origin first (the page is still there to run it), then the
    // visited links and the cookies (the console session). The HTTP cache lives in memory
    // only and holds nothing that outlives the session.
    QPointer<BrowserPaneWidget> self(this);
    m_page->runJavaScript(
        QStringLiteral("try{localStorage.clear();sessionStorage.clear();}catch(e){}"
                       "try{indexedDB.databases().then(function(l){l.forEach(function(d){"
                       "indexedDB.deleteDatabase(d.name);});});}catch(e){}"),
        [self, done](const QVariant &) {
            if (!self)
                return;
            self->m_profile->clearAllVisitedLinks();
            cookieTrackerFor(self->m_profile)->deleteAll([self, done] {
                if (!self)
                    return;
                qCInfo(lcBrowserPlugin) << "Browser data cleared";
                if (done)
                    done();
            });
        });
}

void BrowserPaneWidget::showLocation(const QUrl &url)
{
    if (url.isEmpty() || url.scheme() == QLatin1String("data")
        || url.scheme() == QLatin1String("about")) {
        m_location->setText(tr("No page loaded"));
        return;
    }
    const bool https = url.scheme() == QLatin1String("https");
    const bool secure = https && m_certificateProblem.isEmpty();
    QString state;
    if (secure)
        state = tr("secure connection");
    else if (isLoopbackHost(url.host()))
        state = tr("not encrypted (this computer)");
    else
        state = tr("NOT secure");
    // Host and port only: the path or query may carry a token.
    const QString host = url.port() > 0 ? url.host() + QLatin1Char(':') + QString::number(url.port())
                                        : url.host();
    m_location->setText(tr("%1 — %2").arg(host, state));
    m_location->setProperty("secure", secure);
    if (m_callbacks.locationChanged)
        m_callbacks.locationChanged(host, secure);
}

void BrowserPaneWidget::showError(const QString &message)
{
    m_errorText->setText(message);
    m_stack->setCurrentIndex(1);
    if (m_callbacks.loadFailed)
        m_callbacks.loadFailed(message);
}

void BrowserPaneWidget::onLoadingChanged(const QWebEngineLoadingInfo &info)
{
    if (info.status() == QWebEngineLoadingInfo::LoadStartedStatus
        || info.status() == QWebEngineLoadingInfo::LoadStoppedStatus)
        return;
    const bool ok = info.status() == QWebEngineLoadingInfo::LoadSucceededStatus;
    // -3 is Chromium's ERR_ABORTED: a navigation we refused or the user replaced.
    if (!ok && info.errorCode() == -3)
        return;
    if (!ok) {
        const QString host = info.url().host();
        QString message;
        if (!m_certificateProblem.isEmpty()) {
            message = tr("The connection to %1 was refused because its certificate is not "
                         "trusted: %2\n\nThis can mean someone is intercepting the connection, "
                         "or the server is misconfigured. a911desk never accepts such a "
                         "certificate. If your network uses an inspecting proxy, its "
                         "certificate must be trusted by the system.")
                          .arg(host, m_certificateProblem);
        } else {
            message = tr("The page at %1 could not be loaded: %2.\n\nCheck your network "
                         "connection and proxy settings, then try again.")
                          .arg(host, info.errorString().isEmpty() ? tr("unknown error")
                                                                  : info.errorString());
        }
        qCInfo(lcBrowserPlugin) << "Load failed for" << host << "code" << info.errorCode();
        showError(message);
    } else {
        m_stack->setCurrentIndex(0);
    }
    if (m_callbacks.loadFinished)
        m_callbacks.loadFinished(ok);
}

} // namespace a911
