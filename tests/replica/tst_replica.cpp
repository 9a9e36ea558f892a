#include "replicaserver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <optional>

using namespace a911::replica;

namespace {

struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    bool finished = false;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject message() const { return json().value(QLatin1String("message")).toObject(); }
};

QByteArray form(const QList<QPair<QString, QString>> &fields)
{
    QByteArray out;
    for (const auto &f : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(f.first) + '=' + QUrl::toPercentEncoding(f.second);
    }
    return out;
}

QString htmlUnescape(QString text)
{
    text.replace(QLatin1String("&quot;"), QLatin1String("\""));
    text.replace(QLatin1String("&#39;"), QLatin1String("'"));
    text.replace(QLatin1String("&lt;"), QLatin1String("<"));
    text.replace(QLatin1String("&gt;"), QLatin1String(">"));
    return text.replace(QLatin1String("&amp;"), QLatin1String("&"));
}

QHash<QString, QString> attributes(const QString &tag)
{
    static const QRegularExpression re(QStringLiteral("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"]*)\")?"));
    QHash<QString, QString> out;
    for (auto it = re.globalMatch(tag); it.hasNext();) {
        const auto m = it.next();
        out.insert(m.captured(1).toLower(), htmlUnescape(m.captured(2)));
    }
    return out;
}

// The one form of a page, read the way a browser reads it, so that a flow walked
// through it depends on what the pages really say (action, hidden fields, names).
struct HtmlForm
{
    struct Control
    {
        QString tag, type, name, value, label; // label: a button's text
        bool checked = false;
    };
    QUrl action;
    QString method;
    QList<Control> controls;

    static HtmlForm parse(const QByteArray &page, const QUrl &pageUrl, int *count = nullptr)
    {
        static const QRegularExpression formRe(QStringLiteral("<form\\b([^>]*)>(.*?)</form>"),
                                               QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression controlRe(QStringLiteral("<(input|button)\\b([^>]*)>"));
        const QString html = QString::fromUtf8(page);
        HtmlForm form;
        int forms = 0;
        for (auto it = formRe.globalMatch(html); it.hasNext(); ++forms) {
            const auto m = it.next();
            if (forms > 0)
                continue;
            const auto attrs = attributes(m.captured(1));
            form.action = pageUrl.resolved(QUrl(attrs.value(QStringLiteral("action"))));
            form.method = attrs.value(QStringLiteral("method"), QStringLiteral("get")).toLower();
            for (auto c = controlRe.globalMatch(m.captured(2)); c.hasNext();) {
                const auto cm = c.next();
                const auto a = attributes(cm.captured(2));
                Control control;
                control.tag = cm.captured(1).toLower();
                control.type = a.value(QStringLiteral("type"),
                                       control.tag == QLatin1String("button") ? QStringLiteral("submit")
                                                                              : QStringLiteral("text"))
                                   .toLower();
                control.name = a.value(QStringLiteral("name"));
                control.value = a.value(QStringLiteral("value"));
                control.checked = a.contains(QStringLiteral("checked"));
                if (control.tag == QLatin1String("button")) {
                    const QString rest = m.captured(2).mid(cm.capturedEnd());
                    control.label = htmlUnescape(rest.left(rest.indexOf(QLatin1String("</button>")))).trimmed();
                }
                form.controls.append(control);
            }
        }
        if (count)
            *count = forms;
        return form;
    }
    bool has(const QString &type, const QString &name, const QString &value = {}) const
    {
        return std::any_of(controls.cbegin(), controls.cend(), [&](const Control &c) {
            return c.type == type && c.name == name && (value.isNull() || c.value == value);
        });
    }
    int count(const QString &type) const
    {
        return int(std::count_if(controls.cbegin(), controls.cend(),
                                 [&](const Control &c) { return c.type == type; }));
    }
    /// Types into a text-like field; false if the form has no such field.
    bool fill(const QString &name, const QString &value)
    {
        for (Control &c : controls) {
            if (c.name == name && c.tag == QLatin1String("input")
                && !QStringList{QStringLiteral("hidden"), QStringLiteral("checkbox"),
                                QStringLiteral("radio"), QStringLiteral("submit")}
                        .contains(c.type)) {
                c.value = value;
                return true;
            }
        }
        return false;
    }
    /// Ticks exactly these boxes of a checkbox group; false if one does not exist.
    bool tick(const QString &name, const QStringList &values)
    {
        int found = 0;
        for (Control &c : controls) {
            if (c.type == QLatin1String("checkbox") && c.name == name) {
                c.checked = values.contains(c.value);
                found += c.checked ? 1 : 0;
            }
        }
        return found == values.size();
    }
    /// Picks a radio button; false if it does not exist.
    bool choose(const QString &name, const QString &value)
    {
        bool found = false;
        for (Control &c : controls) {
            if (c.type == QLatin1String("radio") && c.name == name) {
                c.checked = c.value == value;
                found = found || c.checked;
            }
        }
        return found;
    }
    /// The body a browser posts when the submit button with `button` as its value
    /// or text (or the first one) is pressed; nothing if there is no such button.
    std::optional<QByteArray> submit(const QString &button = {}) const
    {
        QByteArray body;
        bool pressed = false;
        auto add = [&](const QString &name, const QString &value) {
            if (name.isEmpty())
                return;
            if (!body.isEmpty())
                body += '&';
            body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
        };
        for (const Control &c : controls) {
            if (c.type == QLatin1String("submit")) {
                if (!pressed && (button.isNull() || c.value == button || c.label == button)) {
                    pressed = true;
                    add(c.name, c.value);
                }
            } else if (c.type == QLatin1String("checkbox") || c.type == QLatin1String("radio")) {
                if (c.checked)
                    add(c.name, c.value);
            } else {
                add(c.name, c.value);
            }
        }
        if (!pressed)
            return std::nullopt;
        return body;
    }
};

const QRegularExpression kTimestamp(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$"));
const QRegularExpression kCoordinate(QStringLiteral("^-?\\d+\\.\\d{8}$"));
const QRegularExpression kTokenChars(QStringLiteral("^[A-Za-z0-9]+$"));

} // namespace

class TestReplica final : public QObject
{
    Q_OBJECT

private:
    Reply send(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
               const QString &bearer = {}, const QByteArray &contentType = {}, int timeoutMs = 15000)
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        if (!bearer.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
        if (!contentType.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        else if (verb == "POST")
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArray("application/x-www-form-urlencoded"));
        // HEAD through head(): as a custom verb QNAM would wait for a body.
        QNetworkReply *reply = verb == "GET" ? m_nam->get(request)
            : verb == "HEAD"                 ? m_nam->head(request)
            : verb == "POST"                 ? m_nam->post(request, body)
                                             : m_nam->sendCustomRequest(request, verb, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        Reply out;
        out.finished = reply->isFinished() || done.wait(timeoutMs);
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.error = reply->error();
        out.body = reply->readAll();
        out.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return out;
    }
    Reply get(const QString &apiPath, const QString &bearer)
    {
        return send("GET", m_server->apiUrl().resolved(QUrl(apiPath)), {}, bearer);
    }
    QUrl console(const char *page) const
    {
        return m_server->consoleUrl().resolved(QUrl(QLatin1String(page)));
    }
    QUrl oauth(const char *page) const
    {
        return m_server->oauthUrl().resolved(QUrl(QLatin1String(page)));
    }
    QString accessFor(const QString &refresh)
    {
        const Reply r = send("POST", console("api_access.php"),
                             form({{QStringLiteral("refresh_token"), refresh}}));
        return r.json().value(QLatin1String("access_token")).toString();
    }
    QString fullAccess(int agencyIndex = 0)
    {
        return accessFor(m_server->seededRefreshToken(m_server->agencies().at(agencyIndex).id));
    }
    QString accessWithScopes(const QStringList &scopes)
    {
        return accessFor(m_server->issueRefreshToken(m_server->agencies().at(0).id, scopes));
    }
    void freshCookies() { m_nam = std::make_unique<QNetworkAccessManager>(); }
    void verifyRef(const QJsonValue &ref, const QString &kind)
    {
        const QJsonObject o = ref.toObject();
        QVERIFY(o.value(QLatin1String("id")).isString());
        QCOMPARE(o.value(QLatin1String("uri")).toString(),
                 m_server->apiUrl().toString() + kind + QLatin1Char('/')
                     + o.value(QLatin1String("id")).toString());
    }

    std::unique_ptr<ReplicaServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;

private Q_SLOTS:
    void init()
    {
        ReplicaOptions opts;
        opts.epoch = QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
        m_server = std::make_unique<ReplicaServer>(opts);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_nam = std::make_unique<QNetworkAccessManager>();
    }
    void cleanup()
    {
        m_nam.reset();
        m_server.reset();
    }

    void listensOnLoopbackOnly()
    {
        QCOMPARE(m_server->origin().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(m_server->apiUrl().path(), QStringLiteral("/interface/open_api/api/"));
        QCOMPARE(m_server->consoleUrl().path(), QStringLiteral("/interface/dev/"));
        const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
        auto other = std::find_if(addresses.cbegin(), addresses.cend(), [](const QHostAddress &a) {
            return !a.isLoopback() && a.protocol() == QAbstractSocket::IPv4Protocol;
        });
        if (other == addresses.cend())
            QSKIP("no non-loopback IPv4 address to probe");
        QTcpSocket probe;
        probe.connectToHost(*other, m_server->port());
        QVERIFY(!probe.waitForConnected(3000));
    }

    void readyLine()
    {
        const QJsonObject o = QJsonDocument::fromJson(m_server->readyLine()).object();
        QVERIFY(!m_server->readyLine().contains('\n'));
        QCOMPARE(o.value(QLatin1String("replica")).toString(), QStringLiteral("a911desk"));
        QCOMPARE(o.value(QLatin1String("api_url")).toString(), m_server->apiUrl().toString());
        QCOMPARE(o.value(QLatin1String("client_id")).toString(), m_server->demoClientId());
        QCOMPARE(o.value(QLatin1String("email")).toString(), m_server->demoEmail());
        const QJsonArray agencies = o.value(QLatin1String("agencies")).toArray();
        QVERIFY(agencies.size() >= 2);
        for (const QJsonValue &a : agencies) {
            const QString token = a.toObject().value(QLatin1String("refresh_token")).toString();
            QCOMPARE(token, m_server->seededRefreshToken(a.toObject().value(QLatin1String("id")).toString()));
            QCOMPARE(token.size(), 40);
            QVERIFY(kTokenChars.match(token).hasMatch());
        }
    }

    void tokenPrefixAndDeterminism()
    {
        ReplicaOptions opts;
        opts.tokenPrefix = QStringLiteral("CANARY");
        opts.epoch = QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
        ReplicaServer other(opts);
        QVERIFY(other.start());
        QVERIFY(other.seededRefreshToken(other.agencies().at(0).id).startsWith(QLatin1String("CANARY")));
        QCOMPARE(other.agencies().at(0).name, m_server->agencies().at(0).name);
        // Same seed and epoch: same alerts.
        const QString mine = fullAccess();
        const Reply a = get(QStringLiteral("alerts?alert_days=30"), mine);
        const QString theirs =
            send("POST", other.consoleUrl().resolved(QUrl(QStringLiteral("api_access.php"))),
                 form({{QStringLiteral("refresh_token"), other.seededRefreshToken(other.agencies().at(0).id)}}))
                .json().value(QLatin1String("access_token")).toString();
        QVERIFY(theirs.startsWith(QLatin1String("CANARY")));
        const Reply b = send("GET", other.apiUrl().resolved(QUrl(QStringLiteral("alerts?alert_days=30"))), {}, theirs);
        QCOMPARE(a.message().value(QLatin1String("alerts")).toArray().size(),
                 b.message().value(QLatin1String("alerts")).toArray().size());
    }

    void apiAccessExchange()
    {
        const Reply r = send("POST", console("api_access.php"),
                             form({{QStringLiteral("refresh_token"),
                                    m_server->seededRefreshToken(m_server->agencies().at(0).id)}}));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QLatin1String("access_token")).toString().size(), 40);
        QVERIFY(o.value(QLatin1String("expiration")).isDouble());
        const qint64 expiration = qint64(o.value(QLatin1String("expiration")).toDouble());
        const qint64 expected = QDateTime::currentSecsSinceEpoch() + 86400;
        QVERIFY(qAbs(expiration - expected) < 60);
        QVERIFY(!o.contains(QLatin1String("refresh_token")));
    }

    void apiAccessRejects_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("unknown") << QByteArray("refresh_token=abcdefghijklmnopqrstuvwxyz0123456789ABCD");
        QTest::newRow("missing") << QByteArray("something=else");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("%%%&&==&refresh_token=%ZZ\xff\xfe");
        QTest::newRow("revoked") << QByteArray("revoked");
    }
    void apiAccessRejects()
    {
        QFETCH(QByteArray, body);
        if (body == "revoked") {
            const QString token = m_server->seededRefreshToken(m_server->agencies().at(0).id);
            QVERIFY(!accessFor(token).isEmpty());
            const Reply control = send("POST", m_server->origin().resolved(QUrl(QStringLiteral("/__replica/revoke"))),
                                       form({{QStringLiteral("refresh_token"), token}}));
            QCOMPARE(control.status, 200);
            body = form({{QStringLiteral("refresh_token"), token}});
        }
        const Reply r = send("POST", console("api_access.php"), body);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/html"));
        QVERIFY(r.body.contains("<html"));
        QVERIFY(QJsonDocument::fromJson(r.body).isNull());
    }

    void expiredRefreshToken()
    {
        ReplicaOptions opts;
        opts.refreshTtlSecs = 1;
        ReplicaServer shortLived(opts);
        QVERIFY(shortLived.start());
        const QString token = shortLived.seededRefreshToken(shortLived.agencies().at(0).id);
        const QUrl url = shortLived.consoleUrl().resolved(QUrl(QStringLiteral("api_access.php")));
        QTRY_VERIFY_WITH_TIMEOUT(send("POST", url, form({{QStringLiteral("refresh_token"), token}}))
                                     .body.contains("<html"),
                                 5000);
    }

    void agencyEndpoint()
    {
        const QString token = fullAccess();
        const Reply r = get(QString(), token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), QByteArray("text/html; charset=UTF-8"));
        QVERIFY(r.body.contains("\\/")); // slashes escaped like PHP's json_encode
        QCOMPARE(r.json().value(QLatin1String("result")).toString(), QStringLiteral("success"));
        const QJsonObject agency = r.message().value(QLatin1String("agency")).toObject();
        QCOMPARE(agency.value(QLatin1String("id")).toString(), m_server->agencies().at(0).id);
        QCOMPARE(agency.value(QLatin1String("name")).toString(), m_server->agencies().at(0).name);
        for (const char *key : {"address", "city", "state", "zip"})
            QVERIFY2(!agency.value(QLatin1String(key)).toString().isEmpty(), key);
        QVERIFY(kCoordinate.match(agency.value(QLatin1String("latitude")).toString()).hasMatch());
        QVERIFY(kCoordinate.match(agency.value(QLatin1String("longitude")).toString()).hasMatch());
        const QJsonArray devices = agency.value(QLatin1String("devices")).toArray();
        QVERIFY(devices.size() >= 12);
        for (const QJsonValue &d : devices)
            verifyRef(d, QStringLiteral("devices"));

        const Reply byId = get(QStringLiteral("agencies/") + m_server->agencies().at(0).id, token);
        QCOMPARE(byId.status, 200);
        QCOMPARE(byId.message().value(QLatin1String("agency")).toObject(), agency);
        QCOMPARE(get(QStringLiteral("agencies/") + m_server->agencies().at(1).id, token).status, 403);
        QCOMPARE(get(QStringLiteral("agencies/999"), token).status, 404);
    }

    void deviceEndpoints()
    {
        const QString token = fullAccess();
        const QJsonArray devices = get(QString(), token).message().value(QLatin1String("agency"))
                                       .toObject().value(QLatin1String("devices")).toArray();
        int total = devices.size() + get(QString(), fullAccess(1)).message()
                                          .value(QLatin1String("agency")).toObject()
                                          .value(QLatin1String("devices")).toArray().size();
        QVERIFY(total >= 25);
        const QString id = devices.at(1).toObject().value(QLatin1String("id")).toString();
        const Reply r = get(QStringLiteral("devices/") + id, token);
        QCOMPARE(r.status, 200);
        const QJsonObject device = r.message().value(QLatin1String("device")).toObject();
        QCOMPARE(device.value(QLatin1String("id")).toString(), id);
        QVERIFY(!device.value(QLatin1String("name")).toString().isEmpty());
        QVERIFY(kCoordinate.match(device.value(QLatin1String("latitude")).toString()).hasMatch());
        QVERIFY(kTimestamp.match(device.value(QLatin1String("position_timestamp")).toString()).hasMatch());
        QVERIFY(device.contains(QLatin1String("position_accuracy")));
        verifyRef(device.value(QLatin1String("agencies")).toArray().at(0), QStringLiteral("agencies"));

        const Reply alerts = get(QStringLiteral("devices/") + id + QStringLiteral("/alerts?alert_days=30"), token);
        QCOMPARE(alerts.status, 200);
        const QJsonArray list = alerts.message().value(QLatin1String("alerts")).toArray();
        QVERIFY(!list.isEmpty());
        const Reply all = get(QStringLiteral("alerts?alert_days=30"), token);
        QVERIFY(list.size() <= all.message().value(QLatin1String("alerts")).toArray().size());
        QCOMPARE(get(QStringLiteral("devices/1"), token).status, 404);
        // A device of the other agency is invisible.
        const QString foreign = get(QString(), fullAccess(1)).message().value(QLatin1String("agency"))
                                    .toObject().value(QLatin1String("devices")).toArray().at(0)
                                    .toObject().value(QLatin1String("id")).toString();
        QCOMPARE(get(QStringLiteral("devices/") + foreign, token).status, 404);
    }

    void alertsList()
    {
        const QString token = fullAccess();
        const Reply r = get(QStringLiteral("alerts"), token);
        QCOMPARE(r.status, 200);
        const QJsonArray tenDays = r.message().value(QLatin1String("alerts")).toArray();
        const QJsonArray thirty = get(QStringLiteral("alerts?alert_days=30"), token)
                                      .message().value(QLatin1String("alerts")).toArray();
        const QJsonArray other = get(QStringLiteral("alerts?alert_days=30"), fullAccess(1))
                                     .message().value(QLatin1String("alerts")).toArray();
        QVERIFY(thirty.size() + other.size() >= 500);
        QVERIFY(!tenDays.isEmpty());
        QVERIFY(tenDays.size() < thirty.size());
        qint64 previous = std::numeric_limits<qint64>::max();
        for (const QJsonValue &ref : thirty) {
            verifyRef(ref, QStringLiteral("alerts"));
            const qint64 id = ref.toObject().value(QLatin1String("id")).toString().toLongLong();
            QVERIFY2(id < previous, "alerts must be newest first");
            previous = id;
        }
        const QJsonArray hour = get(QStringLiteral("alerts?alert_days=30&alert_minutes=60"), token)
                                    .message().value(QLatin1String("alerts")).toArray();
        QVERIFY(hour.size() < tenDays.size());
    }

    void alertDetail()
    {
        const QString token = fullAccess();
        const QJsonArray refs = get(QStringLiteral("alerts?alert_days=30"), token)
                                    .message().value(QLatin1String("alerts")).toArray();
        int withResponses = 0;
        for (int i = 0; i < 30; ++i) {
            const QString id = refs.at(i).toObject().value(QLatin1String("id")).toString();
            const Reply r = get(QStringLiteral("alerts/") + id, token);
            QCOMPARE(r.status, 200);
            const QJsonObject a = r.message().value(QLatin1String("alert")).toObject();
            QCOMPARE(a.value(QLatin1String("id")).toString(), id);
            for (const char *key : {"place", "address", "unit", "city", "state", "source", "units",
                                    "cad_code", "priority", "details", "description", "map_code",
                                    "cross_street", "external_data"})
                QVERIFY2(a.value(QLatin1String(key)).isString(), key);
            QVERIFY(kTimestamp.match(a.value(QLatin1String("sent")).toString()).hasMatch());
            QVERIFY(kTimestamp.match(a.value(QLatin1String("received")).toString()).hasMatch());
            QVERIFY(kCoordinate.match(a.value(QLatin1String("latitude")).toString()).hasMatch());
            verifyRef(a.value(QLatin1String("agency")), QStringLiteral("agencies"));
            QVERIFY(!a.value(QLatin1String("pagegroups")).toArray().at(0).toObject()
                         .value(QLatin1String("prefix")).toString().isEmpty());
            for (const QJsonValue &resp : a.value(QLatin1String("responses")).toArray()) {
                ++withResponses;
                const QJsonObject o = resp.toObject();
                verifyRef(o.value(QLatin1String("device")), QStringLiteral("devices"));
                QVERIFY(kTimestamp.match(o.value(QLatin1String("timestamp")).toString()).hasMatch());
                QVERIFY(QStringList({QStringLiteral("watch"), QStringLiteral("respond"),
                                     QStringLiteral("arrived"), QStringLiteral("cancel")})
                            .contains(o.value(QLatin1String("response")).toString()));
            }
        }
        QVERIFY(withResponses > 0);

        // Without read_response the responses stay hidden.
        const QString limited = accessWithScopes({QStringLiteral("read_alert")});
        int hidden = 0;
        for (int i = 0; i < 30; ++i) {
            const QString id = refs.at(i).toObject().value(QLatin1String("id")).toString();
            hidden += get(QStringLiteral("alerts/") + id, limited).message().value(QLatin1String("alert"))
                          .toObject().value(QLatin1String("responses")).toArray().size();
        }
        QCOMPARE(hidden, 0);
        QCOMPARE(get(QStringLiteral("alerts/42"), token).status, 404);
        const QString foreign = get(QStringLiteral("alerts?alert_days=30"), fullAccess(1)).message()
                                    .value(QLatin1String("alerts")).toArray().at(0).toObject()
                                    .value(QLatin1String("id")).toString();
        QCOMPARE(get(QStringLiteral("alerts/") + foreign, token).status, 404);
    }

    void locationsAndResources()
    {
        const QString token = fullAccess();
        QStringList ids;
        for (int page = 1; page < 20; ++page) {
            const Reply r = get(QStringLiteral("locations?locations_per_page=7&locations_page=%1").arg(page), token);
            QCOMPARE(r.status, 200);
            const QJsonArray list = r.message().value(QLatin1String("locations")).toArray();
            if (list.isEmpty())
                break;
            QVERIFY(list.size() <= 7);
            for (const QJsonValue &ref : list) {
                verifyRef(ref, QStringLiteral("locations"));
                ids.append(ref.toObject().value(QLatin1String("id")).toString());
            }
        }
        QVERIFY(ids.size() >= 20);
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size());
        for (int i = 1; i < ids.size(); ++i)
            QVERIFY(ids.at(i).toLongLong() < ids.at(i - 1).toLongLong());
        QCOMPARE(get(QStringLiteral("locations"), token).message().value(QLatin1String("locations"))
                     .toArray().size(), 10);
        const int otherCount = get(QStringLiteral("locations?locations_per_page=100"), fullAccess(1))
                                   .message().value(QLatin1String("locations")).toArray().size();
        QVERIFY(ids.size() + otherCount >= 40);

        int resources = 0;
        for (const QString &id : std::as_const(ids)) {
            const Reply r = get(QStringLiteral("locations/") + id, token);
            QCOMPARE(r.status, 200);
            const QJsonObject l = r.message().value(QLatin1String("locations")).toObject();
            QCOMPARE(l.value(QLatin1String("id")).toString(), id);
            for (const char *key : {"name", "description", "icon_id", "icon_color", "location_type"})
                QVERIFY2(l.value(QLatin1String(key)).isString(), key);
            QVERIFY(kCoordinate.match(l.value(QLatin1String("longitude")).toString()).hasMatch());
            for (const QJsonValue &ref : l.value(QLatin1String("resources")).toArray()) {
                verifyRef(ref, QStringLiteral("resources"));
                const Reply rr = get(QStringLiteral("resources/") + ref.toObject().value(QLatin1String("id")).toString(), token);
                QCOMPARE(rr.status, 200);
                const QJsonObject res = rr.message().value(QLatin1String("resource")).toObject();
                QVERIFY(QStringList({QStringLiteral("pdf"), QStringLiteral("jpg")})
                            .contains(res.value(QLatin1String("extension")).toString()));
                QVERIFY(res.value(QLatin1String("filename")).toString().endsWith(
                    res.value(QLatin1String("extension")).toString()));
                QVERIFY(res.value(QLatin1String("size")).isString());
                verifyRef(res.value(QLatin1String("location")), QStringLiteral("locations"));
                QCOMPARE(res.value(QLatin1String("location")).toObject().value(QLatin1String("id")).toString(), id);
                verifyRef(res.value(QLatin1String("agency")), QStringLiteral("agencies"));
                ++resources;
            }
        }
        QVERIFY(resources > 5);
        QCOMPARE(get(QStringLiteral("locations/1"), token).status, 404);
        QCOMPARE(get(QStringLiteral("resources/1"), token).status, 404);
    }

    void createLocation_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("json") << QByteArray("application/json")
                              << QByteArray(R"({"name":"Staging area","latitude":45.01,"longitude":"-122.78","description":"Gravel lot","location_type":"staging"})")
                              << 200;
        QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                              << QByteArray("name=Staging+area&latitude=45.01&longitude=-122.78&icon_color=00FF00")
                              << 200;
        QTest::newRow("no name") << QByteArray("application/json") << QByteArray(R"({"latitude":1})") << 400;
        QTest::newRow("bad latitude") << QByteArray("application/x-www-form-urlencoded")
                                      << QByteArray("name=x&latitude=north") << 400;
        QTest::newRow("out of range") << QByteArray("application/json")
                                      << QByteArray(R"({"name":"x","longitude":200})") << 400;
        QTest::newRow("broken json") << QByteArray("application/json") << QByteArray("{\"name\":") << 400;
    }
    void createLocation()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const QString token = fullAccess();
        const Reply r = send("POST", m_server->apiUrl().resolved(QUrl(QStringLiteral("locations"))),
                             body, token, contentType);
        QCOMPARE(r.status, status);
        if (status != 200) {
            QCOMPARE(r.json().value(QLatin1String("result")).toString(), QStringLiteral("error"));
            QVERIFY(!r.json().value(QLatin1String("message")).toString().isEmpty());
            return;
        }
        const QJsonObject l = r.message().value(QLatin1String("locations")).toObject();
        QCOMPARE(l.value(QLatin1String("name")).toString(), QStringLiteral("Staging area"));
        QCOMPARE(l.value(QLatin1String("latitude")).toString(), QStringLiteral("45.01000000"));
        QCOMPARE(l.value(QLatin1String("longitude")).toString(), QStringLiteral("-122.78000000"));
        const QString id = l.value(QLatin1String("id")).toString();
        QCOMPARE(get(QStringLiteral("locations/") + id, token).message().value(QLatin1String("locations")).toObject(), l);
        // Newest first: the new location leads the list.
        QCOMPARE(get(QStringLiteral("locations"), token).message().value(QLatin1String("locations"))
                     .toArray().at(0).toObject().value(QLatin1String("id")).toString(), id);
    }

    void unauthorized_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("missing") << QString();
        QTest::newRow("unknown") << QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789ABCD");
        QTest::newRow("expired") << QStringLiteral("expired");
    }
    void unauthorized()
    {
        QFETCH(QString, token);
        if (token == QLatin1String("expired")) {
            token = fullAccess();
            QCOMPARE(get(QStringLiteral("alerts"), token).status, 200);
            m_server->expireAccessTokens();
        }
        for (const QString &path : {QString(), QStringLiteral("alerts"), QStringLiteral("locations")}) {
            const Reply r = get(path, token);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.json().value(QLatin1String("result")).toString(), QStringLiteral("error"));
            QCOMPARE(r.json().value(QLatin1String("message")).toString(),
                     QStringLiteral("Invalid or expired access token"));
        }
    }

    void shortAccessLifetime()
    {
        ReplicaOptions opts;
        opts.accessTtlSecs = 1;
        ReplicaServer shortLived(opts);
        QVERIFY(shortLived.start());
        const Reply exchange = send("POST", shortLived.consoleUrl().resolved(QUrl(QStringLiteral("api_access.php"))),
                                    form({{QStringLiteral("refresh_token"),
                                           shortLived.seededRefreshToken(shortLived.agencies().at(0).id)}}));
        const QString token = exchange.json().value(QLatin1String("access_token")).toString();
        const QUrl url = shortLived.apiUrl();
        QTRY_COMPARE_WITH_TIMEOUT(send("GET", url, {}, token).status, 401, 5000);
        // The HTTP control does the same as expireAccessTokens().
        const QString fresh = accessFor(m_server->seededRefreshToken(m_server->agencies().at(0).id));
        QCOMPARE(get(QString(), fresh).status, 200);
        QCOMPARE(send("POST", m_server->origin().resolved(QUrl(QStringLiteral("/__replica/expire-access")))).status, 200);
        QCOMPARE(get(QString(), fresh).status, 401);
    }

    void scopes_data()
    {
        QTest::addColumn<QStringList>("scopes");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        const QStringList all{QStringLiteral("read_agency"), QStringLiteral("read_alert"),
                              QStringLiteral("read_response"), QStringLiteral("read_device"),
                              QStringLiteral("read_mapdata"), QStringLiteral("write_mapdata")};
        QTest::newRow("agency ok") << QStringList{QStringLiteral("read_agency")} << QString() << 200;
        QTest::newRow("agency denied") << QStringList{QStringLiteral("read_alert")} << QString() << 403;
        QTest::newRow("alerts ok") << QStringList{QStringLiteral("read_alert")} << QStringLiteral("alerts") << 200;
        QTest::newRow("alerts denied") << QStringList{QStringLiteral("read_agency")} << QStringLiteral("alerts") << 403;
        QTest::newRow("locations ok") << QStringList{QStringLiteral("read_mapdata")} << QStringLiteral("locations") << 200;
        QTest::newRow("locations denied") << QStringList{QStringLiteral("write_mapdata")} << QStringLiteral("locations") << 403;
        QTest::newRow("post denied") << QStringList{QStringLiteral("read_mapdata")} << QStringLiteral("POST locations") << 403;
        QTest::newRow("post ok") << QStringList{QStringLiteral("write_mapdata")} << QStringLiteral("POST locations") << 200;
        QTest::newRow("device denied") << all.mid(0, 3) << QStringLiteral("DEVICE") << 403;
        QTest::newRow("device ok") << QStringList{QStringLiteral("read_device")} << QStringLiteral("DEVICE") << 200;
    }
    void scopes()
    {
        QFETCH(QStringList, scopes);
        QFETCH(QString, path);
        QFETCH(int, status);
        const QString token = accessWithScopes(scopes);
        QVERIFY(!token.isEmpty());
        Reply r;
        if (path.startsWith(QLatin1String("POST "))) {
            r = send("POST", m_server->apiUrl().resolved(QUrl(path.mid(5))), "name=Test", token);
        } else if (path == QLatin1String("DEVICE")) {
            const QString deviceId = get(QString(), fullAccess()).message().value(QLatin1String("agency"))
                                         .toObject().value(QLatin1String("devices")).toArray().at(0)
                                         .toObject().value(QLatin1String("id")).toString();
            r = get(QStringLiteral("devices/") + deviceId, token);
        } else {
            r = get(path, token);
        }
        QCOMPARE(r.status, status);
        if (status == 403) {
            QCOMPARE(r.json().value(QLatin1String("result")).toString(), QStringLiteral("error"));
            QVERIFY(r.json().value(QLatin1String("message")).toString().contains(QLatin1String("scope")));
        }
    }

    void parameters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("days ok") << QStringLiteral("alerts?alert_days=30") << 200 << QString();
        QTest::newRow("days 0") << QStringLiteral("alerts?alert_days=0") << 400 << QStringLiteral("alert_days must be between 1 and 30");
        QTest::newRow("days 31") << QStringLiteral("alerts?alert_days=31") << 400 << QStringLiteral("alert_days");
        QTest::newRow("days text") << QStringLiteral("alerts?alert_days=ten") << 400 << QStringLiteral("alert_days");
        QTest::newRow("days empty") << QStringLiteral("alerts?alert_days=") << 400 << QStringLiteral("alert_days");
        QTest::newRow("minutes ok") << QStringLiteral("alerts?alert_minutes=43200") << 200 << QString();
        QTest::newRow("minutes big") << QStringLiteral("alerts?alert_minutes=43201") << 400 << QStringLiteral("alert_minutes");
        QTest::newRow("minutes neg") << QStringLiteral("alerts?alert_minutes=-5") << 400 << QStringLiteral("alert_minutes");
        QTest::newRow("device minutes") << QStringLiteral("DEVICE/alerts?alert_minutes=0") << 400 << QStringLiteral("alert_minutes");
        QTest::newRow("page 0") << QStringLiteral("locations?locations_page=0") << 400 << QStringLiteral("locations_page");
        QTest::newRow("page text") << QStringLiteral("locations?locations_page=x") << 400 << QStringLiteral("locations_page");
        QTest::newRow("per page 101") << QStringLiteral("locations?locations_per_page=101") << 400 << QStringLiteral("locations_per_page");
        QTest::newRow("per page 100") << QStringLiteral("locations?locations_per_page=100") << 200 << QString();
        QTest::newRow("far page") << QStringLiteral("locations?locations_page=999") << 200 << QString();
    }
    void parameters()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        QFETCH(QString, messagePart);
        const QString token = fullAccess();
        if (query.startsWith(QLatin1String("DEVICE"))) {
            const QString deviceId = get(QString(), token).message().value(QLatin1String("agency"))
                                         .toObject().value(QLatin1String("devices")).toArray().at(0)
                                         .toObject().value(QLatin1String("id")).toString();
            query.replace(QLatin1String("DEVICE"), QStringLiteral("devices/") + deviceId);
        }
        const Reply r = get(query, token);
        QCOMPARE(r.status, status);
        if (status == 400) {
            QCOMPARE(r.json().value(QLatin1String("result")).toString(), QStringLiteral("error"));
            QVERIFY2(r.json().value(QLatin1String("message")).toString().contains(messagePart), r.body.constData());
        } else {
            QCOMPARE(r.json().value(QLatin1String("result")).toString(), QStringLiteral("success"));
        }
    }

    void consoleFlow()
    {
        const QUrl page = console("oauth_gen.php");
        Reply r = send("GET", page);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("name=\"password\""));
        QVERIFY(r.body.contains(m_server->demoEmail().toUtf8()));

        r = send("POST", page, form({{QStringLiteral("action"), QStringLiteral("login")},
                                     {QStringLiteral("email"), m_server->demoEmail()},
                                     {QStringLiteral("password"), QStringLiteral("wrong")}}));
        QVERIFY(r.body.contains("Invalid email or password"));
        QVERIFY(r.body.contains("name=\"password\""));

        r = send("POST", page, form({{QStringLiteral("action"), QStringLiteral("login")},
                                     {QStringLiteral("email"), m_server->demoEmail()},
                                     {QStringLiteral("password"), m_server->demoPassword()}}));
        QVERIFY(r.body.contains("name=\"scope[]\" value=\"read_agency\""));
        QCOMPARE(r.body.count("type=\"checkbox\""), 6);

        r = send("POST", page, form({{QStringLiteral("action"), QStringLiteral("scopes")}}));
        QVERIFY(r.body.contains("at least one scope"));

        r = send("POST", page, form({{QStringLiteral("action"), QStringLiteral("scopes")},
                                     {QStringLiteral("scope[]"), QStringLiteral("read_agency")},
                                     {QStringLiteral("scope[]"), QStringLiteral("read_alert")}}));
        QVERIFY(r.body.contains("type=\"radio\" name=\"agency\""));
        const QString agency = m_server->agencies().at(1).id;
        QVERIFY(r.body.contains(agency.toUtf8()));

        r = send("POST", page, form({{QStringLiteral("action"), QStringLiteral("agency")},
                                     {QStringLiteral("agency"), agency}}));
        QVERIFY(r.body.contains("Allow"));
        QVERIFY(r.body.contains("value=\"yes\""));
        QVERIFY(r.body.contains("value=\"no\""));

        r = send("POST", page, form({{QStringLiteral("action"), QStringLiteral("confirm")},
                                     {QStringLiteral("confirm"), QStringLiteral("yes")}}));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("Access Token"));
        QVERIFY(r.body.contains("Refresh Token"));
        QVERIFY(r.body.contains("Use this in the api"));
        const QRegularExpression accessRe(QStringLiteral("Access Token</td><td[^>]*>([A-Za-z0-9]+)<"));
        const QRegularExpression refreshRe(QStringLiteral("Refresh Token</td><td[^>]*>([A-Za-z0-9]+)<"));
        const QString html = QString::fromUtf8(r.body);
        const QString access = accessRe.match(html).captured(1);
        const QString refresh = refreshRe.match(html).captured(1);
        QCOMPARE(access.size(), 40);
        QCOMPARE(refresh.size(), 40);
        QVERIFY(html.contains(QStringLiteral("name=\"refresh_token\" value=\"") + refresh));
        QVERIFY(html.contains(QStringLiteral("action=\"api_test.php\"")));

        const Reply agencyReply = get(QString(), access);
        QCOMPARE(agencyReply.status, 200);
        QCOMPARE(agencyReply.message().value(QLatin1String("agency")).toObject()
                     .value(QLatin1String("id")).toString(), agency);
        QCOMPARE(get(QStringLiteral("locations"), access).status, 403); // scope not chosen
        const QString exchanged = accessFor(refresh);
        QCOMPARE(get(QStringLiteral("alerts"), exchanged).status, 200);

        const Reply apiTest = send("POST", console("api_test.php"),
                                   form({{QStringLiteral("access_token"), access},
                                         {QStringLiteral("refresh_token"), refresh}}));
        QCOMPARE(apiTest.status, 200);
        QVERIFY(apiTest.body.contains("Web API test"));

        r = send("GET", console("logout.php"));
        QCOMPARE(r.status, 200);
        QVERIFY(send("GET", page).body.contains("name=\"password\""));
    }

    // The acceptance walk of issue #2: only what the pages offer is submitted (their
    // forms' actions, hidden fields, checkboxes, radios and buttons), up to the page
    // that shows both tokens; the shown refresh token works at api_access.php and the
    // shown access token at the API, with the scopes ticked on the way.
    void consoleFlowByForms()
    {
        const QUrl start = console("oauth_gen.php");
        Reply r = send("GET", start);
        QCOMPARE(r.status, 200);
        // The sign-in page shows the demo credentials.
        QVERIFY(r.body.contains(m_server->demoEmail().toHtmlEscaped().toUtf8()));
        QVERIFY(r.body.contains(m_server->demoPassword().toHtmlEscaped().toUtf8()));
        QUrl pageUrl = start;
        auto post = [&](const HtmlForm &submitted, const QString &button = {}) {
            const std::optional<QByteArray> body = submitted.submit(button);
            if (!body)
                return Reply{};
            pageUrl = submitted.action;
            return submitted.method == QLatin1String("post")
                ? send("POST", submitted.action, *body)
                : send("GET", QUrl(submitted.action.toString() + QLatin1Char('?')
                                   + QString::fromLatin1(*body)));
        };

        // 1. Sign in.
        HtmlForm page = HtmlForm::parse(r.body, pageUrl);
        QCOMPARE(page.method, QStringLiteral("post"));
        QCOMPARE(page.action, start);
        QVERIFY(page.has(QStringLiteral("password"), QStringLiteral("password")));
        QVERIFY(page.fill(QStringLiteral("email"), m_server->demoEmail()));
        QVERIFY(page.fill(QStringLiteral("password"), m_server->demoPassword()));
        r = post(page);
        QCOMPARE(r.status, 200);

        // 2. Scopes: six checkboxes, three ticked.
        page = HtmlForm::parse(r.body, pageUrl);
        QCOMPARE(page.count(QStringLiteral("checkbox")), 6);
        const QStringList chosen{QStringLiteral("read_agency"), QStringLiteral("read_alert"),
                                 QStringLiteral("read_device")};
        QVERIFY(page.tick(QStringLiteral("scope[]"), chosen));
        r = post(page);
        QCOMPARE(r.status, 200);

        // 3. Agency: the second one.
        const QString agency = m_server->agencies().at(1).id;
        page = HtmlForm::parse(r.body, pageUrl);
        QVERIFY(page.count(QStringLiteral("radio")) >= 2);
        QVERIFY(page.choose(QStringLiteral("agency"), agency));
        r = post(page);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains(m_server->agencies().at(1).name.toHtmlEscaped().toUtf8()));

        // 4. Yes.
        page = HtmlForm::parse(r.body, pageUrl);
        QVERIFY(page.has(QStringLiteral("submit"), QStringLiteral("confirm"), QStringLiteral("no")));
        r = post(page, QStringLiteral("yes"));
        QCOMPARE(r.status, 200);

        // 5. The page that shows both tokens.
        const QString html = QString::fromUtf8(r.body);
        QVERIFY(html.contains(QLatin1String("Access Token")));
        QVERIFY(html.contains(QLatin1String("Refresh Token")));
        for (const QString &scope : chosen)
            QVERIFY2(html.contains(QLatin1String("<code>") + scope + QLatin1String("</code>")), qPrintable(scope));
        QVERIFY(!html.contains(QLatin1String("<code>read_mapdata</code>")));
        static const QRegularExpression shown(
            QStringLiteral("<td>(Access|Refresh) Token</td><td[^>]*>([^<]+)</td>"));
        QHash<QString, QString> tokens;
        for (auto it = shown.globalMatch(html); it.hasNext();) {
            const auto m = it.next();
            tokens.insert(m.captured(1), htmlUnescape(m.captured(2)));
        }
        const QString access = tokens.value(QStringLiteral("Access"));
        const QString refresh = tokens.value(QStringLiteral("Refresh"));
        QVERIFY2(kTokenChars.match(access).hasMatch() && access.size() == 40, qPrintable(html));
        QVERIFY2(kTokenChars.match(refresh).hasMatch() && refresh.size() == 40, qPrintable(html));
        QVERIFY(access != refresh);

        // "Use this in the api" carries exactly the shown tokens.
        page = HtmlForm::parse(r.body, pageUrl);
        QVERIFY(page.has(QStringLiteral("hidden"), QStringLiteral("access_token"), access));
        QVERIFY(page.has(QStringLiteral("hidden"), QStringLiteral("refresh_token"), refresh));
        const Reply apiTest = post(page, QStringLiteral("Use this in the api"));
        QCOMPARE(apiTest.status, 200);
        QVERIFY(apiTest.body.contains("40 characters was received, with its refresh token"));

        // The shown access token at the API: the chosen agency, the chosen scopes only.
        const Reply agencyReply = get(QString(), access);
        QCOMPARE(agencyReply.status, 200);
        QCOMPARE(agencyReply.message().value(QLatin1String("agency")).toObject()
                     .value(QLatin1String("id")).toString(), agency);
        QCOMPARE(get(QStringLiteral("alerts"), access).status, 200);
        QCOMPARE(get(QStringLiteral("locations"), access).status, 403);

        // The shown refresh token at api_access.php: a new access token with the same grant.
        const Reply exchange = send("POST", console("api_access.php"),
                                    form({{QStringLiteral("refresh_token"), refresh}}));
        QCOMPARE(exchange.status, 200);
        const QString exchanged = exchange.json().value(QLatin1String("access_token")).toString();
        QVERIFY(exchange.json().value(QLatin1String("expiration")).isDouble());
        QCOMPARE(exchanged.size(), 40);
        QVERIFY(exchanged != access);
        const Reply again = get(QString(), exchanged);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.message().value(QLatin1String("agency")).toObject()
                     .value(QLatin1String("id")).toString(), agency);
        const QString device = again.message().value(QLatin1String("agency")).toObject()
                                   .value(QLatin1String("devices")).toArray().at(0).toObject()
                                   .value(QLatin1String("id")).toString();
        QCOMPARE(get(QStringLiteral("devices/") + device, exchanged).status, 200);
        QCOMPARE(get(QStringLiteral("locations"), exchanged).status, 403);
    }

    // HEAD is GET without the body: same status and headers, Content-Length of the body
    // that GET would send, not one byte of it.
    void headRequests_data()
    {
        QTest::addColumn<QString>("target"); // origin-relative; TOKEN = a valid bearer
        QTest::addColumn<int>("status");
        QTest::newRow("api agency") << QStringLiteral("/interface/open_api/api/ TOKEN") << 200;
        QTest::newRow("api alerts") << QStringLiteral("/interface/open_api/api/alerts?alert_days=30 TOKEN") << 200;
        QTest::newRow("api no token") << QStringLiteral("/interface/open_api/api/alerts") << 401;
        QTest::newRow("api bad parameter") << QStringLiteral("/interface/open_api/api/alerts?alert_days=0 TOKEN") << 400;
        QTest::newRow("console page") << QStringLiteral("/interface/dev/oauth_gen.php") << 200;
        QTest::newRow("index") << QStringLiteral("/") << 200;
        QTest::newRow("unknown page") << QStringLiteral("/nope") << 404;
        QTest::newRow("post-only page") << QStringLiteral("/interface/dev/api_access.php") << 405;
        QTest::newRow("fault control") << QStringLiteral("/__replica/faults") << 200;
    }
    void headRequests()
    {
        QFETCH(QString, target);
        QFETCH(int, status);
        QString token;
        if (target.endsWith(QLatin1String(" TOKEN"))) {
            token = fullAccess();
            target.chop(6);
        }
        const QUrl url = m_server->origin().resolved(QUrl(target));
        const Reply get = send("GET", url, {}, token);
        const Reply head = send("HEAD", url, {}, token);
        QVERIFY(head.finished);
        QCOMPARE(get.status, status);
        QCOMPARE(head.status, status);
        QVERIFY(!get.body.isEmpty());
        QVERIFY2(head.body.isEmpty(), head.body.left(100).constData());
        QCOMPARE(head.header("content-length").toLongLong(), get.body.size());
        QCOMPARE(head.header("content-type"), get.header("content-type"));
        QCOMPARE(head.header("allow"), get.header("allow"));
        QCOMPARE(head.header("www-authenticate"), get.header("www-authenticate"));
    }

    void headSendsNoBodyOnTheWire()
    {
        const QString token = fullAccess();
        QTcpSocket socket;
        QByteArray received;
        connect(&socket, &QIODevice::readyRead, this, [&] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray request = " /interface/open_api/api/alerts?alert_days=30 HTTP/1.1\r\n"
                                   "Host: 127.0.0.1\r\nAuthorization: Bearer "
            + token.toLatin1() + "\r\n\r\n";
        socket.write("HEAD" + request);
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("\r\n\r\n"), 10000);
        const qsizetype headEnd = received.indexOf("\r\n\r\n") + 4;
        QVERIFY(received.startsWith("HTTP/1.1 200 "));
        const QRegularExpression lengthRe(QStringLiteral("(?im)^content-length: (\\d+)\r$"));
        const qint64 length =
            lengthRe.match(QString::fromLatin1(received.left(headEnd))).captured(1).toLongLong();
        QVERIFY(length > 100);
        // The next request on the same connection: its answer must follow the HEAD
        // answer directly. Any body bytes of the HEAD answer would sit in between.
        socket.write("GET" + request);
        auto getBody = [&] {
            const qsizetype end = received.indexOf("\r\n\r\n", headEnd);
            return end < 0 ? received.size() + 1 : end + 4;
        };
        QTRY_VERIFY_WITH_TIMEOUT(received.size() - getBody() >= length, 10000);
        QVERIFY2(received.mid(headEnd).startsWith("HTTP/1.1 200 "),
                 received.mid(headEnd, 80).constData());
        QCOMPARE(received.size() - getBody(), length);
        QCOMPARE(QJsonDocument::fromJson(received.mid(getBody())).object()
                     .value(QLatin1String("result")).toString(), QStringLiteral("success"));

        // The truncate fault on a HEAD: the head, then the connection ends; no half body.
        QVERIFY(m_server->setFault(QStringLiteral("api/alerts=truncate")));
        QTcpSocket second;
        QByteArray secondReceived;
        connect(&second, &QIODevice::readyRead, this, [&] { secondReceived += second.readAll(); });
        second.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(second.waitForConnected(5000));
        second.write("HEAD" + request);
        QTRY_VERIFY_WITH_TIMEOUT(second.state() == QAbstractSocket::UnconnectedState, 10000);
        secondReceived += second.readAll();
        QVERIFY(secondReceived.startsWith("HTTP/1.1 200 "));
        QVERIFY2(secondReceived.endsWith("\r\n\r\n"), secondReceived.right(80).constData());
    }

    void consoleFlowCancelled()
    {
        const QUrl page = console("oauth_gen.php");
        send("POST", page, form({{QStringLiteral("action"), QStringLiteral("login")},
                                 {QStringLiteral("email"), m_server->demoEmail()},
                                 {QStringLiteral("password"), m_server->demoPassword()}}));
        send("POST", page, form({{QStringLiteral("action"), QStringLiteral("scopes")},
                                 {QStringLiteral("scope[]"), QStringLiteral("read_agency")}}));
        send("POST", page, form({{QStringLiteral("action"), QStringLiteral("agency")},
                                 {QStringLiteral("agency"), m_server->agencies().at(0).id}}));
        const Reply r = send("POST", page, form({{QStringLiteral("action"), QStringLiteral("confirm")},
                                                 {QStringLiteral("confirm"), QStringLiteral("no")}}));
        QVERIFY(r.body.contains("Request cancelled"));
        QVERIFY(!r.body.contains("Refresh Token"));
        // Skipping steps does not produce tokens either.
        const Reply skipped = send("POST", page, form({{QStringLiteral("action"), QStringLiteral("confirm")},
                                                       {QStringLiteral("confirm"), QStringLiteral("yes")}}));
        QVERIFY(!skipped.body.contains("Refresh Token"));
        // Without the cookie there is no signed-in session.
        freshCookies();
        QVERIFY(send("POST", page, form({{QStringLiteral("action"), QStringLiteral("scopes")},
                                         {QStringLiteral("scope[]"), QStringLiteral("read_agency")}}))
                    .body.contains("name=\"password\""));
    }

    void htmlEscaping()
    {
        const Reply r = send("POST", console("api_test.php"),
                             form({{QStringLiteral("access_token"), QStringLiteral("<script>x</script>")}}));
        QVERIFY(!r.body.contains("<script>"));
    }

    void registeredApp_data()
    {
        QTest::addColumn<QString>("redirectKey");
        QTest::addColumn<QString>("redirect");
        QTest::newRow("redirect_uri") << QStringLiteral("redirect_uri") << QStringLiteral("http://localhost:8765/callback");
        QTest::newRow("redirection_uri") << QStringLiteral("redirection_uri") << QStringLiteral("http://127.0.0.1/cb?keep=1");
        QTest::newRow("https") << QStringLiteral("redirect_uri") << QStringLiteral("https://app.example.org/oauth");
    }
    void registeredApp()
    {
        QFETCH(QString, redirectKey);
        QFETCH(QString, redirect);
        QUrl url = oauth("authorize_agency.php");
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("client_id"), m_server->demoClientId());
        q.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
        q.addQueryItem(redirectKey, QString::fromLatin1(QUrl::toPercentEncoding(redirect)));
        q.addQueryItem(QStringLiteral("scope"), QStringLiteral("read_agency%20read_alert"));
        q.addQueryItem(QStringLiteral("state"), QStringLiteral("xyz%26123"));
        url.setQuery(q);
        Reply r = send("GET", url);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("name=\"password\""));
        r = send("POST", oauth("authorize_agency.php"),
                 form({{QStringLiteral("action"), QStringLiteral("login")},
                       {QStringLiteral("email"), m_server->demoEmail()},
                       {QStringLiteral("password"), m_server->demoPassword()}}));
        QVERIFY(r.body.contains("value=\"yes\""));
        QVERIFY(r.body.contains("read_alert"));
        r = send("POST", oauth("authorize_agency.php"),
                 form({{QStringLiteral("action"), QStringLiteral("confirm")},
                       {QStringLiteral("agency"), m_server->agencies().at(0).id},
                       {QStringLiteral("confirm"), QStringLiteral("yes")}}));
        QCOMPARE(r.status, 302);
        const QUrl location(QString::fromLatin1(r.header("location")));
        QVERIFY2(location.toString().startsWith(redirect.section(QLatin1Char('?'), 0, 0)), r.header("location").constData());
        const QUrlQuery back(location);
        QCOMPARE(back.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), QStringLiteral("xyz&123"));
        if (redirect.contains(QLatin1String("keep=1")))
            QCOMPARE(back.queryItemValue(QStringLiteral("keep")), QStringLiteral("1"));
        const QString code = back.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
        QVERIFY(!code.isEmpty());

        const QList<QPair<QString, QString>> exchange{
            {QStringLiteral("client_id"), m_server->demoClientId()},
            {QStringLiteral("client_secret"), m_server->demoClientSecret()},
            {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
            {QStringLiteral("scope"), QStringLiteral("read_agency read_alert")},
            {QStringLiteral("code"), code}};
        r = send("POST", oauth("token.php"), form(exchange));
        QCOMPARE(r.status, 200);
        const QJsonObject t = r.json();
        QCOMPARE(t.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(t.value(QLatin1String("expires_in")), QJsonValue(QStringLiteral("86400")));
        QCOMPARE(t.value(QLatin1String("scope")).toString(), QStringLiteral("read_agency read_alert"));
        const QString refresh = t.value(QLatin1String("refresh_token")).toString();
        QCOMPARE(refresh.size(), 40);
        QCOMPARE(get(QStringLiteral("alerts"), t.value(QLatin1String("access_token")).toString()).status, 200);

        // The code is single-use.
        r = send("POST", oauth("token.php"), form(exchange));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QLatin1String("error")).toString(), QStringLiteral("invalid_grant"));

        // Refresh grant: new access token, same refresh token.
        r = send("POST", oauth("token.php"),
                 form({{QStringLiteral("client_id"), m_server->demoClientId()},
                       {QStringLiteral("client_secret"), m_server->demoClientSecret()},
                       {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                       {QStringLiteral("refresh_token"), refresh}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QLatin1String("refresh_token")).toString(), refresh);
        QCOMPARE(get(QString(), r.json().value(QLatin1String("access_token")).toString()).status, 200);
    }

    void registeredAppDenied()
    {
        send("POST", console("oauth_gen.php"),
             form({{QStringLiteral("action"), QStringLiteral("login")},
                   {QStringLiteral("email"), m_server->demoEmail()},
                   {QStringLiteral("password"), m_server->demoPassword()}}));
        QUrl url = oauth("authorize_agency.php");
        url.setQuery(QStringLiteral("client_id=%1&response_type=code&redirect_uri=http%3A%2F%2Flocalhost&scope=read_agency&state=s1")
                         .arg(m_server->demoClientId()));
        Reply r = send("GET", url);
        QVERIFY(r.body.contains("value=\"no\"")); // already signed in: straight to the question
        r = send("POST", oauth("authorize_agency.php"),
                 form({{QStringLiteral("action"), QStringLiteral("confirm")},
                       {QStringLiteral("confirm"), QStringLiteral("no")}}));
        QCOMPARE(r.status, 302);
        QCOMPARE(r.header("location"), QByteArray("http://localhost/?error=access_denied&state=s1"));
    }

    void authorizeErrors_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("unknown client") << QStringLiteral("client_id=nope&response_type=code&scope=read_agency") << 400 << QByteArray("not registered");
        QTest::newRow("bad redirect") << QStringLiteral("client_id=CLIENT&response_type=code&scope=read_agency&redirect_uri=ftp%3A%2F%2Fx") << 400 << QByteArray("redirect URI");
        QTest::newRow("bad response type") << QStringLiteral("client_id=CLIENT&response_type=token&scope=read_agency&state=a") << 302 << QByteArray("error=unsupported_response_type&state=a");
        QTest::newRow("bad scope") << QStringLiteral("client_id=CLIENT&response_type=code&scope=read_everything") << 302 << QByteArray("error=invalid_scope");
    }
    void authorizeErrors()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        QFETCH(QByteArray, expected);
        QUrl url = oauth("authorize_agency.php");
        url.setQuery(query.replace(QLatin1String("CLIENT"), m_server->demoClientId()));
        const Reply r = send("GET", url);
        QCOMPARE(r.status, status);
        QVERIFY2((status == 302 ? r.header("location") : r.body).contains(expected), r.body.constData());
    }

    void tokenEndpointErrors_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("grant");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("bad secret") << QStringLiteral("wrong") << QStringLiteral("authorization_code") << QStringLiteral("x") << 401 << QStringLiteral("invalid_client");
        QTest::newRow("unknown code") << QString() << QStringLiteral("authorization_code") << QStringLiteral("nope") << 400 << QStringLiteral("invalid_grant");
        QTest::newRow("no code") << QString() << QStringLiteral("authorization_code") << QString() << 400 << QStringLiteral("invalid_request");
        QTest::newRow("bad grant") << QString() << QStringLiteral("password") << QString() << 400 << QStringLiteral("unsupported_grant_type");
        QTest::newRow("personal refresh") << QString() << QStringLiteral("refresh_token") << QString() << 400 << QStringLiteral("invalid_grant");
    }
    void tokenEndpointErrors()
    {
        QFETCH(QString, secret);
        QFETCH(QString, grant);
        QFETCH(QString, code);
        QFETCH(int, status);
        QFETCH(QString, error);
        const Reply r = send("POST", oauth("token.php"),
                             form({{QStringLiteral("client_id"), m_server->demoClientId()},
                                   {QStringLiteral("client_secret"), secret.isEmpty() ? m_server->demoClientSecret() : secret},
                                   {QStringLiteral("grant_type"), grant},
                                   {QStringLiteral("code"), code},
                                   {QStringLiteral("refresh_token"), m_server->seededRefreshToken(m_server->agencies().at(0).id)}}));
        QCOMPARE(r.status, status);
        QCOMPARE(r.json().value(QLatin1String("error")).toString(), error);
        QVERIFY(!r.json().value(QLatin1String("error_description")).toString().isEmpty());
    }

    void faults_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::newRow("reset") << QStringLiteral("api/alerts=reset");
        QTest::newRow("truncate") << QStringLiteral("api/alerts=truncate");
        QTest::newRow("malformed") << QStringLiteral("api/alerts=malformed");
        QTest::newRow("html") << QStringLiteral("api/alerts=html");
        QTest::newRow("500") << QStringLiteral("api/alerts=500");
        QTest::newRow("status") << QStringLiteral("api/alerts=status:503");
        QTest::newRow("latency") << QStringLiteral("api/alerts=latency:400");
        QTest::newRow("huge") << QStringLiteral("api/alerts=huge:5");
        QTest::newRow("huge other") << QStringLiteral("api/=huge:2");
        QTest::newRow("refresh 500") << QStringLiteral("api_access.php=500");
    }
    void faults()
    {
        QFETCH(QString, spec);
        const QString token = fullAccess();
        QVERIFY(m_server->setFault(spec));
        const QString path = spec.startsWith(QLatin1String("api/=")) ? QString() : QStringLiteral("alerts");
        QElapsedTimer timer;
        timer.start();
        if (spec.startsWith(QLatin1String("api_access"))) {
            const Reply r = send("POST", console("api_access.php"),
                                 form({{QStringLiteral("refresh_token"), m_server->seededRefreshToken(m_server->agencies().at(0).id)}}));
            QCOMPARE(r.status, 500);
            QCOMPARE(get(path, token).status, 200); // other paths unaffected
            return;
        }
        const Reply r = send("GET", m_server->apiUrl().resolved(QUrl(path)), {}, token, {}, 30000);
        const qint64 elapsed = timer.elapsed();
        QVERIFY(r.finished);
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &parseError);
        const QString kind = spec.section(QLatin1Char('='), 1).section(QLatin1Char(':'), 0, 0);
        if (kind == QLatin1String("reset")) {
            QVERIFY(r.error == QNetworkReply::RemoteHostClosedError
                    || r.error == QNetworkReply::UnknownNetworkError);
            QVERIFY(r.body.isEmpty());
        } else if (kind == QLatin1String("truncate")) {
            QVERIFY(r.error != QNetworkReply::NoError || parseError.error != QJsonParseError::NoError);
        } else if (kind == QLatin1String("malformed")) {
            QCOMPARE(r.status, 200);
            QVERIFY(parseError.error != QJsonParseError::NoError);
        } else if (kind == QLatin1String("html")) {
            QCOMPARE(r.status, 200);
            QVERIFY(r.body.contains("<html"));
            QVERIFY(doc.isNull());
        } else if (kind == QLatin1String("500")) {
            QCOMPARE(r.status, 500);
        } else if (kind == QLatin1String("status")) {
            QCOMPARE(r.status, 503);
        } else if (kind == QLatin1String("latency")) {
            QCOMPARE(r.status, 200);
            QVERIFY2(elapsed >= 400, qPrintable(QString::number(elapsed)));
        } else if (kind == QLatin1String("huge")) {
            const int mb = spec.section(QLatin1Char(':'), 1).toInt();
            QCOMPARE(r.status, 200);
            QCOMPARE(parseError.error, QJsonParseError::NoError);
            QVERIFY(r.body.size() >= qint64(mb) * 1024 * 1024);
            if (path == QLatin1String("alerts")) {
                const QJsonArray alerts = doc.object().value(QLatin1String("message")).toObject()
                                              .value(QLatin1String("alerts")).toArray();
                QVERIFY(alerts.size() > 1000);
                QVERIFY(alerts.at(0).toObject().contains(QLatin1String("cad_code")));
            } else {
                QVERIFY(doc.object().value(QLatin1String("message")).toObject().contains(QLatin1String("agency")));
            }
        }
        m_server->clearFaults();
        QCOMPARE(get(path, token).status, 200);
    }

    void hugeIsFast()
    {
        const QString token = fullAccess();
        QVERIFY(m_server->setFault(QStringLiteral("api/alerts=huge:50")));
        QElapsedTimer timer;
        timer.start();
        const Reply r = send("GET", m_server->apiUrl().resolved(QUrl(QStringLiteral("alerts"))), {}, token, {}, 60000);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.size() >= 50 * 1024 * 1024);
        QVERIFY2(r.body.endsWith("]}}"), r.body.right(20).constData());
        qInfo() << "50 MB served in" << timer.elapsed() << "ms";
    }

    void faultCountAndControl()
    {
        const QString token = fullAccess();
        QVERIFY(m_server->setFault(QStringLiteral("api/alerts=500@2")));
        QCOMPARE(get(QStringLiteral("alerts"), token).status, 500);
        QCOMPARE(get(QStringLiteral("alerts"), token).status, 500);
        QCOMPARE(get(QStringLiteral("alerts"), token).status, 200);
        QVERIFY(m_server->setFault(QStringLiteral("api/alerts=status:429:once")));
        QCOMPARE(get(QStringLiteral("alerts"), token).status, 429);
        QCOMPARE(get(QStringLiteral("alerts"), token).status, 200);

        const QUrl control = m_server->origin().resolved(QUrl(QStringLiteral("/__replica/faults")));
        QCOMPARE(send("POST", control, "api/alerts=500\nlatency:1", {}, "text/plain").status, 200);
        QCOMPARE(get(QStringLiteral("alerts"), token).status, 500);
        QCOMPARE(get(QString(), token).status, 200);
        QCOMPARE(send("POST", control, "bogus:kind", {}, "text/plain").status, 400);
        QCOMPARE(get(QStringLiteral("alerts"), token).status, 500); // unchanged by a bad update
        QCOMPARE(send("POST", control, {}, {}, "text/plain").status, 200);
        QCOMPARE(get(QStringLiteral("alerts"), token).status, 200);
        QVERIFY(m_server->requestCount(QStringLiteral("api/alerts")) >= 8);
    }

    void faultSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("500") << true;
        QTest::newRow("latency") << QStringLiteral("token.php=latency:2000") << true;
        QTest::newRow("count") << QStringLiteral("reset@3") << true;
        QTest::newRow("latency no arg") << QStringLiteral("latency") << false;
        QTest::newRow("status range") << QStringLiteral("status:99") << false;
        QTest::newRow("unknown") << QStringLiteral("explode") << false;
        QTest::newRow("bad count") << QStringLiteral("500@0") << false;
        QTest::newRow("arg on reset") << QStringLiteral("reset:5") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void faultSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(bool, valid);
        QString error;
        QCOMPARE(m_server->setFault(spec, &error), valid);
        QCOMPARE(error.isEmpty(), valid);
    }

    void badRequests()
    {
        const QString token = fullAccess();
        Reply r = send("GET", m_server->origin().resolved(QUrl(QStringLiteral("/nope"))));
        QCOMPARE(r.status, 404);
        QVERIFY(r.body.contains("<html"));
        r = get(QStringLiteral("nope/1/2/3"), token);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value(QLatin1String("result")).toString(), QStringLiteral("error"));

        r = send("DELETE", m_server->apiUrl().resolved(QUrl(QStringLiteral("alerts"))), {}, token);
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("allow"), QByteArray("GET"));
        r = send("PUT", m_server->apiUrl().resolved(QUrl(QStringLiteral("locations"))), "x", token);
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("allow"), QByteArray("GET, POST"));
        r = send("GET", console("api_access.php"));
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("allow"), QByteArray("POST"));
        r = send("GET", oauth("token.php"));
        QCOMPARE(r.status, 405);

        const QByteArray big(1024 * 1024 + 10, 'a');
        r = send("POST", console("api_access.php"), "refresh_token=" + big);
        QCOMPARE(r.status, 413);
        r = send("POST", oauth("token.php"), big);
        QCOMPARE(r.status, 413);
        r = send("POST", m_server->apiUrl().resolved(QUrl(QStringLiteral("locations"))), big, token);
        QCOMPARE(r.status, 413);

        r = send("POST", oauth("token.php"), QByteArray("\x00\x01%%%=&&&==client_id=%G1", 22));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value(QLatin1String("error")).toString(), QStringLiteral("invalid_client"));
        r = send("POST", console("oauth_gen.php"), QByteArray("action=%FF%FE&scope[]=\xff"));
        QCOMPARE(r.status, 200);

        // Still serving after all that.
        QCOMPARE(get(QString(), token).status, 200);
    }

    void logsNoSecrets()
    {
        static QStringList captured;
        captured.clear();
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &message) { captured.append(message); });
        {
            ReplicaOptions opts;
            opts.tokenPrefix = QStringLiteral("CANARYLOG");
            ReplicaServer server(opts);
            QVERIFY(server.start());
            const QString refresh = server.seededRefreshToken(server.agencies().at(0).id);
            const Reply r = send("POST", server.consoleUrl().resolved(QUrl(QStringLiteral("api_access.php"))),
                                 form({{QStringLiteral("refresh_token"), refresh}}));
            const QString access = r.json().value(QLatin1String("access_token")).toString();
            QVERIFY(access.startsWith(QLatin1String("CANARYLOG")));
            send("POST", server.origin().resolved(QUrl(QStringLiteral("/__replica/revoke"))),
                 form({{QStringLiteral("refresh_token"), refresh}}));
            send("GET", server.apiUrl(), {}, access);
        }
        qInstallMessageHandler(previous);
        QVERIFY(!captured.isEmpty());
        for (const QString &line : std::as_const(captured))
            QVERIFY2(!line.contains(QLatin1String("CANARYLOG")), qPrintable(line));
    }

    void commandRejectsBadOptions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("port") << QStringList{QStringLiteral("--port"), QStringLiteral("x")};
        QTest::newRow("ttl") << QStringList{QStringLiteral("--access-ttl"), QStringLiteral("0")};
        QTest::newRow("fault") << QStringList{QStringLiteral("--fault"), QStringLiteral("explode")};
        QTest::newRow("unknown") << QStringList{QStringLiteral("--bogus")};
        QTest::newRow("positional") << QStringList{QStringLiteral("extra")};
    }
    void commandRejectsBadOptions()
    {
        QFETCH(QStringList, arguments);
        QCOMPARE(runReplicaCommand(arguments), 2);
    }

    void rawGarbage()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("NOT HTTP AT ALL\r\n\r\n\x01\x02");
        QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState
                                     || socket.bytesAvailable() > 0,
                                 5000);
        QCOMPARE(get(QString(), fullAccess()).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestReplica)
#include "tst_replica.moc"
