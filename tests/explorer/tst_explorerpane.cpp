// The explorer pane, clicked through its real widgets against the replica.
#include "clipboardguard.h"
#include "corecontext.h"
#include "explorerpane.h"
#include "jsontreemodel.h"
#include "referencetablemodel.h"
#include "replicaserver.h"
#include "requesthistory.h"
#include "testenv.h"
#include "vaultfixture.h"
#include "tokenvault.h"

#include <QApplication>
#include <QClipboard>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

using namespace a911;
using a911::replica::ReplicaOptions;
using a911::replica::ReplicaServer;

namespace {
const QString kCanary = QStringLiteral("CANARYpane7");
}

class TestExplorerPane final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void catalogFormSendsAndShows();
    void invalidParametersAreNotSent();
    void scopeWarningBeforeSending();
    void uriLinksWithBackAndForward();
    void faultsGetClearMessages_data();
    void faultsGetClearMessages();
    void overTheCapCanStillBeSaved();
    void rejectedProfileIsExplained();
    void tableOfReferencesAndCsv();
    void historyRerunClearAndNoToken();
    void copyAsCurlHasNoToken();
    void literalTokenCurlGoesThroughTheGuard();
    void freeEditorChecksJsonBody();

private:
    QString addProfile(const QString &label, const QString &refreshToken,
                       const QStringList &scopes);
    void pickEndpoint(const QString &id);
    bool clickSendAndWait(int timeoutMs = 60000);
    template <typename T> T *w(const char *name)
    {
        T *found = m_pane->findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no widget %s", name);
        return found;
    }

    std::unique_ptr<ReplicaServer> m_replica;
    std::unique_ptr<a911::test::TempSettings> m_settings;
    std::unique_ptr<CoreContext> m_ctx;
    std::unique_ptr<ExplorerPane> m_pane;
    QTemporaryDir m_dir;
    QString m_main;
    QString m_agencyOnly;
    QString m_revoked;
    QString m_agency;
};

void TestExplorerPane::initTestCase()
{
    A911_REQUIRE_THROWAWAY_ENV();
    ReplicaOptions o;
    o.tokenPrefix = kCanary;
    m_replica = std::make_unique<ReplicaServer>(o);
    QVERIFY(m_replica->start());
    m_agency = m_replica->agencies().first().id;
    m_settings = std::make_unique<a911::test::TempSettings>();
    CoreOptions co;
    co.sessionOnly = true;
    co.settingsFile = m_settings->path();
    co.urls = ServiceUrls::forOrigin(m_replica->origin());
    m_ctx = std::make_unique<CoreContext>(co);
    m_main =
        addProfile(QStringLiteral("Main"), m_replica->seededRefreshToken(m_agency), allScopes());
    m_agencyOnly =
        addProfile(QStringLiteral("Agency only"),
                   m_replica->issueRefreshToken(m_agency, {QStringLiteral("read_agency")}),
                   {QStringLiteral("read_agency")});
    const QString doomed = m_replica->issueRefreshToken(m_agency, allScopes());
    m_revoked = addProfile(QStringLiteral("Revoked"), doomed, allScopes());
    m_replica->revokeRefreshToken(doomed);
    QVERIFY(!m_main.isEmpty() && !m_agencyOnly.isEmpty() && !m_revoked.isEmpty());
}

void TestExplorerPane::cleanupTestCase()
{
    m_pane.reset();
    m_ctx.reset();
    m_replica.reset();
}

void TestExplorerPane::init()
{
    m_replica->clearFaults();
    m_ctx->appSettings().setResponseSizeCapBytes(32 * 1024 * 1024);
    QFile::remove(m_dir.filePath(QStringLiteral("history.json"))); // each test starts afresh
    m_pane = std::make_unique<ExplorerPane>(m_ctx.get());
    m_pane->setHistoryFile(m_dir.filePath(QStringLiteral("history.json")));
    m_pane->setSavePathProvider([this](const QString &name) { return m_dir.filePath(name); });
    m_pane->setProfile(m_main);
    m_pane->resize(1400, 900);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
}

void TestExplorerPane::cleanup()
{
    m_pane.reset();
}

QString TestExplorerPane::addProfile(const QString &label, const QString &refreshToken,
                                     const QStringList &scopes)
{
    Profile p;
    p.label = label;
    p.agencyId = m_agency;
    p.scopes = scopes;
    p.refreshIssued = QDateTime::currentDateTimeUtc();
    ProfileSecrets s;
    s.refreshToken = refreshToken;
    return a911::test::addProfileAndWait(m_ctx->vault(), p, s);
}

void TestExplorerPane::pickEndpoint(const QString &id)
{
    auto *list = w<QListWidget>("catalogList");
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(Qt::UserRole).toString() == id) {
            const QRect r = list->visualItemRect(list->item(i));
            QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, r.center());
            QCOMPARE(list->currentRow(), i);
            return;
        }
    }
    QFAIL("endpoint not in the list");
}

bool TestExplorerPane::clickSendAndWait(int timeoutMs)
{
    QSignalSpy shown(m_pane.get(), &ExplorerPane::responseShown);
    QTest::mouseClick(w<QPushButton>("sendButton"), Qt::LeftButton);
    return shown.wait(timeoutMs) || shown.size() > 0;
}

void TestExplorerPane::catalogFormSendsAndShows()
{
    pickEndpoint(QStringLiteral("alerts"));
    auto *days = w<QLineEdit>("field_alert_days");
    QCOMPARE(days->placeholderText(), QStringLiteral("default 10"));
    QTest::keyClicks(days, QStringLiteral("30"));
    QCOMPARE(w<QLineEdit>("pathEdit")->text(), QStringLiteral("/alerts"));
    QVERIFY(clickSendAndWait());
    QVERIFY2(!m_pane->messageIsError(), qPrintable(m_pane->messageText()));
    QVERIFY(m_pane->messageText().contains(QStringLiteral("message.alerts")));
    QVERIFY(w<QLabel>("statusLabel")->text().startsWith(QStringLiteral("200")));
    auto *tree = w<QTreeView>("jsonTree");
    QCOMPARE(tree->model()->rowCount(), 2);
    QVERIFY(tree->isExpanded(tree->model()->index(0, 0))); // "message" opened
    QVERIFY(w<QTableWidget>("responseHeaders")->rowCount() > 0);
    // The text tab is filled when looked at, and highlighted.
    w<QTabWidget>("responseTabs")->setCurrentIndex(1);
    const QString pretty = w<QPlainTextEdit>("prettyText")->toPlainText();
    QVERIFY2(pretty.startsWith(QStringLiteral("{\n  \"")), qPrintable(pretty.left(200)));
    QVERIFY(pretty.contains(QStringLiteral("\n  \"result\": \"success\"")));
    QCOMPARE(w<QListWidget>("historyList")->count(), 1);
    QVERIFY(
        w<QListWidget>("historyList")->item(0)->text().contains(QStringLiteral("alert_days=30")));
}

void TestExplorerPane::invalidParametersAreNotSent()
{
    pickEndpoint(QStringLiteral("alerts"));
    QTest::keyClicks(w<QLineEdit>("field_alert_days"), QStringLiteral("99"));
    QVERIFY(w<QLabel>("validationLabel")->text().contains(QStringLiteral("between 1 and 30")));
    const int before = m_replica->requestCount(QStringLiteral("/alerts"));
    QTest::mouseClick(w<QPushButton>("sendButton"), Qt::LeftButton);
    QVERIFY(m_pane->messageIsError());
    QVERIFY(m_pane->messageText().startsWith(QStringLiteral("Not sent")));
    QCOMPARE(m_replica->requestCount(QStringLiteral("/alerts")), before);

    pickEndpoint(QStringLiteral("alert"));
    QTest::keyClicks(w<QLineEdit>("field_id"), QStringLiteral("12x"));
    QTest::mouseClick(w<QPushButton>("sendButton"), Qt::LeftButton);
    QVERIFY(m_pane->messageText().contains(QStringLiteral("digits")));
}

void TestExplorerPane::scopeWarningBeforeSending()
{
    m_pane->setProfile(m_agencyOnly);
    QVERIFY(w<QLabel>("authLabel")->text().contains(QStringLiteral("Agency only")));
    pickEndpoint(QStringLiteral("alerts"));
    const int before = m_replica->requestCount(QStringLiteral("/alerts"));
    QTest::mouseClick(w<QPushButton>("sendButton"), Qt::LeftButton);
    auto *banner = w<QFrame>("scopeBanner");
    QVERIFY(banner->isVisible());
    QVERIFY(w<QLabel>("scopeText")->text().contains(QStringLiteral("read_alert")));
    QCOMPARE(m_replica->requestCount(QStringLiteral("/alerts")), before); // not sent yet
    QSignalSpy shown(m_pane.get(), &ExplorerPane::responseShown);
    QTest::mouseClick(w<QPushButton>("sendAnyway"), Qt::LeftButton);
    QVERIFY(shown.wait(30000));
    QVERIFY(!banner->isVisible());
    QCOMPARE(m_replica->requestCount(QStringLiteral("/alerts")), before + 1);
    QVERIFY(m_pane->messageIsError());

    // The root needs read_agency, which this profile has: no banner.
    pickEndpoint(QStringLiteral("agency"));
    QVERIFY(clickSendAndWait());
    QVERIFY(!banner->isVisible());
    QVERIFY(!m_pane->messageIsError());
}

void TestExplorerPane::uriLinksWithBackAndForward()
{
    pickEndpoint(QStringLiteral("agency"));
    QVERIFY(clickSendAndWait());
    auto *search = w<QLineEdit>("searchEdit");
    QTest::keyClicks(search, QStringLiteral("/devices/"));
    QTest::keyClick(search, Qt::Key_Return);
    auto *matches = w<QListWidget>("matchList");
    QTRY_VERIFY(matches->count() > 0);
    auto *tree = w<QTreeView>("jsonTree");
    const QModelIndex current = tree->currentIndex();
    QVERIFY(current.isValid());
    QVERIFY(current.data(JsonTreeModel::PathRole)
                .toString()
                .startsWith(QStringLiteral("message.agency.devices[")));
    QVERIFY(w<QPushButton>("openLinkButton")->isEnabled());
    // Copy path and value go to the clipboard.
    QTest::mouseClick(w<QPushButton>("copyPathButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             current.data(JsonTreeModel::PathRole).toString());
    QTest::mouseClick(w<QPushButton>("copyValueButton"), Qt::LeftButton);
    const QString uri = QGuiApplication::clipboard()->text();
    QVERIFY(uri.contains(QStringLiteral("/devices/")));

    // Double-click the link.
    const QModelIndex value = current.siblingAtColumn(JsonTreeModel::ValueColumn);
    tree->scrollTo(value);
    QSignalSpy shown(m_pane.get(), &ExplorerPane::responseShown);
    // QTest's widget double-click is a lone DblClick event: press first, like a user.
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(value).center());
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(value).center());
    QVERIFY(shown.wait(30000));
    QCOMPARE(w<QLineEdit>("pathEdit")->text(), uri);
    QVERIFY(m_pane->messageText().contains(QStringLiteral("message.device")));
    auto *back = w<QToolButton>("backButton");
    auto *forward = w<QToolButton>("forwardButton");
    QVERIFY(back->isEnabled());
    QVERIFY(!forward->isEnabled());

    QTest::mouseClick(back, Qt::LeftButton);
    QVERIFY(shown.wait(30000));
    QCOMPARE(w<QLineEdit>("pathEdit")->text(), QStringLiteral("/"));
    QVERIFY(m_pane->messageText().contains(QStringLiteral("message.agency")));
    QVERIFY(forward->isEnabled());
    QTest::mouseClick(forward, Qt::LeftButton);
    QVERIFY(shown.wait(30000));
    QCOMPARE(w<QLineEdit>("pathEdit")->text(), uri);
    QVERIFY(!forward->isEnabled());
}

void TestExplorerPane::faultsGetClearMessages_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("tab");
    QTest::newRow("500") << "api/alerts=500"
                         << "HTML page" << 1;
    QTest::newRow("html") << "api/alerts=html"
                          << "HTML page" << 1;
    QTest::newRow("malformed") << "api/alerts=malformed"
                               << "not valid JSON" << 1;
    QTest::newRow("truncate") << "api/alerts=truncate"
                              << "broke off" << 1;
    QTest::newRow("reset") << "api/alerts=reset"
                           << "could not be reached" << -1;
    QTest::newRow("huge 20") << "api/alerts=huge:20"
                             << "Success" << 0;
}

void TestExplorerPane::faultsGetClearMessages()
{
    QFETCH(QString, fault);
    QFETCH(QString, expected);
    QFETCH(int, tab);
    QVERIFY(m_replica->setFault(fault));
    pickEndpoint(QStringLiteral("alerts"));
    // The event loop keeps turning while the reply is read and parsed.
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
    ticker.start(10);
    QVERIFY(clickSendAndWait());
    QVERIFY2(m_pane->messageText().contains(expected), qPrintable(m_pane->messageText()));
    QCOMPARE(m_pane->messageIsError(), expected != QLatin1String("Success"));
    if (tab >= 0)
        QCOMPARE(w<QTabWidget>("responseTabs")->currentIndex(), tab);
    if (tab == 1)
        QVERIFY(!w<QPlainTextEdit>("prettyText")->toPlainText().isEmpty());
    if (expected == QLatin1String("Success")) {
        QVERIFY(ticks > 0);
        QVERIFY(w<QTreeView>("jsonTree")->model()->rowCount() == 2);
    }
}

void TestExplorerPane::overTheCapCanStillBeSaved()
{
    m_ctx->appSettings().setResponseSizeCapBytes(1024 * 1024);
    QVERIFY(m_replica->setFault(QStringLiteral("api/alerts=huge:3")));
    pickEndpoint(QStringLiteral("alerts"));
    QVERIFY(clickSendAndWait());
    QVERIFY2(m_pane->messageText().contains(QStringLiteral("display limit")),
             qPrintable(m_pane->messageText()));
    QVERIFY(m_pane->messageIsError());
    QCOMPARE(w<QTreeView>("jsonTree")->model()->rowCount(), 0);
    auto *save = w<QPushButton>("saveButton");
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QFile f(m_dir.filePath(QStringLiteral("active911-response.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.size() >= 3 * 1024 * 1024);
    QVERIFY(f.readAll().endsWith("]}}"));
}

void TestExplorerPane::rejectedProfileIsExplained()
{
    m_pane->setProfile(m_revoked);
    pickEndpoint(QStringLiteral("agency"));
    QVERIFY(clickSendAndWait());
    QVERIFY(m_pane->messageIsError());
    QVERIFY2(m_pane->messageText().contains(QStringLiteral("rejected")),
             qPrintable(m_pane->messageText()));
    QVERIFY(m_pane->messageText().contains(QStringLiteral("Tokens page")));
}

void TestExplorerPane::tableOfReferencesAndCsv()
{
    pickEndpoint(QStringLiteral("alerts"));
    QTest::keyClicks(w<QLineEdit>("field_alert_days"), QStringLiteral("30"));
    QVERIFY(clickSendAndWait());
    QTest::mouseClick(w<QPushButton>("openTableButton"), Qt::LeftButton);
    QCOMPARE(w<QTabWidget>("responseTabs")->currentIndex(), 3);
    auto *progress = w<QProgressBar>("tableProgress");
    auto *table = w<QTableView>("refTable");
    QVERIFY(table->model()->rowCount() > 4);
    QTRY_COMPARE_WITH_TIMEOUT(progress->value(), table->model()->rowCount(), 60000);
    QTRY_VERIFY(w<QPushButton>("exportCsvButton")->isEnabled());
    QVERIFY(table->model()->columnCount() > 10);
    QTest::mouseClick(w<QPushButton>("exportCsvButton"), Qt::LeftButton);
    QFile f(m_dir.filePath(QStringLiteral("active911-table.csv")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray csv = f.readAll();
    QVERIFY(csv.startsWith("id,"));
    QCOMPARE(csv.count("\r\n") >= table->model()->rowCount() + 1, true);
}

void TestExplorerPane::historyRerunClearAndNoToken()
{
    pickEndpoint(QStringLiteral("agency"));
    QVERIFY(clickSendAndWait());
    pickEndpoint(QStringLiteral("locations"));
    QVERIFY(clickSendAndWait());
    auto *history = w<QListWidget>("historyList");
    QCOMPARE(history->count(), 2);
    auto *store = m_pane->findChild<RequestHistory *>();
    QVERIFY(store);
    store->flush();
    QFile f(m_dir.filePath(QStringLiteral("history.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.contains("locations"));
    QVERIFY(!bytes.contains(kCanary.toLatin1()));
    QVERIFY(!m_settings->bytes().contains(kCanary.toLatin1()));

    // Re-run the older one (the agency) with one click.
    w<QTabWidget>("leftTabs")->setCurrentIndex(1);
    history->setCurrentRow(1);
    QSignalSpy shown(m_pane.get(), &ExplorerPane::responseShown);
    QTest::mouseClick(w<QPushButton>("historyRerun"), Qt::LeftButton);
    QVERIFY(shown.wait(30000));
    QVERIFY(m_pane->messageText().contains(QStringLiteral("message.agency")));
    QCOMPARE(history->count(), 3);

    QTest::mouseClick(w<QPushButton>("historyClear"), Qt::LeftButton);
    QCOMPARE(history->count(), 0);
    store->flush();
    f.close();
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readAll().contains("locations"));
}

void TestExplorerPane::copyAsCurlHasNoToken()
{
    pickEndpoint(QStringLiteral("alerts"));
    QTest::keyClicks(w<QLineEdit>("field_alert_days"), QStringLiteral("5"));
    QTest::mouseClick(w<QToolButton>("curlButton"), Qt::LeftButton);
    const QString cmd = QGuiApplication::clipboard()->text();
    QVERIFY2(cmd.contains(QStringLiteral("$(a911desk token --profile 'Main')")), qPrintable(cmd));
    QVERIFY(cmd.contains(QStringLiteral("alert_days=5")));
    QVERIFY(!cmd.contains(kCanary));
}

// A command with the live token is a secret: it is only copied through the clipboard
// guard (clipboard-manager hints, cleared later), and refused without one.
void TestExplorerPane::literalTokenCurlGoesThroughTheGuard()
{
    auto answerYes = [] {
        QTimer::singleShot(0, [] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        });
    };
    QAction *literal = w<QToolButton>("curlButton")->menu()->actions().value(1);
    QVERIFY(literal);
    pickEndpoint(QStringLiteral("alerts"));

    QGuiApplication::clipboard()->setText(QStringLiteral("before"));
    m_pane->setClipboardGuard(nullptr);
    answerYes();
    literal->trigger();
    QTRY_VERIFY(m_pane->messageText().contains(QStringLiteral("clipboard guard")));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("before"));

    a911::SystemClock clock;
    ClipboardGuard guard(&clock);
    m_pane->setClipboardGuard(&guard);
    answerYes();
    literal->trigger();
    QTRY_VERIFY(QGuiApplication::clipboard()->text().contains(QStringLiteral("Bearer ")));
    const QString cmd = QGuiApplication::clipboard()->text();
    QVERIFY2(!cmd.contains(QStringLiteral("$(a911desk token")), qPrintable(cmd));
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
    QVERIFY(guard.secondsLeft() > 0);
    guard.clearNow();
    QVERIFY(!QGuiApplication::clipboard()->text().contains(QStringLiteral("Bearer ")));
    m_pane->setClipboardGuard(nullptr);
}

void TestExplorerPane::freeEditorChecksJsonBody()
{
    pickEndpoint(QStringLiteral("create-location"));
    auto *body = w<QPlainTextEdit>("bodyEdit");
    QVERIFY(body->toPlainText().contains(QStringLiteral("\"name\"")));
    body->setPlainText(QStringLiteral("{\"name\": "));
    const int before = m_replica->requestCount(QStringLiteral("/locations"));
    QTest::mouseClick(w<QPushButton>("sendButton"), Qt::LeftButton);
    QVERIFY(m_pane->messageText().contains(QStringLiteral("not valid JSON")));
    QCOMPARE(m_replica->requestCount(QStringLiteral("/locations")), before);
    body->setPlainText(QStringLiteral(
        "{\"name\": \"Hydrant 99\", \"latitude\": \"39.5\", \"longitude\": \"-119.8\"}"));
    QVERIFY(clickSendAndWait());
    QVERIFY2(!m_pane->messageIsError(), qPrintable(m_pane->messageText()));
    QCOMPARE(m_replica->requestCount(QStringLiteral("/locations")), before + 1);

    // A full URL outside the API is refused: the token never leaves for elsewhere.
    auto *path = w<QLineEdit>("pathEdit");
    path->setText(QStringLiteral("http://example.org/steal"));
    QTest::mouseClick(w<QPushButton>("sendButton"), Qt::LeftButton);
    QVERIFY(m_pane->messageText().contains(QStringLiteral("not under the API base")));
}

QTEST_MAIN(TestExplorerPane)
#include "tst_explorerpane.moc"
