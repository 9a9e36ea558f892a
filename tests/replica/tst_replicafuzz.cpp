// The replica never crashes on input: a bounded batch of random and broken raw HTTP
// requests over loopback, then a normal request must still be answered. Deterministic
// for a seed (A911_FUZZ_SEED overrides it, to replay a failure).
#include "replicaserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <sys/socket.h>

using namespace a911::replica;

namespace {

constexpr int kCases = 300;
constexpr int kMaxWriteBytes = 2 * 1024 * 1024;

struct Case
{
    QByteArray bytes;
    QByteArray label;        // what kind of garbage, for failure messages
    bool wellFormed = false; // valid HTTP/1.1 framing: must get an answer
    bool head = false;       // the answer has no body
};

struct Outcome
{
    QByteArray received;
    bool closedByServer = false;
};

// Start of a complete response in `data`: the head and Content-Length body bytes.
bool responseComplete(const QByteArray &data, bool head)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    static const QRegularExpression length(QStringLiteral("(?im)^content-length:\\s*(\\d+)\\s*$"));
    const auto m = length.match(QString::fromLatin1(data.left(end + 2)));
    const qint64 bodySize = m.hasMatch() ? m.captured(1).toLongLong() : 0;
    return head || data.size() - (end + 4) >= bodySize;
}

class Generator
{
public:
    Generator(quint32 seed, QList<QByteArray> ids, QByteArray token, QByteArray clientId,
              QByteArray clientSecret, QByteArray session)
        : m_rng(seed)
        , m_ids(std::move(ids))
        , m_token(std::move(token))
        , m_clientId(std::move(clientId))
        , m_clientSecret(std::move(clientSecret))
        , m_session(std::move(session))
    {
    }

    Case next()
    {
        switch (m_rng.bounded(12)) {
        case 0:
        case 1:
            return wellFormedRequest(false);
        case 2:
        case 3:
            return formPost();
        case 4:
            return jsonPost();
        case 5:
            return brokenRequestLine();
        case 6:
            return hugeHeaders();
        case 7:
            return chunkedGarbage();
        case 8:
            return lyingContentLength();
        case 9:
            return headerGarbage();
        case 10:
            return upgradeOrPipeline();
        default:
            return wellFormedRequest(true);
        }
    }

private:
    int upTo(int n) { return int(m_rng.bounded(n)); }
    bool coin(int percent = 50) { return upTo(100) < percent; }
    template <typename T> const T &pick(const QList<T> &items)
    {
        return items.at(upTo(int(items.size())));
    }

    QByteArray randomBytes(int n)
    {
        QByteArray out(n, '\0');
        for (char &c : out)
            c = char(m_rng.bounded(256));
        return out;
    }
    QByteArray printable(int n)
    {
        QByteArray out(n, '\0');
        for (char &c : out)
            c = char(33 + m_rng.bounded(94));
        return out;
    }
    // Valid, invalid and hostile percent-encoding and form separators.
    QByteArray percentJunk()
    {
        static const QList<QByteArray> bits{
            "%",      "%%",     "%G1",          "%zz", "%0",  "%00", "%FF", "%C0%AF",
            "%C3%28", "%E2%82", "%F0%9F%92%A9", "%2F", "%25", "+",   "&",   "=",
            "==",     ";",      "%0D%0A",       "%3C", "a",   "Z9",  "~"};
        QByteArray out;
        for (int i = 0, n = 1 + upTo(8); i < n; ++i)
            out += pick(bits);
        return out;
    }
    QByteArray id()
    {
        static const QList<QByteArray> odd{
            "-1", "0", "99999999999999999999999", "abc", "1e3", "%00", "..", "", "0x10", "%201"};
        return coin(60) ? pick(m_ids) : pick(odd);
    }
    QByteArray path()
    {
        const QByteArray api = "/interface/open_api/api/";
        const QList<QByteArray> paths{"/",
                                      "/interface/dev/oauth_gen.php",
                                      "/interface/dev/api_access.php",
                                      "/interface/dev/logout.php",
                                      "/interface/dev/api_test.php",
                                      "/interface/open_api/authorize_agency.php",
                                      "/interface/open_api/token.php",
                                      api,
                                      "/interface/open_api/api",
                                      api + "agencies/" + id(),
                                      api + "devices/" + id(),
                                      api + "devices/" + id() + "/alerts",
                                      api + "alerts",
                                      api + "alerts/" + id(),
                                      api + "locations",
                                      api + "locations/" + id(),
                                      api + "resources/" + id(),
                                      api + "alerts/" + id() + "/x/y/z",
                                      "/__replica/revoke",
                                      "/__replica/nope",
                                      "/nope",
                                      "//interface//dev/../dev/oauth_gen.php",
                                      api + "alerts/../../token.php"};
        QByteArray p = pick(paths);
        if (coin(30))
            p.insert(upTo(int(p.size())) + 1, percentJunk());
        return p;
    }
    QByteArray query()
    {
        static const QList<QByteArray> keys{
            "alert_days", "alert_minutes", "locations_page", "locations_per_page",
            "client_id",  "response_type", "redirect_uri",   "redirection_uri",
            "scope",      "state"};
        QByteArray q;
        for (int i = 0, n = upTo(5); i < n; ++i) {
            if (!q.isEmpty())
                q += '&';
            q += coin(80) ? pick(keys) : percentJunk();
            q += '=';
            q += value();
        }
        return q;
    }
    QByteArray value()
    {
        const QList<QByteArray> values{"1",
                                       "30",
                                       "0",
                                       "-5",
                                       "43201",
                                       "2147483648",
                                       "99999999999999999999",
                                       "",
                                       "code",
                                       m_clientId,
                                       "read_agency+read_alert",
                                       "read_everything",
                                       "http%3A%2F%2Flocalhost%2Fcb",
                                       "ftp://x",
                                       "javascript:x"};
        return coin(70) ? pick(values) : percentJunk();
    }
    QByteArray authorization()
    {
        const QList<QByteArray> auth{"Bearer " + m_token,
                                     "Bearer " + m_token + "x",
                                     "Bearer",
                                     "bearer    " + m_token,
                                     "Bearer " + printable(4000),
                                     "Bearer \xff\xfe",
                                     "Basic !!!!",
                                     "Basic " +
                                         QByteArray(m_clientId + ':' + m_clientSecret).toBase64(),
                                     "Basic " + QByteArray(":").toBase64(),
                                     "Basic " + QByteArray("%zz:%").toBase64(),
                                     "Basic " + randomBytes(30).toBase64(),
                                     "Digest x"};
        return pick(auth);
    }
    QByteArray headers(bool withAuth)
    {
        QByteArray h = "Host: 127.0.0.1\r\n";
        if (withAuth || coin(30))
            h += "Authorization: " + authorization() + "\r\n";
        if (coin(30))
            h += "Cookie: A911SESSID=" +
                 (coin() ? m_session : QByteArray(percentJunk() + ";;=;" + printable(20))) + "\r\n";
        if (coin(20))
            h += "Connection: close\r\n";
        return h;
    }
    QByteArray formBody()
    {
        static const QList<QByteArray> keys{
            "action",     "email",         "password",     "scope[]",   "agency",
            "confirm",    "refresh_token", "access_token", "client_id", "client_secret",
            "grant_type", "code",          "redirect_uri", "scope",     "name",
            "latitude",   "longitude",     "description"};
        const QList<QByteArray> values{"login",
                                       "scopes",
                                       "agency",
                                       "confirm",
                                       "yes",
                                       "no",
                                       "demo.admin@example.org",
                                       "replica-911",
                                       "read_agency",
                                       "write_mapdata",
                                       "authorization_code",
                                       "refresh_token",
                                       m_token,
                                       m_clientId,
                                       m_clientSecret,
                                       pick(m_ids),
                                       "45.5",
                                       "nan",
                                       "1e308"};
        switch (upTo(5)) {
        case 0:
            return randomBytes(upTo(2000));
        case 1:
            return QByteArray(upTo(5000), '&') + "=" + QByteArray(upTo(100), '=');
        default: {
            QByteArray body;
            for (int i = 0, n = 1 + upTo(30); i < n; ++i) {
                if (i > 0)
                    body += coin(90) ? "&" : "&&";
                body += coin(85) ? pick(keys) : percentJunk();
                if (coin(90))
                    body += '=' + (coin(70) ? pick(values) : percentJunk());
            }
            return body;
        }
        }
    }
    static QByteArray withBody(const QByteArray &head, const QByteArray &body)
    {
        return head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

    Case wellFormedRequest(bool withAuth)
    {
        static const QList<QByteArray> methods{"GET",     "GET",   "HEAD",  "DELETE", "PUT",
                                               "OPTIONS", "PATCH", "TRACE", "POST"};
        Case c;
        const QByteArray method = pick(methods);
        const QByteArray q = query();
        QByteArray head = method + ' ' + path() + (q.isEmpty() ? QByteArray() : '?' + q) +
                          " HTTP/1.1\r\n" + headers(withAuth);
        c.head = method == "HEAD";
        c.wellFormed = true;
        c.label = "well-formed " + method;
        c.bytes = method == "GET" || method == "HEAD" ? head + "\r\n"
                                                      : withBody(head, printable(upTo(200)));
        return c;
    }
    Case formPost()
    {
        Case c;
        c.wellFormed = true;
        c.label = "form post";
        QByteArray body = formBody();
        if (coin(3)) { // over the replica's 1 MB limit: a clean 413
            body = QByteArray(1024 * 1024 + 1 + upTo(512 * 1024), 'a');
            c.label = "oversized form post";
        }
        c.bytes = withBody("POST " + path() + " HTTP/1.1\r\n" + headers(coin()) +
                               "Content-Type: application/x-www-form-urlencoded\r\n",
                           body);
        return c;
    }
    Case jsonPost()
    {
        static const QList<QByteArray> bodies{R"({"name":"x","latitude":"nan"})",
                                              R"({"name":1e999})",
                                              R"({"name":)",
                                              R"([1,2,3])",
                                              R"({"name":"x","longitude":-180.0000001})",
                                              "{}",
                                              "null",
                                              R"({"name":"\ud800"})",
                                              R"({"name":")" + QByteArray(300, 'n') + R"("})"};
        Case c;
        c.wellFormed = true;
        c.label = "json post";
        const QByteArray body = coin(70) ? pick(bodies) : '{' + randomBytes(upTo(300));
        c.bytes = withBody("POST /interface/open_api/api/locations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Authorization: Bearer " +
                               m_token + "\r\nContent-Type: application/json\r\n",
                           body);
        return c;
    }
    Case brokenRequestLine()
    {
        const QList<QByteArray> lines{"GET\r\n\r\n",
                                      "GET / HTTP/9.9\r\n\r\n",
                                      "GET /\r\n\r\n",
                                      "\r\n\r\n",
                                      " / HTTP/1.1\r\n\r\n",
                                      "GET  /  HTTP/1.1\r\nHost: x\r\n\r\n",
                                      "get / HTTP/1.1\r\nHost: x\r\n\r\n",
                                      "FOO / HTTP/1.1\r\nHost: x\r\n\r\n",
                                      "BREW /coffee HTCPCP/1.0\r\n\r\n",
                                      QByteArray(upTo(5000) + 1, 'G') + " / HTTP/1.1\r\n\r\n",
                                      "GET " + randomBytes(40) + " HTTP/1.1\r\n\r\n",
                                      "GET http://[::1:bad/ HTTP/1.1\r\n\r\n",
                                      "GET / HTTP/1.1\n\n",
                                      "GET / HTTP/1.1\r\r\r\r",
                                      "CONNECT 127.0.0.1:1 HTTP/1.1\r\n\r\n",
                                      randomBytes(1 + upTo(500)),
                                      printable(1 + upTo(500)) + "\r\n\r\n"};
        Case c;
        c.label = "broken request line";
        c.bytes = pick(lines);
        return c;
    }
    Case hugeHeaders()
    {
        Case c;
        QByteArray head = "GET /interface/open_api/api/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        switch (upTo(4)) {
        case 0:
            c.label = "one huge header";
            head += "X-Big: " + printable(20000 + upTo(200000)) + "\r\n";
            break;
        case 1:
            c.label = "thousands of headers";
            for (int i = 0, n = 1000 + upTo(3000); i < n; ++i)
                head += "X-" + QByteArray::number(i) + ": " + printable(8) + "\r\n";
            break;
        case 2:
            c.label = "huge url";
            head = "GET /interface/dev/oauth_gen.php?" + QByteArray(20000 + upTo(100000), 'a') +
                   " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
            break;
        default:
            c.label = "huge authorization";
            head += "Authorization: Bearer " + printable(50000 + upTo(100000)) + "\r\n";
            break;
        }
        c.bytes = head + "\r\n";
        return c;
    }
    Case chunkedGarbage()
    {
        const QList<QByteArray> bodies{"zz\r\nabc\r\n0\r\n\r\n",
                                       "5\r\nabc",
                                       "ffffffffffffffffff\r\nx\r\n",
                                       "-1\r\nx\r\n0\r\n\r\n",
                                       "3;ext=" + printable(50) + "\r\na=b\r\n0\r\n\r\n",
                                       "3\r\na=bXX\r\n0\r\n\r\n",
                                       "3\r\na=b\r\n0\r\n\r\n", // valid
                                       "0\r\n" + printable(30) + "\r\n\r\n",
                                       randomBytes(upTo(400))};
        Case c;
        c.label = "chunked garbage";
        QByteArray head =
            "POST " + path() +
            " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Transfer-Encoding: " +
            (coin(80) ? QByteArray("chunked") : QByteArray("gzip, chunked, identity")) + "\r\n";
        if (coin(20))
            head += "Content-Length: 3\r\n"; // both framings at once
        c.bytes = head + "\r\n" + pick(bodies);
        return c;
    }
    Case lyingContentLength()
    {
        const QList<QByteArray> lengths{"100000", "abc",  "-1", "99999999999999999999999",
                                        "3, 4",   "0x10", ""};
        Case c;
        c.label = "lying content-length";
        QByteArray head = "POST " + path() +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Content-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: " +
                          pick(lengths) + "\r\n";
        if (coin(20))
            head += "Content-Length: 7\r\n";
        c.bytes = head + "\r\n" + formBody().left(500);
        return c;
    }
    Case headerGarbage()
    {
        const QList<QByteArray> lines{"NoColonHere",
                                      ": empty name",
                                      QByteArray("X-Nul: a\0b", 10),
                                      " folded: continuation",
                                      "X-\xc3\x9ctf8: ok",
                                      "X-Bin: " + randomBytes(40),
                                      "Host: " + percentJunk(),
                                      "Content-Type: application/x-www-form-urlencoded; charset=" +
                                          printable(300),
                                      "Cookie: " + QByteArray(5000, ';'),
                                      "X-CR: a\rb"};
        Case c;
        c.label = "header garbage";
        QByteArray head = "GET " + path() + " HTTP/1.1\r\n";
        for (int i = 0, n = 1 + upTo(4); i < n; ++i)
            head += pick(lines) + "\r\n";
        c.bytes = head + "\r\n";
        return c;
    }
    Case upgradeOrPipeline()
    {
        Case c;
        if (coin()) {
            c.label = "upgrade";
            c.bytes = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: " +
                      (coin() ? QByteArray("websocket\r\nSec-WebSocket-Version: 13\r\n"
                                           "Sec-WebSocket-Key: ") +
                                    printable(upTo(30))
                              : QByteArray("h2c\r\nHTTP2-Settings: ") + printable(20)) +
                      "\r\n\r\n";
        } else {
            c.label = "pipelined";
            const Case a = wellFormedRequest(false);
            const Case b = formPost();
            c.bytes = a.bytes + b.bytes.left(b.bytes.size() - upTo(10));
        }
        return c;
    }

    QRandomGenerator m_rng;
    QList<QByteArray> m_ids;
    QByteArray m_token, m_clientId, m_clientSecret, m_session;
};

} // namespace

class TestReplicaFuzz final : public QObject
{
    Q_OBJECT

private:
    // One connection: write the case, take what comes back until the answer is complete
    // or the server closes. A server still waiting for more gets our half-close and
    // must then let the connection go.
    Outcome exchange(const Case &c)
    {
        Outcome out;
        QTcpSocket socket;
        connect(&socket, &QIODevice::readyRead, this, [&] { out.received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        if (!socket.waitForConnected(5000)) {
            m_failure = "cannot connect to the replica";
            return out;
        }
        socket.write(c.bytes);
        auto over = [&] {
            return socket.state() == QAbstractSocket::UnconnectedState ||
                   responseComplete(out.received, c.head);
        };
        // Well-formed requests get all the time they need; the rest a short look.
        (void)QTest::qWaitFor(over, c.wellFormed ? 10000 : 100);
        if (!over()) {
            (void)QTest::qWaitFor(
                [&] {
                    return socket.bytesToWrite() == 0 ||
                           socket.state() == QAbstractSocket::UnconnectedState;
                },
                10000);
            if (socket.state() == QAbstractSocket::ConnectedState)
                ::shutdown(int(socket.socketDescriptor()), SHUT_WR);
            (void)QTest::qWaitFor(
                [&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 10000);
        }
        out.closedByServer = socket.state() == QAbstractSocket::UnconnectedState;
        out.received += socket.readAll();
        return out;
    }

    std::unique_ptr<ReplicaServer> m_server;
    QByteArray m_failure;

private Q_SLOTS:
    void garbageNeverBreaksTheReplica()
    {
        ReplicaOptions opts;
        opts.epoch = QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
        opts.tokenPrefix = QStringLiteral("FZ");
        m_server = std::make_unique<ReplicaServer>(opts);
        QVERIFY(m_server->start());
        const quint32 seed = qEnvironmentVariableIsSet("A911_FUZZ_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("A911_FUZZ_SEED"))
                                 : 0x911f022u;
        qInfo("fuzz seed %u (set A911_FUZZ_SEED to replay)", seed);

        // A valid token, real ids and a signed-in console session, so that the garbage
        // also reaches the code behind authentication.
        const QString agencyId = m_server->agencies().at(0).id;
        Case login;
        const QByteArray credentials =
            "action=login&email=" + QUrl::toPercentEncoding(m_server->demoEmail()) +
            "&password=" + QUrl::toPercentEncoding(m_server->demoPassword());
        login.bytes = "POST /interface/dev/oauth_gen.php HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                      QByteArray::number(credentials.size()) + "\r\n\r\n" + credentials;
        login.wellFormed = true;
        const Outcome signedIn = exchange(login);
        const QRegularExpression cookieRe(QStringLiteral("A911SESSID=([A-Za-z0-9]+)"));
        const QByteArray session =
            cookieRe.match(QString::fromLatin1(signedIn.received)).captured(1).toLatin1();
        QVERIFY2(!session.isEmpty(), signedIn.received.left(300).constData());
        QVERIFY(signedIn.received.contains("scope[]"));

        Case exchangeCase;
        const QByteArray refreshBody =
            "refresh_token=" + QUrl::toPercentEncoding(m_server->seededRefreshToken(agencyId));
        exchangeCase.bytes = "POST /interface/dev/api_access.php HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                             QByteArray::number(refreshBody.size()) + "\r\n\r\n" + refreshBody;
        exchangeCase.wellFormed = true;
        const Outcome exchanged = exchange(exchangeCase);
        const QByteArray body = exchanged.received.mid(exchanged.received.indexOf("\r\n\r\n") + 4);
        const QByteArray token = QJsonDocument::fromJson(body)
                                     .object()
                                     .value(QLatin1String("access_token"))
                                     .toString()
                                     .toLatin1();
        QVERIFY2(token.startsWith("FZ"), exchanged.received.constData());

        QList<QByteArray> ids{agencyId.toLatin1(), m_server->agencies().at(1).id.toLatin1()};
        Case alertsCase;
        alertsCase.bytes = "GET /interface/open_api/api/alerts?alert_days=30 HTTP/1.1\r\nHost: "
                           "127.0.0.1\r\nAuthorization: Bearer " +
                           token + "\r\n\r\n";
        alertsCase.wellFormed = true;
        const Outcome alerts = exchange(alertsCase);
        const QJsonArray refs =
            QJsonDocument::fromJson(alerts.received.mid(alerts.received.indexOf("\r\n\r\n") + 4))
                .object()
                .value(QLatin1String("message"))
                .toObject()
                .value(QLatin1String("alerts"))
                .toArray();
        QVERIFY(refs.size() > 3);
        for (int i = 0; i < 3; ++i)
            ids.append(refs.at(i).toObject().value(QLatin1String("id")).toString().toLatin1());

        Generator generator(seed, ids, token, m_server->demoClientId().toLatin1(),
                            m_server->demoClientSecret().toLatin1(), session);
        const bool verbose = qEnvironmentVariableIsSet("A911_FUZZ_VERBOSE");
        int answered = 0;
        int closedUnanswered = 0;
        static const QRegularExpression statusLine(QStringLiteral("^HTTP/1\\.1 (\\d{3}) "));
        for (int i = 0; i < kCases; ++i) {
            const Case c = generator.next();
            QVERIFY(c.bytes.size() <= kMaxWriteBytes);
            const Outcome o = exchange(c);
            QVERIFY2(m_failure.isEmpty(), m_failure.constData());
            const QByteArray what = "case " + QByteArray::number(i) + " (" + c.label +
                                    "): " + c.bytes.left(120).toPercentEncoding(" /:?&=;,.-_") +
                                    " → " + o.received.left(200).toPercentEncoding(" /:?&=;,.-_");
            if (verbose)
                qInfo("%s", what.constData());
            // Never left hanging: an answer, or a closed connection.
            QVERIFY2(o.closedByServer || responseComplete(o.received, c.head), what.constData());
            if (o.received.isEmpty()) {
                QVERIFY2(!c.wellFormed, what.constData());
                ++closedUnanswered;
                continue;
            }
            ++answered;
            // Whatever comes back is HTTP, and never a server error (no faults are set).
            const auto m = statusLine.match(QString::fromLatin1(o.received.left(20)));
            QVERIFY2(m.hasMatch(), what.constData());
            QVERIFY2(m.captured(1).toInt() < 500, what.constData());
            if (c.head)
                QVERIFY2(o.received.endsWith("\r\n\r\n"), what.constData());
        }
        qInfo("%d cases answered, %d closed without an answer", answered, closedUnanswered);
        QVERIFY(answered > kCases / 3); // the well-formed third at least

        // Still serving, still sane: an ordinary request gets its ordinary answer.
        const Outcome after = exchange(alertsCase);
        QVERIFY2(after.received.startsWith("HTTP/1.1 200 "), after.received.left(200).constData());
        const QJsonArray again =
            QJsonDocument::fromJson(after.received.mid(after.received.indexOf("\r\n\r\n") + 4))
                .object()
                .value(QLatin1String("message"))
                .toObject()
                .value(QLatin1String("alerts"))
                .toArray();
        QCOMPARE(again.size(), refs.size());
        Case faults;
        faults.bytes = "GET /__replica/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        faults.wellFormed = true;
        QVERIFY(exchange(faults).received.contains("{\"faults\":0}"));
        QVERIFY(m_server->requestCount(QString()) >= answered); // every path ends with ""
        m_server.reset();
    }
};

QTEST_GUILESS_MAIN(TestReplicaFuzz)
#include "tst_replicafuzz.moc"
