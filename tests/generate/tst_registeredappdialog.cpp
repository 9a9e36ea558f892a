// "Add a registered app…" through its widgets, system-browser variant, against the
// replica: the authorization page "opens in the browser" (caught by a URL handler),
// the test plays the user's browser as tst_registeredappflow does, the redirect lands
// on the dialog's 127.0.0.1 listener, and the profile is saved in the throwaway keyring
// with its client secret. A wrong client secret ends in a clear message and nothing saved.
#include "corecontext.h"
#include "profile.h"
#include "registeredappdialog.h"
#include "replicaserver.h"
#include "testenv.h"
#include "tokenvault.h"

#include <QApplication>
#include <QCheckBox>
#include <QDesktopServices>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace a911;
using a911::test::TempSettings;

/// Catches what would go to the system browser.
class UrlCatcher final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls << url; }
};

class TstRegisteredAppDialog final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void systemBrowserSavesProfile();
    void wrongSecretSavesNothing();
    void missingFieldsRefused();

private:
    /// Fills the form the way a user types it and presses Authorize; returns the URL
    /// the dialog sent to the system browser.
    QUrl authorize(RegisteredAppDialog &dialog, const QString &secret, const QStringList &scopes);
    /// The user's browser: sign in, first agency, Yes; then follows the redirect to the
    /// loopback listener. Returns the landing page's HTTP status.
    int playBrowser(const QUrl &authorizeUrl);
    QNetworkReply *send(QNetworkReply *reply);
    QString statusOf(RegisteredAppDialog &dialog);

    replica::ReplicaServer *m_replica = nullptr;
    TempSettings m_settings;
    CoreContext *m_ctx = nullptr;
    UrlCatcher m_catcher;
    QNetworkAccessManager *m_browser = nullptr;
};

void TstRegisteredAppDialog::initTestCase()
{
    A911_REQUIRE_THROWAWAY_ENV();
    m_replica = new replica::ReplicaServer({}, this);
    QVERIFY(m_replica->start());
    CoreOptions o;
    o.settingsFile = m_settings.path();
    o.urls = ServiceUrls::forOrigin(m_replica->origin());
    m_ctx = new CoreContext(o, this);
    bool probed = false;
    m_ctx->probeStore([&](StoreStatus) { probed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(probed, 20000);
    QVERIFY2(!m_ctx->vault()->isSessionOnly(), "the throwaway keyring should be in use");
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_catcher, "open");
}

void TstRegisteredAppDialog::cleanupTestCase()
{
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
    delete m_ctx;
}

void TstRegisteredAppDialog::init()
{
    m_catcher.urls.clear();
    m_browser = new QNetworkAccessManager(this); // a fresh browser: signed out
    m_browser->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void TstRegisteredAppDialog::cleanup()
{
    delete m_browser;
    m_browser = nullptr;
}

QNetworkReply *TstRegisteredAppDialog::send(QNetworkReply *reply)
{
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(10000);
    reply->deleteLater();
    return reply;
}

QString TstRegisteredAppDialog::statusOf(RegisteredAppDialog &dialog)
{
    auto *status = dialog.findChild<QLabel *>(QStringLiteral("registeredStatus"));
    return status ? status->text() : QString();
}

QUrl TstRegisteredAppDialog::authorize(RegisteredAppDialog &dialog, const QString &secret,
                                       const QStringList &scopes)
{
    auto *clientId = dialog.findChild<QLineEdit *>(QStringLiteral("clientId"));
    auto *clientSecret = dialog.findChild<QLineEdit *>(QStringLiteral("clientSecret"));
    auto *system = dialog.findChild<QRadioButton *>(QStringLiteral("signInSystemBrowser"));
    auto *go = dialog.findChild<QPushButton *>(QStringLiteral("authorizeButton"));
    if (!clientId || !clientSecret || !system || !go)
        return QUrl();
    QTest::keyClicks(clientId, m_replica->demoClientId());
    QTest::keyClicks(clientSecret, secret);
    // The secret is never shown.
    if (clientSecret->echoMode() != QLineEdit::Password)
        return QUrl();
    for (const QString &scope : allScopes()) {
        auto *box = dialog.findChild<QCheckBox *>(QLatin1String("scope_") + scope);
        if (box && box->isChecked() != scopes.contains(scope))
            QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(4, box->height() / 2));
    }
    system->click();
    go->click();
    if (!QTest::qWaitFor([&] { return !m_catcher.urls.isEmpty(); }, 10000))
        return QUrl();
    return m_catcher.urls.last();
}

int TstRegisteredAppDialog::playBrowser(const QUrl &authorizeUrl)
{
    const QByteArray signIn = send(m_browser->get(QNetworkRequest(authorizeUrl)))->readAll();
    if (!signIn.contains("name=\"password\""))
        qWarning("expected the sign-in form");
    QNetworkRequest post(m_replica->oauthUrl().resolved(QUrl(QStringLiteral("authorize_agency.php"))));
    post.setHeader(QNetworkRequest::ContentTypeHeader,
                   QByteArrayLiteral("application/x-www-form-urlencoded"));
    QUrlQuery login;
    login.addQueryItem(QStringLiteral("action"), QStringLiteral("login"));
    login.addQueryItem(QStringLiteral("email"), m_replica->demoEmail());
    login.addQueryItem(QStringLiteral("password"), m_replica->demoPassword());
    const QByteArray confirmPage =
        send(m_browser->post(post, login.toString(QUrl::FullyEncoded).toUtf8()))->readAll();
    if (!confirmPage.contains("value=\"yes\""))
        qWarning("expected the confirmation page");
    QUrlQuery confirm;
    confirm.addQueryItem(QStringLiteral("action"), QStringLiteral("confirm"));
    confirm.addQueryItem(QStringLiteral("agency"), m_replica->agencies().first().id);
    confirm.addQueryItem(QStringLiteral("confirm"), QStringLiteral("yes"));
    QNetworkReply *redirect =
        send(m_browser->post(post, confirm.toString(QUrl::FullyEncoded).toUtf8()));
    const QUrl location = QUrl::fromEncoded(redirect->rawHeader("Location"));
    if (location.host() != QLatin1String("127.0.0.1"))
        return -1;
    return send(m_browser->get(QNetworkRequest(location)))
        ->attribute(QNetworkRequest::HttpStatusCodeAttribute)
        .toInt();
}

void TstRegisteredAppDialog::systemBrowserSavesProfile()
{
    const int before = m_ctx->vault()->profiles().size();
    RegisteredAppDialog dialog(m_ctx);
    QSignalSpy saved(&dialog, &RegisteredAppDialog::profileSaved);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QStringList scopes{QStringLiteral("read_agency"), QStringLiteral("read_device")};
    const QUrl url = authorize(dialog, m_replica->demoClientSecret(), scopes);
    QVERIFY(url.isValid());
    QCOMPARE(url.path(), m_replica->oauthUrl().path() + QLatin1String("authorize_agency.php"));
    const QUrlQuery q(url);
    QCOMPARE(q.queryItemValue(QStringLiteral("client_id")), m_replica->demoClientId());
    QCOMPARE(q.queryItemValue(QStringLiteral("scope")).split(QLatin1Char(' ')), scopes);
    // The secret never travels in the browser's URL.
    QVERIFY(!url.toString().contains(m_replica->demoClientSecret()));
    // The redirect URI is the dialog's own loopback listener.
    QCOMPARE(QUrl(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)).host(),
             QStringLiteral("127.0.0.1"));

    QCOMPARE(playBrowser(url), 200);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);
    QCOMPARE(m_ctx->vault()->profiles().size(), before + 1);
    const Profile p = m_ctx->vault()->profile(saved.first().first().toString());
    QCOMPARE(p.origin, ProfileOrigin::RegisteredApp);
    QCOMPARE(p.clientId, m_replica->demoClientId());
    QCOMPARE(p.agencyId, m_replica->agencies().first().id);
    QCOMPARE(p.label, m_replica->agencies().first().name);
    QCOMPARE(p.scopes, scopes);
    QVERIFY(statusOf(dialog).contains(p.label));
    auto *go = dialog.findChild<QPushButton *>(QStringLiteral("authorizeButton"));
    QVERIFY(!go->isEnabled()); // no second profile from a second click

    // A fresh context (the next run) finds the tokens and the client secret in the keyring.
    CoreOptions o;
    o.settingsFile = m_settings.path();
    o.urls = m_ctx->urls();
    CoreContext again(o);
    bool probed = false;
    again.probeStore([&](StoreStatus) { probed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(probed, 20000);
    bool read = false;
    ProfileSecrets secrets;
    again.vault()->readSecrets(p.id, [&](const StoreResult &r, const ProfileSecrets &s) {
        QVERIFY(r.ok());
        secrets = s;
        read = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(read, 20000);
    QCOMPARE(secrets.clientSecret, m_replica->demoClientSecret());
    QVERIFY(!secrets.refreshToken.isEmpty());
    QVERIFY(!secrets.accessToken.isEmpty());
    // Nothing secret in the settings file.
    const QByteArray settings = m_settings.bytes();
    QVERIFY(!settings.contains(m_replica->demoClientSecret().toUtf8()));
    QVERIFY(!settings.contains(secrets.refreshToken.toUtf8()));
}

void TstRegisteredAppDialog::wrongSecretSavesNothing()
{
    const int before = m_ctx->vault()->profiles().size();
    RegisteredAppDialog dialog(m_ctx);
    QSignalSpy saved(&dialog, &RegisteredAppDialog::profileSaved);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString wrong = QStringLiteral("not-the-secret-0123456789");
    const QUrl url = authorize(dialog, wrong, {QStringLiteral("read_agency")});
    QVERIFY(url.isValid());
    QCOMPARE(playBrowser(url), 200);
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(dialog).contains(QLatin1String("Nothing was saved")), 20000);
    const QString status = statusOf(dialog);
    QVERIFY2(status.contains(QLatin1String("client secret")), qPrintable(status));
    QVERIFY(!status.contains(wrong));
    QCOMPARE(saved.size(), 0);
    QCOMPARE(m_ctx->vault()->profiles().size(), before);
    // The user may correct the secret and try again.
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("authorizeButton"))->isEnabled());
}

void TstRegisteredAppDialog::missingFieldsRefused()
{
    RegisteredAppDialog dialog(m_ctx);
    dialog.show();
    dialog.findChild<QRadioButton *>(QStringLiteral("signInSystemBrowser"))->click();
    dialog.findChild<QPushButton *>(QStringLiteral("authorizeButton"))->click();
    QVERIFY(statusOf(dialog).contains(QLatin1String("client id and secret")));
    QVERIFY(m_catcher.urls.isEmpty());
}

QTEST_MAIN(TstRegisteredAppDialog)
#include "tst_registeredappdialog.moc"
