// Parses the command line and wires objects together; nothing else lives here.
#include <QCoreApplication>
#include <QTextStream>

#include "logging.h"
#include "replicaserver.h"

int main(int argc, char *argv[])
{
    a911::installRedactingMessageHandler();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("a911desk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(A911_VERSION));
    QStringList args = app.arguments();
    args.removeFirst();
    if (!args.isEmpty() && args.first() == QLatin1String("replica")) {
        args.removeFirst();
        return a911::replica::runReplicaCommand(args);
    }
    QTextStream(stderr) << "a911desk: the GUI is being wired up\n";
    return 2;
}
