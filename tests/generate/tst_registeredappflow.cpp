// The registered-app flow end to end against the replica. The "browser" is a
// QNetworkAccessManager with the console session cookie; the redirect lands on the
// flow's own 127.0.0.1 listener.
#include "clock.h"
#include "profileimporter.h"
#include "refreshclient.h"
#include "registeredappflow.h"
#include "replicaserver.h"
#include "secretstore.h"
#include "testenv.h"
#include "tokenvault.h"

#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace a911;
using a911::test::TempSettings;

class TstRegisteredAppFlow final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void systemBrowserEndToEnd();
    void wrongStateRefused();
    void declinedEndsClearly();
    void embeddedRedirect();
    void freshStateEveryAttempt();

private:
    // Plays the user's browser: follows the authorize URL, signs in, picks the first
    // agency, answers Yes/No; returns the redirect Location (not followed).
    QUrl authorizeInBrowser(const QUrl &authorizeUrl, bool yes);
    QNetworkReply *send(QNetworkReply *reply);

    replica::ReplicaServer *m_replica = nullptr;
    QNetworkAccessManager *m_browser = nullptr;
    QNetworkAccessManager *m_nam = nullptr;
};

void TstRegisteredAppFlow::init()
{
    m_replica = new replica::ReplicaServer({}, this);
    QVERIFY(m_replica->start());
    m_browser = new QNetworkAccessManager(this);
    m_browser->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_nam = new QNetworkAccessManager(this);
}

void TstRegisteredAppFlow::cleanup()
{
    delete m_browser;
    delete m_nam;
    delete m_replica;
}

QNetworkReply *TstRegisteredAppFlow::send(QNetworkReply *reply)
{
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(10000);
    reply->deleteLater();
    return reply;
}

QUrl TstRegisteredAppFlow::authorizeInBrowser(const QUrl &authorizeUrl, bool yes)
{
    QNetworkReply *page = send(m_browser->get(QNetworkRequest(authorizeUrl)));
    const QByteArray html = page->readAll();
    if (!html.contains("name=\"password\""))
        qWarning("expected the sign-in form");
    QNetworkRequest post(m_replica->oauthUrl().resolved(QUrl(QStringLiteral("authorize_agency.php"))));
    post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QUrlQuery login;
    login.addQueryItem(QStringLiteral("action"), QStringLiteral("login"));
    login.addQueryItem(QStringLiteral("email"), m_replica->demoEmail());
    login.addQueryItem(QStringLiteral("password"), m_replica->demoPassword());
    const QByteArray confirmPage = send(m_browser->post(post, login.toString(QUrl::FullyEncoded).toUtf8()))->readAll();
    if (!confirmPage.contains("value=\"yes\""))
        qWarning("expected the confirmation page");
    QUrlQuery confirm;
    confirm.addQueryItem(QStringLiteral("action"), QStringLiteral("confirm"));
    confirm.addQueryItem(QStringLiteral("agency"), m_replica->agencies().first().id);
    confirm.addQueryItem(QStringLiteral("confirm"), yes ? QStringLiteral("yes") : QStringLiteral("no"));
    QNetworkReply *redirect = send(m_browser->post(post, confirm.toString(QUrl::FullyEncoded).toUtf8()));
    return QUrl::fromEncoded(redirect->rawHeader("Location"));
}

void TstRegisteredAppFlow::systemBrowserEndToEnd()
{
    RegisteredAppFlow flow(m_nam, ServiceUrls::forOrigin(m_replica->origin()));
    QSignalSpy urlReady(&flow, &RegisteredAppFlow::authorizationUrlReady);
    QSignalSpy tokens(&flow, &RegisteredAppFlow::tokensReceived);
    QSignalSpy failed(&flow, &RegisteredAppFlow::failed);
    RegisteredAppFlow::Request request;
    request.clientId = m_replica->demoClientId();
    request.clientSecret = m_replica->demoClientSecret();
    request.scopes = {QStringLiteral("read_agency"), QStringLiteral("read_alert")};
    QString error;
    QVERIFY2(flow.startWithLoopback(request, &error), qPrintable(error));
    // Bound to the loopback interface only.
    QCOMPARE(flow.redirectUri().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(flow.loopbackPort() > 0);
    QTRY_COMPARE(urlReady.size(), 1);
    const QUrl authorizeUrl = urlReady.first().first().toUrl();
    const QUrlQuery q(authorizeUrl);
    QCOMPARE(q.queryItemValue(QStringLiteral("client_id")), request.clientId);
    QVERIFY(q.queryItemValue(QStringLiteral("state")).size() >= 43); // 32 bytes, base64url

    const QUrl redirect = authorizeInBrowser(authorizeUrl, true);
    QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(redirect.port(), int(flow.loopbackPort()));
    // The browser lands on the loopback listener.
    QNetworkReply *landing = send(m_browser->get(QNetworkRequest(redirect)));
    QCOMPARE(landing->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(tokens.size(), 1, 10000);
    QCOMPARE(failed.size(), 0);
    const auto t = tokens.first().first().value<RegisteredAppTokens>();
    QVERIFY(!t.accessToken.isEmpty());
    QVERIFY(!t.refreshToken.isEmpty());
    QVERIFY(t.accessExpiry.isValid()); // expires_in arrived as a string
    QVERIFY(t.scopes.contains(QStringLiteral("read_agency")));

    // The same redirect again: its state was used once already.
    flow.handleRedirect(redirect);
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QLatin1String("state")));
    QCOMPARE(tokens.size(), 1);

    // Saved with its client id; the secret goes to the store, and refresh then runs
    // through the vault's own RefreshClient (token.php, grant_type=refresh_token).
    TempSettings settings;
    ManualClock clock(QDateTime::currentDateTimeUtc());
    MemorySecretStore store;
    const auto qs = settings.open();
    TokenVault vault(&store, qs.get(), &clock);
    RefreshClient refresh(m_nam, ServiceUrls::forOrigin(m_replica->origin()), &clock);
    ProfileImporter importer(&vault, &refresh, m_nam, ServiceUrls::forOrigin(m_replica->origin()), &clock);
    ProfileImporter::Input in;
    in.origin = ProfileOrigin::RegisteredApp;
    in.accessToken = t.accessToken;
    in.refreshToken = t.refreshToken;
    in.accessExpiry = t.accessExpiry;
    in.scopes = t.scopes;
    in.clientId = request.clientId;
    in.clientSecret = request.clientSecret;
    bool imported = false;
    Profile saved;
    importer.import(in, [&](const ProfileImporter::Result &r) {
        QVERIFY2(r.ok(), qPrintable(r.message));
        saved = r.profile;
        imported = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(imported, 10000);
    QCOMPARE(saved.origin, ProfileOrigin::RegisteredApp);
    QCOMPARE(saved.clientId, request.clientId);
    bool refreshed = false;
    ProfileSecrets secrets;
    secrets.refreshToken = t.refreshToken;
    secrets.clientSecret = request.clientSecret;
    refresh.refresh(saved, secrets, [&](const RefreshResult &r) {
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(r.accessToken != t.accessToken);
        refreshed = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(refreshed, 10000);
}

void TstRegisteredAppFlow::wrongStateRefused()
{
    RegisteredAppFlow flow(m_nam, ServiceUrls::forOrigin(m_replica->origin()));
    QSignalSpy urlReady(&flow, &RegisteredAppFlow::authorizationUrlReady);
    QSignalSpy tokens(&flow, &RegisteredAppFlow::tokensReceived);
    QSignalSpy failed(&flow, &RegisteredAppFlow::failed);
    RegisteredAppFlow::Request request{m_replica->demoClientId(), m_replica->demoClientSecret(),
                                       {QStringLiteral("read_agency")}, {}};
    QVERIFY(flow.startWithLoopback(request));
    QTRY_COMPARE(urlReady.size(), 1);
    QUrl redirect = authorizeInBrowser(urlReady.first().first().toUrl(), true);
    QUrlQuery q(redirect);
    const QString code = q.queryItemValue(QStringLiteral("code"));
    QVERIFY(!code.isEmpty());
    q.removeAllQueryItems(QStringLiteral("state"));
    q.addQueryItem(QStringLiteral("state"), QStringLiteral("forged-state-value"));
    QUrl forged = redirect;
    forged.setQuery(q);
    send(m_browser->get(QNetworkRequest(forged)));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QLatin1String("did not match")));
    QCOMPARE(tokens.size(), 0);
    QCOMPARE(m_replica->requestCount(QStringLiteral("token.php")), 0); // the code was never exchanged
    // No state at all: refused too.
    QUrl stateless = redirect;
    QUrlQuery noState;
    noState.addQueryItem(QStringLiteral("code"), code);
    stateless.setQuery(noState);
    flow.handleRedirect(stateless);
    QCOMPARE(failed.size(), 2);
    QCOMPARE(tokens.size(), 0);
}

void TstRegisteredAppFlow::declinedEndsClearly()
{
    RegisteredAppFlow flow(m_nam, ServiceUrls::forOrigin(m_replica->origin()));
    QSignalSpy urlReady(&flow, &RegisteredAppFlow::authorizationUrlReady);
    QSignalSpy failed(&flow, &RegisteredAppFlow::failed);
    QVERIFY(flow.startWithLoopback({m_replica->demoClientId(), m_replica->demoClientSecret(),
                                    {QStringLiteral("read_agency")}, {}}));
    QTRY_COMPARE(urlReady.size(), 1);
    const QUrl redirect = authorizeInBrowser(urlReady.first().first().toUrl(), false);
    send(m_browser->get(QNetworkRequest(redirect)));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QLatin1String("declined")));
    QVERIFY(!flow.isRunning());
}

void TstRegisteredAppFlow::embeddedRedirect()
{
    RegisteredAppFlow flow(m_nam, ServiceUrls::forOrigin(m_replica->origin()));
    QSignalSpy urlReady(&flow, &RegisteredAppFlow::authorizationUrlReady);
    QSignalSpy tokens(&flow, &RegisteredAppFlow::tokensReceived);
    flow.startEmbedded({m_replica->demoClientId(), m_replica->demoClientSecret(),
                        {QStringLiteral("read_agency")}, QUrl(QStringLiteral("http://localhost/a911desk"))});
    QCOMPARE(flow.loopbackPort(), quint16(0)); // nothing listens in this mode
    QTRY_COMPARE(urlReady.size(), 1);
    const QUrl redirect = authorizeInBrowser(urlReady.first().first().toUrl(), true);
    QCOMPARE(redirect.host(), QStringLiteral("localhost"));
    flow.handleRedirect(redirect); // what the embedded browser hands over
    QTRY_COMPARE_WITH_TIMEOUT(tokens.size(), 1, 10000);
}

void TstRegisteredAppFlow::freshStateEveryAttempt()
{
    RegisteredAppFlow flow(m_nam, ServiceUrls::forOrigin(m_replica->origin()));
    QSignalSpy urlReady(&flow, &RegisteredAppFlow::authorizationUrlReady);
    QSet<QString> states;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(flow.startWithLoopback({QStringLiteral("id"), QStringLiteral("secret"),
                                        {QStringLiteral("read_agency")}, {}}));
        QTRY_COMPARE(urlReady.size(), i + 1);
        states.insert(QUrlQuery(urlReady.last().first().toUrl()).queryItemValue(QStringLiteral("state")));
    }
    QCOMPARE(states.size(), 3);
}

QTEST_GUILESS_MAIN(TstRegisteredAppFlow)
#include "tst_registeredappflow.moc"
