// Parses the command line and wires objects together; nothing else lives here.
#include "cli.h"
#include "colorscheme.h"
#include "corecontext.h"
#include "demomode.h"
#include "desktopshell.h"
#include "docsscreenshot.h"
#include "explorerpane.h"
#include "generatedialog.h"
#include "lazypage.h"
#include "logging.h"
#include "mainwindow.h"
#include "registeredappdialog.h"
#include "replicaserver.h"
#include "tokenvault.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkProxyFactory>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

#include <memory>
#include <optional>

namespace {

struct GuiOptions
{
    a911::CoreOptions core;
    a911::ServiceUrlOverrides urls; ///< laid over the stored URLs once the settings are open
    bool startInTray = false;
    QString colorScheme;
    qint64 demoAccessTtl = 86400;
    a911::DesktopShell::BenchMode bench = a911::DesktopShell::BenchMode::Off;
    bool generate = false;
    QStringList scopes;
    QString docsScreenshot; // README screenshots only (scripts/screenshots.sh)
    QString docsScene;
};

enum class ParseOutcome { Run, ExitOk, ExitUsage };

void usageError(const QString &message)
{
    QTextStream(stderr) << "a911desk: " << message << "\nTry 'a911desk --help'.\n";
}

// QApplication takes its own options (-platform, -style, …) out of argv only once it
// exists; the early parse must not call them unknown.
QStringList withoutQtOptions(const QStringList &arguments)
{
    static const QStringList withValue = {
        QStringLiteral("platform"), QStringLiteral("platformpluginpath"),
        QStringLiteral("platformtheme"), QStringLiteral("plugin"), QStringLiteral("qwindowgeometry"),
        QStringLiteral("qwindowicon"), QStringLiteral("qwindowtitle"), QStringLiteral("style"),
        QStringLiteral("stylesheet"), QStringLiteral("display"), QStringLiteral("geometry"),
        QStringLiteral("session"), QStringLiteral("name"), QStringLiteral("title")};
    static const QStringList flags = {QStringLiteral("reverse"), QStringLiteral("nograb"),
                                      QStringLiteral("dograb"), QStringLiteral("sync"),
                                      QStringLiteral("widgetcount")};
    QStringList out;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        QString name = arg;
        while (name.startsWith(QLatin1Char('-')))
            name.remove(0, 1);
        const bool single = arg.startsWith(QLatin1Char('-')) && !arg.startsWith(QLatin1String("--"));
        const QString bare = name.section(QLatin1Char('='), 0, 0);
        if (i > 0 && (single || arg.startsWith(QLatin1String("--"))) && withValue.contains(bare)) {
            if (!name.contains(QLatin1Char('=')))
                ++i; // skip the value too
            continue;
        }
        if (i > 0 && single && flags.contains(name))
            continue;
        out.append(arg);
    }
    return out;
}

ParseOutcome parseGuiArguments(const QStringList &arguments, GuiOptions *out)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Generate, keep and use Active911 API tokens, and explore the Active911 API.\n\n"
        "Commands (a911desk COMMAND --help for each):\n"
        "  (none)     start the app\n"
        "  generate   start the app straight in the token generation flow\n"
        "  profiles   list stored profiles\n"
        "  import     store a refresh token read from standard input\n"
        "  token      print a currently valid access token\n"
        "  forget     delete a profile and its keychain entries\n"
        "  api        send one API request and print the response\n"
        "  replica    run the built-in Active911 replica"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Run on a built-in replica of Active911, with "
                                                 "demo profiles kept apart from real ones."));
    const QCommandLineOption demoTtl(QStringLiteral("demo-access-ttl"),
                                     QStringLiteral("Demo mode: access-token lifetime in seconds "
                                                    "(watch expiry and refresh in a minute)."),
                                     QStringLiteral("seconds"));
    const QCommandLineOption tray(QStringLiteral("tray"),
                                  QStringLiteral("Start with only the tray icon."));
    const QCommandLineOption scheme(QStringLiteral("color-scheme"),
                                    QStringLiteral("system (default), light or dark."),
                                    QStringLiteral("name"));
    const QCommandLineOption console(QStringLiteral("console-url"),
                                     QStringLiteral("Folder of oauth_gen.php and api_access.php."),
                                     QStringLiteral("url"));
    const QCommandLineOption oauth(QStringLiteral("oauth-url"),
                                   QStringLiteral("Folder of authorize_agency.php and token.php."),
                                   QStringLiteral("url"));
    const QCommandLineOption api(QStringLiteral("api-url"), QStringLiteral("The API base."),
                                 QStringLiteral("url"));
    const QCommandLineOption scopes(QStringLiteral("scopes"),
                                    QStringLiteral("With generate: the scopes to tick, "
                                                   "space-separated."),
                                    QStringLiteral("list"));
    QCommandLineOption settingsFile(QStringLiteral("settings-file"), QString(), QStringLiteral("file"));
    settingsFile.setFlags(QCommandLineOption::HiddenFromHelp);
    // The start-up benchmark (tests/bench): a given settings file, session-only.
    QCommandLineOption benchSettings(QStringLiteral("bench-settings"), QString(), QStringLiteral("file"));
    QCommandLineOption benchExit(QStringLiteral("bench-exit-after-show"));
    QCommandLineOption benchReport(QStringLiteral("bench-report-shown"));
    // README screenshots (scripts/screenshots.sh): demo mode, one scene, a PNG, quit.
    QCommandLineOption docsShot(QStringLiteral("docs-screenshot"), QString(), QStringLiteral("file"));
    QCommandLineOption docsScene(QStringLiteral("docs-scene"), QString(), QStringLiteral("scene"));
    for (QCommandLineOption *o : {&benchSettings, &benchExit, &benchReport, &docsShot, &docsScene})
        o->setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({demo, demoTtl, tray, scheme, console, oauth, api, scopes, settingsFile,
                       benchSettings, benchExit, benchReport, docsShot, docsScene});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("generate, or one of the commands above."),
                                 QStringLiteral("[command]"));

    if (!parser.parse(arguments)) {
        usageError(parser.errorText());
        return ParseOutcome::ExitUsage;
    }
    if (parser.isSet(help)) {
        QTextStream(stdout) << parser.helpText();
        return ParseOutcome::ExitOk;
    }
    if (parser.isSet(version)) {
        QTextStream(stdout) << "a911desk " << A911_VERSION << '\n';
        return ParseOutcome::ExitOk;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1
        || (positional.size() == 1 && positional.first() != QLatin1String("generate"))) {
        usageError(QStringLiteral("unknown command '%1'.").arg(positional.join(QLatin1Char(' '))));
        return ParseOutcome::ExitUsage;
    }
    out->generate = positional.size() == 1;
    if (parser.isSet(scopes)) {
        if (!out->generate) {
            usageError(QStringLiteral("--scopes goes with the generate command."));
            return ParseOutcome::ExitUsage;
        }
        QString why;
        if (!a911::GenerateDialog::scopesFromArgument(parser.value(scopes), &out->scopes, &why)) {
            usageError(why);
            return ParseOutcome::ExitUsage;
        }
    }

    out->colorScheme = parser.value(scheme);
    if (!out->colorScheme.isEmpty() && out->colorScheme != QLatin1String("system")
        && out->colorScheme != QLatin1String("light") && out->colorScheme != QLatin1String("dark")) {
        usageError(QStringLiteral("--color-scheme is system, light or dark."));
        return ParseOutcome::ExitUsage;
    }

    out->core.demo = parser.isSet(demo);
    if (parser.isSet(demoTtl)) {
        bool ok = false;
        out->demoAccessTtl = parser.value(demoTtl).toLongLong(&ok);
        if (!ok || out->demoAccessTtl < 30) {
            usageError(QStringLiteral("--demo-access-ttl takes a number of seconds, at least 30."));
            return ParseOutcome::ExitUsage;
        }
    }
    out->startInTray = parser.isSet(tray);

    if (parser.isSet(console) || parser.isSet(oauth) || parser.isSet(api)) {
        if (out->core.demo) {
            usageError(QStringLiteral("--demo uses the built-in replica; leave out the URLs."));
            return ParseOutcome::ExitUsage;
        }
        for (const QCommandLineOption *option : {&console, &oauth, &api}) {
            if (!parser.isSet(*option))
                continue;
            const QString why = out->urls.set(option->names().constFirst(), parser.value(*option));
            if (!why.isEmpty()) {
                usageError(why);
                return ParseOutcome::ExitUsage;
            }
        }
    }

    out->core.settingsFile = parser.value(settingsFile);
    if (parser.isSet(benchSettings)) {
        out->core.settingsFile = parser.value(benchSettings);
        out->core.sessionOnly = true; // the benchmark's profiles are throwaway
        out->bench = parser.isSet(benchExit) ? a911::DesktopShell::BenchMode::ExitAfterShown
                                             : a911::DesktopShell::BenchMode::ReportShown;
    }
    if (parser.isSet(docsShot)) {
        out->docsScreenshot = parser.value(docsShot);
        out->docsScene = parser.isSet(docsScene) ? parser.value(docsScene) : QStringLiteral("main");
        if (!out->core.demo || !a911::DocsScreenshot::sceneNames().contains(out->docsScene)) {
            usageError(QStringLiteral("--docs-screenshot needs --demo and a --docs-scene of: %1.")
                           .arg(a911::DocsScreenshot::sceneNames().join(QStringLiteral(", "))));
            return ParseOutcome::ExitUsage;
        }
    }
    return ParseOutcome::Run;
}

void openGenerateDialog(a911::CoreContext *ctx, a911::MainWindow *window,
                        const QStringList &scopes, const std::function<void(a911::GenerateDialog *)> &setup)
{
    auto *dialog = new a911::GenerateDialog(ctx, scopes, window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (setup)
        setup(dialog);
    QObject::connect(dialog, &a911::GenerateDialog::profileSaved, window,
                     &a911::MainWindow::selectProfile);
    dialog->open();
}

int runGui(int argc, char *argv[], const GuiOptions &options)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("a911desk"));
    QApplication::setApplicationVersion(QStringLiteral(A911_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.a911desk.a911desk"));
    // The embedded browser and every request follow the system's proxy settings.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    a911::applyColorScheme(options.colorScheme);

    GuiOptions opts = options;
    std::unique_ptr<a911::DemoMode> demo;
    if (opts.core.demo) {
        demo = std::make_unique<a911::DemoMode>(opts.demoAccessTtl);
        QString why;
        if (!demo->start(&why)) {
            QMessageBox::critical(nullptr, QStringLiteral("a911desk demo"),
                                  QStringLiteral("The built-in replica could not start: %1").arg(why));
            return 1;
        }
        opts.core.urls = a911::ServiceUrls::forOrigin(demo->origin());
    }

    a911::CoreContext ctx(opts.core);
    if (!opts.urls.isEmpty())
        ctx.setUrls(opts.urls.over(ctx.urls())); // remembered, like the CLI's
    a911::DesktopShell shell(&ctx);
    shell.setBenchMode(opts.bench);
    a911::MainWindow *window = shell.window();

    // The explorer is built the first time its tab opens: start-up pays only for the
    // token view.
    auto *explorerPage = new a911::LazyPage([&ctx, &shell, window] {
        auto *explorer = new a911::ExplorerPane(&ctx);
        explorer->setClipboardGuard(shell.clipboard());
        if (ctx.isDemo())
            explorer->setHistoryFile(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                     + QStringLiteral("/demo-explorer-history.json"));
        explorer->setProfile(window->currentProfileId());
        QObject::connect(window, &a911::MainWindow::currentProfileChanged, explorer,
                         &a911::ExplorerPane::setProfile);
        return explorer;
    });
    window->addPage(explorerPage, QStringLiteral("API explorer"));

    QObject::connect(window, &a911::MainWindow::generateRequested, window,
                     [&ctx, window] { openGenerateDialog(&ctx, window, {}, {}); });
    QObject::connect(window, &a911::MainWindow::regenerateRequested, window,
                     [&ctx, window](const QString &id) {
                         openGenerateDialog(&ctx, window, {}, [id](a911::GenerateDialog *d) {
                             d->setRegenerateProfile(id);
                         });
                     });
    QObject::connect(window, &a911::MainWindow::pasteRequested, window, [&ctx, window] {
        openGenerateDialog(&ctx, window, {},
                           [](a911::GenerateDialog *d) { d->startOnPastePage(); });
    });
    if (QMenu *profileMenu = window->findChild<QMenu *>(QStringLiteral("profileMenu"))) {
        QAction *registered = profileMenu->addAction(QStringLiteral("Add a &registered app…"));
        registered->setObjectName(QStringLiteral("addRegisteredAppAction"));
        registered->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
        registered->setStatusTip(QStringLiteral("Add a profile with a registered app's client id "
                                                "and secret (OAuth)"));
        QObject::connect(registered, &QAction::triggered, window, [&ctx, window] {
            auto *dialog = new a911::RegisteredAppDialog(&ctx, window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
        });
    }

    auto startShell = [&] {
        ctx.vault()->load();
        shell.start(opts.startInTray);
        // After the first paint: rendering the SVG icon costs start-up ~10 ms.
        QTimer::singleShot(0, &app, [] {
            QApplication::setWindowIcon(QIcon(QStringLiteral(":/a911/icons/a911desk.svg")));
        });
        if (opts.generate)
            openGenerateDialog(&ctx, window, opts.scopes, {});
    };
    if (demo) {
        QObject::connect(demo.get(), &a911::DemoMode::seeded, window,
                         [window] { window->reloadProfiles(); });
        if (!opts.docsScreenshot.isEmpty()) {
            // README screenshots: wait for the seeded profiles, write the scene, quit.
            auto *shot = new a911::DocsScreenshot(window, opts.docsScene, opts.docsScreenshot,
                                                  &shell);
            QObject::connect(shot, &a911::DocsScreenshot::finished, &shell,
                             [](bool ok, const QString &message) {
                                 if (!ok)
                                     QTextStream(stderr) << "a911desk: screenshot failed: "
                                                         << message << '\n';
                                 QCoreApplication::exit(ok ? 0 : 1);
                             });
            shot->start();
        }
        ctx.probeStore([&](a911::StoreStatus) {
            startShell();
            demo->seedProfiles(&ctx);
        });
    } else {
        ctx.probeStore([&](a911::StoreStatus) { startShell(); });
    }
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    a911::installRedactingMessageHandler();

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const QString command = arguments.value(1);

    if (command == QLatin1String("replica") || a911::cli::isCommand(command)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("a911desk"));
        QCoreApplication::setApplicationVersion(QStringLiteral(A911_VERSION));
        QStringList rest = arguments.mid(1);
        if (command == QLatin1String("replica")) {
            rest.removeFirst();
            return a911::replica::runReplicaCommand(rest);
        }
        return a911::cli::run(rest);
    }

    GuiOptions options;
    ParseOutcome outcome;
    {
        // Help and usage errors need no display: answer them before the GUI exists.
        QCoreApplication parsing(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("a911desk"));
        QCoreApplication::setApplicationVersion(QStringLiteral(A911_VERSION));
        outcome = parseGuiArguments(withoutQtOptions(arguments), &options);
    }
    switch (outcome) {
    case ParseOutcome::ExitOk:
        return 0;
    case ParseOutcome::ExitUsage:
        return a911::cli::ExitUsage;
    case ParseOutcome::Run:
        break;
    }
    return runGui(argc, argv, options);
}
