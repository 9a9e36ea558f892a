#include "browserloader.h"

#include "browserflow.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QOpenGLContext>
#include <QPluginLoader>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

// Static-library resources are only linked in when something refers to them.
static void initA911Resources()
{
    Q_INIT_RESOURCE(resources);
}

#ifdef A911_HAVE_WEBENGINE
// Exported by QtGui (symbol version Qt_6) but declared only in its private headers.
Q_GUI_EXPORT void qt_gl_set_global_share_context(QOpenGLContext *context);
#endif

namespace a911 {

namespace {

const char kChromiumFlags[] = "QTWEBENGINE_CHROMIUM_FLAGS";

// The same splitting as Qt WebEngine's parseEnvCommandLine(): spaces separate,
// double quotes group and are dropped.
QStringList splitFlags(const QString &flags)
{
    QStringList out;
    QString arg;
    bool quoted = false;
    bool inArg = false;
    for (const QChar c : flags) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            inArg = true;
        } else if (c == QLatin1Char(' ') && !quoted) {
            if (inArg && !arg.isEmpty())
                out << arg;
            arg.clear();
            inArg = false;
        } else {
            arg += c;
            inArg = true;
        }
    }
    if (!arg.isEmpty())
        out << arg;
    return out;
}

std::optional<QString> envFlags()
{
    if (!qEnvironmentVariableIsSet(kChromiumFlags))
        return std::nullopt;
    return qEnvironmentVariable(kChromiumFlags);
}

bool isRemoteDebuggingSwitch(const QString &arg)
{
    // Chromium takes "--x", "-x" and (on Windows) "/x" alike.
    QString name = arg;
    while (name.startsWith(QLatin1Char('-')) || name.startsWith(QLatin1Char('/')))
        name.remove(0, 1);
    name = name.section(QLatin1Char('='), 0, 0);
    return name.startsWith(QLatin1String("remote-debugging"), Qt::CaseInsensitive)
        || name.compare(QLatin1String("remote-allow-origins"), Qt::CaseInsensitive) == 0;
}

} // namespace

QString embeddedBrowserBlocker(bool runningAsRoot, bool sandboxDisabledByUser)
{
    if (runningAsRoot && !sandboxDisabledByUser)
        return QCoreApplication::translate(
            "a911", "The embedded browser cannot run as the root user; run a911desk as your "
                    "normal user, or use your own browser below.");
    return QString();
}

QString embeddedBrowserBlocker()
{
#ifdef Q_OS_UNIX
    const bool root = ::geteuid() == 0;
#else
    const bool root = false;
#endif
    // WebEngine turns its sandbox off for the variable whatever its value.
    const bool sandboxOff = qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX")
        || chromiumSwitches(QCoreApplication::arguments(), envFlags())
               .contains(QLatin1String("--no-sandbox"));
    return embeddedBrowserBlocker(root, sandboxOff);
}

QStringList chromiumSwitches(const QStringList &appArguments, const std::optional<QString> &env)
{
    // As Qt WebEngine 6.4 does it: the variable wins; otherwise only what follows
    // --webEngineArgs on the command line reaches Chromium.
    if (env)
        return splitFlags(*env);
    const qsizetype at = appArguments.indexOf(QLatin1String("--webEngineArgs"));
    return at < 0 ? QStringList() : appArguments.mid(at + 1);
}

QString chromiumFlagsWithoutRemoteDebugging(const QStringList &switches)
{
    QStringList kept;
    for (const QString &arg : switches) {
        if (isRemoteDebuggingSwitch(arg))
            continue;
        kept << (arg.contains(QLatin1Char(' ')) ? QLatin1Char('"') + arg + QLatin1Char('"') : arg);
    }
    return kept.join(QLatin1Char(' '));
}

void disableRemoteDebugging()
{
    const QStringList switches = chromiumSwitches(QCoreApplication::arguments(), envFlags());
    const QString cleaned = chromiumFlagsWithoutRemoteDebugging(switches);
    if (std::any_of(switches.cbegin(), switches.cend(), isRemoteDebuggingSwitch))
        qCWarning(lcBrowser) << "Remote debugging switches ignored: the embedded browser never "
                                "allows remote debugging";
    // Always set, even to nothing: while it is set WebEngine ignores the command line.
    // A lone space, because an empty value unsets the variable on Windows.
    qputenv(kChromiumFlags, cleaned.isEmpty() ? QByteArray(" ") : cleaned.toLocal8Bit());
    qunsetenv("QTWEBENGINE_REMOTE_DEBUGGING");
}

QStringList browserPluginSearchPaths()
{
    QStringList dirs;
    const QString env = qEnvironmentVariable("A911_BROWSER_PLUGIN_DIR");
    if (!env.isEmpty())
        dirs << env;
    dirs << QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../lib/a911desk"));
#ifdef A911_PLUGIN_BUILD_DIR
    dirs << QStringLiteral(A911_PLUGIN_BUILD_DIR);
#endif
#ifdef A911_PLUGIN_INSTALL_DIR
    dirs << QStringLiteral(A911_PLUGIN_INSTALL_DIR);
#endif
    dirs.removeDuplicates();
    return dirs;
}

#ifdef A911_HAVE_WEBENGINE
namespace {

// Qt WebEngine needs a global shared OpenGL context. Setting Qt::AA_ShareOpenGLContexts
// before QApplication makes Qt create one at start-up, which costs every run ~55 MB and
// ~60 ms (a whole GL driver) although most runs never open the browser. So the context
// is made here, just before WebEngine loads, the way QtWebEngineQuick::initialize()
// does it. (Setting the attribute this late only earns a warning in Qt 6.4, and the
// views render without it: tests/generate drive the real pages this way.)
void ensureGlobalShareContext()
{
    if (QOpenGLContext::globalShareContext())
        return;
    auto *context = new QOpenGLContext(QCoreApplication::instance());
    context->setFormat(QSurfaceFormat::defaultFormat());
    if (!context->create())
        qCWarning(lcBrowser) << "No shared OpenGL context; the embedded browser may not draw";
    ::qt_gl_set_global_share_context(context);
}

} // namespace
#endif

BrowserFlowPlugin *loadBrowserPlugin(QString *why)
{
#ifndef A911_HAVE_WEBENGINE
    if (why)
        *why = QCoreApplication::translate(
            "a911", "This copy of a911desk was built without the embedded browser (Qt WebEngine).");
    return nullptr;
#else
    // Asked before anything of WebEngine loads: as root with its sandbox on, WebEngine
    // would fail obscurely, and a911desk never turns the sandbox off itself.
    const QString blocker = embeddedBrowserBlocker();
    if (!blocker.isEmpty()) {
        if (why)
            *why = blocker;
        return nullptr;
    }
    static BrowserFlowPlugin *plugin = nullptr;
    static QString failure;
    if (plugin)
        return plugin;
    if (!failure.isEmpty()) {
        if (why)
            *why = failure;
        return nullptr;
    }
    disableRemoteDebugging();
    ensureGlobalShareContext();
    QString lastError;
    const QStringList dirs = browserPluginSearchPaths();
    for (const QString &dir : dirs) {
#if defined(Q_OS_WIN)
        const QString path = QDir(dir).absoluteFilePath(QStringLiteral("a911browser.dll"));
#else
        const QString path = QDir(dir).absoluteFilePath(QStringLiteral("a911browser.so"));
#endif
        if (!QFileInfo::exists(path))
            continue;
        QPluginLoader loader(path);
        QObject *instance = loader.instance();
        if (auto *p = qobject_cast<BrowserFlowPlugin *>(instance)) {
            qCInfo(lcBrowser) << "Embedded browser loaded from" << dir;
            plugin = p;
            return plugin;
        }
        lastError = loader.errorString();
        qCWarning(lcBrowser) << "Embedded browser plugin failed to load:" << lastError;
    }
    failure = lastError.isEmpty()
        ? QCoreApplication::translate("a911", "The embedded browser is not installed.")
        : QCoreApplication::translate("a911", "The embedded browser could not be started (%1).")
              .arg(lastError);
    if (why)
        *why = failure;
    return nullptr;
#endif
}

static QString readResource(const QString &path)
{
    initA911Resources();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        qCWarning(lcBrowser) << "Missing resource" << path;
        return QString();
    }
    return QString::fromUtf8(f.readAll());
}

QString captureScript()
{
    static const QString script = readResource(QStringLiteral(":/a911/capture/capture.js"));
    return script;
}

QString watchSubmitScript()
{
    static const QString script = readResource(QStringLiteral(":/a911/capture/watchsubmit.js"));
    return script;
}

QString tickScopesScript(const QStringList &scopes)
{
    static const QString script = readResource(QStringLiteral(":/a911/capture/tickscopes.js"));
    const QString list = QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(scopes)).toJson(QJsonDocument::Compact));
    QString s = script;
    s.replace(QLatin1String("%SCOPES%"), list);
    return s;
}

} // namespace a911
