#include "replicaserver.h"

#include "faultspec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace a911::replica {

namespace {

#ifdef Q_OS_UNIX
int g_signalPipe[2] = {-1, -1};

// Only async-signal-safe work here; the event loop picks the byte up.
void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[0], &byte, 1);
}
#endif

bool parseNumber(const QString &text, qint64 min, qint64 max, qint64 *out)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return false;
    *out = value;
    return true;
}

} // namespace

int runReplicaCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a local stand-in for Active911 on 127.0.0.1 and prints one JSON line when ready."));
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (0 = any free)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption accessTtl(QStringLiteral("access-ttl"),
                                       QStringLiteral("Access token lifetime in seconds."),
                                       QStringLiteral("S"), QStringLiteral("86400"));
    const QCommandLineOption refreshTtl(QStringLiteral("refresh-ttl"),
                                        QStringLiteral("Refresh token lifetime in seconds."),
                                        QStringLiteral("S"), QString::number(365 * 86400));
    const QCommandLineOption prefix(QStringLiteral("token-prefix"),
                                    QStringLiteral("Prefix for every issued token."),
                                    QStringLiteral("P"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Data seed."),
                                  QStringLiteral("N"), QStringLiteral("911"));
    const QCommandLineOption fault(QStringLiteral("fault"),
                                   QStringLiteral("Fault switch [PATH_SUFFIX=]KIND[:ARG][@N] "
                                                  "(repeatable)."),
                                   QStringLiteral("SPEC"));
    parser.addOptions({port, accessTtl, refreshTtl, prefix, seed, fault});

    // helpText() names the binary's path; the usage of this command is "a911desk replica".
    auto helpText = [&] {
        QString help = parser.helpText();
        const qsizetype firstLineEnd = help.indexOf(QLatin1Char('\n'));
        if (help.startsWith(QLatin1String("Usage:")) && firstLineEnd > 0)
            help.replace(0, firstLineEnd, QStringLiteral("Usage: a911desk replica [options]"));
        return help;
    };
    auto usageError = [&](const QString &message) {
        std::fprintf(stderr, "replica: %s\n\n%s", qPrintable(message), qPrintable(helpText()));
        return 2;
    };
    if (!parser.parse(QStringList{QStringLiteral("replica")} + arguments))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        std::fputs(qPrintable(helpText()), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument: ") + parser.positionalArguments().first());

    ReplicaOptions opts;
    qint64 number = 0;
    if (!parseNumber(parser.value(port), 0, 65535, &number))
        return usageError(QStringLiteral("--port must be between 0 and 65535"));
    opts.port = quint16(number);
    if (!parseNumber(parser.value(accessTtl), 1, qint64(10) * 365 * 86400, &opts.accessTtlSecs))
        return usageError(QStringLiteral("--access-ttl must be a positive number of seconds"));
    if (!parseNumber(parser.value(refreshTtl), 1, qint64(10) * 365 * 86400, &opts.refreshTtlSecs))
        return usageError(QStringLiteral("--refresh-ttl must be a positive number of seconds"));
    if (!parseNumber(parser.value(seed), 0, 0xffffffffLL, &number))
        return usageError(QStringLiteral("--seed must be a non-negative 32-bit number"));
    opts.seed = quint32(number);
    opts.tokenPrefix = parser.value(prefix);
    opts.faults = parser.values(fault);

    for (const QString &spec : std::as_const(opts.faults)) {
        QString error;
        if (!FaultSpec::parse(spec, nullptr, &error))
            return usageError(QStringLiteral("--fault %1: %2").arg(spec, error));
    }

    ReplicaServer server(opts);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "replica: cannot listen on 127.0.0.1:%u: %s\n", unsigned(opts.port),
                     qPrintable(error));
        return 1;
    }

#ifdef Q_OS_UNIX
    std::unique_ptr<QSocketNotifier> notifier;
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        notifier = std::make_unique<QSocketNotifier>(g_signalPipe[1], QSocketNotifier::Read);
        QObject::connect(notifier.get(), &QSocketNotifier::activated, qApp,
                         [] { QCoreApplication::exit(0); });
        struct sigaction action = {};
        action.sa_handler = onTerminationSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGTERM, &action, nullptr);
        ::sigaction(SIGINT, &action, nullptr);
    }
#endif

    const QByteArray line = server.readyLine() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
    return QCoreApplication::exec();
}

} // namespace a911::replica
