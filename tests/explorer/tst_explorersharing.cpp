#include "csvexport.h"
#include "curlcommand.h"
#include "referencetablemodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

using namespace a911;

class TestExplorerSharing final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvField_data();
    void csvField();
    void csvDocument();
    void csvFromModelAndFile();
    void flattenReferencedObject();
    void refsFromList();
    void curlUsesTokenCommand();
    void curlLiteralTokenOnlyWhenAsked();
    void curlPostAndQuoting();
};

void TestExplorerSharing::csvField_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << "Station 41"
                           << "Station 41";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("comma") << "Reno, NV"
                           << "\"Reno, NV\"";
    QTest::newRow("quote") << "the \"big\" one"
                           << "\"the \"\"big\"\" one\"";
    QTest::newRow("newline") << "line1\nline2"
                             << "\"line1\nline2\"";
    QTest::newRow("cr") << "a\rb"
                        << "\"a\rb\"";
    QTest::newRow("only quote") << "\""
                                << "\"\"\"\"";
    QTest::newRow("unicode") << "Ünïcødé 🚒"
                             << "Ünïcødé 🚒";
    QTest::newRow("leading space kept") << " x "
                                        << " x ";
}

void TestExplorerSharing::csvField()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(CsvExport::field(in), out);
}

void TestExplorerSharing::csvDocument()
{
    const QByteArray csv =
        CsvExport::toCsv({QStringLiteral("id"), QStringLiteral("place")},
                         {{QStringLiteral("1"), QStringLiteral("Main St, north")},
                          {QStringLiteral("2"), QStringLiteral("say \"hi\"")}});
    QCOMPARE(csv, QByteArray("id,place\r\n1,\"Main St, north\"\r\n2,\"say \"\"hi\"\"\"\r\n"));
}

void TestExplorerSharing::csvFromModelAndFile()
{
    QStandardItemModel m(2, 2);
    m.setHorizontalHeaderLabels({QStringLiteral("id"), QStringLiteral("details")});
    m.setItem(0, 0, new QStandardItem(QStringLiteral("7")));
    m.setItem(0, 1, new QStandardItem(QStringLiteral("two\nlines")));
    m.setItem(1, 0, new QStandardItem(QStringLiteral("8")));
    const QByteArray csv = CsvExport::fromModel(m);
    QCOMPARE(csv, QByteArray("id,details\r\n7,\"two\nlines\"\r\n8,\r\n"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    QVERIFY(CsvExport::writeFile(path, csv));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), csv);
    QString error;
    QVERIFY(!CsvExport::writeFile(dir.filePath(QStringLiteral("no/such/dir/x.csv")), csv, &error));
    QVERIFY(!error.isEmpty());
}

void TestExplorerSharing::flattenReferencedObject()
{
    const QJsonObject alert = QJsonDocument::fromJson(R"({
        "place":"Hall","id":"12","agency":{"id":"3","uri":"http://h/api/agencies/3"},
        "units":["E1","M2"],"pagegroups":[{"title":"All","prefix":"A"}],"priority":2,"x":null})")
                                  .object();
    const auto flat = ReferenceTableModel::flatten(alert);
    QCOMPARE(flat.first().first, QStringLiteral("id"));
    QHash<QString, QString> h;
    for (const auto &[k, v] : flat)
        h.insert(k, v);
    QCOMPARE(h.value(QStringLiteral("id")), QStringLiteral("12"));
    QCOMPARE(h.value(QStringLiteral("agency.id")), QStringLiteral("3"));
    QCOMPARE(h.value(QStringLiteral("agency.uri")), QStringLiteral("http://h/api/agencies/3"));
    QCOMPARE(h.value(QStringLiteral("units")), QStringLiteral("E1; M2"));
    QCOMPARE(h.value(QStringLiteral("pagegroups")),
             QStringLiteral(R"([{"prefix":"A","title":"All"}])"));
    QCOMPARE(h.value(QStringLiteral("priority")), QStringLiteral("2"));
    QVERIFY(h.contains(QStringLiteral("x")));
    QVERIFY(!h.contains(QStringLiteral("agency")));
}

void TestExplorerSharing::refsFromList()
{
    const QJsonArray a =
        QJsonDocument::fromJson(
            R"([{"id":"1","uri":"http://h/api/alerts/1"},{"id":2,"uri":"http://h/api/alerts/2"},{"id":"3"}])")
            .array();
    const auto refs = ReferenceTableModel::refsFrom(a);
    QCOMPARE(refs.size(), 2);
    QCOMPARE(refs.at(1).id, QStringLiteral("2"));
    QCOMPARE(refs.at(0).uri, QUrl(QStringLiteral("http://h/api/alerts/1")));
}

void TestExplorerSharing::curlUsesTokenCommand()
{
    ApiRequest r;
    r.path = QStringLiteral("/alerts");
    r.query = {{QStringLiteral("alert_days"), QStringLiteral("3")}};
    const QString cmd = CurlCommand::build(
        r,
        QUrl(QStringLiteral(
            "https://access.active911.com/interface/open_api/api/alerts?alert_days=3")),
        QStringLiteral("Station 41"));
    QCOMPARE(
        cmd,
        QStringLiteral(
            "curl -sS 'https://access.active911.com/interface/open_api/api/alerts?alert_days=3' "
            "-H \"Authorization: Bearer $(a911desk token --profile 'Station 41')\""));
}

void TestExplorerSharing::curlLiteralTokenOnlyWhenAsked()
{
    ApiRequest r;
    r.headers = {{"Authorization", "Bearer smuggled"}, {"Accept", "application/json"}};
    const QUrl url(QStringLiteral("http://127.0.0.1:1/api/"));
    const QString safe = CurlCommand::build(r, url, QStringLiteral("p"));
    QVERIFY(!safe.contains(QStringLiteral("smuggled")));
    QVERIFY(safe.contains(QStringLiteral("-H 'Accept: application/json'")));
    const QString literal =
        CurlCommand::build(r, url, QStringLiteral("p"), QStringLiteral("abc123"));
    QVERIFY(literal.contains(QStringLiteral("-H 'Authorization: Bearer abc123'")));
    QVERIFY(!literal.contains(QStringLiteral("a911desk token")));
    QCOMPARE(literal.count(QStringLiteral("Authorization")), 1);
}

void TestExplorerSharing::curlPostAndQuoting()
{
    ApiRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/locations");
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"name":"O'Brien's hydrant"})";
    const QString cmd =
        CurlCommand::build(r, QUrl(QStringLiteral("http://127.0.0.1:1/api/locations")),
                           QStringLiteral("Bob's agency"));
    QVERIFY(cmd.contains(QStringLiteral("-X POST")));
    QVERIFY(cmd.contains(QStringLiteral("--profile 'Bob'\\''s agency'")));
    QVERIFY(cmd.contains(QStringLiteral("--data-raw '{\"name\":\"O'\\''Brien'\\''s hydrant\"}'")));
    QCOMPARE(CurlCommand::shellQuote(QStringLiteral("$(rm -rf ~)")),
             QStringLiteral("'$(rm -rf ~)'"));
}

QTEST_GUILESS_MAIN(TestExplorerSharing)
#include "tst_explorersharing.moc"
