#include "jsonparseworker.h"
#include "jsontreemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace a911;

namespace {

QByteArray nested(int depth)
{
    QByteArray s;
    for (int i = 0; i < depth; ++i)
        s += "{\"d\":";
    s += "\"bottom\"";
    for (int i = 0; i < depth; ++i)
        s += '}';
    return s;
}

QByteArray hugeArray(int n)
{
    QByteArray s = "[";
    for (int i = 0; i < n; ++i) {
        if (i)
            s += ',';
        s += QByteArray::number(i);
    }
    return s + ']';
}

} // namespace

class TestJsonTreeModel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oddDocuments_data();
    void oddDocuments();
    void pathsOfIndexes_data();
    void pathsOfIndexes();
    void lazyLoading();
    void uriFieldsAreLinks();
    void searchFindsKeysAndValues();
    void searchHonoursLimit();
    void workerParsesOffTheUiThread();
    void workerReportsMalformedAndHtml_data();
    void workerReportsMalformedAndHtml();
    void prettyText_data();
    void prettyText();
    void modelTesterIsHappy();
};

void TestJsonTreeModel::oddDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("topRows");
    QTest::addColumn<QList<int>>("probe"); // rows to a node
    QTest::addColumn<QString>("probePath");
    QTest::addColumn<QString>("probeValue"); // value column
    QTest::addColumn<QString>("probeType");

    QTest::newRow("empty object") << QByteArray("{}") << 0 << QList<int>() << ""
                                  << ""
                                  << "";
    QTest::newRow("empty array") << QByteArray("[]") << 0 << QList<int>() << ""
                                 << ""
                                 << "";
    QTest::newRow("empty nested") << QByteArray(R"({"a":{},"b":[]})") << 2 << QList<int>{1} << "b"
                                  << "[0 items]"
                                  << "array";
    QTest::newRow("deep 1000") << nested(1000) << 1 << QList<int>(999, 0) << ""
                               << ""
                               << "";
    QTest::newRow("huge array 100k")
        << hugeArray(100000) << 100000 << QList<int>{99999} << "[99999]"
        << "99999"
        << "number";
    QTest::newRow("unicode key and value") << QByteArray(R"({"ключ 🚒":"значение ✓","日本":"東京"})")
                                           << 2 << QList<int>{0} << "[\"ключ 🚒\"]"
                                           << "значение ✓"
                                           << "string";
    QTest::newRow("numbers as strings") << QByteArray(R"({"latitude":"39.56945080","id":"00042"})")
                                        << 2 << QList<int>{1} << "latitude"
                                        << "39.56945080"
                                        << "string";
    QTest::newRow("null") << QByteArray(R"({"x":null})") << 1 << QList<int>{0} << "x"
                          << "null"
                          << "null";
    QTest::newRow("bools") << QByteArray(R"([true,false])") << 2 << QList<int>{1} << "[1]"
                           << "false"
                           << "bool";
    QTest::newRow("big number") << QByteArray(R"({"n":12345678901})") << 1 << QList<int>{0} << "n"
                                << "12345678901"
                                << "number";
    QTest::newRow("fraction") << QByteArray(R"({"n":0.1})") << 1 << QList<int>{0} << "n"
                              << "0.1"
                              << "number";
    QTest::newRow("key with dot and quote")
        << QByteArray(R"({"a.b\"c":1})") << 1 << QList<int>{0} << "[\"a.b\\\"c\"]"
        << "1"
        << "number";
    QTest::newRow("envelope")
        << QByteArray(
               R"({"result":"success","message":{"alerts":[{"id":"3","uri":"http://h/api/alerts/3"}]}})")
        << 2 << QList<int>{0, 0, 0, 1} << "message.alerts[0].uri"
        << "http://h/api/alerts/3"
        << "string";
}

void TestJsonTreeModel::oddDocuments()
{
    QFETCH(QByteArray, json);
    QFETCH(int, topRows);
    QFETCH(QList<int>, probe);
    QFETCH(QString, probePath);
    QFETCH(QString, probeValue);
    QFETCH(QString, probeType);

    const ParsedBody parsed = parseBody(json, 4096);
    QVERIFY2(parsed.isJson, qPrintable(parsed.jsonError));
    JsonTreeModel model;
    model.setDocument(parsed.document);
    QCOMPARE(model.rowCount(), topRows);
    QCOMPARE(model.columnCount(), 3);
    if (probe.isEmpty())
        return;
    const QModelIndex at = model.indexForRows(probe);
    QVERIFY(at.isValid());
    if (QTest::currentDataTag() == QByteArray("deep 1000")) {
        // 999 steps down: "d.d.d…"; the last node still holds the innermost object.
        QStringList steps;
        for (int i = 0; i < 999; ++i)
            steps << QStringLiteral("d");
        QCOMPARE(model.path(at), steps.join(QLatin1Char('.')));
        QCOMPARE(model.rowCount(at), 1);
        const QModelIndex bottom = model.index(0, JsonTreeModel::ValueColumn, at);
        QCOMPARE(bottom.data().toString(), QStringLiteral("bottom"));
        QCOMPARE(model.parent(bottom), at);
        return;
    }
    QCOMPARE(model.path(at), probePath);
    QCOMPARE(at.data(JsonTreeModel::PathRole).toString(), probePath);
    QCOMPARE(model.index(at.row(), JsonTreeModel::ValueColumn, at.parent()).data().toString(),
             probeValue);
    QCOMPARE(model.index(at.row(), JsonTreeModel::TypeColumn, at.parent()).data().toString(),
             probeType);
}

void TestJsonTreeModel::pathsOfIndexes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QList<int>>("rows");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("copy");
    const QByteArray alerts =
        R"({"result":"success","message":{"alerts":[{"id":"0"},{"id":"1"},{"id":"2"},{"id":"3","uri":"u"}]}})";
    // Object keys are ordered by name: message(0), result(1); alerts(0); id(0), uri(1).
    QTest::newRow("message.alerts[3].id")
        << alerts << QList<int>{0, 0, 3, 0} << "message.alerts[3].id"
        << "3";
    QTest::newRow("message.alerts") << alerts << QList<int>{0, 0} << "message.alerts"
                                    << R"([{"id":"0"},{"id":"1"},{"id":"2"},{"id":"3","uri":"u"}])";
    QTest::newRow("result") << alerts << QList<int>{1} << "result"
                            << "success";
    QTest::newRow("top array") << QByteArray(R"([[1,[2,3]]])") << QList<int>{0, 1, 0} << "[0][1][0]"
                               << "2";
    QTest::newRow("space key") << QByteArray(R"({"a b":{"c":true}})") << QList<int>{0, 0}
                               << "[\"a b\"].c"
                               << "true";
}

void TestJsonTreeModel::pathsOfIndexes()
{
    QFETCH(QByteArray, json);
    QFETCH(QList<int>, rows);
    QFETCH(QString, path);
    QFETCH(QString, copy);
    JsonTreeModel model;
    model.setDocument(QJsonDocument::fromJson(json));
    const QModelIndex at = model.indexForRows(rows);
    QVERIFY(at.isValid());
    QCOMPARE(model.path(at), path);
    QCOMPARE(model.copyText(at), copy);
    QCOMPARE(at.data(JsonTreeModel::CopyRole).toString(), copy);
}

void TestJsonTreeModel::lazyLoading()
{
    JsonTreeModel model;
    model.setDocument(QJsonDocument::fromJson(hugeArray(100000)));
    QCOMPARE(model.createdNodeCount(), 0);
    QCOMPARE(model.rowCount(), 100000);
    QCOMPARE(model.createdNodeCount(), 0);
    model.index(5, 0);
    QCOMPARE(model.createdNodeCount(), 1); // only the node asked for

    model.setDocument(QJsonDocument::fromJson(R"({"a":{"b":{"c":{"d":1}},"e":[1,2,3]}})"));
    QCOMPARE(model.createdNodeCount(), 0);
    const QModelIndex a = model.index(0, 0);
    QCOMPARE(model.createdNodeCount(), 1);
    // Asking an unexpanded child for its row count makes no grandchildren.
    QCOMPARE(model.rowCount(a), 2);
    QVERIFY(model.hasChildren(a));
    QCOMPARE(model.createdNodeCount(), 1);
    const QModelIndex b = model.index(0, 0, a);
    QCOMPARE(model.createdNodeCount(), 2);
    QCOMPARE(model.rowCount(b), 1);
    QCOMPARE(model.createdNodeCount(), 2);
    // The same index twice makes no second node.
    model.index(0, 0, a);
    model.index(0, 2, a);
    QCOMPARE(model.createdNodeCount(), 2);
}

void TestJsonTreeModel::uriFieldsAreLinks()
{
    JsonTreeModel model;
    model.setDocument(QJsonDocument::fromJson(
        R"j({"devices":[{"id":"1","uri":"http://127.0.0.1:1/api/devices/1"}],"uri":"not a url","x":{"uri":"javascript:alert(1)"}})j"));
    const QModelIndex link = model.indexForRows({0, 0, 1});
    QCOMPARE(model.path(link), QStringLiteral("devices[0].uri"));
    QCOMPARE(model.uri(link), QUrl(QStringLiteral("http://127.0.0.1:1/api/devices/1")));
    QVERIFY(model.indexForRows({0}).data(JsonTreeModel::IsRefListRole).toBool());
    QVERIFY(!model.uri(model.indexForRows({0, 0, 0})).isValid()); // "id"
    QVERIFY(!model.uri(model.indexForRows({1})).isValid());       // not a URL
    QVERIFY(!model.uri(model.indexForRows({2, 0})).isValid());    // not http(s)
}

void TestJsonTreeModel::searchFindsKeysAndValues()
{
    const QJsonDocument doc = QJsonDocument::fromJson(
        R"({"message":{"alerts":[{"id":"1","place":"Fire Hall"},{"id":"2","place":"School"}]},"result":"success"})");
    const auto hits = JsonTreeModel::search(doc.object(), QStringLiteral("school"), 10);
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().path, QStringLiteral("message.alerts[1].place"));
    JsonTreeModel model;
    model.setDocument(doc);
    const QModelIndex at = model.indexForRows(hits.first().rows);
    QCOMPARE(model.path(at), hits.first().path);
    QCOMPARE(model.copyText(at), QStringLiteral("School"));

    const auto byKey = JsonTreeModel::search(doc.object(), QStringLiteral("PLACE"), 10);
    QCOMPARE(byKey.size(), 2);
    QVERIFY(JsonTreeModel::search(doc.object(), QStringLiteral("nowhere"), 10).isEmpty());
}

void TestJsonTreeModel::searchHonoursLimit()
{
    const QJsonDocument doc = QJsonDocument::fromJson(hugeArray(100000));
    const auto hits = JsonTreeModel::search(doc.array(), QStringLiteral("7"), 50);
    QCOMPARE(hits.size(), 50);
    QCOMPARE(hits.first().path, QStringLiteral("[7]"));
}

void TestJsonTreeModel::workerParsesOffTheUiThread()
{
    JsonParseWorker worker;
    QSignalSpy spy(&worker, &JsonParseWorker::parsed);
    const quint64 ticket = worker.parse(R"({"result":"error","message":"Invalid token"})", 1000);
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(0).toULongLong(), ticket);
    const auto r = spy.first().at(1).value<ParsedBody>();
    QVERIFY(r.isJson);
    QVERIFY(r.hasEnvelope);
    QVERIFY(r.isError);
    QCOMPARE(r.errorMessage, QStringLiteral("Invalid token"));

    QSignalSpy found(&worker, &JsonParseWorker::searched);
    const quint64 t2 =
        worker.search(QJsonDocument::fromJson(hugeArray(1000)).array(), QStringLiteral("999"), 5);
    QTRY_COMPARE(found.size(), 1);
    QCOMPARE(found.first().at(0).toULongLong(), t2);
    QCOMPARE(found.first().at(1).value<QList<JsonMatch>>().size(), 1);
}

void TestJsonTreeModel::workerReportsMalformedAndHtml_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("isJson");
    QTest::addColumn<bool>("html");
    QTest::addColumn<bool>("envelope");
    QTest::addColumn<QString>("payload");
    QTest::newRow("truncated") << QByteArray(
                                      R"({"result":"success","message":{"alerts":[{"id":"1")")
                               << false << false << false << "";
    QTest::newRow("malformed") << QByteArray(R"({"result":"success",,})") << false << false << false
                               << "";
    QTest::newRow("empty") << QByteArray() << false << false << false << "";
    QTest::newRow("html") << QByteArray("<!DOCTYPE html><html><body>Oops</body></html>") << false
                          << true << false << "";
    QTest::newRow("html with spaces")
        << QByteArray("\n  <HTML><p>Bad token</p></HTML>") << false << true << false << "";
    QTest::newRow("bare json") << QByteArray(R"([1,2])") << true << false << false << "";
    QTest::newRow("agency") << QByteArray(R"({"result":"success","message":{"agency":{"id":"1"}}})")
                            << true << false << true << "agency";
    QTest::newRow("single location as list")
        << QByteArray(
               R"({"result":"success","message":{"locations":[{"id":"1","name":"n","latitude":"0"}],"x":1}})")
        << true << false << true << "locations";
}

void TestJsonTreeModel::workerReportsMalformedAndHtml()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, isJson);
    QFETCH(bool, html);
    QFETCH(bool, envelope);
    QFETCH(QString, payload);
    const ParsedBody r = parseBody(body, 1000);
    QCOMPARE(r.isJson, isJson);
    QCOMPARE(r.looksLikeHtml, html);
    QCOMPARE(r.hasEnvelope, envelope);
    QCOMPARE(r.payloadKey, payload);
    QVERIFY(r.isError == false);
    if (!isJson)
        QVERIFY(!r.jsonError.isEmpty());
}

void TestJsonTreeModel::prettyText_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QByteArray>("pretty");
    QTest::addColumn<bool>("truncated");
    QTest::newRow("object") << QByteArray(R"({"a":1,"b":[true,null]})") << 1000
                            << QByteArray("{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ]\n}")
                            << false;
    QTest::newRow("empties") << QByteArray(R"({"a":{ },"b":[]})") << 1000
                             << QByteArray("{\n  \"a\": {},\n  \"b\": []\n}") << false;
    QTest::newRow("strings keep braces")
        << QByteArray(R"(["{,:}\"]"])") << 1000 << QByteArray("[\n  \"{,:}\\\"]\"\n]") << false;
    QTest::newRow("limit") << QByteArray(R"({"a":1,"b":2})") << 8 << QByteArray("{\n  \"a\": ")
                           << true;
    QTest::newRow("truncated input")
        << QByteArray(R"({"a":[1,)") << 1000 << QByteArray("{\n  \"a\": [\n    1,\n    ") << false;
}

void TestJsonTreeModel::prettyText()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, limit);
    QFETCH(QByteArray, pretty);
    QFETCH(bool, truncated);
    bool cut = false;
    QCOMPARE(prettyJsonText(raw, limit, &cut), pretty);
    QCOMPARE(cut, truncated);
}

void TestJsonTreeModel::modelTesterIsHappy()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocument(QJsonDocument::fromJson(
        R"({"result":"success","message":{"agency":{"id":"1","devices":[{"id":"2","uri":"u"}],"n":null}}})"));
    model.setDocument(QJsonDocument::fromJson(R"([1,{"a":[]},[[]]])"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestJsonTreeModel)
#include "tst_jsontreemodel.moc"
