#include "registeredappdialog.h"

#include "browserflow.h"
#include "browserloader.h"
#include "corecontext.h"
#include "logging.h"
#include "profile.h"
#include "profileimporter.h"
#include "registeredappflow.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace a911 {

RegisteredAppDialog::RegisteredAppDialog(CoreContext *ctx, QWidget *parent)
    : QDialog(parent), m_ctx(ctx)
{
    setWindowTitle(tr("Add a registered app"));
    resize(820, 640);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("For developers whose app Active911 registered: sign in once "
                                "and allow the app; a911desk keeps its tokens and the client "
                                "secret in your system's keychain."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_clientId = new QLineEdit(this);
    m_clientId->setObjectName(QStringLiteral("clientId"));
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(QStringLiteral("clientSecret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_redirect = new QLineEdit(QStringLiteral("http://localhost"), this);
    m_redirect->setObjectName(QStringLiteral("redirectUri"));
    form->addRow(tr("Client id:"), m_clientId);
    form->addRow(tr("Client secret:"), m_secret);
    form->addRow(tr("Registered redirect URI:"), m_redirect);
    layout->addLayout(form);
    for (const QString &scope : allScopes()) {
        auto *box = new QCheckBox(scopeDescription(scope) + QLatin1String("  (") + scope
                                      + QLatin1Char(')'),
                                  this);
        box->setProperty("scope", scope);
        box->setObjectName(QLatin1String("scope_") + scope);
        box->setChecked(scope != QLatin1String("write_mapdata"));
        m_scopes << box;
        layout->addWidget(box);
    }
    QString why;
#ifdef A911_HAVE_WEBENGINE
    // Known before WebEngine is touched (running as root).
    const QString blocker = embeddedBrowserBlocker();
    const bool haveBrowser = blocker.isEmpty();
#else
    const QString blocker;
    const bool haveBrowser = false;
    why = tr("(this build has no embedded browser)");
#endif
    m_embedded = new QRadioButton(tr("Sign in here, in a911desk"), this);
    m_embedded->setObjectName(QStringLiteral("signInEmbedded"));
    m_system = new QRadioButton(tr("Sign in in my browser %1").arg(why).trimmed(), this);
    m_system->setObjectName(QStringLiteral("signInSystemBrowser"));
    m_embedded->setEnabled(haveBrowser);
    (haveBrowser ? m_embedded : m_system)->setChecked(true);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("registeredStatus"));
    if (!blocker.isEmpty()) {
        auto *note = new QLabel(blocker, this);
        note->setWordWrap(true);
        note->setObjectName(QStringLiteral("browserBlockedNote"));
        layout->addWidget(note);
    }
    layout->addWidget(m_embedded);
    layout->addWidget(m_system);
    layout->addWidget(m_status);
    m_browserHolder = new QWidget(this);
    auto *holder = new QVBoxLayout(m_browserHolder);
    holder->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browserHolder, 1);
    auto *buttons = new QDialogButtonBox(this);
    m_start = buttons->addButton(tr("Authorize"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("authorizeButton"));
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_start, &QPushButton::clicked, this, &RegisteredAppDialog::start);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    m_flow = new RegisteredAppFlow(ctx->network(), ctx->urls(), this);
    connect(m_flow, &RegisteredAppFlow::authorizationUrlReady, this,
            &RegisteredAppDialog::onUrlReady);
    connect(m_flow, &RegisteredAppFlow::tokensReceived, this, &RegisteredAppDialog::onTokens);
    connect(m_flow, &RegisteredAppFlow::failed, this, &RegisteredAppDialog::onFailed);
}

RegisteredAppDialog::~RegisteredAppDialog()
{
    m_flow->cancel();
}

void RegisteredAppDialog::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #a00000;") : QString());
}

void RegisteredAppDialog::start()
{
    RegisteredAppFlow::Request request;
    request.clientId = m_clientId->text().trimmed();
    request.clientSecret = m_secret->text().trimmed();
    for (QCheckBox *box : std::as_const(m_scopes))
        if (box->isChecked())
            request.scopes << box->property("scope").toString();
    request.redirectUri = QUrl(m_redirect->text().trimmed());
    if (request.clientId.isEmpty() || request.clientSecret.isEmpty() || request.scopes.isEmpty()) {
        setStatus(tr("Enter the client id and secret, and choose at least one scope."), true);
        return;
    }
    if (m_embedded->isChecked()) {
        if (!request.redirectUri.isValid() || request.redirectUri.host().isEmpty()) {
            setStatus(tr("The redirect URI must be an absolute URL such as http://localhost."),
                      true);
            return;
        }
        QString why;
        BrowserFlowPlugin *plugin = loadBrowserPlugin(&why);
        if (!plugin) {
            setStatus(why + QLatin1Char(' ') + tr("Choose “Sign in in my browser”."), true);
            m_embedded->setEnabled(false);
            m_system->setChecked(true);
            return;
        }
        if (m_pane) {
            delete m_pane->widget();
            m_pane = nullptr;
        }
        BrowserOptions options;
        options.profileName = m_ctx->isDemo() ? QStringLiteral("a911desk-demo")
                                              : QStringLiteral("a911desk");
        options.allowedOrigins = {m_ctx->urls().oauth, m_ctx->urls().console};
        options.interceptPrefix = request.redirectUri;
        QPointer<RegisteredAppDialog> self(this);
        BrowserCallbacks callbacks;
        callbacks.redirectCaptured = [self](const QUrl &url) {
            if (self)
                self->m_flow->handleRedirect(url);
        };
        m_pane = plugin->createPane(options, callbacks, m_browserHolder);
        m_browserHolder->layout()->addWidget(m_pane->widget());
        m_flow->startEmbedded(request);
    } else {
        QString error;
        if (!m_flow->startWithLoopback(request, &error)) {
            setStatus(tr("a911desk could not listen for the answer on this computer (%1).")
                          .arg(error),
                      true);
            return;
        }
    }
    m_start->setEnabled(false);
    setStatus(tr("Sign in and allow the app. Waiting for Active911…"), false);
}

void RegisteredAppDialog::onUrlReady(const QUrl &url)
{
    if (m_pane && m_embedded->isChecked())
        m_pane->load(url);
    else
        QDesktopServices::openUrl(url);
}

void RegisteredAppDialog::onTokens(const RegisteredAppTokens &tokens)
{
    setStatus(tr("Checking the token with the API…"), false);
    if (!m_importer)
        m_importer = new ProfileImporter(m_ctx->vault(), m_ctx->refreshClient(), m_ctx->network(),
                                         m_ctx->urls(), m_ctx->clock(), this);
    ProfileImporter::Input in;
    in.origin = ProfileOrigin::RegisteredApp;
    in.accessToken = tokens.accessToken;
    in.refreshToken = tokens.refreshToken;
    in.accessExpiry = tokens.accessExpiry;
    in.scopes = tokens.scopes;
    in.clientId = m_clientId->text().trimmed();
    in.clientSecret = m_secret->text().trimmed();
    QPointer<RegisteredAppDialog> self(this);
    m_importer->import(in, [self](const ProfileImporter::Result &r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->onFailed(r.message);
            return;
        }
        self->setStatus(tr("Saved as “%1”.").arg(r.profile.label), false);
        Q_EMIT self->profileSaved(r.profile.id);
    });
}

void RegisteredAppDialog::onFailed(const QString &message)
{
    setStatus(message + QLatin1Char(' ') + tr("Nothing was saved."), true);
    m_start->setEnabled(true);
}

} // namespace a911
