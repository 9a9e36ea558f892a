// `a911desk replica` as a process: the real binary (A911_BINARY, set by ctest), its
// ready line, its HTTP surface, its run-time controls, its exit codes.
#include <QDateTime>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <csignal>

namespace {

constexpr int kStartMs = 30000; // a cold start on a loaded machine; a bound, not a measure
constexpr int kStopMs = 10000;
const QString kPrefix = QStringLiteral("CANARY_x");

struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QString binary()
{
    return qEnvironmentVariable("A911_BINARY");
}

} // namespace

class TestReplicaProcess final : public QObject
{
    Q_OBJECT

private:
    Reply send(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
               const QString &bearer = {})
    {
        QNetworkRequest request(url);
        if (!bearer.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
        if (verb == "POST")
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArray("application/x-www-form-urlencoded"));
        QNetworkReply *reply = verb == "POST" ? m_nam.post(request, body) : m_nam.get(request);
        QSignalSpy done(reply, &QNetworkReply::finished);
        Reply out;
        if (!reply->isFinished() && !done.wait(15000))
            reply->abort();
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.error = reply->error();
        out.body = reply->readAll();
        reply->deleteLater();
        return out;
    }

    static QByteArray form(const char *key, const QString &value)
    {
        return QByteArray(key) + '=' + QUrl::toPercentEncoding(value);
    }

    // Starts `a911desk replica <arguments>` and reads its ready line; empty on failure.
    static QJsonObject startReplica(QProcess &process, const QStringList &arguments)
    {
        process.setProgram(binary());
        process.setArguments(QStringList{QStringLiteral("replica")} + arguments);
        process.start();
        if (!process.waitForStarted(kStartMs))
            return {};
        const QDeadlineTimer deadline(kStartMs);
        while (!process.canReadLine() && process.state() == QProcess::Running &&
               !deadline.hasExpired())
            process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        if (!process.canReadLine())
            return {};
        const QByteArray line = process.readLine();
        if (!line.endsWith('\n'))
            return {};
        return QJsonDocument::fromJson(line).object();
    }

    static void stop(QProcess &process)
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(kStopMs);
        }
    }

    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!binary().isEmpty(), "A911_BINARY is not set (ctest sets it)");
        QVERIFY2(QFileInfo(binary()).isExecutable(), qPrintable(binary()));
    }

    void lifecycle()
    {
        QProcess process;
        const QJsonObject ready = startReplica(
            process, {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--access-ttl"),
                      QStringLiteral("60"), QStringLiteral("--token-prefix"), kPrefix,
                      QStringLiteral("--fault"), QStringLiteral("api/alerts=500:once")});
        auto guard = qScopeGuard([&] { stop(process); });
        QVERIFY2(!ready.isEmpty(), process.readAllStandardError().constData());

        // The ready line: every URL on 127.0.0.1 and the same port, credentials, tokens.
        const QUrl origin(ready.value(QLatin1String("origin")).toString());
        QCOMPARE(origin.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(origin.port() > 0);
        const QUrl console(ready.value(QLatin1String("console_url")).toString());
        const QUrl oauth(ready.value(QLatin1String("oauth_url")).toString());
        const QUrl api(ready.value(QLatin1String("api_url")).toString());
        for (const QUrl &url : {console, oauth, api}) {
            QVERIFY2(url.isValid(), qPrintable(url.toString()));
            QCOMPARE(url.scheme(), QStringLiteral("http"));
            QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
            QCOMPARE(url.port(), origin.port());
        }
        QCOMPARE(console.path(), QStringLiteral("/interface/dev/"));
        QCOMPARE(oauth.path(), QStringLiteral("/interface/open_api/"));
        QCOMPARE(api.path(), QStringLiteral("/interface/open_api/api/"));
        for (const char *key : {"client_id", "client_secret", "email", "password"})
            QVERIFY2(!ready.value(QLatin1String(key)).toString().isEmpty(), key);
        const QJsonArray agencies = ready.value(QLatin1String("agencies")).toArray();
        QVERIFY(agencies.size() >= 2);
        for (const QJsonValue &a : agencies) {
            QVERIFY(!a.toObject().value(QLatin1String("id")).toString().isEmpty());
            QVERIFY(!a.toObject().value(QLatin1String("name")).toString().isEmpty());
            QVERIFY(
                a.toObject().value(QLatin1String("refresh_token")).toString().startsWith(kPrefix));
        }

        // Loopback only: the port is closed on any other address of this machine.
        const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
        for (const QHostAddress &address : addresses) {
            if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
                continue;
            QTcpSocket probe;
            probe.connectToHost(address, quint16(origin.port()));
            QVERIFY2(!probe.waitForConnected(3000), qPrintable(address.toString()));
        }

        // A seeded refresh token exchanged at api_access.php; --access-ttl 60 applies.
        const QJsonObject first = agencies.at(0).toObject();
        const QString refresh = first.value(QLatin1String("refresh_token")).toString();
        const Reply exchange =
            send("POST", console.resolved(QUrl(QStringLiteral("api_access.php"))),
                 form("refresh_token", refresh));
        QCOMPARE(exchange.status, 200);
        const QString access = exchange.json().value(QLatin1String("access_token")).toString();
        QVERIFY(access.startsWith(kPrefix));
        const qint64 lifetime =
            qint64(exchange.json().value(QLatin1String("expiration")).toDouble()) -
            QDateTime::currentSecsSinceEpoch();
        QVERIFY2(lifetime > 30 && lifetime <= 61, qPrintable(QString::number(lifetime)));

        // The API, with the --fault switch: one 500, then success.
        const QUrl alerts = api.resolved(QUrl(QStringLiteral("alerts")));
        QCOMPARE(send("GET", alerts, {}, access).status, 500);
        const Reply ok = send("GET", alerts, {}, access);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json().value(QLatin1String("result")).toString(), QStringLiteral("success"));
        const Reply agency = send("GET", api, {}, access);
        QCOMPARE(agency.status, 200);
        QCOMPARE(agency.json()
                     .value(QLatin1String("message"))
                     .toObject()
                     .value(QLatin1String("agency"))
                     .toObject()
                     .value(QLatin1String("id"))
                     .toString(),
                 first.value(QLatin1String("id")).toString());
        QCOMPARE(send("GET", alerts, {}, QStringLiteral("not-a-token")).status, 401);

        // POST /__replica/faults replaces the switches; an empty body clears them.
        const QUrl faults = origin.resolved(QUrl(QStringLiteral("/__replica/faults")));
        const Reply set = send("POST", faults, "api/alerts=status:503\n");
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json().value(QLatin1String("faults")).toInt(), 1);
        QCOMPARE(send("GET", alerts, {}, access).status, 503);
        QCOMPARE(send("GET", alerts, {}, access).status, 503); // no count: stays
        QCOMPARE(send("POST", faults, "explode").status, 400);
        QCOMPARE(send("GET", alerts, {}, access).status, 503); // a bad update changes nothing
        QCOMPARE(send("POST", faults, {}).json().value(QLatin1String("faults")).toInt(), 0);
        QCOMPARE(send("GET", alerts, {}, access).status, 200);

        // POST /__replica/revoke: that refresh token is refused from now on, others still work.
        const Reply revoke =
            send("POST", origin.resolved(QUrl(QStringLiteral("/__replica/revoke"))),
                 form("refresh_token", refresh));
        QCOMPARE(revoke.status, 200);
        QCOMPARE(revoke.json().value(QLatin1String("revoked")).toBool(), true);
        const Reply refused = send("POST", console.resolved(QUrl(QStringLiteral("api_access.php"))),
                                   form("refresh_token", refresh));
        QCOMPARE(refused.status, 200); // like the real service: an HTML page, status 200
        QVERIFY(refused.body.contains("<html"));
        QVERIFY(refused.json().isEmpty());
        const QString other =
            agencies.at(1).toObject().value(QLatin1String("refresh_token")).toString();
        QVERIFY(send("POST", console.resolved(QUrl(QStringLiteral("api_access.php"))),
                     form("refresh_token", other))
                    .json()
                    .value(QLatin1String("access_token"))
                    .toString()
                    .startsWith(kPrefix));

        // SIGTERM: a clean exit with 0, within the bound.
        process.terminate();
        QVERIFY2(process.waitForFinished(kStopMs), "no exit after SIGTERM");
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY2(process.readAllStandardOutput().trimmed().isEmpty(),
                 "more than one line on stdout");

        // Its log (QT_LOGGING_RULES turns a911.* on under ctest) has events, never tokens.
        const QString log = QString::fromUtf8(process.readAllStandardError());
        if (qEnvironmentVariable("QT_LOGGING_RULES").contains(QLatin1String("a911")))
            QVERIFY2(log.contains(QLatin1String("refresh exchange refused")), qPrintable(log));
        QVERIFY2(!log.contains(kPrefix), qPrintable(log));
        QVERIFY2(!log.contains(refresh.mid(kPrefix.size(), 12)), qPrintable(log));
    }

    void stopsOnSignal_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }
    void stopsOnSignal()
    {
        QFETCH(int, signal);
        QProcess process;
        const QJsonObject ready = startReplica(process, {});
        auto guard = qScopeGuard([&] { stop(process); });
        QVERIFY2(!ready.isEmpty(), process.readAllStandardError().constData());
        QCOMPARE(QUrl(ready.value(QLatin1String("origin")).toString()).host(),
                 QStringLiteral("127.0.0.1"));
        QCOMPARE(::kill(pid_t(process.processId()), signal), 0);
        QVERIFY2(process.waitForFinished(kStopMs), "no exit after the signal");
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void badOptions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("complaint");
        QTest::newRow("port not a number")
            << QStringList{QStringLiteral("--port"), QStringLiteral("abc")}
            << QStringLiteral("--port");
        QTest::newRow("port too big")
            << QStringList{QStringLiteral("--port"), QStringLiteral("65536")}
            << QStringLiteral("--port");
        QTest::newRow("port missing value")
            << QStringList{QStringLiteral("--port")} << QStringLiteral("port");
        QTest::newRow("fault nonsense")
            << QStringList{QStringLiteral("--fault"), QStringLiteral("nonsense")}
            << QStringLiteral("nonsense");
        QTest::newRow("fault bad count")
            << QStringList{QStringLiteral("--fault"), QStringLiteral("500@0")}
            << QStringLiteral("--fault");
        QTest::newRow("access ttl 0")
            << QStringList{QStringLiteral("--access-ttl"), QStringLiteral("0")}
            << QStringLiteral("--access-ttl");
        QTest::newRow("refresh ttl text")
            << QStringList{QStringLiteral("--refresh-ttl"), QStringLiteral("soon")}
            << QStringLiteral("--refresh-ttl");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--no-such-option")} << QStringLiteral("no-such-option");
        QTest::newRow("positional")
            << QStringList{QStringLiteral("extra")} << QStringLiteral("extra");
    }
    void badOptions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, complaint);
        QProcess process;
        process.start(binary(), QStringList{QStringLiteral("replica")} + arguments);
        QVERIFY(process.waitForFinished(kStartMs));
        const QString err = QString::fromLocal8Bit(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(err.contains(complaint), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("Usage: a911desk replica")), qPrintable(err));
        QVERIFY(process.readAllStandardOutput().isEmpty()); // no ready line
    }

    void portInUse()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(taken.serverPort());
        QProcess process;
        process.start(binary(), {QStringLiteral("replica"), QStringLiteral("--port"), port});
        auto guard = qScopeGuard([&] { stop(process); });
        QVERIFY2(process.waitForFinished(kStartMs), "kept running on a port in use");
        const QString err = QString::fromLocal8Bit(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY(process.exitCode() != 0);
        QVERIFY2(err.contains(QLatin1String("cannot listen on 127.0.0.1:") + port),
                 qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("in use")), qPrintable(err));
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }

    void fixedPort()
    {
        // --port N is honoured when N is free (found by listening once, then releasing it).
        quint16 free = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            free = probe.serverPort();
        }
        QProcess process;
        const QJsonObject ready =
            startReplica(process, {QStringLiteral("--port"), QString::number(free)});
        auto guard = qScopeGuard([&] { stop(process); });
        if (ready.isEmpty() && process.readAllStandardError().contains("in use"))
            QSKIP("the probed port was taken again in between");
        QCOMPARE(QUrl(ready.value(QLatin1String("api_url")).toString()).port(), int(free));
        process.terminate();
        QVERIFY(process.waitForFinished(kStopMs));
        QCOMPARE(process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestReplicaProcess)
#include "tst_replicaprocess.moc"
