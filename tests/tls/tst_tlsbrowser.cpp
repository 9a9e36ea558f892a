// The embedded browser (ui/browser plugin) refuses a certificate it cannot trust and
// says why: the page behind it never loads, no request crosses, the location is not
// called secure.
#include "browserflow.h"
#include "browserloader.h"
#include "testenv.h"
#include "tlstestserver.h"

#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace a911;
using a911::test::TlsTestServer;

class TstTlsBrowser final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { A911_REQUIRE_THROWAWAY_ENV(); }
    void certificateErrorIsRefusedAndExplained();
};

void TstTlsBrowser::certificateErrorIsRefusedAndExplained()
{
    QString why;
    BrowserFlowPlugin *plugin = loadBrowserPlugin(&why);
    QVERIFY2(plugin, qPrintable(why));
    TlsTestServer server;
    QVERIFY2(server.start(&why), qPrintable(why));

    QTemporaryDir storage;
    BrowserOptions options;
    options.profileName = QStringLiteral("a911desk-test");
    options.storagePath = storage.path();
    options.allowedOrigins = {server.origin()};
    QString failure;
    int finished = 0;
    bool anyOk = false;
    QList<bool> secureStates;
    BrowserCallbacks callbacks;
    callbacks.loadFailed = [&](const QString &m) { failure = m; };
    callbacks.loadFinished = [&](bool ok) {
        ++finished;
        anyOk = anyOk || ok;
    };
    callbacks.locationChanged = [&](const QString &, bool secure) { secureStates << secure; };
    QWidget window;
    BrowserPane *pane = plugin->createPane(options, callbacks, &window);
    QVERIFY(pane);
    pane->widget()->resize(800, 600);
    window.show();

    const QUrl url = server.origin().resolved(QUrl(QStringLiteral("/interface/dev/oauth_gen.php")));
    pane->load(url);
    QTRY_VERIFY_WITH_TIMEOUT(!failure.isEmpty(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(finished >= 1, 20000);
    QVERIFY(!anyOk);

    // Explained: the certificate is named, and so is the host.
    QVERIFY2(failure.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
             qPrintable(failure));
    QVERIFY2(failure.contains(QLatin1String("127.0.0.1")), qPrintable(failure));
    auto *label = pane->widget()->findChild<QLabel *>(QStringLiteral("loadError"));
    QVERIFY(label);
    QTRY_VERIFY(label->isVisible());
    QCOMPARE(label->text(), failure);
    auto *retry = pane->widget()->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry && retry->isVisible());
    // Never called secure.
    QVERIFY(!secureStates.contains(true));

    // Refused: the page's text never arrived, nor did any request reach the server.
    QVariant text;
    bool answered = false;
    pane->runJavaScript(QStringLiteral("document.body ? document.body.innerText : ''"),
                        [&](const QVariant &v) {
                            text = v;
                            answered = true;
                        });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 20000);
    QVERIFY2(!text.toString().contains(QString::fromLatin1(TlsTestServer::marker())),
             qPrintable(text.toString()));
    QVERIFY(server.handshakesStarted() >= 1);
    QCOMPARE(server.handshakesCompleted(), 0);
    QVERIFY2(server.received().isEmpty(), server.received().constData());

    // Retry asks again and is refused again, with the same explanation.
    failure.clear();
    retry->click();
    QTRY_VERIFY_WITH_TIMEOUT(!failure.isEmpty(), 60000);
    QVERIFY2(failure.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
             qPrintable(failure));
    QVERIFY(!anyOk);
    QVERIFY(server.received().isEmpty());
    delete pane->widget();
}

QTEST_MAIN(TstTlsBrowser)
#include "tst_tlsbrowser.moc"
