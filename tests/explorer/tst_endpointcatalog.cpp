#include "endpointcatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace a911;

class TestEndpointCatalog final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtinCoversTheFactSheet();
    void builtinMatchesTheResourceFile();
    void validation_data();
    void validation();
    void matchFindsEndpointAndIds_data();
    void matchFindsEndpointAndIds();
    void buildLeavesOutEmptyQueryValues();
    void buildChecksPostBody();
    void brokenCatalogsAreRefused_data();
    void brokenCatalogsAreRefused();
    void checkKeepsTokenUnderApiBase_data();
    void checkKeepsTokenUnderApiBase();
};

void TestEndpointCatalog::builtinCoversTheFactSheet()
{
    const EndpointCatalog &c = EndpointCatalog::builtin();
    // The fact sheet's table, row by row: method, path, scope.
    const QList<std::tuple<QByteArray, QString, QString>> expected = {
        {"GET", QStringLiteral("/"), QStringLiteral("read_agency")},
        {"GET", QStringLiteral("/devices/{id}"), QStringLiteral("read_device")},
        {"GET", QStringLiteral("/devices/{id}/alerts"), QStringLiteral("read_alert")},
        {"GET", QStringLiteral("/alerts"), QStringLiteral("read_alert")},
        {"GET", QStringLiteral("/alerts/{id}"), QStringLiteral("read_alert")},
        {"GET", QStringLiteral("/locations"), QStringLiteral("read_mapdata")},
        {"GET", QStringLiteral("/locations/{id}"), QStringLiteral("read_mapdata")},
        {"GET", QStringLiteral("/resources/{id}"), QStringLiteral("read_mapdata")},
        {"POST", QStringLiteral("/locations"), QStringLiteral("write_mapdata")},
    };
    QCOMPARE(c.endpoints().size(), expected.size());
    for (const auto &[method, path, scope] : expected) {
        bool found = false;
        for (const Endpoint &e : c.endpoints()) {
            if (e.method == method && e.path == path) {
                found = true;
                QCOMPARE(e.scope, scope);
                QVERIFY2(!e.summary.isEmpty(), qPrintable(path));
            }
        }
        QVERIFY2(found, qPrintable(QString::fromLatin1(method) + QLatin1Char(' ') + path));
    }
    const Endpoint *alerts = c.find(QStringLiteral("alerts"));
    QVERIFY(alerts);
    QCOMPARE(alerts->query.size(), 2);
    QCOMPARE(alerts->query.at(0).name, QStringLiteral("alert_days"));
    QCOMPARE(alerts->query.at(0).defaultValue, QStringLiteral("10"));
    QCOMPARE(*alerts->query.at(0).max, 30);
    QCOMPARE(*alerts->query.at(1).max, 43200);
    QCOMPARE(alerts->query.at(1).overrides, QStringLiteral("alert_days"));
    const Endpoint *locations = c.find(QStringLiteral("locations"));
    QCOMPARE(locations->query.at(0).defaultValue, QStringLiteral("1"));
    QCOMPARE(locations->query.at(1).defaultValue, QStringLiteral("10"));
    QVERIFY(c.find(QStringLiteral("create-location"))->hasBody);
}

void TestEndpointCatalog::builtinMatchesTheResourceFile()
{
    // The compiled-in copy is the file in resources/, not a stale one.
    QFile f(qEnvironmentVariable("A911_SOURCE_DIR") + QStringLiteral("/resources/endpoints.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    EndpointCatalog fromFile;
    QString error;
    QVERIFY2(fromFile.loadFromJson(f.readAll(), &error), qPrintable(error));
    QCOMPARE(fromFile.endpoints().size(), EndpointCatalog::builtin().endpoints().size());
}

void TestEndpointCatalog::validation_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problemField"); // empty = valid

    QTest::newRow("days default") << "alerts"
                                  << ""
                                  << "alert_days"
                                  << "10"
                                  << "";
    QTest::newRow("days 1") << "alerts"
                            << ""
                            << "alert_days"
                            << "1"
                            << "";
    QTest::newRow("days 30") << "alerts"
                             << ""
                             << "alert_days"
                             << "30"
                             << "";
    QTest::newRow("days 0") << "alerts"
                            << ""
                            << "alert_days"
                            << "0"
                            << "alert_days";
    QTest::newRow("days 31") << "alerts"
                             << ""
                             << "alert_days"
                             << "31"
                             << "alert_days";
    QTest::newRow("days text") << "alerts"
                               << ""
                               << "alert_days"
                               << "ten"
                               << "alert_days";
    QTest::newRow("days negative") << "alerts"
                                   << ""
                                   << "alert_days"
                                   << "-3"
                                   << "alert_days";
    QTest::newRow("days empty = default") << "alerts"
                                          << ""
                                          << "alert_days"
                                          << ""
                                          << "";
    QTest::newRow("minutes 43200") << "alerts"
                                   << ""
                                   << "alert_minutes"
                                   << "43200"
                                   << "";
    QTest::newRow("minutes 43201") << "alerts"
                                   << ""
                                   << "alert_minutes"
                                   << "43201"
                                   << "alert_minutes";
    QTest::newRow("minutes 0") << "alerts"
                               << ""
                               << "alert_minutes"
                               << "0"
                               << "alert_minutes";
    QTest::newRow("device alerts days 40") << "device-alerts"
                                           << "12"
                                           << "alert_days"
                                           << "40"
                                           << "alert_days";
    QTest::newRow("device id empty") << "device-alerts"
                                     << ""
                                     << "alert_days"
                                     << "5"
                                     << "id";
    QTest::newRow("device id letters") << "device"
                                       << "12a"
                                       << ""
                                       << ""
                                       << "id";
    QTest::newRow("device id slash") << "device"
                                     << "1/2"
                                     << ""
                                     << ""
                                     << "id";
    QTest::newRow("device id ok") << "device"
                                  << "000123"
                                  << ""
                                  << ""
                                  << "";
    QTest::newRow("alert id spaces trimmed") << "alert"
                                             << " 77 "
                                             << ""
                                             << ""
                                             << "";
    QTest::newRow("page 0") << "locations"
                            << ""
                            << "locations_page"
                            << "0"
                            << "locations_page";
    QTest::newRow("page 1") << "locations"
                            << ""
                            << "locations_page"
                            << "1"
                            << "";
    QTest::newRow("per page 0") << "locations"
                                << ""
                                << "locations_per_page"
                                << "0"
                                << "locations_per_page";
    QTest::newRow("per page 1001") << "locations"
                                   << ""
                                   << "locations_per_page"
                                   << "1001"
                                   << "locations_per_page";
    QTest::newRow("unknown key allowed") << "alerts"
                                         << ""
                                         << "whatever"
                                         << "x"
                                         << "";
}

void TestEndpointCatalog::validation()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, id);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, problemField);
    const Endpoint *e = EndpointCatalog::builtin().find(endpoint);
    QVERIFY(e);
    QHash<QString, QString> path;
    if (!e->pathParams.isEmpty())
        path.insert(QStringLiteral("id"), id);
    QueryItems query;
    if (!key.isEmpty())
        query << qMakePair(key, value);
    const auto issues = EndpointCatalog::validate(*e, path, query);
    if (problemField.isEmpty()) {
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).message));
    } else {
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().field, problemField);
        QVERIFY(issues.first().message.contains(problemField));
    }
    ApiRequest built;
    const auto again = EndpointCatalog::build(*e, path, query, QByteArray(), &built);
    QCOMPARE(again.isEmpty(), problemField.isEmpty());
    if (problemField.isEmpty() && !e->pathParams.isEmpty())
        QCOMPARE(built.path, QString(e->path).replace(QStringLiteral("{id}"), id.trimmed()));
}

void TestEndpointCatalog::matchFindsEndpointAndIds_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("id");
    QTest::newRow("root") << QByteArray("GET") << "/"
                          << "agency"
                          << "";
    QTest::newRow("root empty") << QByteArray("GET") << ""
                                << "agency"
                                << "";
    QTest::newRow("alerts") << QByteArray("GET") << "alerts"
                            << "alerts"
                            << "";
    QTest::newRow("alert") << QByteArray("GET") << "/alerts/42"
                           << "alert"
                           << "42";
    QTest::newRow("alert trailing slash") << QByteArray("get") << "/alerts/42/"
                                          << "alert"
                                          << "42";
    QTest::newRow("device alerts") << QByteArray("GET") << "/devices/7/alerts"
                                   << "device-alerts"
                                   << "7";
    QTest::newRow("post locations") << QByteArray("POST") << "/locations"
                                    << "create-location"
                                    << "";
    QTest::newRow("unknown") << QByteArray("GET") << "/agencies/3"
                             << ""
                             << "";
    QTest::newRow("delete alerts") << QByteArray("DELETE") << "/alerts"
                                   << ""
                                   << "";
}

void TestEndpointCatalog::matchFindsEndpointAndIds()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, endpoint);
    QFETCH(QString, id);
    QHash<QString, QString> values;
    const Endpoint *e = EndpointCatalog::builtin().match(method, path, &values);
    if (endpoint.isEmpty()) {
        QVERIFY(!e);
        return;
    }
    QVERIFY(e);
    QCOMPARE(e->id, endpoint);
    QCOMPARE(values.value(QStringLiteral("id")), id);
}

void TestEndpointCatalog::buildLeavesOutEmptyQueryValues()
{
    const Endpoint *e = EndpointCatalog::builtin().find(QStringLiteral("alerts"));
    ApiRequest r;
    const auto issues =
        EndpointCatalog::build(*e, {},
                               {{QStringLiteral("alert_days"), QString()},
                                {QStringLiteral("alert_minutes"), QStringLiteral("60")}},
                               {}, &r);
    QVERIFY(issues.isEmpty());
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.path, QStringLiteral("/alerts"));
    QCOMPARE(r.query, (QueryItems{{QStringLiteral("alert_minutes"), QStringLiteral("60")}}));
}

void TestEndpointCatalog::buildChecksPostBody()
{
    const Endpoint *e = EndpointCatalog::builtin().find(QStringLiteral("create-location"));
    ApiRequest r;
    auto issues = EndpointCatalog::build(*e, {}, {}, QByteArray("{\"name\": "), &r);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().field, QStringLiteral("body"));
    issues = EndpointCatalog::build(*e, {}, {}, QByteArray("[1]"), &r);
    QCOMPARE(issues.size(), 1);
    const QByteArray body = QJsonDocument(e->bodyTemplate).toJson();
    issues = EndpointCatalog::build(*e, {}, {}, body, &r);
    QVERIFY(issues.isEmpty());
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.body, body);
}

void TestEndpointCatalog::brokenCatalogsAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{");
    QTest::newRow("no endpoints") << QByteArray("{\"endpoints\": []}");
    QTest::newRow("placeholder without param") << QByteArray(
        R"({"endpoints":[{"id":"a","method":"GET","path":"/a/{id}","scope":"s","summary":"x"}]})");
    QTest::newRow("param without placeholder") << QByteArray(
        R"({"endpoints":[{"id":"a","method":"GET","path":"/a","scope":"s","summary":"x","pathParams":[{"name":"id","type":"id"}]}]})");
    QTest::newRow("duplicate id") << QByteArray(
        R"({"endpoints":[{"id":"a","method":"GET","path":"/a","scope":"s","summary":"x"},{"id":"a","method":"GET","path":"/b","scope":"s","summary":"x"}]})");
    QTest::newRow("unknown type") << QByteArray(
        R"({"endpoints":[{"id":"a","method":"GET","path":"/a","scope":"s","summary":"x","query":[{"name":"q","type":"float"}]}]})");
    QTest::newRow("default out of range") << QByteArray(
        R"({"endpoints":[{"id":"a","method":"GET","path":"/a","scope":"s","summary":"x","query":[{"name":"q","type":"integer","min":1,"max":3,"default":"9"}]}]})");
    QTest::newRow("no scope") << QByteArray(
        R"({"endpoints":[{"id":"a","method":"GET","path":"/a","summary":"x"}]})");
}

void TestEndpointCatalog::brokenCatalogsAreRefused()
{
    QFETCH(QByteArray, json);
    EndpointCatalog c;
    QString error;
    QVERIFY(!c.loadFromJson(json, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(c.endpoints().isEmpty());
}

void TestEndpointCatalog::checkKeepsTokenUnderApiBase_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("problemField");
    QTest::newRow("relative") << "/alerts"
                              << ""
                              << "";
    QTest::newRow("full url under base") << "http://127.0.0.1:8080/interface/open_api/api/alerts/3"
                                         << ""
                                         << "";
    QTest::newRow("other host") << "http://evil.example/interface/open_api/api/alerts"
                                << ""
                                << "path";
    QTest::newRow("other port") << "http://127.0.0.1:9999/interface/open_api/api/alerts"
                                << ""
                                << "path";
    QTest::newRow("outside base path") << "http://127.0.0.1:8080/interface/dev/api_access.php"
                                       << ""
                                       << "path";
    QTest::newRow("dot dot") << "/alerts/../../dev"
                             << ""
                             << "path";
    QTest::newRow("bad id in full url") << "http://127.0.0.1:8080/interface/open_api/api/alerts/x1"
                                        << ""
                                        << "id";
    QTest::newRow("bad days") << "/alerts"
                              << "days=99"
                              << "alert_days";
}

void TestEndpointCatalog::checkKeepsTokenUnderApiBase()
{
    QFETCH(QString, path);
    QFETCH(QString, body);
    QFETCH(QString, problemField);
    ApiRequest r;
    r.path = path;
    if (body == QLatin1String("days=99"))
        r.query << qMakePair(QStringLiteral("alert_days"), QStringLiteral("99"));
    const QUrl base(QStringLiteral("http://127.0.0.1:8080/interface/open_api/api/"));
    const auto issues = EndpointCatalog::builtin().check(r, base);
    if (problemField.isEmpty())
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).message));
    else {
        QVERIFY(!issues.isEmpty());
        QCOMPARE(issues.first().field, problemField);
    }
}

QTEST_GUILESS_MAIN(TestEndpointCatalog)
#include "tst_endpointcatalog.moc"
