// The real a911desk binary (A911_BINARY) run as a child process in the throwaway
// environment against an in-process replica: every exit code, and the canary test
// that no token leaks to output, logs or files.
#include "profile.h"
#include "replicaserver.h"
#include "testenv.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using a911::replica::ReplicaOptions;
using a911::replica::ReplicaServer;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QStringList args;
};

/// Answers every request with one canned HTTP response.
class CannedServer final : public QTcpServer
{
public:
    explicit CannedServer(QByteArray response) : m_response(std::move(response))
    {
        listen(QHostAddress::LocalHost);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    if (buffer->contains("\r\n\r\n")) {
                        s->write(m_response);
                        s->disconnectFromHost();
                    }
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QString origin() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }

private:
    QByteArray m_response;
};

QString randomWord(int n)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString s;
    for (int i = 0; i < n; ++i)
        s += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet) - 1)]);
    return s;
}

} // namespace

class TstCli final : public QObject
{
    Q_OBJECT

private:
    QString m_binary;
    std::unique_ptr<ReplicaServer> m_replica;
    QString m_agency;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_settings; ///< per test function
    QProcessEnvironment m_extraEnv;

    QStringList urlArgs(ReplicaServer *r) const
    {
        return {QStringLiteral("--console-url"), r->consoleUrl().toString(),
                QStringLiteral("--oauth-url"), r->oauthUrl().toString(), QStringLiteral("--api-url"),
                r->apiUrl().toString()};
    }

    /// Runs the binary without blocking the event loop (the replica lives in this process).
    Run cli(QStringList args, const QByteArray &input = {}, bool withUrls = true,
            ReplicaServer *replica = nullptr)
    {
        if (withUrls)
            args += urlArgs(replica ? replica : m_replica.get());
        args += {QStringLiteral("--settings-file"), m_settings, QStringLiteral("--backoff-ms"),
                 QStringLiteral("20")};
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &k : m_extraEnv.keys())
            env.insert(k, m_extraEnv.value(k));
        p.setProcessEnvironment(env);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(m_binary, args);
        Run r;
        r.args = args;
        if (!p.waitForStarted(10000))
            return r;
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        if (!finished.wait(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    static QByteArray describe(const Run &r)
    {
        return "exit " + QByteArray::number(r.exitCode) + " for " + r.args.join(QLatin1Char(' ')).toUtf8()
            + "\n--- stdout:\n" + r.out + "\n--- stderr:\n" + r.err;
    }

    Run importSeeded(const QString &name)
    {
        return cli({QStringLiteral("import"), QStringLiteral("--refresh-token-stdin"),
                    QStringLiteral("--name"), name},
                   m_replica->issueRefreshToken(m_agency, a911::allScopes()).toUtf8() + "\n");
    }

private Q_SLOTS:
    void initTestCase()
    {
        A911_REQUIRE_THROWAWAY_ENV();
        m_binary = qEnvironmentVariable("A911_BINARY");
        QVERIFY2(QFile::exists(m_binary), "A911_BINARY must name the a911desk binary (ctest sets it)");
        ReplicaOptions o;
        o.tokenPrefix = QStringLiteral("CLI");
        m_replica = std::make_unique<ReplicaServer>(o);
        QString error;
        QVERIFY2(m_replica->start(&error), qPrintable(error));
        m_agency = m_replica->agencies().first().id;
    }

    void init()
    {
        m_replica->clearFaults();
        m_extraEnv = QProcessEnvironment();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_settings = m_dir->filePath(QStringLiteral("a911desk.ini"));
    }

    void roundTrip()
    {
        const Run imported = importSeeded(QStringLiteral("Station 9"));
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QVERIFY(imported.out.contains("Station 9"));

        const Run listed = cli({QStringLiteral("profiles"), QStringLiteral("--json")});
        QVERIFY2(listed.exitCode == 0, describe(listed));
        const QJsonArray list = QJsonDocument::fromJson(listed.out).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject p = list.first().toObject();
        QCOMPARE(p.value(QLatin1String("name")).toString(), QStringLiteral("Station 9"));
        QCOMPARE(p.value(QLatin1String("agencyId")).toString(), m_agency);
        QVERIFY(!p.value(QLatin1String("accessExpiry")).toString().isEmpty());
        QVERIFY(!p.value(QLatin1String("refreshExpiry")).toString().isEmpty());
        QVERIFY(!listed.out.contains("CLI")); // no token, ever

        const Run text = cli({QStringLiteral("profiles")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("Station 9"));
        QVERIFY(!text.out.contains("CLI"));

        // With one profile, --profile may be left out; stdout is the token and a newline.
        const Run token = cli({QStringLiteral("token")});
        QVERIFY2(token.exitCode == 0, describe(token));
        QVERIFY(token.out.startsWith("CLI"));
        QVERIFY(token.out.endsWith('\n'));
        QCOMPARE(token.out.count('\n'), 1);
        QCOMPARE(token.out.trimmed().size(), token.out.size() - 1);

        const Run api = cli({QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/")});
        QVERIFY2(api.exitCode == 0, describe(api));
        const QJsonObject agency = QJsonDocument::fromJson(api.out).object();
        QCOMPARE(agency.value(QLatin1String("result")).toString(), QStringLiteral("success"));
        QVERIFY(api.out.contains("\n    ")); // pretty printed

        const Run alerts = cli({QStringLiteral("api"), QStringLiteral("--profile"),
                                QStringLiteral("station 9"), QStringLiteral("GET"),
                                QStringLiteral("alerts"), QStringLiteral("--param"),
                                QStringLiteral("alert_days=30")});
        QVERIFY2(alerts.exitCode == 0, describe(alerts));
        QVERIFY(QJsonDocument::fromJson(alerts.out).object().value(QLatin1String("message")).toObject().contains(QLatin1String("alerts")));

        const Run forgot = cli({QStringLiteral("forget"), QStringLiteral("Station 9")});
        QVERIFY2(forgot.exitCode == 0, describe(forgot));
        const Run after = cli({QStringLiteral("profiles"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(after.out).array().size(), 0);
    }

    void urlsAreRemembered()
    {
        QVERIFY(importSeeded(QStringLiteral("A")).exitCode == 0);
        // No URL options this time: the settings remember them.
        const Run api = cli({QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/")}, {}, false);
        QVERIFY2(api.exitCode == 0, describe(api));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("token"), QStringLiteral("--bogus")};
        QTest::newRow("import without stdin flag") << QStringList{QStringLiteral("import")};
        QTest::newRow("token on the command line")
            << QStringList{QStringLiteral("import"), QStringLiteral("--refresh-token"), QStringLiteral("x")};
        QTest::newRow("token as an argument")
            << QStringList{QStringLiteral("import"), QStringLiteral("--refresh-token-stdin"), QStringLiteral("abc")};
        QTest::newRow("api without path") << QStringList{QStringLiteral("api"), QStringLiteral("GET")};
        QTest::newRow("api bad method") << QStringList{QStringLiteral("api"), QStringLiteral("G3T"), QStringLiteral("/")};
        QTest::newRow("api bad param")
            << QStringList{QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/"),
                           QStringLiteral("--param"), QStringLiteral("novalue")};
        QTest::newRow("api bad json")
            << QStringList{QStringLiteral("api"), QStringLiteral("POST"), QStringLiteral("locations"),
                           QStringLiteral("--data"), QStringLiteral("{broken")};
        QTest::newRow("forget without name") << QStringList{QStringLiteral("forget")};
        QTest::newRow("plain http elsewhere")
            << QStringList{QStringLiteral("profiles"), QStringLiteral("--console-url"),
                           QStringLiteral("http://console.example.com/interface/dev/")};
        QTest::newRow("not a url")
            << QStringList{QStringLiteral("profiles"), QStringLiteral("--api-url"), QStringLiteral("nope")};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const Run r = cli(args, {}, false);
        QVERIFY2(r.exitCode == 2, describe(r));
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.contains("a911desk"));
    }

    void emptyStdinIsAUsageError()
    {
        const Run r = cli({QStringLiteral("import"), QStringLiteral("--refresh-token-stdin")}, "\n\n");
        QVERIFY2(r.exitCode == 2, describe(r));
    }

    void helpExitsZero()
    {
        const Run r = cli({QStringLiteral("api"), QStringLiteral("--help")}, {}, false);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--param"));
        QVERIFY(!r.out.contains("settings-file")); // test-only options stay hidden
    }

    void noSuchProfile()
    {
        const Run none = cli({QStringLiteral("token")});
        QVERIFY2(none.exitCode == 3, describe(none));
        QVERIFY(none.err.contains("import"));
        QVERIFY(importSeeded(QStringLiteral("Alpha")).exitCode == 0);
        QVERIFY(importSeeded(QStringLiteral("Bravo")).exitCode == 0);
        // Two profiles and no --profile: ambiguous, and the names are listed.
        const Run ambiguous = cli({QStringLiteral("token")});
        QVERIFY2(ambiguous.exitCode == 3, describe(ambiguous));
        QVERIFY(ambiguous.err.contains("Alpha") && ambiguous.err.contains("Bravo"));
        QVERIFY(ambiguous.out.isEmpty());
        QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("--profile"), QStringLiteral("Charlie")}).exitCode, 3);
        QCOMPARE(cli({QStringLiteral("forget"), QStringLiteral("Charlie")}).exitCode, 3);
        QCOMPARE(cli({QStringLiteral("api"), QStringLiteral("--profile"), QStringLiteral("Charlie"),
                      QStringLiteral("GET"), QStringLiteral("/")}).exitCode, 3);
        const Run chosen = cli({QStringLiteral("token"), QStringLiteral("--profile"), QStringLiteral("bravo")});
        QVERIFY2(chosen.exitCode == 0, describe(chosen));
        // Importing under a taken name is refused before anything is sent.
        QCOMPARE(importSeeded(QStringLiteral("alpha")).exitCode, 2);
    }

    void rejectedRefreshToken()
    {
        const Run unknown = cli({QStringLiteral("import"), QStringLiteral("--refresh-token-stdin")},
                                "CLInot0a0real0token000000000000000000000\n");
        QVERIFY2(unknown.exitCode == 4, describe(unknown));
        QCOMPARE(QJsonDocument::fromJson(cli({QStringLiteral("profiles"), QStringLiteral("--json")}).out).array().size(), 0);

        // A stored profile whose refresh token gets revoked: `token` needs a refresh
        // once the stored access token is too old.
        const QString refresh = m_replica->issueRefreshToken(m_agency, a911::allScopes());
        QCOMPARE(cli({QStringLiteral("import"), QStringLiteral("--refresh-token-stdin"), QStringLiteral("--name"),
                      QStringLiteral("Revoked")},
                     refresh.toUtf8())
                     .exitCode,
                 0);
        m_replica->revokeRefreshToken(refresh);
        const Run token = cli({QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/")});
        QCOMPARE(token.exitCode, 0); // the stored access token still works
        m_replica->expireAccessTokens();
        const Run rejected = cli({QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/")});
        QVERIFY2(rejected.exitCode == 4, describe(rejected)); // 401 → refresh → rejected
        QVERIFY(rejected.err.contains("forget"));
        // Marked, not deleted.
        const QJsonArray list = QJsonDocument::fromJson(cli({QStringLiteral("profiles"), QStringLiteral("--json")}).out).array();
        QCOMPARE(list.size(), 1);
        QVERIFY(list.first().toObject().value(QLatin1String("needsRegeneration")).toBool());
    }

    void networkFailure()
    {
        // Nothing listens on port 1.
        const QStringList closed{QStringLiteral("--console-url"), QStringLiteral("http://127.0.0.1:1/interface/dev/"),
                                 QStringLiteral("--oauth-url"), QStringLiteral("http://127.0.0.1:1/interface/open_api/"),
                                 QStringLiteral("--api-url"), QStringLiteral("http://127.0.0.1:1/interface/open_api/api/")};
        const Run import = cli(QStringList{QStringLiteral("import"), QStringLiteral("--refresh-token-stdin")} + closed,
                               "CLIwhatever\n", false);
        QVERIFY2(import.exitCode == 5, describe(import));

        QVERIFY(importSeeded(QStringLiteral("Flaky")).exitCode == 0);
        m_replica->expireAccessTokens();
        QVERIFY(m_replica->setFault(QStringLiteral("api_access.php=500")));
        const int before = m_replica->requestCount(QStringLiteral("api_access.php"));
        const Run api = cli({QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/")});
        QVERIFY2(api.exitCode == 5, describe(api));
        QCOMPARE(m_replica->requestCount(QStringLiteral("api_access.php")), before + 3); // the retries
        QVERIFY(api.out.isEmpty());
    }

    void keychainUnavailable()
    {
        m_extraEnv.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                          QStringLiteral("unix:path=/nonexistent/a911-no-bus"));
        for (const QString &cmd : {QStringLiteral("profiles"), QStringLiteral("token")}) {
            const Run r = cli({cmd});
            QVERIFY2(r.exitCode == 6, describe(r));
            QVERIFY(r.err.contains("D-Bus"));
            QVERIFY(r.out.isEmpty());
        }
        const Run import = cli({QStringLiteral("import"), QStringLiteral("--refresh-token-stdin")},
                               "CLIsomething\n");
        QCOMPARE(import.exitCode, 6);
        // Nothing was sent: the keychain is checked first.
    }

    void apiErrors()
    {
        QVERIFY(importSeeded(QStringLiteral("Errors")).exitCode == 0);
        const Run notFound = cli({QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("alerts/99999999")});
        QVERIFY2(notFound.exitCode == 7, describe(notFound));
        QVERIFY(QJsonDocument::fromJson(notFound.out).isObject()); // the body is still printed
        QVERIFY(notFound.err.contains("404"));

        // result:"error" with HTTP 200 and text/html (the service does that).
        const QByteArray body = "{\"result\":\"error\",\"message\":\"Invalid scope\"}";
        CannedServer canned("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        const QString api = canned.origin() + QStringLiteral("/interface/open_api/api/");
        const QStringList consoleOnly = urlArgs(m_replica.get()).mid(0, 4);
        const Run envelope = cli(QStringList{QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/"),
                                             QStringLiteral("--api-url"), api} + consoleOnly,
                                 {}, false);
        QVERIFY2(envelope.exitCode == 7, describe(envelope));
        QVERIFY(envelope.err.contains("Invalid scope"));

        // Not JSON: printed raw, with a note on stderr.
        const QByteArray html = "<html>maintenance</html>";
        CannedServer page("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                          + QByteArray::number(html.size()) + "\r\nConnection: close\r\n\r\n" + html);
        const Run raw = cli(QStringList{QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/"),
                                        QStringLiteral("--api-url"), page.origin() + QStringLiteral("/api/")}
                                + consoleOnly,
                            {}, false);
        QVERIFY2(raw.exitCode == 0, describe(raw));
        QCOMPARE(raw.out.trimmed(), html);
        QVERIFY(raw.err.contains("not JSON"));
    }

    void apiBodies_data()
    {
        // What `a911desk api` prints for bodies the replica never sends: the pretty text
        // must be QJsonDocument's, byte for byte, and the envelope read as before.
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrHas");
        QTest::newRow("odd document")
            << QByteArray(
                   "{\"result\":\"success\",\"message\":{\"z\":[],\"a\":{},\"n\":[1.0,-0,"
                   "1e2,9223372036854775808,0.1],\"s\":\"caf\xc3\xa9 \\u00e9 \\/ \\ud83d\\ude00 "
                   "\\u0001\\t\"}}")
            << 0 << QString();
        QTest::newRow("error, message object")
            << QByteArray(R"({"message":{"error":"Token scope"},"result":"error"})") << 7
            << QStringLiteral("Token scope");
        QTest::newRow("false result")
            << QByteArray(R"({"result":false,"message":"Nope"})") << 7 << QStringLiteral("Nope");
        QTest::newRow("success with a message string")
            << QByteArray(R"({"result":"success","message":"fine"})") << 0 << QString();
        QTest::newRow("duplicate result (last wins)")
            << QByteArray(R"({"result":"success","result":"Error","message":"late"})") << 7
            << QStringLiteral("late");
        QTest::newRow("array") << QByteArray(R"([{"result":"error"}])") << 0 << QString();
        QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf{\"result\":\"error\",\"message\":\"bom\"}")
                             << 7 << QStringLiteral("bom");
        QTest::newRow("truncated") << QByteArray(R"({"result":"success","message":{"alerts":[)")
                                   << 0 << QStringLiteral("not JSON");
    }

    void apiBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrHas);
        QVERIFY(importSeeded(QStringLiteral("Bodies")).exitCode == 0);
        CannedServer canned("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                            QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
                            body);
        const QString api = canned.origin() + QStringLiteral("/interface/open_api/api/");
        const QStringList consoleOnly = urlArgs(m_replica.get()).mid(0, 4);
        const Run r = cli(QStringList{QStringLiteral("api"), QStringLiteral("GET"),
                                      QStringLiteral("/"), QStringLiteral("--api-url"), api} +
                              consoleOnly,
                          {}, false);
        QVERIFY2(r.exitCode == exitCode, describe(r));
        if (!stderrHas.isEmpty())
            QVERIFY2(r.err.contains(stderrHas.toUtf8()), describe(r));
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        if (error.error == QJsonParseError::NoError) {
            QCOMPARE(r.out, doc.toJson(QJsonDocument::Indented));
        } else {
            QCOMPARE(r.out, body + '\n'); // as received
            QVERIFY(r.err.contains(QByteArray(QByteArray("at byte ") + QByteArray::number(error.offset))));
        }
    }

    void canaries()
    {
        // A replica whose every token carries a unique mark, and access tokens short
        // enough (5 min, under the 10 min lead) that every command refreshes.
        const QString mark = QStringLiteral("CANARY") + randomWord(10);
        ReplicaOptions o;
        o.tokenPrefix = mark;
        o.accessTtlSecs = 300;
        ReplicaServer replica(o);
        QVERIFY(replica.start());
        const QString agency = replica.agencies().first().id;
        const QString refresh = replica.seededRefreshToken(agency);
        QVERIFY(refresh.startsWith(mark));

        const QString root = qEnvironmentVariable("A911_TEST_ROOT");
        QVERIFY2(!root.isEmpty(), "A911_TEST_ROOT is set by scripts/with-test-env.sh");
        const QStringList tmpBefore = filesUnder(QStringLiteral("/tmp"));

        m_extraEnv.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*=true"));
        QList<Run> runs;
        auto step = [&](const QStringList &args, const QByteArray &input = {}) {
            runs << cli(args, input, true, &replica);
            return runs.last();
        };
        QVERIFY2(step({QStringLiteral("import"), QStringLiteral("--refresh-token-stdin"),
                       QStringLiteral("--name"), QStringLiteral("Canary")},
                      refresh.toUtf8() + "\n")
                     .exitCode == 0,
                 describe(runs.last()));
        const Run token1 = step({QStringLiteral("token")});
        QVERIFY2(token1.exitCode == 0, describe(token1));
        QVERIFY(token1.out.startsWith(mark.toUtf8()));
        QVERIFY(step({QStringLiteral("profiles"), QStringLiteral("--json")}).exitCode == 0);
        QVERIFY(step({QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("/")}).exitCode == 0);
        replica.expireAccessTokens();
        const Run token2 = step({QStringLiteral("token"), QStringLiteral("--profile"), QStringLiteral("Canary")});
        QVERIFY2(token2.exitCode == 0, describe(token2));
        QVERIFY(token2.out != token1.out); // refreshed
        QVERIFY(step({QStringLiteral("api"), QStringLiteral("GET"), QStringLiteral("alerts")}).exitCode == 0);
        QVERIFY(step({QStringLiteral("forget"), QStringLiteral("Canary")}).exitCode == 0);
        QVERIFY(replica.requestCount(QStringLiteral("api_access.php")) >= 4);

        // Logging was really on: the runs said something on stderr.
        QVERIFY(runs.first().err.contains("a911."));
        // Whole tokens, the unique mark, and a slice from each token's middle (a leak
        // that cut the prefix off).
        QList<QByteArray> canaries{mark.toUtf8()};
        for (const QByteArray &t : {refresh.toUtf8(), token1.out.trimmed(), token2.out.trimmed()}) {
            QVERIFY(t.size() >= mark.size() + 20);
            canaries << t << t.mid(t.size() / 2 - 6, 12);
        }
        for (const Run &r : std::as_const(runs)) {
            const bool isToken = r.args.first() == QLatin1String("token");
            // Nothing but our tokens says CANARY here: even a short piece of one is a leak.
            QVERIFY2(!r.err.contains("CANARY"), describe(r));
            if (!isToken)
                QVERIFY2(!r.out.contains("CANARY"), describe(r));
            for (const QByteArray &c : std::as_const(canaries)) {
                QVERIFY2(!r.err.contains(c), describe(r));
                if (!isToken)
                    QVERIFY2(!r.out.contains(c), describe(r));
            }
        }

        // Files: everything under the throwaway HOME/XDG root, and new files in /tmp.
        QStringList files = filesUnder(root);
        const QSet<QString> before(tmpBefore.cbegin(), tmpBefore.cend());
        for (const QString &f : filesUnder(QStringLiteral("/tmp"))) {
            if (!before.contains(f))
                files << f;
        }
        int scanned = 0;
        for (const QString &path : std::as_const(files)) {
            QFile f(path);
            if (f.size() > 64 * 1024 * 1024 || !f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = f.readAll();
            ++scanned;
            for (const QByteArray &c : canaries)
                QVERIFY2(!bytes.contains(c), qPrintable(QStringLiteral("token found in ") + path));
        }
        QVERIFY(scanned > 0);
    }

private:
    static QStringList filesUnder(const QString &dir)
    {
        QStringList files;
        QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        return files;
    }
};

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
