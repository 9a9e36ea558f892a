// Service addresses: the checks every URL passes, and command-line overrides that
// replace only the bases they name.
#include "serviceurls.h"

#include <QTest>

using a911::ServiceUrlOverrides;
using a911::ServiceUrls;

class TstServiceUrls final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validate_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::newRow("https") << QStringLiteral("https://access.active911.com/x/") << true;
        QTest::newRow("http loopback") << QStringLiteral("http://127.0.0.1:8080/x/") << true;
        QTest::newRow("http localhost") << QStringLiteral("http://localhost/x/") << true;
        QTest::newRow("http remote") << QStringLiteral("http://example.org/x/") << false;
        QTest::newRow("relative") << QStringLiteral("/interface/dev/") << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://example.org/") << false;
        QTest::newRow("user info") << QStringLiteral("https://u:p@example.org/") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void validate()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        QCOMPARE(ServiceUrls::validate(QUrl(url)).isEmpty(), ok);
    }

    void overridesReplaceOnlyWhatIsGiven()
    {
        ServiceUrls stored = ServiceUrls::forOrigin(QUrl(QStringLiteral("https://stored.example")));
        ServiceUrlOverrides given;
        QVERIFY(given.isEmpty());
        QCOMPARE(given.over(stored), stored);
        QCOMPARE(given.set(QStringLiteral("api-url"), QStringLiteral("https://api.example/a/")),
                 QString());
        QVERIFY(!given.isEmpty());
        const ServiceUrls merged = given.over(stored);
        QCOMPARE(merged.api, QUrl(QStringLiteral("https://api.example/a/")));
        QCOMPARE(merged.console, stored.console);
        QCOMPARE(merged.oauth, stored.oauth);
    }

    void overridesRefuseBadAddresses()
    {
        ServiceUrlOverrides given;
        const QString why =
            given.set(QStringLiteral("console-url"), QStringLiteral("http://example.org/dev/"));
        QVERIFY2(why.startsWith(QLatin1String("--console-url: ")), qPrintable(why));
        QVERIFY(given.isEmpty()); // a refused address is not kept
        QVERIFY(!given.set(QStringLiteral("token-url"), QStringLiteral("https://x/")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstServiceUrls)
#include "tst_serviceurls.moc"
