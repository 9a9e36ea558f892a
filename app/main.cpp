// Parses the command line and wires objects together; nothing else lives here.
#include <QCoreApplication>
#include <QTextStream>

#include "cli.h"
#include "desktopshell.h"
#include "logging.h"
#include "replicaserver.h"

int main(int argc, char *argv[])
{
    a911::installRedactingMessageHandler();
    // ---- benchmark hook (issue #5, a911bench_startup; hidden, see docs/benchmarks.md) ----
    if (a911::DesktopShell::isBenchInvocation(argc, argv))
        return a911::DesktopShell::runBench(argc, argv);
    // ---- end of benchmark hook ----
    // Qt WebEngine (loaded later as a plugin) needs this set before the application exists.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("a911desk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(A911_VERSION));
    QStringList args = app.arguments();
    args.removeFirst();
    if (!args.isEmpty() && args.first() == QLatin1String("replica")) {
        args.removeFirst();
        return a911::replica::runReplicaCommand(args);
    }
    if (!args.isEmpty() && a911::cli::isCommand(args.first()))
        return a911::cli::run(args);
    QTextStream(stderr) << "a911desk: the GUI is being wired up\n";
    return 2;
}
