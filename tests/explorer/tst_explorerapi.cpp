// The explorer's core against the in-process replica: every catalog endpoint sent
// through ApiClient and read, each fault switch and the message it gets, 401 →
// refresh → retry, scopes, uri navigation, referenced-object tables, history.
#include "apiclient.h"
#include "corecontext.h"
#include "csvexport.h"
#include "endpointcatalog.h"
#include "jsonparseworker.h"
#include "jsontreemodel.h"
#include "referencetablemodel.h"
#include "replicaserver.h"
#include "requesthistory.h"
#include "requestnavigation.h"
#include "responsereport.h"
#include "testenv.h"
#include "vaultfixture.h"
#include "tokenvault.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace a911;
using a911::replica::ReplicaOptions;
using a911::replica::ReplicaServer;

namespace {

const QString kCanary = QStringLiteral("CANARYzq81");

struct Shown
{
    ApiResponse response;
    ResponseReport report;
    ParsedBody parsed;
};

} // namespace

class TestExplorerApi final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void everyCatalogEndpointIsSentAndShown();
    void faults_data();
    void faults();
    void deadServer();
    void errorEnvelopeWithHttp200();
    void refreshOn401ThenRetry();
    void rejectedRefreshToken();
    void missingScope();
    void uriNavigation();
    void referenceTable();
    void referenceTableCancel();
    void historyHoldsNoToken();

private:
    QString addProfile(const QString &label, const QString &refreshToken,
                       const QStringList &scopes);
    ApiResponse send(ApiClient *api, const QString &profile, const ApiRequest &request);
    Shown show(ApiClient *api, const QString &profile, const ApiRequest &request, qint64 cap = 0);

    std::unique_ptr<ReplicaServer> m_replica;
    std::unique_ptr<a911::test::TempSettings> m_settings;
    std::unique_ptr<CoreContext> m_ctx;
    QString m_profile;
    QString m_agency;
};

void TestExplorerApi::initTestCase()
{
    A911_REQUIRE_THROWAWAY_ENV();
    ReplicaOptions o;
    o.tokenPrefix = kCanary;
    m_replica = std::make_unique<ReplicaServer>(o);
    QString error;
    QVERIFY2(m_replica->start(&error), qPrintable(error));
    m_agency = m_replica->agencies().first().id;
    m_settings = std::make_unique<a911::test::TempSettings>();
    CoreOptions co;
    co.sessionOnly = true;
    co.settingsFile = m_settings->path();
    co.urls = ServiceUrls::forOrigin(m_replica->origin());
    m_ctx = std::make_unique<CoreContext>(co);
    m_profile =
        addProfile(QStringLiteral("Main"), m_replica->seededRefreshToken(m_agency), allScopes());
    QVERIFY(!m_profile.isEmpty());
}

void TestExplorerApi::cleanupTestCase()
{
    m_ctx.reset();
    m_replica.reset();
}

void TestExplorerApi::init()
{
    m_replica->clearFaults();
    m_ctx->api()->setTimeoutMs(30000);
}

QString TestExplorerApi::addProfile(const QString &label, const QString &refreshToken,
                                    const QStringList &scopes)
{
    Profile p;
    p.label = label;
    p.agencyId = m_agency;
    p.scopes = scopes;
    p.refreshIssued = QDateTime::currentDateTimeUtc();
    ProfileSecrets s;
    s.refreshToken = refreshToken;
    return a911::test::addProfileAndWait(m_ctx->vault(), p, s);
}

ApiResponse TestExplorerApi::send(ApiClient *api, const QString &profile, const ApiRequest &request)
{
    ApiReply *reply = api->send(profile, request);
    QSignalSpy spy(reply, &ApiReply::finished);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 60000); }();
    const ApiResponse r = reply->response();
    reply->deleteLater();
    return r;
}

Shown TestExplorerApi::show(ApiClient *api, const QString &profile, const ApiRequest &request,
                            qint64 cap)
{
    Shown s;
    s.response = send(api, profile, request);
    s.report = ResponseReport::transport(s.response, cap);
    if (s.report.kind != ResponseReport::Kind::NeedsParsing)
        return s;
    JsonParseWorker worker;
    QSignalSpy parsed(&worker, &JsonParseWorker::parsed);
    worker.parse(s.response.body, 64 * 1024);
    [&] { QTRY_COMPARE_WITH_TIMEOUT(parsed.size(), 1, 60000); }();
    s.parsed = parsed.first().at(1).value<ParsedBody>();
    s.report = ResponseReport::content(s.response, s.parsed);
    return s;
}

void TestExplorerApi::everyCatalogEndpointIsSentAndShown()
{
    // Ids come from the replica itself, the way a user would find them.
    ApiClient *api = m_ctx->api();
    const QJsonObject agency = QJsonDocument::fromJson(send(api, m_profile, {}).body)
                                   .object()[u"message"]
                                   .toObject()[u"agency"]
                                   .toObject();
    const QString deviceId = agency[u"devices"].toArray().first().toObject()[u"id"].toString();
    ApiRequest alertsReq;
    alertsReq.path = QStringLiteral("/alerts");
    alertsReq.query = {{QStringLiteral("alert_days"), QStringLiteral("30")}};
    const QString alertId = QJsonDocument::fromJson(send(api, m_profile, alertsReq).body)
                                .object()[u"message"]
                                .toObject()[u"alerts"]
                                .toArray()
                                .first()
                                .toObject()[u"id"]
                                .toString();
    ApiRequest locReq;
    locReq.path = QStringLiteral("/locations");
    const QJsonArray locs = QJsonDocument::fromJson(send(api, m_profile, locReq).body)
                                .object()[u"message"]
                                .toObject()[u"locations"]
                                .toArray();
    QString locationId, resourceId;
    for (const QJsonValue &l : locs) {
        ApiRequest one;
        one.path = QStringLiteral("/locations/") + l.toObject()[u"id"].toString();
        const QJsonObject msg =
            QJsonDocument::fromJson(send(api, m_profile, one).body).object()[u"message"].toObject();
        const QJsonObject loc = payloadObject(msg);
        if (!loc[u"resources"].toArray().isEmpty()) {
            locationId = loc[u"id"].toString();
            resourceId = loc[u"resources"].toArray().first().toObject()[u"id"].toString();
            break;
        }
    }
    QVERIFY(!deviceId.isEmpty() && !alertId.isEmpty() && !locationId.isEmpty() &&
            !resourceId.isEmpty());
    const QHash<QString, QString> ids = {{QStringLiteral("device"), deviceId},
                                         {QStringLiteral("device-alerts"), deviceId},
                                         {QStringLiteral("alert"), alertId},
                                         {QStringLiteral("location"), locationId},
                                         {QStringLiteral("resource"), resourceId}};

    int sent = 0;
    for (const Endpoint &e : EndpointCatalog::builtin().endpoints()) {
        QHash<QString, QString> path;
        if (!e.pathParams.isEmpty())
            path.insert(QStringLiteral("id"), ids.value(e.id));
        QueryItems query;
        for (const EndpointParam &p : e.query)
            query << qMakePair(p.name, p.defaultValue);
        ApiRequest req;
        const auto issues =
            EndpointCatalog::build(e, path, query, QJsonDocument(e.bodyTemplate).toJson(), &req);
        QVERIFY2(issues.isEmpty(), qPrintable(e.id));
        QVERIFY(EndpointCatalog::builtin().check(req, m_ctx->urls().api).isEmpty());
        const Shown s = show(api, m_profile, req);
        QVERIFY2(s.report.kind == ResponseReport::Kind::Ok,
                 qPrintable(e.id + QStringLiteral(": ") + s.report.headline + QLatin1Char(' ') +
                            s.report.detail));
        QVERIFY2(s.parsed.hasEnvelope && !s.parsed.isError, qPrintable(e.id));
        // A single location may come under "location" or "locations".
        if (e.payload == QLatin1String("location"))
            QVERIFY2(s.parsed.payloadKey.startsWith(QLatin1String("location")),
                     qPrintable(s.parsed.payloadKey));
        else
            QCOMPARE(s.parsed.payloadKey, e.payload);
        JsonTreeModel model;
        model.setDocument(s.parsed.document);
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex message = model.index(0, 0);
        QCOMPARE(model.path(message), QStringLiteral("message"));
        QVERIFY(model.rowCount(message) >= 1);
        QCOMPARE(model.path(model.index(0, 0, message)),
                 QStringLiteral("message.") + s.parsed.payloadKey);
        ++sent;
    }
    QCOMPARE(sent, EndpointCatalog::builtin().endpoints().size());
}

void TestExplorerApi::faults_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<QString>("headlineWord");
    QTest::newRow("500") << "api/alerts=500" << int(ResponseReport::Kind::Html) << qint64(0)
                         << "HTML";
    QTest::newRow("status 503") << "api/alerts=status:503" << int(ResponseReport::Kind::Html)
                                << qint64(0) << "503";
    QTest::newRow("reset") << "api/alerts=reset" << int(ResponseReport::Kind::Network) << qint64(0)
                           << "reached";
    QTest::newRow("truncate") << "api/alerts=truncate" << int(ResponseReport::Kind::Truncated)
                              << qint64(0) << "broke off";
    QTest::newRow("malformed") << "api/alerts=malformed" << int(ResponseReport::Kind::Malformed)
                               << qint64(0) << "not valid JSON";
    QTest::newRow("html") << "api/alerts=html" << int(ResponseReport::Kind::Html) << qint64(0)
                          << "HTML";
    QTest::newRow("huge 20 under cap") << "api/alerts=huge:20" << int(ResponseReport::Kind::Ok)
                                       << qint64(32) * 1024 * 1024 << "Success";
    QTest::newRow("huge 50 over cap")
        << "api/alerts=huge:50" << int(ResponseReport::Kind::OverDisplayCap)
        << qint64(32) * 1024 * 1024 << "display limit";
}

void TestExplorerApi::faults()
{
    QFETCH(QString, fault);
    QFETCH(int, kind);
    QFETCH(qint64, cap);
    QFETCH(QString, headlineWord);
    QString error;
    QVERIFY2(m_replica->setFault(fault, &error), qPrintable(error));
    ApiRequest req;
    req.path = QStringLiteral("/alerts");
    const Shown s = show(m_ctx->api(), m_profile, req, cap);
    QCOMPARE(int(s.report.kind), kind);
    QVERIFY2(s.report.headline.contains(headlineWord), qPrintable(s.report.headline));
    QCOMPARE(s.report.isError, kind != int(ResponseReport::Kind::Ok));
    if (kind == int(ResponseReport::Kind::Ok)) {
        QVERIFY(s.response.body.size() >= 20 * 1024 * 1024);
        JsonTreeModel model;
        model.setDocument(s.parsed.document);
        const QModelIndex alerts = model.indexForRows({0, 0});
        QCOMPARE(model.path(alerts), QStringLiteral("message.alerts"));
        QVERIFY(model.rowCount(alerts) > 1000);
        QVERIFY(model.createdNodeCount() < 10); // lazy: nothing of the 20 MB built yet
    }
    if (kind == int(ResponseReport::Kind::OverDisplayCap))
        QVERIFY(s.response.body.size() >= 50 * 1024 * 1024); // still whole, to be saved
}

void TestExplorerApi::deadServer()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    QUrl dead = m_replica->origin();
    dead.setPort(port);
    ApiClient api(m_ctx->network(), m_ctx->keeper(), ServiceUrls::forOrigin(dead));
    ApiRequest req;
    req.path = QStringLiteral("/alerts");
    const Shown s = show(&api, m_profile, req);
    QCOMPARE(s.report.kind, ResponseReport::Kind::Network);
    QVERIFY(!s.report.detail.isEmpty());

    m_replica->setFault(QStringLiteral("api/alerts=latency:5000"));
    m_ctx->api()->setTimeoutMs(300);
    const Shown slow = show(m_ctx->api(), m_profile, req);
    QCOMPARE(slow.report.kind, ResponseReport::Kind::Timeout);
}

void TestExplorerApi::errorEnvelopeWithHttp200()
{
    ApiResponse r;
    r.httpStatus = 200;
    r.body = R"({"result":"error","message":"Invalid alert id"})";
    const ParsedBody p = parseBody(r.body, 100);
    const ResponseReport rep = ResponseReport::content(r, p);
    QCOMPARE(rep.kind, ResponseReport::Kind::ErrorEnvelope);
    QVERIFY(rep.isError);
    QVERIFY(rep.headline.contains(QStringLiteral("despite HTTP 200")));
    QCOMPARE(rep.detail, QStringLiteral("Invalid alert id"));

    // And a real one from the replica (an unknown alert).
    ApiRequest req;
    req.path = QStringLiteral("/alerts/999999999");
    const Shown s = show(m_ctx->api(), m_profile, req);
    QCOMPARE(s.report.kind, ResponseReport::Kind::ErrorEnvelope);
    QVERIFY(!s.report.detail.isEmpty());
}

void TestExplorerApi::refreshOn401ThenRetry()
{
    ApiRequest req;
    QVERIFY(!send(m_ctx->api(), m_profile, req).isTransportOrHttpError());
    const int refreshesBefore = m_replica->requestCount(QStringLiteral("api_access.php"));
    m_replica->expireAccessTokens();
    const Shown s = show(m_ctx->api(), m_profile, req);
    QVERIFY(s.response.retriedAfter401);
    QCOMPARE(s.report.kind, ResponseReport::Kind::Ok);
    QVERIFY(ResponseReport::statusLine(s.response).contains(QStringLiteral("retried after 401")));
    QCOMPARE(m_replica->requestCount(QStringLiteral("api_access.php")), refreshesBefore + 1);
}

void TestExplorerApi::rejectedRefreshToken()
{
    const QString token = m_replica->issueRefreshToken(m_agency, allScopes());
    const QString id = addProfile(QStringLiteral("Revoked"), token, allScopes());
    m_replica->revokeRefreshToken(token);
    const Shown s = show(m_ctx->api(), id, ApiRequest());
    QCOMPARE(s.report.kind, ResponseReport::Kind::TokenRejected);
    QVERIFY(s.report.headline.contains(QStringLiteral("rejected")));
    QVERIFY(!s.report.detail.contains(token));
}

void TestExplorerApi::missingScope()
{
    const Endpoint *alerts = EndpointCatalog::builtin().find(QStringLiteral("alerts"));
    QCOMPARE(EndpointCatalog::missingScope(*alerts, {QStringLiteral("read_agency")}),
             QStringLiteral("read_alert"));
    QVERIFY(EndpointCatalog::missingScope(*alerts, {}).isEmpty()); // unknown: no warning
    QVERIFY(EndpointCatalog::missingScope(*alerts, allScopes()).isEmpty());

    // What the service does when the warning is ignored: an error is shown.
    const QString token = m_replica->issueRefreshToken(m_agency, {QStringLiteral("read_agency")});
    const QString id =
        addProfile(QStringLiteral("Agency only"), token, {QStringLiteral("read_agency")});
    ApiRequest req;
    req.path = QStringLiteral("/alerts");
    const Shown s = show(m_ctx->api(), id, req);
    QVERIFY(s.report.isError);
    QVERIFY(s.response.httpStatus < 200 || s.response.httpStatus >= 300);
}

void TestExplorerApi::uriNavigation()
{
    RequestNavigation nav;
    ApiRequest root;
    nav.open(root);
    const Shown s = show(m_ctx->api(), m_profile, root);
    JsonTreeModel model;
    model.setDocument(s.parsed.document);
    const auto hits =
        JsonTreeModel::search(s.parsed.document.object(), QStringLiteral("/devices/"), 1);
    QCOMPARE(hits.size(), 1);
    const QModelIndex link = model.indexForRows(hits.first().rows);
    const QUrl uri = model.uri(link);
    QVERIFY(uri.isValid());
    QVERIFY(EndpointCatalog::isUnderBase(uri, m_ctx->urls().api));
    QCOMPARE(EndpointCatalog::relativePath(uri, m_ctx->urls().api).section(QLatin1Char('/'), 1, 1),
             QStringLiteral("devices"));

    ApiRequest follow;
    follow.path = uri.toString();
    nav.open(follow);
    const Shown device = show(m_ctx->api(), m_profile, follow);
    QCOMPARE(device.report.kind, ResponseReport::Kind::Ok);
    QCOMPARE(device.parsed.payloadKey, QStringLiteral("device"));
    QVERIFY(nav.canGoBack());
    QCOMPARE(nav.back().path, QString());
    QVERIFY(nav.canGoForward());
    QCOMPARE(nav.forward().path, uri.toString());
    QVERIFY(!nav.canGoForward());
}

void TestExplorerApi::referenceTable()
{
    ApiRequest req;
    req.path = QStringLiteral("/alerts");
    req.query = {{QStringLiteral("alert_days"), QStringLiteral("30")}};
    const Shown s = show(m_ctx->api(), m_profile, req);
    const QJsonArray list = s.parsed.document.object()[u"message"].toObject()[u"alerts"].toArray();
    QVERIFY(list.size() > 4);
    const auto refs = ReferenceTableModel::refsFrom(list);
    QCOMPARE(refs.size(), list.size());
    ReferenceTableModel table(m_ctx->api());
    QSignalSpy progress(&table, &ReferenceTableModel::progressed);
    QSignalSpy finished(&table, &ReferenceTableModel::finished);
    table.start(m_profile, refs);
    QCOMPARE(table.rowCount(), refs.size());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(table.fetchedCount(), refs.size());
    QCOMPARE(table.failedCount(), 0);
    QVERIFY(table.peakInFlight() <= 4);
    QVERIFY(table.peakInFlight() > 1); // really concurrent
    QCOMPARE(progress.last().at(0).toInt(), refs.size());
    const QStringList cols = table.columns();
    QCOMPARE(cols.first(), QStringLiteral("id"));
    QVERIFY(cols.contains(QStringLiteral("place")));
    QVERIFY(cols.contains(QStringLiteral("agency.id")));
    QCOMPARE(table.index(0, 0).data().toString(), refs.first().id);

    const QByteArray csv = CsvExport::fromModel(table);
    const QList<QByteArray> lines = csv.split('\n');
    QVERIFY(lines.first().startsWith("id,"));
    QVERIFY(csv.endsWith("\r\n"));
    // Every row begins with its id, and fields with commas are quoted.
    QVERIFY(csv.contains(QByteArray("\r\n" + refs.first().id.toLatin1() + ',')));
    const int place = int(cols.indexOf(QStringLiteral("place")));
    for (int r = 0; r < table.rowCount(); ++r) {
        const QString v = table.index(r, place).data().toString();
        if (v.contains(QLatin1Char(',')))
            QVERIFY(csv.contains(CsvExport::field(v).toUtf8()));
    }
}

void TestExplorerApi::referenceTableCancel()
{
    m_replica->setFault(
        QStringLiteral("api/alerts/=latency:2000")); // never matches; keep list fast
    ApiRequest req;
    req.path = QStringLiteral("/alerts");
    req.query = {{QStringLiteral("alert_days"), QStringLiteral("30")}};
    const Shown s = show(m_ctx->api(), m_profile, req);
    const auto refs = ReferenceTableModel::refsFrom(
        s.parsed.document.object()[u"message"].toObject()[u"alerts"].toArray());
    QVERIFY(refs.size() > 4);
    m_replica->clearFaults();
    m_replica->setFault(QStringLiteral("latency:3000"));
    ReferenceTableModel table(m_ctx->api());
    QSignalSpy finished(&table, &ReferenceTableModel::finished);
    table.start(m_profile, refs);
    QVERIFY(table.isRunning());
    table.cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toBool(), true);
    QVERIFY(!table.isRunning());
    QVERIFY(table.fetchedCount() < refs.size());
}

void TestExplorerApi::historyHoldsNoToken()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    RequestHistory history(path, 50);
    QString liveToken;
    m_ctx->keeper()->accessToken(m_profile,
                                 [&](const TokenResult &t) { liveToken = t.accessToken; });
    QTRY_VERIFY(!liveToken.isEmpty());
    QVERIFY(liveToken.startsWith(kCanary)); // the replica plants the canary in every token

    ApiRequest a;
    a.path = QStringLiteral("/alerts");
    a.query = {{QStringLiteral("alert_days"), QStringLiteral("2")},
               {QStringLiteral("access_token"), liveToken}};
    a.headers = {{"Authorization", "Bearer " + liveToken.toLatin1()}};
    ApiRequest b;
    b.path = m_ctx->urls().api.toString() + QStringLiteral("devices/1?token=") + liveToken;
    for (const ApiRequest &r : {a, b, ApiRequest()}) {
        const ApiResponse resp = send(m_ctx->api(), m_profile, r);
        history.add(
            HistoryEntry::fromExchange(m_profile, r, resp, QDateTime::currentDateTimeUtc()));
    }
    QCOMPARE(history.entries().size(), 3);
    history.flush();
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.contains("alert_days"));
    QVERIFY2(!bytes.contains(kCanary.toLatin1()), bytes.constData());
    QVERIFY(!bytes.toLower().contains("bearer"));
    // Nor in the settings file.
    m_ctx->settings()->sync();
    QVERIFY(!m_settings->bytes().contains(kCanary.toLatin1()));
    // Re-reading gives the requests back, minus the secrets.
    RequestHistory again(path, 50);
    QCOMPARE(again.entries().at(2).request().query,
             (QueryItems{{QStringLiteral("alert_days"), QStringLiteral("2")}}));
}

QTEST_GUILESS_MAIN(TestExplorerApi)
#include "tst_explorerapi.moc"
