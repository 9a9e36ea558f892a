// JsonIndenter must write exactly what QJsonDocument writes, and say when it could not.
#include "jsonindenter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace a911;

namespace {

QByteArray qtIndented(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).toJson(QJsonDocument::Indented);
}

/// A random document of the kinds of text the API and hand-written bodies hold.
class RandomJson
{
public:
    explicit RandomJson(quint32 seed)
        : m_rng(seed)
    {
    }

    QByteArray document()
    {
        QByteArray out;
        if (m_rng.bounded(2))
            object(&out, 0);
        else
            array(&out, 0);
        return out;
    }

private:
    int pick(int n) { return int(m_rng.bounded(n)); }
    void space(QByteArray *out)
    {
        static const char *const spaces[] = {"", "", "", " ", "\n", "\t", "\r\n  "};
        out->append(spaces[pick(7)]);
    }
    void value(QByteArray *out, int depth)
    {
        switch (pick(depth > 4 ? 4 : 7)) {
        case 0:
            number(out);
            break;
        case 1:
            string(out, false);
            break;
        case 2:
            out->append(pick(2) ? "true" : (pick(2) ? "false" : "null"));
            break;
        case 3:
            number(out);
            break;
        case 4:
        case 5:
            object(out, depth + 1);
            break;
        default:
            array(out, depth + 1);
        }
    }
    void number(QByteArray *out)
    {
        static const char *const fixed[] = {"0",
                                            "-0",
                                            "1",
                                            "-1",
                                            "0.5",
                                            "-0.0",
                                            "1.0",
                                            "1.25e3",
                                            "1E5",
                                            "1e-7",
                                            "2.5E+10",
                                            "123456789012345678",
                                            "1234567890123456789",
                                            "9223372036854775807",
                                            "-9223372036854775808",
                                            "9223372036854775808",
                                            "18446744073709551616",
                                            "0.1",
                                            "0.30000000000000004",
                                            "1e300",
                                            "-1.5e-300",
                                            "100.000",
                                            "45.5231",
                                            "-122.6765",
                                            "3.141592653589793238462643383279"};
        switch (pick(3)) {
        case 0:
            out->append(fixed[pick(int(std::size(fixed)))]);
            break;
        case 1:
            out->append(QByteArray::number(qint64(m_rng.generate64()) >> pick(64)));
            break;
        default: {
            const double d = (m_rng.generateDouble() - 0.5) * std::pow(10.0, pick(40) - 20);
            out->append(QByteArray::number(d, "gef"[pick(3)], pick(18)));
        }
        }
    }
    void string(QByteArray *out, bool key)
    {
        static const char *const pieces[] = {"a",
                                             "id",
                                             "uri",
                                             "Z",
                                             "_",
                                             " ",
                                             "/",
                                             "\\/",
                                             "\\\"",
                                             "\\\\",
                                             "\\n",
                                             "\\t",
                                             "\\b",
                                             "\\f",
                                             "\\r",
                                             "\\u0041",
                                             "\\u001f",
                                             "\\u0000",
                                             "\\u007f",
                                             "\x7f",
                                             "\\u00e9",
                                             "\xc3\xa9",
                                             "\xe2\x82\xac",
                                             "\xf0\x9f\x98\x80",
                                             "\\ud83d\\ude00",
                                             "\\u20AC",
                                             "\xef\xbf\xbe",
                                             "\t",
                                             "\x01",
                                             "<b>",
                                             "&amp;",
                                             "0",
                                             "9"};
        // Keys stay ASCII (or the fast path hands the document to Qt, which the
        // fallback tests cover).
        static const int asciiPieces = 20;
        out->append('"');
        const int n = pick(key ? 4 : 8);
        for (int i = 0; i < n; ++i)
            out->append(pieces[pick(key ? asciiPieces : int(std::size(pieces)))]);
        out->append('"');
    }
    void object(QByteArray *out, int depth)
    {
        out->append('{');
        space(out);
        const int n = depth > 4 ? 0 : pick(6);
        QSet<QString> keys;
        for (int i = 0; i < n; ++i) {
            QByteArray key;
            string(&key, true);
            // Duplicates (after decoding: "/" and "\/") go to QJsonDocument; tested apart.
            const QString decoded =
                QJsonDocument::fromJson('{' + key + ":0}").object().keys().value(0);
            if (keys.contains(decoded))
                continue;
            keys.insert(decoded);
            if (!keys.isEmpty() && keys.size() > 1)
                out->append(',');
            space(out);
            out->append(key);
            space(out);
            out->append(':');
            space(out);
            value(out, depth);
            space(out);
        }
        out->append('}');
    }
    void array(QByteArray *out, int depth)
    {
        out->append('[');
        space(out);
        const int n = depth > 4 ? 0 : pick(6);
        for (int i = 0; i < n; ++i) {
            if (i)
                out->append(',');
            space(out);
            value(out, depth);
            space(out);
        }
        out->append(']');
    }

    QRandomGenerator m_rng;
};

} // namespace

class TestJsonIndenter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsQJsonDocument_data();
    void sameAsQJsonDocument();
    void randomDocuments();
    void errorsAsQJsonDocument_data();
    void errorsAsQJsonDocument();
    void members_data();
    void members();
    void largeAlertList();
    void reuse();
};

// Defined outside the class: moc does not follow the raw strings below.

void TestJsonIndenter::sameAsQJsonDocument_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("fast"); // whether the one-pass path must handle it

    QTest::newRow("empty object") << QByteArray("{}") << true;
    QTest::newRow("empty array") << QByteArray("[]") << true;
    QTest::newRow("spaces around") << QByteArray(" \r\n\t{ } \n") << true;
    QTest::newRow("nested empties")
        << QByteArray(R"({"a":{},"b":[],"c":[{},[],[[]],{"d":{}}],"e":{"f":[]}})") << true;
    QTest::newRow("envelope") << QByteArray(R"({"result":"success","message":{"alerts":[)"
                                            R"({"id":1,"uri":"https://x/alerts/1"}]}})")
                              << true;
    QTest::newRow("unsorted keys")
        << QByteArray(R"({"zeta":1,"alpha":{"y":2,"x":3,"b":[{"q":1,"p":2}]},"mid":[]})") << true;
    QTest::newRow("keys: prefix, case, underscore")
        << QByteArray(R"({"ab":1,"a":2,"B":3,"_":4,"a_b":5,"aB":6,"":7})") << true;
    QTest::newRow("escaped ASCII keys")
        << QByteArray(R"({"b\u0041":1,"a\n":2,"a\"":3,"\/":4,"\\":5})") << true;
    QTest::newRow("integers") << QByteArray(
                                     "[0,-0,1,-1,42,123456789012345678,-123456789012345678,"
                                     "1234567890123456789,9223372036854775807,-9223372036854775808,"
                                     "9007199254740993]")
                              << true;
    QTest::newRow("integers past 64 bits")
        << QByteArray("[9223372036854775808,-9223372036854775809,18446744073709551615,"
                      "18446744073709551616,123456789012345678901234567890]")
        << true;
    QTest::newRow("doubles")
        << QByteArray("[0.5,-0.5,1.0,-0.0,0.0,100.000,1e2,1E5,1e-7,2.5E+10,1e20,1e300,"
                      "-1.5e-300,0.1,0.30000000000000004,45.5231,-122.6765,"
                      "3.141592653589793238462643383279,4.9e-324,1.7976931348623157e308,"
                      "9223372036854775808.0,-9223372036854775808.0,1e19,123.456e3]")
        << true;
    QTest::newRow("numbers as strings") << QByteArray(R"({"id":"123","lat":"45.50"})") << true;
    QTest::newRow("literals") << QByteArray("[true,false,null,[null],{\"n\":null}]") << true;
    QTest::newRow("escapes")
        << QByteArray(R"(["\"\\\/\b\f\n\r\t","\u0000\u0001\u001f\u0020\u007f","a\/b"])") << true;
    QTest::newRow("unicode escapes")
        << QByteArray(R"(["\u00e9\u00E9","\u20ac","\ud83d\ude00","\uD834\uDD1E","\uFFFD"])")
        << true;
    QTest::newRow("raw UTF-8")
        << QByteArray("[\"caf\xc3\xa9\",\"\xe2\x82\xac\",\"\xf0\x9f\x98\x80\",\"\xef\xbf\xbe\","
                      "\"\xf4\x8f\xbf\xbf\"]")
        << true;
    QTest::newRow("raw control characters")
        << QByteArray("[\"tab\there\",\"bell\x07\",\"del\x7f\"]") << true;
    QTest::newRow("deep nesting") << (QByteArray(300, '[') + QByteArray("1") + QByteArray(300, ']'))
                                  << true;
    QTest::newRow("huge array") << ('[' + QByteArray("1,").repeated(100000) + "2]") << true;

    // Handed to QJsonDocument: the result must still be Qt's.
    QTest::newRow("duplicate keys") << QByteArray(R"({"a":1,"b":2,"a":3})") << false;
    QTest::newRow("duplicate keys, unsorted") << QByteArray(R"({"b":1,"a":2,"b":3})") << false;
    QTest::newRow("non-ASCII keys")
        << QByteArray("{\"z\":1,\"\xc3\xa9\":2,\"\xef\xbf\xbd\":3,\"\xf0\x9f\x98\x80\":4,"
                      "\"\\ud83d\\ude01\":5,\"\\uFFFC\":6}")
        << false;
    QTest::newRow("lone surrogates") << QByteArray(R"(["\ud800x","\udc00"])") << false;
    QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf{\"a\":1}") << false;
    QTest::newRow("unknown escapes") << QByteArray(R"(["\x41\a\q"])") << false;
    QTest::newRow("lenient numbers") << QByteArray("[1.,2.e3]") << false;
    QTest::newRow("very deep nesting") << (QByteArray(600, '[') + QByteArray(600, ']')) << false;
}

void TestJsonIndenter::sameAsQJsonDocument()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, fast);
    QJsonParseError qtError{};
    QJsonDocument::fromJson(json, &qtError);
    QCOMPARE(qtError.error, QJsonParseError::NoError); // the row itself is valid JSON
    JsonIndenter indenter;
    QVERIFY(indenter.indent(json));
    QCOMPARE(indenter.text(), qtIndented(json));
    QCOMPARE(indenter.usedFastPath(), fast);
    QCOMPARE(indenter.error().error, QJsonParseError::NoError);
}

void TestJsonIndenter::randomDocuments()
{
    // Deterministic: a failure names the seed, which reproduces it.
    for (quint32 seed = 1; seed <= 3000; ++seed) {
        const QByteArray json = RandomJson(seed).document();
        JsonIndenter indenter;
        QVERIFY2(indenter.indent(json), json.constData());
        const QByteArray expected = qtIndented(json);
        if (indenter.text() != expected) {
            qWarning("seed %u: %s", seed, json.constData());
            QCOMPARE(indenter.text(), expected);
        }
        QVERIFY2(indenter.usedFastPath(), json.constData());
    }
}

void TestJsonIndenter::errorsAsQJsonDocument_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank") << QByteArray(" \n");
    QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>");
    QTest::newRow("scalar") << QByteArray("\"just a string\"");
    QTest::newRow("number") << QByteArray("42");
    QTest::newRow("truncated") << QByteArray(R"({"result":"success","message":{"alerts":[{)");
    QTest::newRow("truncated string") << QByteArray(R"(["abc)");
    QTest::newRow("trailing comma") << QByteArray("[1,2,]");
    QTest::newRow("garbage after") << QByteArray("{} x");
    QTest::newRow("two documents") << QByteArray("{}{}");
    QTest::newRow("leading zero") << QByteArray("[01]");
    QTest::newRow("short unicode escape") << QByteArray(R"(["\u12"])");
    QTest::newRow("invalid UTF-8") << QByteArray("[\"\xc3\x28\"]");
    QTest::newRow("encoded surrogate") << QByteArray("[\"\xed\xa0\x80\"]");
    QTest::newRow("overlong") << QByteArray("[\"\xc0\x80\"]");
    QTest::newRow("past U+10FFFF") << QByteArray("[\"\xf4\x90\x80\x80\"]");
    QTest::newRow("number overflow") << QByteArray("[1e400]");
    QTest::newRow("bare minus") << QByteArray("[-]");
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})");
    QTest::newRow("unquoted key") << QByteArray("{a:1}");
    QTest::newRow("bad literal") << QByteArray("[tru]");
    QTest::newRow("too deep") << (QByteArray(2000, '[') + QByteArray(2000, ']'));
}

void TestJsonIndenter::errorsAsQJsonDocument()
{
    QFETCH(QByteArray, json);
    QJsonParseError qtError{};
    QJsonDocument::fromJson(json, &qtError);
    QVERIFY(qtError.error != QJsonParseError::NoError);
    JsonIndenter indenter;
    QVERIFY(!indenter.indent(json));
    QVERIFY(indenter.text().isEmpty());
    QCOMPARE(indenter.error().error, qtError.error);
    QCOMPARE(indenter.error().offset, qtError.offset);
    QVERIFY(!indenter.isObject());
    QVERIFY(indenter.member(QLatin1String("result")).isUndefined());
}

void TestJsonIndenter::members_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("isObject");
    QTest::addColumn<QJsonValue>("result");
    QTest::addColumn<QJsonValue>("message");
    QTest::newRow("success") << QByteArray(R"({"result":"success","message":{"n":[1,2]}})") << true
                             << QJsonValue(QStringLiteral("success"))
                             << QJsonValue(QJsonObject{{QStringLiteral("n"), QJsonArray{1, 2}}});
    QTest::newRow("error, escaped")
        << QByteArray(R"({"message":"no \"such\" alert","result":"error"})") << true
        << QJsonValue(QStringLiteral("error")) << QJsonValue(QStringLiteral("no \"such\" alert"));
    QTest::newRow("false result") << QByteArray(R"({ "result" : false })") << true
                                  << QJsonValue(false) << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("escaped key") << QByteArray(R"({"res\u0075lt":"error"})") << true
                                 << QJsonValue(QStringLiteral("error"))
                                 << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("nested result is not the envelope's")
        << QByteArray(R"({"message":{"result":"error"}})") << true
        << QJsonValue(QJsonValue::Undefined)
        << QJsonValue(QJsonObject{{QStringLiteral("result"), QStringLiteral("error")}});
    QTest::newRow("array") << QByteArray(R"([{"result":"error"}])") << false
                           << QJsonValue(QJsonValue::Undefined)
                           << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("fallback (duplicate key)")
        << QByteArray(R"({"result":"success","result":"error","message":"x"})") << true
        << QJsonValue(QStringLiteral("error")) << QJsonValue(QStringLiteral("x"));
}

void TestJsonIndenter::members()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, isObject);
    QFETCH(QJsonValue, result);
    QFETCH(QJsonValue, message);
    JsonIndenter indenter;
    QVERIFY(indenter.indent(json));
    QCOMPARE(indenter.isObject(), isObject);
    QCOMPARE(indenter.member(QLatin1String("result")), result);
    QCOMPARE(indenter.member(QLatin1String("message")), message);
    // Agrees with the document itself.
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (doc.isObject())
        QCOMPARE(indenter.member(QLatin1String("result")),
                 doc.object().value(QLatin1String("result")));
}

void TestJsonIndenter::largeAlertList()
{
    // Alert-shaped objects with keys in service order (unsorted), as the API sends them.
    QByteArray json = R"({"result":"success","message":{"alerts":[)";
    for (int i = 0; i < 5000; ++i) {
        if (i)
            json += ',';
        json += R"({"id":)" + QByteArray::number(100000 + i) + R"(,"received":"2024-01-0)" +
                QByteArray::number(i % 9 + 1) +
                R"( 10:00:00","description":"Fire \/ EMS – \"structure\"\n","lat":)" +
                QByteArray::number(45.0 + i / 7919.0, 'g', 12) + R"(,"lon":-122.)" +
                QByteArray::number(i) + R"(,"pagegroups":[],"details":{},"uri":)" +
                R"("https://access.active911.com/interface/open_api/api/alerts/)" +
                QByteArray::number(100000 + i) + R"("})";
    }
    json += "]}}";
    JsonIndenter indenter;
    QVERIFY(indenter.indent(json));
    QVERIFY(indenter.usedFastPath());
    QCOMPARE(indenter.text(), qtIndented(json));
    QCOMPARE(indenter.takeText().size(), qtIndented(json).size());
    QVERIFY(indenter.text().isEmpty());
}

void TestJsonIndenter::reuse()
{
    JsonIndenter indenter;
    QVERIFY(indenter.indent(R"({"result":"error"})"));
    QVERIFY(!indenter.indent("<html>"));
    QVERIFY(!indenter.isObject());
    QVERIFY(indenter.member(QLatin1String("result")).isUndefined());
    QVERIFY(indenter.indent("[1]"));
    QCOMPARE(indenter.error().error, QJsonParseError::NoError);
    QCOMPARE(indenter.text(), QByteArray("[\n    1\n]\n"));
}

QTEST_GUILESS_MAIN(TestJsonIndenter)
#include "tst_jsonindenter.moc"
