// "Get new tokens" for a profile whose refresh token the service revoked, through the
// dialog's embedded browser against the replica: same id and label, new tokens in the
// throwaway keyring, needsRegeneration cleared; tokens of another agency refused with
// the profile untouched. Also the browser's guard rails seen from the dialog: a link to
// another host is not loaded, and "Sign out of the console and clear browser data"
// really signs out.
#include "browserflow.h"
#include "corecontext.h"
#include "generatedialog.h"
#include "pagescript.h"
#include "profile.h"
#include "profileimporter.h"
#include "refreshclient.h"
#include "replicaserver.h"
#include "testenv.h"
#include "tokenkeeper.h"
#include "tokenvault.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace a911;
using a911::test::js;
using a911::test::TempSettings;
using a911::test::waitForPage;

namespace {

const QString kSignInForm = QStringLiteral("!!document.querySelector('input[name=password]')");
const QString kScopePage = QStringLiteral("!!document.querySelector('input[name=\"scope[]\"]')");
const QString kCheckedScopes =
    QStringLiteral("Array.from(document.querySelectorAll('input[name=\"scope[]\"]:checked'))"
                   ".map(function(b){return b.value;}).join(' ')");

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

class TstRegenerate final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void regenerateRevokedProfile();
    void otherAgencyRefused();
    void linkToAnotherHostNotLoaded();
    void signOutClearsBrowserData();

private:
    CoreContext *makeContext();
    ProfileSecrets readSecrets(CoreContext *ctx, const QString &id);
    /// Opens the dialog's browser, signs in if asked, submits the ticked scopes, picks
    /// the agency and answers Yes; returns once the captured-tokens page shows.
    bool runConsole(GenerateDialog &dialog, const QString &agencyId, const QStringList &scopes);

    replica::ReplicaServer *m_replica = nullptr;
    TempSettings m_settings;
    QTemporaryDir m_browserStorage;
    CoreContext *m_ctx = nullptr;
    QString m_id;
    QString m_label = QStringLiteral("North station (night shift)");
    QStringList m_scopes{QStringLiteral("read_agency"), QStringLiteral("read_alert")};
    ProfileSecrets m_regenerated;
};

CoreContext *TstRegenerate::makeContext()
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

ProfileSecrets TstRegenerate::readSecrets(CoreContext *ctx, const QString &id)
{
    ProfileSecrets secrets;
    bool read = false;
    ctx->vault()->readSecrets(id, [&](const StoreResult &r, const ProfileSecrets &s) {
        if (r.ok())
            secrets = s;
        read = true;
    });
    if (!QTest::qWaitFor([&] { return read; }, 20000))
        qWarning("secrets were not read");
    return secrets;
}

void TstRegenerate::initTestCase()
{
    A911_REQUIRE_THROWAWAY_ENV();
    m_replica = new replica::ReplicaServer({}, this);
    QVERIFY(m_replica->start());
    qputenv("A911_BROWSER_STORAGE", m_browserStorage.path().toUtf8());
    m_ctx = makeContext();
    QVERIFY2(!m_ctx->vault()->isSessionOnly(), "the throwaway keyring should be in use");

    // A profile made earlier on the token page, renamed by the user...
    const QString agency = m_replica->agencies().first().id;
    const QString refresh = m_replica->issueRefreshToken(agency, m_scopes);
    ProfileImporter importer(m_ctx->vault(), m_ctx->refreshClient(), m_ctx->network(),
                             m_ctx->urls(), m_ctx->clock());
    bool imported = false;
    ProfileImporter::Input input;
    input.refreshToken = refresh;
    input.scopes = m_scopes;
    importer.import(input, [&](const ProfileImporter::Result &r) {
        QVERIFY2(r.ok(), qPrintable(r.message));
        m_id = r.profile.id;
        imported = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(imported, 20000);
    QVERIFY(m_ctx->vault()->rename(m_id, m_label));

    // ...whose refresh token the service then revoked: the keeper finds out.
    m_replica->revokeRefreshToken(refresh);
    m_replica->expireAccessTokens();
    QSignalSpy needed(m_ctx->keeper(), &TokenKeeper::regenerationNeeded);
    m_ctx->keeper()->refreshNow(m_id);
    QTRY_COMPARE_WITH_TIMEOUT(needed.size(), 1, 20000);
    QVERIFY(m_ctx->vault()->profile(m_id).needsRegeneration);
}

void TstRegenerate::cleanupTestCase()
{
    delete m_ctx;
}

bool TstRegenerate::runConsole(GenerateDialog &dialog, const QString &agencyId,
                               const QStringList &scopes)
{
    auto *go = dialog.findChild<QPushButton *>(QStringLiteral("continueEmbedded"));
    if (!go || !go->isEnabled())
        return false;
    go->click();
    BrowserPane *pane = dialog.browserPane();
    if (!pane)
        return false;
    // Signed in already (the profile persists), or the sign-in form.
    if (!QTest::qWaitFor(
            [&] { return js(pane, kSignInForm).toBool() || js(pane, kScopePage).toBool(); }, 30000))
        return false;
    if (js(pane, kSignInForm).toBool())
        js(pane, QStringLiteral("document.querySelector('input[name=email]').value='%1';"
                                "document.querySelector('input[name=password]').value='%2';"
                                "document.querySelector('form').requestSubmit();")
                     .arg(m_replica->demoEmail(), m_replica->demoPassword()));
    // The profile's scopes are ticked for the user.
    if (!waitForPage(pane, kCheckedScopes, scopes.join(QLatin1Char(' '))))
        return false;
    js(pane, QStringLiteral("document.querySelector('form').requestSubmit()"));
    if (!waitForPage(pane, QStringLiteral("!!document.querySelector('input[name=agency]')"), true))
        return false;
    js(pane,
       QStringLiteral("document.querySelector('input[name=agency][value=\"%1\"]').checked=true;"
                      "document.querySelector('form').requestSubmit();")
           .arg(agencyId));
    if (!waitForPage(pane, QStringLiteral("!!document.querySelector('button[value=yes]')"), true))
        return false;
    js(pane, QStringLiteral("document.querySelector('button[value=yes]').click()"));
    auto *save = dialog.findChild<QPushButton *>(QStringLiteral("saveCaptured"));
    return QTest::qWaitFor([&] { return save->isVisible(); }, 30000);
}

void TstRegenerate::regenerateRevokedProfile()
{
    const int count = m_ctx->vault()->profiles().size();
    const ProfileSecrets old = readSecrets(m_ctx, m_id);
    QVERIFY(!old.refreshToken.isEmpty());

    GenerateDialog dialog(m_ctx, {});
    dialog.setRegenerateProfile(m_id);
    QSignalSpy saved(&dialog, &GenerateDialog::profileSaved);
    dialog.show();
    QVERIFY(dialog.windowTitle().contains(m_label));
    QCOMPARE(dialog.chosenScopes(), m_scopes);
    QVERIFY(runConsole(dialog, m_replica->agencies().first().id, m_scopes));
    const CapturedTokens captured = dialog.captured();
    QVERIFY(captured.isComplete());
    QVERIFY(captured.refreshToken != old.refreshToken);
    // Says what Save will do, before anything happens.
    QVERIFY(dialog.statusText().contains(m_label));
    QVERIFY(m_ctx->vault()->profile(m_id).needsRegeneration);

    dialog.findChild<QPushButton *>(QStringLiteral("saveCaptured"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
    QCOMPARE(saved.first().first().toString(), m_id); // replaced, not added
    QCOMPARE(m_ctx->vault()->profiles().size(), count);
    const Profile p = m_ctx->vault()->profile(m_id);
    QCOMPARE(p.label, m_label);
    QVERIFY(!p.needsRegeneration);
    QCOMPARE(p.agencyId, m_replica->agencies().first().id);
    QVERIFY(dialog.statusText().contains(m_label));

    // The next run reads the new tokens from the keyring, and they work.
    CoreContext *again = makeContext();
    QVERIFY(!again->vault()->profile(m_id).needsRegeneration);
    m_regenerated = readSecrets(again, m_id);
    QCOMPARE(m_regenerated.refreshToken, captured.refreshToken);
    QCOMPARE(m_regenerated.accessToken, captured.accessToken);
    bool refreshed = false;
    again->refreshClient()->refresh(again->vault()->profile(m_id), m_regenerated,
                                    [&](const RefreshResult &r) {
                                        QVERIFY2(r.ok(), qPrintable(r.message));
                                        refreshed = true;
                                    });
    QTRY_VERIFY_WITH_TIMEOUT(refreshed, 20000);
    delete again;
}

void TstRegenerate::otherAgencyRefused()
{
    QVERIFY(!m_regenerated.refreshToken.isEmpty()); // after regenerateRevokedProfile
    const Profile before = m_ctx->vault()->profile(m_id);
    const int count = m_ctx->vault()->profiles().size();

    GenerateDialog dialog(m_ctx, {});
    dialog.setRegenerateProfile(m_id);
    QSignalSpy saved(&dialog, &GenerateDialog::profileSaved);
    dialog.show();
    const auto other = m_replica->agencies().at(1);
    QVERIFY(runConsole(dialog, other.id, m_scopes));
    dialog.findChild<QPushButton *>(QStringLiteral("saveCaptured"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QLatin1String("Nothing was saved")),
                             30000);
    QVERIFY(dialog.statusText().contains(QLatin1String("another agency")));
    QVERIFY(dialog.statusText().contains(other.name));
    QCOMPARE(saved.size(), 0);

    // Untouched: metadata and, read afresh from the keyring, the secrets.
    QCOMPARE(m_ctx->vault()->profiles().size(), count);
    const Profile after = m_ctx->vault()->profile(m_id);
    QCOMPARE(after.label, before.label);
    QCOMPARE(after.agencyId, before.agencyId);
    QCOMPARE(after.agencyName, before.agencyName);
    QCOMPARE(after.scopes, before.scopes);
    QCOMPARE(after.refreshIssued, before.refreshIssued);
    QCOMPARE(after.accessExpiry, before.accessExpiry);
    QCOMPARE(after.secretGeneration, before.secretGeneration);
    CoreContext *again = makeContext();
    QCOMPARE(readSecrets(again, m_id), m_regenerated);
    delete again;
}

void TstRegenerate::linkToAnotherHostNotLoaded()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
    GenerateDialog dialog(m_ctx, {QStringLiteral("read_agency")});
    dialog.show();
    dialog.findChild<QPushButton *>(QStringLiteral("continueEmbedded"))->click();
    BrowserPane *pane = dialog.browserPane();
    QVERIFY(pane);
    QVERIFY(waitForPage(pane, kScopePage, true));
    const QUrl console = pane->url();
    QCOMPARE(console.host(), m_replica->origin().host());

    // A link on the console's page to somewhere else.
    js(pane, QStringLiteral("var a=document.createElement('a');a.id='away';"
                            "a.href='https://help.example.org/tokens?from=console';"
                            "a.textContent='help';document.body.appendChild(a);a.click();"));
    QTRY_COMPARE_WITH_TIMEOUT(catcher.urls.size(), 1, 20000);
    QCOMPARE(catcher.urls.first().host(), QStringLiteral("help.example.org"));
    QTRY_VERIFY(dialog.statusText().contains(QLatin1String("opened in your browser")));
    // Not loaded here: the dialog still shows the console's page.
    QCOMPARE(pane->url(), console);
    QVERIFY(js(pane, kScopePage).toBool());
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

void TstRegenerate::signOutClearsBrowserData()
{
    GenerateDialog dialog(m_ctx, {QStringLiteral("read_agency")});
    dialog.show();
    dialog.findChild<QPushButton *>(QStringLiteral("continueEmbedded"))->click();
    BrowserPane *pane = dialog.browserPane();
    QVERIFY(pane);
    // Signed in from the tests before: straight to the scope page.
    QVERIFY(waitForPage(pane, kScopePage, true));
    QVERIFY(!js(pane, kSignInForm).toBool());

    auto *signOut = dialog.findChild<QAction *>(QStringLiteral("signOutAction"));
    QVERIFY(signOut);
    signOut->trigger();
    // The page comes back as the sign-in form...
    QVERIFY(waitForPage(pane, kSignInForm, true));
    // ...and stays so on a fresh load of oauth_gen.php (the session cookie is gone).
    js(pane, QStringLiteral("window.a911OldPage = true;"));
    pane->load(m_ctx->urls().oauthGenPage());
    QVERIFY(waitForPage(pane, QStringLiteral("!window.a911OldPage && ") + kSignInForm, true));
    QVERIFY(!js(pane, kScopePage).toBool());
}

// As in app/main.cpp: no shared GL context at start-up; the browser loader makes one
// just before WebEngine loads (this test proves that path works).
int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    TstRegenerate test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_regenerate.moc"
