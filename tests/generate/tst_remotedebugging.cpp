// Remote debugging stays off in the shipped program even when the command line or
// the environment asks Qt WebEngine for it: the process is started with
// `--webEngineArgs --remote-debugging-port=P1` (what WebEngine 6.4 reads from
// QCoreApplication::arguments()) and QTWEBENGINE_REMOTE_DEBUGGING=P2, the embedded
// browser is opened through the loader as the app does, and nothing listens on either
// port, nor does WebEngine announce a debugging server.
#include "browserflow.h"
#include "browserloader.h"
#include "replicaserver.h"

#include <QApplication>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

using namespace a911;

namespace {

quint16 g_argPort = 0;
quint16 g_envPort = 0;
QStringList g_messages;
QtMessageHandler g_previous = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages << message;
    if (g_previous)
        g_previous(type, context, message);
}

// A port nothing listens on right now (bound to 0, read back, released).
quint16 freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

bool listening(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    const bool connected = socket.waitForConnected(5000);
    socket.abort();
    return connected;
}

} // namespace

class TstRemoteDebugging final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void browserOpensWithoutDebuggingServer();
};

void TstRemoteDebugging::initTestCase()
{
    QVERIFY(g_argPort > 0 && g_envPort > 0);
    // The set-up really asks for remote debugging (else this test proves nothing).
    const QStringList args = QCoreApplication::arguments();
    QVERIFY(args.contains(QLatin1String("--webEngineArgs")));
    QVERIFY(args.contains(QStringLiteral("--remote-debugging-port=%1").arg(g_argPort)));
    QCOMPARE(qgetenv("QTWEBENGINE_REMOTE_DEBUGGING").toInt(), int(g_envPort));
    QVERIFY(!qEnvironmentVariableIsSet("QTWEBENGINE_CHROMIUM_FLAGS"));
    QVERIFY(!listening(g_argPort));
    QVERIFY(!listening(g_envPort));
}

void TstRemoteDebugging::browserOpensWithoutDebuggingServer()
{
    QString why;
    BrowserFlowPlugin *plugin = loadBrowserPlugin(&why);
    QVERIFY2(plugin, qPrintable(why));
    // The switches that are not about debugging still reach WebEngine.
    QCOMPARE(qgetenv("QTWEBENGINE_CHROMIUM_FLAGS"), QByteArray("--lang=de"));
    QVERIFY(!qEnvironmentVariableIsSet("QTWEBENGINE_REMOTE_DEBUGGING"));

    replica::ReplicaServer replica;
    QVERIFY(replica.start());
    QTemporaryDir storage;
    BrowserOptions options;
    options.profileName = QStringLiteral("a911desk-test");
    options.storagePath = storage.path();
    options.allowedOrigins = {replica.origin()};
    bool loaded = false;
    BrowserCallbacks callbacks;
    callbacks.loadFinished = [&](bool ok) { loaded = ok; };
    BrowserPane *pane = plugin->createPane(options, callbacks, nullptr);
    pane->widget()->resize(600, 400);
    pane->widget()->show();
    pane->load(replica.consoleUrl().resolved(QUrl(QStringLiteral("oauth_gen.php"))));
    QTRY_VERIFY_WITH_TIMEOUT(loaded, 30000);

    // WebEngine is up and has shown a page: a debugging server would be listening by now.
    QVERIFY(!listening(g_argPort));
    QVERIFY(!listening(g_envPort));
    for (const QString &m : std::as_const(g_messages))
        QVERIFY2(!m.contains(QLatin1String("Remote debugging server")), qPrintable(m));
    delete pane->widget();
}

int main(int argc, char *argv[])
{
    g_argPort = freePort();
    g_envPort = freePort();
    qputenv("QTWEBENGINE_REMOTE_DEBUGGING", QByteArray::number(g_envPort));
    qunsetenv("QTWEBENGINE_CHROMIUM_FLAGS");

    // The application sees the debugging switches; QTest sees only its own options.
    QByteArray webEngineArgs("--webEngineArgs");
    QByteArray port = "--remote-debugging-port=" + QByteArray::number(g_argPort);
    QByteArray lang("--lang=de");
    std::vector<char *> appArgv(argv, argv + argc);
    appArgv.push_back(webEngineArgs.data());
    appArgv.push_back(port.data());
    appArgv.push_back(lang.data());
    appArgv.push_back(nullptr);
    int appArgc = int(appArgv.size()) - 1;

    QApplication app(appArgc, appArgv.data());
    g_previous = qInstallMessageHandler(recordMessage);
    TstRemoteDebugging test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_remotedebugging.moc"
