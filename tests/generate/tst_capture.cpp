// capture.js and tickscopes.js in a real QWebEnginePage, against several token-page
// layouts (tests/data/pages), and the browser plugin's guard rails.
#include "browserflow.h"
#include "browserloader.h"
#include "replicaserver.h"
#include "tokenpageparser.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineProfile>

using namespace a911;

namespace {
const QString kAccess = QStringLiteral("9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6");
const QString kRefresh = QStringLiteral("4b1d2c3e4f5061728394a5b6c7d8e9f0a1b2c3d4");

QVariant runScript(QWebEnginePage &page, const QString &script)
{
    QVariant out;
    bool done = false;
    page.runJavaScript(script, [&](const QVariant &v) {
        out = v;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        qWarning("script did not finish");
    return out;
}

bool setHtml(QWebEnginePage &page, const QString &html)
{
    QSignalSpy loaded(&page, &QWebEnginePage::loadFinished);
    page.setHtml(html, QUrl(QStringLiteral("https://console.active911.com/interface/dev/oauth_gen.php")));
    return loaded.wait(30000) && loaded.first().first().toBool();
}
} // namespace

/// Catches what would go to the system browser.
class UrlCatcher final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls << url; }
};

class TstCapture final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void capture_data();
    void capture();
    void captureSeesTypedValues();
    void tickScopes();
    void pluginGuardsNavigation();
    void pluginShowsLoadErrors();

private:
    QWebEngineProfile *m_profile = nullptr;
};

void TstCapture::initTestCase()
{
    QVERIFY(!captureScript().isEmpty());
    m_profile = new QWebEngineProfile(this); // off the record: nothing on disk
}

void TstCapture::capture_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("complete");
    const QDir dir(qEnvironmentVariable("A911_SOURCE_DIR") + QLatin1String("/tests/data/pages"));
    const QStringList pages = dir.entryList({QStringLiteral("*.html")}, QDir::Files, QDir::Name);
    QVERIFY(pages.size() >= 8);
    for (const QString &p : pages)
        QTest::newRow(qPrintable(p)) << dir.absoluteFilePath(p) << (p != QLatin1String("no-tokens.html"));
}

void TstCapture::capture()
{
    QFETCH(QString, file);
    QFETCH(bool, complete);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QWebEnginePage page(m_profile);
    QVERIFY(setHtml(page, QString::fromUtf8(f.readAll())));
    const QVariant result = runScript(page, captureScript());
    QCOMPARE(result.typeId(), QMetaType::QString);
    const CapturedTokens found = TokenPageParser::parseCaptureResult(result.toString());
    if (complete) {
        QCOMPARE(found.accessToken, kAccess);
        QCOMPARE(found.refreshToken, kRefresh);
    } else {
        QVERIFY(found.isEmpty());
    }
    // Reading only: the page is where it was.
    QCOMPARE(page.url().host(), QStringLiteral("console.active911.com"));
}

void TstCapture::captureSeesTypedValues()
{
    // Values set by the page's own script after load (not in the markup) count too.
    QWebEnginePage page(m_profile);
    QVERIFY(setHtml(page, QStringLiteral(
        "<p>Access Token <input id=a></p><p>Refresh Token <input id=r></p>"
        "<script>document.getElementById('a').value='%1';"
        "document.getElementById('r').value='%2';</script>").arg(kAccess, kRefresh)));
    const CapturedTokens found = TokenPageParser::parseCaptureResult(
        runScript(page, captureScript()).toString());
    QCOMPARE(found.accessToken, kAccess);
    QCOMPARE(found.refreshToken, kRefresh);
}

void TstCapture::tickScopes()
{
    QWebEnginePage page(m_profile);
    QString boxes;
    const QStringList all{QStringLiteral("read_agency"),  QStringLiteral("read_alert"),
                          QStringLiteral("read_response"), QStringLiteral("read_device"),
                          QStringLiteral("read_mapdata"), QStringLiteral("write_mapdata")};
    for (const QString &s : all)
        boxes += QStringLiteral("<label><input type=\"checkbox\" name=\"scope[]\" value=\"%1\"%2> %1</label>")
                     .arg(s, s == QLatin1String("write_mapdata") ? QStringLiteral(" checked") : QString());
    QVERIFY(setHtml(page, QStringLiteral("<form>%1</form>").arg(boxes)));
    const QVariant n = runScript(page, tickScopesScript({QStringLiteral("read_agency"),
                                                         QStringLiteral("read_mapdata")}));
    QCOMPARE(n.toInt(), 6);
    const QString checked = runScript(page, QStringLiteral(
        "Array.from(document.querySelectorAll('input:checked')).map(function(b){return b.value;}).join(' ')"))
                                .toString();
    QCOMPARE(checked, QStringLiteral("read_agency read_mapdata"));

    // The documented space-delimited field.
    QVERIFY(setHtml(page, QStringLiteral("<form><input type=text name=scope></form>")));
    QCOMPARE(runScript(page, tickScopesScript({QStringLiteral("read_alert"), QStringLiteral("read_device")})).toInt(), 1);
    QCOMPARE(runScript(page, QStringLiteral("document.querySelector('input').value")).toString(),
             QStringLiteral("read_alert read_device"));

    // Not the scope page: nothing touched.
    QVERIFY(setHtml(page, QStringLiteral("<form><input type=checkbox name=remember></form>")));
    QCOMPARE(runScript(page, tickScopesScript({QStringLiteral("read_alert")})).toInt(), 0);
}

void TstCapture::pluginGuardsNavigation()
{
    QString why;
    BrowserFlowPlugin *plugin = loadBrowserPlugin(&why);
    QVERIFY2(plugin, qPrintable(why));

    replica::ReplicaServer replica;
    QVERIFY(replica.start());
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");

    QTemporaryDir storage;
    BrowserOptions options;
    options.profileName = QStringLiteral("a911desk-test");
    options.storagePath = storage.path();
    options.allowedOrigins = {replica.origin()};
    options.interceptPrefix = QUrl(QStringLiteral("http://localhost/callback"));
    bool loaded = false;
    QString host;
    QUrl external, captured;
    BrowserCallbacks callbacks;
    callbacks.loadFinished = [&](bool ok) { loaded = ok; };
    callbacks.locationChanged = [&](const QString &h, bool) { host = h; };
    callbacks.openedExternally = [&](const QUrl &u) { external = u; };
    callbacks.redirectCaptured = [&](const QUrl &u) { captured = u; };
    QWidget window;
    BrowserPane *pane = plugin->createPane(options, callbacks, &window);
    QVERIFY(pane);
    pane->widget()->resize(800, 600);
    window.show();

    pane->load(replica.consoleUrl().resolved(QUrl(QStringLiteral("oauth_gen.php"))));
    QTRY_VERIFY_WITH_TIMEOUT(loaded, 30000);
    QCOMPARE(host, QStringLiteral("127.0.0.1:%1").arg(replica.port()));
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("signInNote")));

    // A link to another host goes to the system browser, the pane stays.
    const QUrl before = pane->url();
    pane->runJavaScript(QStringLiteral("location.href='https://www.active911.com/help?x=1'"), {});
    QTRY_COMPARE_WITH_TIMEOUT(external.host(), QStringLiteral("www.active911.com"), 20000);
    QCOMPARE(catcher.urls.size(), 1);
    QCOMPARE(pane->url(), before);

    // The registered-app redirect is reported, never loaded.
    pane->runJavaScript(QStringLiteral("location.href='http://localhost/callback?code=abc&state=s'"), {});
    QTRY_COMPARE_WITH_TIMEOUT(captured.path(), QStringLiteral("/callback"), 20000);
    QCOMPARE(pane->url(), before);
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    delete pane->widget();
}

void TstCapture::pluginShowsLoadErrors()
{
    BrowserFlowPlugin *plugin = loadBrowserPlugin();
    QVERIFY(plugin);
    // A port nothing listens on: a refused connection, not a blank window.
    const QUrl dead(QStringLiteral("http://127.0.0.1:9/interface/dev/oauth_gen.php"));
    QTemporaryDir storage;
    BrowserOptions options;
    options.profileName = QStringLiteral("a911desk-test");
    options.storagePath = storage.path();
    options.allowedOrigins = {dead};
    QString failure;
    BrowserCallbacks callbacks;
    callbacks.loadFailed = [&](const QString &m) { failure = m; };
    BrowserPane *pane = plugin->createPane(options, callbacks, nullptr);
    pane->widget()->show();
    pane->load(dead);
    QTRY_VERIFY_WITH_TIMEOUT(!failure.isEmpty(), 30000);
    QVERIFY(failure.contains(QLatin1String("127.0.0.1")));
    auto *label = pane->widget()->findChild<QLabel *>(QStringLiteral("loadError"));
    QVERIFY(label && label->isVisible());
    QCOMPARE(label->text(), failure);
    auto *retry = pane->widget()->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry && retry->isVisible());
    failure.clear();
    retry->click(); // tries again, fails again, says so again
    QTRY_VERIFY_WITH_TIMEOUT(!failure.isEmpty(), 30000);
    delete pane->widget();
}

QTEST_MAIN(TstCapture)
#include "tst_capture.moc"
