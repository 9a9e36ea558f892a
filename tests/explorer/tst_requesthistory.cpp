#include "requesthistory.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace a911;

namespace {
const QString kCanary = QStringLiteral("CANARYt0k3nXYZ0123456789abcdefCANARY");
}

class TestRequestHistory final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void persistsAcrossInstances();
    void neverStoresTokens();
    void limitKeepsNewest();
    void clearEmptiesTheFile();
    void rerunGivesTheSameRequest();
    void secretNames_data();
    void secretNames();
};

void TestRequestHistory::persistsAcrossInstances()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/history.json"));
    {
        RequestHistory h(path, 10);
        HistoryEntry e;
        e.method = "GET";
        e.path = QStringLiteral("/alerts");
        e.url = QUrl(QStringLiteral("http://127.0.0.1:1/api/alerts?alert_days=3"));
        e.query = {{QStringLiteral("alert_days"), QStringLiteral("3")}};
        e.httpStatus = 200;
        e.outcome = QStringLiteral("200 OK");
        e.time = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
        e.elapsedMs = 42;
        e.profileId = QStringLiteral("p1");
        h.add(e);
    }
    RequestHistory again(path, 10);
    QCOMPARE(again.entries().size(), 1);
    const HistoryEntry e = again.entries().first();
    QCOMPARE(e.method, QByteArray("GET"));
    QCOMPARE(e.path, QStringLiteral("/alerts"));
    QCOMPARE(e.url, QUrl(QStringLiteral("http://127.0.0.1:1/api/alerts?alert_days=3")));
    QCOMPARE(e.query.value(0).second, QStringLiteral("3"));
    QCOMPARE(e.httpStatus, 200);
    QCOMPARE(e.time, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QCOMPARE(e.elapsedMs, 42);
    QCOMPARE(e.profileId, QStringLiteral("p1"));
}

void TestRequestHistory::neverStoresTokens()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.json"));
    RequestHistory h(path, 10);
    HistoryEntry e;
    e.method = "GET";
    e.path = QStringLiteral("http://u:") + kCanary +
             QStringLiteral("@127.0.0.1:1/api/alerts?access_token=") + kCanary +
             QStringLiteral("&alert_days=2");
    e.url = QUrl(QStringLiteral("http://user:") + kCanary +
                 QStringLiteral("@127.0.0.1:1/api/alerts?alert_days=2&access_token=") + kCanary +
                 QStringLiteral("&RefreshToken=") + kCanary);
    e.query = {{QStringLiteral("alert_days"), QStringLiteral("2")},
               {QStringLiteral("access_token"), kCanary},
               {QStringLiteral("X-Token"), kCanary}};
    e.headers = {{"Authorization", "Bearer " + kCanary.toLatin1()},
                 {"AUTHORIZATION", kCanary.toLatin1()},
                 {"X-Api-Token", kCanary.toLatin1()},
                 {"Cookie", kCanary.toLatin1()},
                 {"Accept", "application/json"}};
    h.add(e);
    h.flush();

    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(!bytes.isEmpty());
    QVERIFY2(!bytes.contains(kCanary.toLatin1()), bytes.constData());
    QVERIFY(!bytes.toLower().contains("authorization"));
    QVERIFY(bytes.contains("alert_days"));
    QVERIFY(bytes.contains("application/json")); // harmless headers stay

    const HistoryEntry kept = h.entries().first();
    QCOMPARE(kept.url.query(), QStringLiteral("alert_days=2"));
    QVERIFY(kept.url.userInfo().isEmpty());
    QCOMPARE(kept.query.size(), 1);
    QCOMPARE(kept.headers.size(), 1);
}

void TestRequestHistory::limitKeepsNewest()
{
    QTemporaryDir dir;
    RequestHistory h(dir.filePath(QStringLiteral("h.json")), 3);
    for (int i = 0; i < 5; ++i) {
        HistoryEntry e;
        e.method = "GET";
        e.path = QStringLiteral("/alerts/%1").arg(i);
        h.add(e);
    }
    QCOMPARE(h.entries().size(), 3);
    QCOMPARE(h.entries().first().path, QStringLiteral("/alerts/4"));
    QCOMPARE(h.entries().last().path, QStringLiteral("/alerts/2"));
    h.flush();
    RequestHistory reread(dir.filePath(QStringLiteral("h.json")), 2);
    QCOMPARE(reread.entries().size(), 2);
}

void TestRequestHistory::clearEmptiesTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.json"));
    RequestHistory h(path, 3);
    QSignalSpy changed(&h, &RequestHistory::changed);
    HistoryEntry e;
    e.method = "GET";
    e.path = QStringLiteral("/alerts/99");
    h.add(e);
    h.clear();
    QCOMPARE(changed.size(), 2);
    h.flush();
    QVERIFY(h.entries().isEmpty());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readAll().contains("/alerts/99"));
    QVERIFY(RequestHistory(path, 3).entries().isEmpty());
}

void TestRequestHistory::rerunGivesTheSameRequest()
{
    QTemporaryDir dir;
    RequestHistory h(dir.filePath(QStringLiteral("h.json")), 3);
    HistoryEntry e;
    e.method = "POST";
    e.path = QStringLiteral("/locations");
    e.headers = {{"Content-Type", "application/json"}};
    e.body = R"({"name":"Hydrant"})";
    h.add(e);
    h.flush();
    const ApiRequest r =
        RequestHistory(dir.filePath(QStringLiteral("h.json")), 3).entries().first().request();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, QStringLiteral("/locations"));
    QCOMPARE(r.body, QByteArray(R"({"name":"Hydrant"})"));
    QCOMPARE(r.headers.size(), 1);
}

void TestRequestHistory::secretNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("secretQuery");
    QTest::addColumn<bool>("secretHeader");
    QTest::newRow("authorization") << "authorization" << false << true;
    QTest::newRow("Authorization spaced") << " Authorization " << false << true;
    QTest::newRow("access_token") << "access_token" << true << true;
    QTest::newRow("refresh_token") << "refresh_token" << true << true;
    QTest::newRow("TOKEN") << "TOKEN" << true << true;
    QTest::newRow("client_secret") << "client_secret" << true << true;
    QTest::newRow("alert_days") << "alert_days" << false << false;
    QTest::newRow("accept") << "Accept" << false << false;
}

void TestRequestHistory::secretNames()
{
    QFETCH(QString, name);
    QFETCH(bool, secretQuery);
    QFETCH(bool, secretHeader);
    QCOMPARE(RequestHistory::isSecretQueryKey(name.trimmed()), secretQuery);
    QCOMPARE(RequestHistory::isSecretHeader(name.toLatin1()), secretHeader);
}

QTEST_GUILESS_MAIN(TestRequestHistory)
#include "tst_requesthistory.moc"
