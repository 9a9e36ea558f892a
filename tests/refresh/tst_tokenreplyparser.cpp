// The two token endpoints' reply parsers: every shape the service is known (or
// reported) to send, and the broken ones it must survive.
#include "refreshclient.h"

#include <QTest>

using namespace a911;
using Outcome = RefreshResult::Outcome;

Q_DECLARE_METATYPE(a911::RefreshResult::Outcome)

namespace {
const QDateTime kNow(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
const qint64 kNowSecs = kNow.toSecsSinceEpoch();
// JSON written with single quotes (raw string literals confuse moc 6.4).
QByteArray q(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}
} // namespace

class TstTokenReplyParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void personal_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<qint64>("expirySecs"); // -1: not checked

        const QByteArray exp = QByteArray::number(kNowSecs + 86400);
        QTest::newRow("number") << 200 << QByteArray(q("{'access_token':'acc123','expiration':") + exp + "}")
                                << Outcome::Success << kNowSecs + 86400;
        QTest::newRow("numeric string") << 200
                                        << QByteArray(q("{'access_token':'acc123','expiration':'") + exp + "\"}")
                                        << Outcome::Success << kNowSecs + 86400;
        QTest::newRow("string with spaces") << 200
                                            << QByteArray(q("{'access_token':'acc123','expiration':' ") + exp + " \"}")
                                            << Outcome::Success << kNowSecs + 86400;
        QTest::newRow("float") << 200 << QByteArray(q("{'access_token':'acc123','expiration':") + exp + ".0}")
                               << Outcome::Success << kNowSecs + 86400;
        QTest::newRow("milliseconds") << 200
                                      << QByteArray(q("{'access_token':'acc123','expiration':") + exp + "000}")
                                      << Outcome::Success << kNowSecs + 86400;
        QTest::newRow("datetime string") << 200
                                         << QByteArray(q("{'access_token':'a','expiration':'2026-03-02 10:00:00'}"))
                                         << Outcome::Success << kNowSecs + 86400;
        QTest::newRow("missing expiration: one day") << 200 << QByteArray(q("{'access_token':'acc'}"))
                                                     << Outcome::Success << kNowSecs + 86400;
        QTest::newRow("BOM") << 200 << QByteArray("\xEF\xBB\xBF") + q("{'access_token':'a','expiration':") + exp + "}"
                             << Outcome::Success << kNowSecs + 86400;
        QTest::newRow("html page with 200") << 200
                                            << QByteArray("<!DOCTYPE html><html><body><p>Invalid or expired refresh token.</p></body></html>")
                                            << Outcome::Rejected << qint64(-1);
        QTest::newRow("html fragment") << 200 << QByteArray("\n  <p>Error</p>") << Outcome::Rejected
                                       << qint64(-1);
        QTest::newRow("error member") << 200 << QByteArray(q("{'error':'invalid_grant'}"))
                                      << Outcome::Rejected << qint64(-1);
        QTest::newRow("error temporarily_unavailable") << 200
                                                       << QByteArray(q("{'error':'temporarily_unavailable'}"))
                                                       << Outcome::Transient << qint64(-1);
        QTest::newRow("400") << 400 << QByteArray("bad") << Outcome::Rejected << qint64(-1);
        QTest::newRow("401") << 401 << QByteArray() << Outcome::Rejected << qint64(-1);
        QTest::newRow("500") << 500 << QByteArray("<html>oops</html>") << Outcome::Transient << qint64(-1);
        QTest::newRow("503") << 503 << QByteArray() << Outcome::Transient << qint64(-1);
        QTest::newRow("429") << 429 << QByteArray() << Outcome::Transient << qint64(-1);
        QTest::newRow("404 (moved)") << 404 << QByteArray("<html>nf</html>") << Outcome::Transient
                                     << qint64(-1);
        QTest::newRow("truncated json") << 200 << QByteArray(q("{'access_token':'acc1"))
                                        << Outcome::Transient << qint64(-1);
        QTest::newRow("malformed") << 200 << QByteArray(q("{'result':'success','message':{'agency':{'id':'3"))
                                   << Outcome::Transient << qint64(-1);
        QTest::newRow("empty") << 200 << QByteArray() << Outcome::Transient << qint64(-1);
        QTest::newRow("array") << 200 << QByteArray("[1,2]") << Outcome::Transient << qint64(-1);
        QTest::newRow("no access token") << 200 << QByteArray(q("{'expiration':") + exp + "}")
                                         << Outcome::Transient << qint64(-1);
        QTest::newRow("empty access token") << 200 << QByteArray(q("{'access_token':'','expiration':") + exp + "}")
                                            << Outcome::Transient << qint64(-1);
        QTest::newRow("access token not a string") << 200 << QByteArray(q("{'access_token':12,'expiration':") + exp + "}")
                                                   << Outcome::Transient << qint64(-1);
        QTest::newRow("garbage expiration") << 200 << QByteArray(q("{'access_token':'a','expiration':'soon'}"))
                                            << Outcome::Transient << qint64(-1);
        QTest::newRow("expiration in the past") << 200
                                                << QByteArray(q("{'access_token':'a','expiration':") + QByteArray::number(kNowSecs - 5) + "}")
                                                << Outcome::Transient << qint64(-1);
        QTest::newRow("absurd expiration") << 200 << QByteArray(q("{'access_token':'a','expiration':1e300}"))
                                           << Outcome::Transient << qint64(-1);
        QTest::newRow("negative expiration") << 200 << QByteArray(q("{'access_token':'a','expiration':-1}"))
                                             << Outcome::Transient << qint64(-1);
    }

    void personal()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(Outcome, outcome);
        QFETCH(qint64, expirySecs);
        const RefreshResult r = TokenReplyParser::parsePersonal(status, body, kNow);
        QCOMPARE(r.outcome, outcome);
        QCOMPARE(r.httpStatus, status);
        QVERIFY(!r.message.isEmpty());
        if (outcome == Outcome::Success) {
            QVERIFY(!r.accessToken.isEmpty());
            QVERIFY(r.refreshToken.isEmpty()); // api_access.php never sends one
            QCOMPARE(r.accessExpiry.timeSpec(), Qt::UTC);
        } else {
            QVERIFY(r.accessToken.isEmpty());
        }
        if (expirySecs >= 0)
            QCOMPARE(r.accessExpiry.toSecsSinceEpoch(), expirySecs);
    }

    void oauth_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<qint64>("expirySecs");
        QTest::addColumn<QString>("refresh");
        QTest::addColumn<QStringList>("scopes");

        const QStringList none;
        QTest::newRow("documented (expires_in string)")
            << 200
            << QByteArray(q("{'access_token':'a1','token_type':'Bearer','expires_in':'86400','refresh_token':'r2','scope':'read_agency read_alert'}"))
            << Outcome::Success << kNowSecs + 86400 << QStringLiteral("r2")
            << QStringList{QStringLiteral("read_agency"), QStringLiteral("read_alert")};
        QTest::newRow("expires_in number") << 200
                                           << QByteArray(q("{'access_token':'a1','token_type':'bearer','expires_in':3600}"))
                                           << Outcome::Success << kNowSecs + 3600 << QString() << none;
        QTest::newRow("no expires_in") << 200 << QByteArray(q("{'access_token':'a1'}")) << Outcome::Success
                                       << kNowSecs + 86400 << QString() << none;
        QTest::newRow("scope array") << 200
                                     << QByteArray(q("{'access_token':'a1','expires_in':'60','scope':['read_device']}"))
                                     << Outcome::Success << kNowSecs + 60 << QString()
                                     << QStringList{QStringLiteral("read_device")};
        QTest::newRow("invalid_grant 400") << 400 << QByteArray(q("{'error':'invalid_grant','error_description':'expired'}"))
                                           << Outcome::Rejected << qint64(-1) << QString() << none;
        QTest::newRow("invalid_client 401") << 401 << QByteArray(q("{'error':'invalid_client'}"))
                                            << Outcome::Rejected << qint64(-1) << QString() << none;
        QTest::newRow("invalid_grant with 200") << 200 << QByteArray(q("{'error':'invalid_grant'}"))
                                                << Outcome::Rejected << qint64(-1) << QString() << none;
        QTest::newRow("400 html") << 400 << QByteArray("<html>bad</html>") << Outcome::Rejected << qint64(-1)
                                  << QString() << none;
        QTest::newRow("400 temporarily_unavailable") << 400 << QByteArray(q("{'error':'temporarily_unavailable'}"))
                                                     << Outcome::Transient << qint64(-1) << QString() << none;
        QTest::newRow("html 200") << 200 << QByteArray("<html><body>Login</body></html>") << Outcome::Rejected
                                  << qint64(-1) << QString() << none;
        QTest::newRow("502") << 502 << QByteArray() << Outcome::Transient << qint64(-1) << QString() << none;
        QTest::newRow("truncated") << 200 << QByteArray(q("{'access_token':'a1','expi")) << Outcome::Transient
                                   << qint64(-1) << QString() << none;
        QTest::newRow("expires_in garbage") << 200 << QByteArray(q("{'access_token':'a1','expires_in':'x'}"))
                                            << Outcome::Transient << qint64(-1) << QString() << none;
        QTest::newRow("expires_in zero") << 200 << QByteArray(q("{'access_token':'a1','expires_in':0}"))
                                         << Outcome::Transient << qint64(-1) << QString() << none;
        QTest::newRow("expires_in under a second") << 200 << q("{'access_token':'a1','expires_in':0.6}")
                                                   << Outcome::Transient << qint64(-1) << QString() << none;
        QTest::newRow("wrong token type") << 200 << QByteArray(q("{'access_token':'a1','token_type':'mac'}"))
                                          << Outcome::Transient << qint64(-1) << QString() << none;
    }

    void oauth()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(Outcome, outcome);
        QFETCH(qint64, expirySecs);
        QFETCH(QString, refresh);
        QFETCH(QStringList, scopes);
        const RefreshResult r = TokenReplyParser::parseOAuth(status, body, kNow);
        QCOMPARE(r.outcome, outcome);
        QVERIFY(!r.message.isEmpty());
        if (expirySecs >= 0)
            QCOMPARE(r.accessExpiry.toSecsSinceEpoch(), expirySecs);
        if (outcome == Outcome::Success) {
            QCOMPARE(r.refreshToken, refresh);
            QCOMPARE(r.scopes, scopes);
        }
    }

    // Messages are for people and end up in logs: they must never echo the body.
    void messagesNeverEchoTheBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("error code is a token") << QByteArray(q("{'error':'SECRETtok3nSECRETtok3n'}"));
        QTest::newRow("html") << QByteArray("<html><p>SECRETtok3nSECRETtok3n</p></html>");
        QTest::newRow("broken") << QByteArray(q("{'access_token':'SECRETtok3nSECRETtok3n"));
    }
    void messagesNeverEchoTheBody()
    {
        QFETCH(QByteArray, body);
        for (int status : {200, 400, 500}) {
            QVERIFY(!TokenReplyParser::parsePersonal(status, body, kNow).message.contains(QLatin1String("SECRET")));
            QVERIFY(!TokenReplyParser::parseOAuth(status, body, kNow).message.contains(QLatin1String("SECRET")));
        }
    }
};

QTEST_GUILESS_MAIN(TstTokenReplyParser)
#include "tst_tokenreplyparser.moc"
