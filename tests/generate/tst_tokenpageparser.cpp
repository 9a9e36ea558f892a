// The paste route's parser: what people copy out of the token page, in all its shapes.
#include "tokenpageparser.h"

#include <QTest>

using namespace a911;

namespace {
const QString kAccess = QStringLiteral("9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6");
const QString kRefresh = QStringLiteral("4b1d2c3e4f5061728394a5b6c7d8e9f0a1b2c3d4");
} // namespace

class TstTokenPageParser final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void looksLikeToken_data();
    void looksLikeToken();
    void parseText_data();
    void parseText();
    void parseFields();
    void parseHtml_data();
    void parseHtml();
    void parseCaptureResult();
    void mask();
};

void TstTokenPageParser::looksLikeToken_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<bool>("token");
    QTest::newRow("hex40") << kAccess << true;
    QTest::newRow("base64url") << QStringLiteral("aZ09-_aZ09-_aZ09-_aZ") << true;
    QTest::newRow("jwt-ish") << QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2ln") << true;
    QTest::newRow("word") << QStringLiteral("expires") << false;
    QTest::newRow("long word") << QStringLiteral("Authorizationheaderwordsonly") << false;
    QTest::newRow("date") << QStringLiteral("2026-01-02") << false;
    QTest::newRow("digits") << QStringLiteral("12345678901234567890") << false;
    QTest::newRow("short") << QStringLiteral("abc123") << false;
    QTest::newRow("space inside") << QStringLiteral("abc123 abc123 abc123") << false;
    QTest::newRow("ampersand") << QStringLiteral("abc123abc123&abc123") << false;
}

void TstTokenPageParser::looksLikeToken()
{
    QFETCH(QString, word);
    QFETCH(bool, token);
    QCOMPARE(TokenPageParser::looksLikeToken(word), token);
}

void TstTokenPageParser::parseText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("access");
    QTest::addColumn<QString>("refresh");

    const QString a = kAccess;
    const QString r = kRefresh;
    // Firefox copies a table row as cells separated by tabs.
    QTest::newRow("firefox table") << QStringLiteral(
        "Active911local replica\nYour API tokens\n\nTokens for Station 41 Fire. Keep them secret.\n\n"
        "    read_agency Read agency information (name, address, devices)\n"
        "    read_alert Read all alerts of the agency\n\n"
        "Access Token\t%1\nRefresh Token\t%2\nAccess token expires\t2026-01-02 12:00:00 UTC\n"
        "Use this in the api\n\nGenerate more tokens · Sign out\n").arg(a, r)
                                    << a << r;
    // Chrome puts every cell on its own line.
    QTest::newRow("chrome table") << QStringLiteral(
        "Your API tokens\nTokens for Station 41 Fire. Keep them secret.\n"
        "Access Token\n%1\nRefresh Token\n%2\nAccess token expires\n2026-01-02 12:00:00 UTC\n"
        "Use this in the api\n").arg(a, r)
                                  << a << r;
    QTest::newRow("colons") << QStringLiteral("Access Token: %1\nRefresh Token: %2\n").arg(a, r)
                            << a << r;
    QTest::newRow("colon no space") << QStringLiteral("Access Token:%1\r\nRefresh Token:%2").arg(a, r)
                                    << a << r;
    QTest::newRow("windows line endings blank lines")
        << QStringLiteral("Access Token\r\n\r\n   %1  \r\n\r\nRefresh Token\r\n\r\n\t%2\r\n").arg(a, r)
        << a << r;
    QTest::newRow("old mac line endings")
        << QStringLiteral("Access Token\r%1\rRefresh Token\r%2\r").arg(a, r) << a << r;
    QTest::newRow("quotes") << QStringLiteral("Access Token: \"%1\"\nRefresh Token: '%2'\n").arg(a, r)
                            << a << r;
    QTest::newRow("smart quotes")
        << QStringLiteral("Access Token “%1”\nRefresh Token ‘%2’").arg(a, r) << a << r;
    QTest::newRow("wrong order") << QStringLiteral("Refresh Token\t%2\nAccess Token\t%1\n").arg(a, r)
                                 << a << r;
    QTest::newRow("one line") << QStringLiteral("Access Token: %1 Refresh Token: %2").arg(a, r)
                              << a << r;
    QTest::newRow("lower case snake") << QStringLiteral("access_token=%1\nrefresh_token=%2").arg(a, r)
                                      << a << r;
    QTest::newRow("query string")
        << QStringLiteral("https://console.active911.com/interface/dev/api_test.php?access_token=%1"
                          "&refresh_token=%2")
               .arg(a, r)
        << a << r;
    QTest::newRow("json") << QStringLiteral("{\"access_token\": \"%1\", \"refresh_token\": \"%2\"}")
                                 .arg(a, r)
                          << a << r;
    QTest::newRow("nbsp and upper case")
        << QStringLiteral("ACCESS\u00a0TOKEN\u00a0%1\nREFRESH TOKEN %2").arg(a, r) << a << r;
    QTest::newRow("extra text between label and value")
        << QStringLiteral("Access Token (keep it secret)\n%1\nRefresh Token (valid one year)\n%2")
               .arg(a, r)
        << a << r;
    QTest::newRow("only access") << QStringLiteral("Access Token\t%1\n").arg(a) << a << QString();
    QTest::newRow("only refresh") << QStringLiteral("blah\nRefresh Token\n%1\nmore").arg(r)
                                  << QString() << r;
    QTest::newRow("empty access value stops at next label")
        << QStringLiteral("Access Token\nRefresh Token\n%1\n").arg(r) << QString() << r;
    QTest::newRow("none") << QStringLiteral("Sign in\nEmail\nPassword\nSign in") << QString()
                          << QString();
    QTest::newRow("labels without tokens")
        << QStringLiteral("An access token of 40 characters was received, with its refresh token.")
        << QString() << QString();
    QTest::newRow("expiry row is not a token")
        << QStringLiteral("Access token expires\t2026-01-02 12:00:00 UTC\nAccess Token\t%1").arg(a)
        << a << QString();
    QTest::newRow("unlabelled tokens are not guessed") << QStringLiteral("%1\n%2").arg(a, r)
                                                       << QString() << QString();
    QTest::newRow("empty") << QString() << QString() << QString();
}

void TstTokenPageParser::parseText()
{
    QFETCH(QString, text);
    QFETCH(QString, access);
    QFETCH(QString, refresh);
    const CapturedTokens found = TokenPageParser::parseText(text);
    QCOMPARE(found.accessToken, access);
    QCOMPARE(found.refreshToken, refresh);
    QStringList missing;
    if (access.isEmpty())
        missing << QStringLiteral("access token");
    if (refresh.isEmpty())
        missing << QStringLiteral("refresh token");
    QCOMPARE(found.missing(), missing);
    QCOMPARE(found.isComplete(), missing.isEmpty());
}

void TstTokenPageParser::parseFields()
{
    const CapturedTokens found = TokenPageParser::parseFields(
        {{QStringLiteral("action"), QStringLiteral("confirm")},
         {QStringLiteral("access_token_expires"), QStringLiteral("2026-01-02")},
         {QStringLiteral("refreshToken"), kRefresh},
         {QStringLiteral("Access Token"), kAccess},
         {QStringLiteral("access_token"), QStringLiteral("second-one-ignored-1234567")}});
    QCOMPARE(found.accessToken, kAccess);
    QCOMPARE(found.refreshToken, kRefresh);
}

void TstTokenPageParser::parseHtml_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("complete");
    const QString dir = qEnvironmentVariable("A911_SOURCE_DIR") + QLatin1String("/tests/data/pages/");
    const QStringList complete{QStringLiteral("labels-text.html"),   QStringLiteral("inputs.html"),
                               QStringLiteral("textareas.html"),     QStringLiteral("code-pre.html"),
                               QStringLiteral("table-cells.html"),   QStringLiteral("api-form-only.html"),
                               QStringLiteral("link-query.html"),    QStringLiteral("definition-list.html")};
    for (const QString &f : complete)
        QTest::newRow(qPrintable(f)) << dir + f << true;
    QTest::newRow("no-tokens.html") << dir + QStringLiteral("no-tokens.html") << false;
}

void TstTokenPageParser::parseHtml()
{
    QFETCH(QString, file);
    QFETCH(bool, complete);
    QFile f(file);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
    const CapturedTokens found = TokenPageParser::parseHtml(QString::fromUtf8(f.readAll()));
    if (complete) {
        QCOMPARE(found.accessToken, kAccess);
        QCOMPARE(found.refreshToken, kRefresh);
    } else {
        QVERIFY(found.isEmpty());
    }
}

void TstTokenPageParser::parseCaptureResult()
{
    const QString json = QStringLiteral(
        "{\"fields\":[[\"access_token\",\"%1\"]],\"text\":\"x\\nRefresh Token\\t%2\\n\"}")
                             .arg(kAccess, kRefresh);
    const CapturedTokens found = TokenPageParser::parseCaptureResult(json);
    QCOMPARE(found.accessToken, kAccess);
    QCOMPARE(found.refreshToken, kRefresh);
    QVERIFY(TokenPageParser::parseCaptureResult(QStringLiteral("not json")).isEmpty());
}

void TstTokenPageParser::mask()
{
    const QString m = TokenPageParser::mask(kAccess);
    QVERIFY(m.startsWith(kAccess.left(4)));
    QVERIFY(m.contains(kAccess.right(4)));
    QVERIFY(!m.contains(kAccess.mid(4, 8)));
    QVERIFY(!TokenPageParser::mask(QStringLiteral("short")).contains(QLatin1String("sh")));
}

QTEST_GUILESS_MAIN(TstTokenPageParser)
#include "tst_tokenpageparser.moc"
