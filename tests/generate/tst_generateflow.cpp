// "Generate tokens…" end to end under Xvfb: the dialog's embedded browser signs in
// to the in-process replica, the scopes are ticked for the user, an agency is
// picked, Yes → the tokens are captured from the page and saved through the vault in
// the throwaway keyring. No → nothing saved. Plus the paste route.
#include "browserflow.h"
#include "corecontext.h"
#include "generatedialog.h"
#include "pagescript.h"
#include "profile.h"
#include "refreshclient.h"
#include "replicaserver.h"
#include "testenv.h"
#include "tokenvault.h"

#include <QApplication>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace a911;
using a911::test::js;
using a911::test::TempSettings;
using a911::test::waitForPage;

namespace {

const QString kCheckedScopes =
    QStringLiteral("Array.from(document.querySelectorAll('input[name=\"scope[]\"]:checked'))"
                   ".map(function(b){return b.value;}).join(' ')");

} // namespace

class TstGenerateFlow final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void embeddedYesSavesProfile();
    void embeddedNoSavesNothing();
    void pasteRoute();
    void pasteRouteRejectedToken();

private:
    CoreContext *makeContext();
    void signIn(BrowserPane *pane, const QString &password);

    replica::ReplicaServer *m_replica = nullptr;
    TempSettings m_settings;
    QTemporaryDir m_browserStorage;
    CoreContext *m_ctx = nullptr;
};

CoreContext *TstGenerateFlow::makeContext()
{
    CoreOptions o;
    o.settingsFile = m_settings.path();
    o.urls = ServiceUrls::forOrigin(m_replica->origin());
    auto *ctx = new CoreContext(o, this);
    bool probed = false;
    ctx->probeStore([&](StoreStatus) { probed = true; });
    if (!QTest::qWaitFor([&] { return probed; }, 20000))
        qWarning("store probe did not finish");
    return ctx;
}

void TstGenerateFlow::initTestCase()
{
    A911_REQUIRE_THROWAWAY_ENV();
    m_replica = new replica::ReplicaServer({}, this);
    QVERIFY(m_replica->start());
    qputenv("A911_BROWSER_STORAGE", m_browserStorage.path().toUtf8());
    m_ctx = makeContext();
    QVERIFY(m_ctx->vault()->profiles().isEmpty());
}

void TstGenerateFlow::cleanupTestCase()
{
    delete m_ctx;
}

void TstGenerateFlow::signIn(BrowserPane *pane, const QString &password)
{
    QVERIFY(waitForPage(pane, QStringLiteral("!!document.querySelector('input[name=password]')"),
                        true));
    js(pane, QStringLiteral("document.querySelector('input[name=email]').value='%1';"
                            "document.querySelector('input[name=password]').value='%2';"
                            "document.querySelector('form').requestSubmit();")
                 .arg(m_replica->demoEmail(), password));
}

void TstGenerateFlow::embeddedYesSavesProfile()
{
    const QStringList scopes{QStringLiteral("read_agency"), QStringLiteral("read_alert")};
    GenerateDialog dialog(m_ctx, scopes);
    QSignalSpy saved(&dialog, &GenerateDialog::profileSaved);
    dialog.show();
    QVERIFY(dialog.embeddedBrowserAvailable());
    auto *go = dialog.findChild<QPushButton *>(QStringLiteral("continueEmbedded"));
    QVERIFY(go && go->isEnabled());
    go->click();
    BrowserPane *pane = dialog.browserPane();
    QVERIFY(pane);

    // Wrong credentials: the console says so on its page; nothing else happens.
    signIn(pane, QStringLiteral("not-the-password"));
    QVERIFY(waitForPage(
        pane, QStringLiteral("document.body.innerText.indexOf('Invalid email or password') >= 0"),
        true));
    QVERIFY(dialog.captured().isEmpty());
    signIn(pane, m_replica->demoPassword());

    // The scope page, with our scopes ticked for the user.
    QVERIFY(waitForPage(pane, kCheckedScopes, scopes.join(QLatin1Char(' '))));
    js(pane, QStringLiteral("document.querySelector('form').requestSubmit()"));
    // The agency: the second one.
    const auto agency = m_replica->agencies().at(1);
    QVERIFY(
        waitForPage(pane, QStringLiteral("!!document.querySelector('input[name=agency]')"), true));
    js(pane,
       QStringLiteral("document.querySelector('input[name=agency][value=\"%1\"]').checked=true;"
                      "document.querySelector('form').requestSubmit();")
           .arg(agency.id));
    // Yes.
    QVERIFY(
        waitForPage(pane, QStringLiteral("!!document.querySelector('button[value=yes]')"), true));
    js(pane, QStringLiteral("document.querySelector('button[value=yes]').click()"));

    // Captured without copying anything; shown masked.
    auto *save = dialog.findChild<QPushButton *>(QStringLiteral("saveCaptured"));
    QTRY_VERIFY_WITH_TIMEOUT(save->isVisible(), 30000);
    const CapturedTokens captured = dialog.captured();
    QVERIFY(captured.isComplete());
    const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    for (QLabel *l : labels) {
        QVERIFY(!l->text().contains(captured.accessToken));
        QVERIFY(!l->text().contains(captured.refreshToken));
    }
    QVERIFY(m_ctx->vault()->profiles().isEmpty()); // nothing before Save
    save->click();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);

    const Profile p = m_ctx->vault()->profile(saved.first().first().toString());
    QCOMPARE(p.agencyId, agency.id);
    QCOMPARE(p.label, agency.name); // the agency fills the name
    QCOMPARE(p.scopes, scopes);
    QCOMPARE(p.origin, ProfileOrigin::PersonalPage);
    QVERIFY(dialog.statusText().contains(agency.name));

    // A fresh context (as in the next run) reads the secrets back from the keyring, and
    // the refresh token works against the service.
    CoreContext *again = makeContext();
    QVERIFY2(!again->vault()->isSessionOnly(), "the throwaway keyring should be in use");
    bool read = false;
    ProfileSecrets secrets;
    again->vault()->readSecrets(p.id, [&](const StoreResult &r, const ProfileSecrets &s) {
        QVERIFY(r.ok());
        secrets = s;
        read = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(read, 20000);
    QCOMPARE(secrets.refreshToken, captured.refreshToken);
    QCOMPARE(secrets.accessToken, captured.accessToken);
    bool refreshed = false;
    again->refreshClient()->refresh(again->vault()->profile(p.id), secrets,
                                    [&](const RefreshResult &r) {
                                        QVERIFY2(r.ok(), qPrintable(r.message));
                                        refreshed = true;
                                    });
    QTRY_VERIFY_WITH_TIMEOUT(refreshed, 20000);
    delete again;

    // `a911desk token` in another process prints the saved access token (still valid).
    const QString binary = qEnvironmentVariable("A911_BINARY");
    if (!QFileInfo::exists(binary)) {
        qWarning("a911desk is not built in this build folder; `a911desk token` not checked");
        return;
    }
    QProcess cli;
    cli.start(binary, {QStringLiteral("token"), QStringLiteral("--settings-file"),
                       m_settings.path(), QStringLiteral("--profile"), p.label});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(cli.readAllStandardOutput()).trimmed(), captured.accessToken);
}

void TstGenerateFlow::embeddedNoSavesNothing()
{
    const int before = m_ctx->vault()->profiles().size();
    GenerateDialog dialog(m_ctx, {QStringLiteral("read_agency")});
    QSignalSpy saved(&dialog, &GenerateDialog::profileSaved);
    dialog.show();
    dialog.findChild<QPushButton *>(QStringLiteral("continueEmbedded"))->click();
    BrowserPane *pane = dialog.browserPane();
    // Still signed in from the previous test: the sign-in persists in the named profile.
    QVERIFY(waitForPage(pane, kCheckedScopes, QStringLiteral("read_agency")));
    js(pane, QStringLiteral("document.querySelector('form').requestSubmit()"));
    QVERIFY(
        waitForPage(pane, QStringLiteral("!!document.querySelector('input[name=agency]')"), true));
    js(pane, QStringLiteral("document.querySelector('form').requestSubmit()"));
    QVERIFY(
        waitForPage(pane, QStringLiteral("!!document.querySelector('button[value=no]')"), true));
    js(pane, QStringLiteral("document.querySelector('button[value=no]').click()"));
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QLatin1String("You declined")), 30000);
    QVERIFY(dialog.captured().isEmpty());
    QCOMPARE(saved.size(), 0);
    QCOMPARE(m_ctx->vault()->profiles().size(), before);
    // Closing midway saves nothing either.
    dialog.reject();
    QCOMPARE(m_ctx->vault()->profiles().size(), before);
}

void TstGenerateFlow::pasteRoute()
{
    const QString refresh = m_replica->issueRefreshToken(m_replica->agencies().first().id,
                                                         {QStringLiteral("read_agency")});
    QVERIFY(!refresh.isEmpty());
    const int before = m_ctx->vault()->profiles().size();
    GenerateDialog dialog(m_ctx, {QStringLiteral("read_agency")});
    QSignalSpy saved(&dialog, &GenerateDialog::profileSaved);
    dialog.startOnPastePage();
    dialog.show();
    auto *text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("pasteText"));
    auto *save = dialog.findChild<QPushButton *>(QStringLiteral("savePasted"));
    QVERIFY(text && save);
    QVERIFY(!save->isEnabled());
    // A whole copied page with only the refresh token: exchanged on save.
    text->setPlainText(
        QStringLiteral("Your API tokens\r\nRefresh Token:\t%1\r\nUse this in the api\r\n")
            .arg(refresh));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("pasteRefresh"))->text(), refresh);
    QVERIFY(save->isEnabled());
    save->click();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
    QCOMPARE(m_ctx->vault()->profiles().size(), before + 1);
    QCOMPARE(m_ctx->vault()->profile(saved.first().first().toString()).agencyId,
             m_replica->agencies().first().id);
}

void TstGenerateFlow::pasteRouteRejectedToken()
{
    const int before = m_ctx->vault()->profiles().size();
    GenerateDialog dialog(m_ctx, {QStringLiteral("read_agency")});
    QSignalSpy saved(&dialog, &GenerateDialog::profileSaved);
    dialog.startOnPastePage();
    dialog.findChild<QLineEdit *>(QStringLiteral("pasteAccess"))
        ->setText(QStringLiteral("0123456789abcdef0123456789abcdef01234567"));
    dialog.findChild<QLineEdit *>(QStringLiteral("pasteRefresh"))
        ->setText(QStringLiteral("fedcba9876543210fedcba9876543210fedcba98"));
    dialog.findChild<QPushButton *>(QStringLiteral("savePasted"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QLatin1String("Nothing was saved")),
                             30000);
    QCOMPARE(saved.size(), 0);
    QCOMPARE(m_ctx->vault()->profiles().size(), before);
}

// As in app/main.cpp: no shared GL context at start-up; the browser loader makes one
// just before WebEngine loads (this test proves that path works).
int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    TstGenerateFlow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_generateflow.moc"
