#include "browserloader.h"

#include "browserflow.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPluginLoader>

// Static-library resources are only linked in when something refers to them.
static void initA911Resources()
{
    Q_INIT_RESOURCE(resources);
}

namespace a911 {

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

BrowserFlowPlugin *loadBrowserPlugin(QString *why)
{
#ifndef A911_HAVE_WEBENGINE
    if (why)
        *why = QCoreApplication::translate(
            "a911", "This copy of a911desk was built without the embedded browser (Qt WebEngine).");
    return nullptr;
#else
    static BrowserFlowPlugin *plugin = nullptr;
    static QString failure;
    if (plugin)
        return plugin;
    if (!failure.isEmpty()) {
        if (why)
            *why = failure;
        return nullptr;
    }
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
