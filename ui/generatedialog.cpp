#include "generatedialog.h"

#include "browserflow.h"
#include "browserloader.h"
#include "corecontext.h"
#include "logging.h"
#include "profile.h"
#include "profileimporter.h"
#include "profileregenerator.h"
#include "tokenvault.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace a911 {

namespace {

QStringList defaultScopes()
{
    // Everything that only reads: what most admins want from a token manager.
    QStringList s = allScopes();
    s.removeAll(QStringLiteral("write_mapdata"));
    return s;
}

bool declined(const QString &lastSubmit)
{
    const QString s = lastSubmit.trimmed().toLower();
    return s == QLatin1String("no") || s.startsWith(QLatin1String("no "))
        || s.contains(QLatin1String("decline")) || s.contains(QLatin1String("cancel"))
        || s.contains(QLatin1String("deny"));
}

QLabel *wrapLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    return l;
}

} // namespace

GenerateDialog::GenerateDialog(CoreContext *ctx, const QStringList &scopes, QWidget *parent)
    : QDialog(parent), m_ctx(ctx)
{
    setWindowTitle(tr("Generate tokens"));
    resize(900, 720);
#ifndef A911_HAVE_WEBENGINE
    m_browserUnavailable = tr("This copy of a911desk was built without the embedded browser, so "
                              "the console page opens in your own browser and you paste the "
                              "tokens here.");
#else
    // Known before WebEngine is touched (running as root): say so on the first page.
    m_browserUnavailable = embeddedBrowserBlocker();
#endif
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(buildScopePage());
    m_stack->addWidget(buildBrowserPage());
    m_stack->addWidget(buildCapturedPage());
    m_stack->addWidget(buildPastePage());
    m_stack->addWidget(buildDonePage());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    const QStringList chosen = scopes.isEmpty() ? defaultScopes() : scopes;
    for (QCheckBox *box : std::as_const(m_scopeBoxes))
        box->setChecked(chosen.contains(box->property("scope").toString()));
    updateScopeButtons();
}

GenerateDialog::~GenerateDialog()
{
    // The pane dies with its holder widget; nothing may call back into this dialog then.
    m_pane = nullptr;
}

bool GenerateDialog::scopesFromArgument(const QString &text, QStringList *scopes, QString *error)
{
    static const QRegularExpression sep(QStringLiteral("[\\s,]+"));
    const QStringList wanted = text.split(sep, Qt::SkipEmptyParts);
    QStringList out;
    for (const QString &s : wanted) {
        if (!allScopes().contains(s)) {
            if (error)
                *error = tr("Unknown scope “%1”; the scopes are: %2.")
                             .arg(s, allScopes().join(QLatin1String(", ")));
            return false;
        }
        if (!out.contains(s))
            out << s;
    }
    if (scopes)
        *scopes = out;
    return true;
}

bool GenerateDialog::embeddedBrowserAvailable() const
{
    return m_browserUnavailable.isEmpty();
}

QStringList GenerateDialog::chosenScopes() const
{
    QStringList out;
    for (QCheckBox *box : m_scopeBoxes)
        if (box->isChecked())
            out << box->property("scope").toString();
    return out;
}

QString GenerateDialog::statusText() const
{
    switch (m_stack->currentIndex()) {
    case ScopePage:
        return m_scopeNote->text();
    case BrowserPage:
        return m_browserStatus->text();
    case CapturedPage:
        return m_capturedStatus->text();
    case PastePage:
        return m_pasteStatus->text();
    default:
        return m_doneText->text();
    }
}

QWidget *GenerateDialog::buildScopePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(wrapLabel(tr("<b>What may the new tokens do?</b> The console will ask the "
                                   "same question; your choice is ticked there for you."),
                                page));
    for (const QString &scope : allScopes()) {
        auto *box = new QCheckBox(scopeDescription(scope) + QLatin1String("  (") + scope
                                      + QLatin1Char(')'),
                                  page);
        box->setProperty("scope", scope);
        box->setObjectName(QLatin1String("scope_") + scope);
        connect(box, &QCheckBox::toggled, this, &GenerateDialog::updateScopeButtons);
        m_scopeBoxes << box;
        layout->addWidget(box);
    }
    m_scopeNote = wrapLabel(QString(), page);
    layout->addWidget(m_scopeNote);
    layout->addStretch();

    auto *buttons = new QDialogButtonBox(page);
    m_embeddedButton = buttons->addButton(tr("Continue to the console"),
                                          QDialogButtonBox::AcceptRole);
    m_embeddedButton->setObjectName(QStringLiteral("continueEmbedded"));
    m_systemButton = buttons->addButton(tr("Open in my browser instead"),
                                        QDialogButtonBox::ActionRole);
    m_systemButton->setObjectName(QStringLiteral("openSystemBrowser"));
    auto *paste = buttons->addButton(tr("I already have tokens…"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_embeddedButton, &QPushButton::clicked, this, &GenerateDialog::openEmbedded);
    connect(m_systemButton, &QPushButton::clicked, this, &GenerateDialog::openSystemBrowser);
    connect(paste, &QPushButton::clicked, this, [this] { showPaste({}, QString()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    return page;
}

void GenerateDialog::updateScopeButtons()
{
    const QStringList chosen = chosenScopes();
    QString note;
    if (chosen.isEmpty())
        note = tr("Choose at least one scope.");
    else if (!chosen.contains(QLatin1String("read_agency")))
        note = tr("Without read_agency a911desk may not be able to check the token or name the "
                  "profile after its agency.");
    if (!m_browserUnavailable.isEmpty())
        note += (note.isEmpty() ? QString() : QStringLiteral("\n")) + m_browserUnavailable;
    m_scopeNote->setText(note);
    m_embeddedButton->setEnabled(!chosen.isEmpty() && m_browserUnavailable.isEmpty());
    m_embeddedButton->setVisible(m_browserUnavailable.isEmpty());
    m_systemButton->setEnabled(!chosen.isEmpty());
}

QWidget *GenerateDialog::buildBrowserPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_browserStatus = wrapLabel(QString(), page);
    m_browserStatus->setObjectName(QStringLiteral("browserStatus"));
    layout->addWidget(m_browserStatus);
    m_browserHolder = new QWidget(page);
    auto *holderLayout = new QVBoxLayout(m_browserHolder);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browserHolder, 1);
    auto *buttons = new QDialogButtonBox(page);
    auto *paste = buttons->addButton(tr("The page shows my tokens: paste them instead…"),
                                     QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(paste, &QPushButton::clicked, this, [this] {
        showPaste(m_captured, tr("Copy the whole token page (Ctrl+A, Ctrl+C) and paste it below."));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    return page;
}

QWidget *GenerateDialog::buildCapturedPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(wrapLabel(tr("<b>Tokens captured from the console page.</b> Save them to "
                                   "keep them in your system's keychain; a911desk checks the "
                                   "access token with the API and names the profile after the "
                                   "agency."),
                                page));
    auto *form = new QFormLayout;
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_capturedAccess = new QLabel(page);
    m_capturedAccess->setFont(mono);
    m_capturedRefresh = new QLabel(page);
    m_capturedRefresh->setFont(mono);
    m_capturedScopes = wrapLabel(QString(), page);
    m_capturedAgency = wrapLabel(QString(), page);
    form->addRow(tr("Access token:"), m_capturedAccess);
    form->addRow(tr("Refresh token:"), m_capturedRefresh);
    form->addRow(tr("Scopes:"), m_capturedScopes);
    form->addRow(tr("Agency:"), m_capturedAgency);
    auto *box = new QGroupBox(tr("Captured"), page);
    box->setLayout(form);
    layout->addWidget(box);
    m_capturedStatus = wrapLabel(QString(), page);
    m_capturedStatus->setObjectName(QStringLiteral("capturedStatus"));
    layout->addWidget(m_capturedStatus);
    layout->addStretch();
    auto *buttons = new QDialogButtonBox(page);
    m_saveCaptured = buttons->addButton(tr("Save in the keychain"), QDialogButtonBox::AcceptRole);
    m_saveCaptured->setDefault(true);
    m_saveCaptured->setObjectName(QStringLiteral("saveCaptured"));
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_saveCaptured, &QPushButton::clicked, this, [this] { save(m_captured); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    return page;
}

QWidget *GenerateDialog::buildPastePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *intro = wrapLabel(tr("Generate the tokens on the console page in your browser, then "
                               "copy the whole page (Ctrl+A, Ctrl+C) and paste it here: "
                               "a911desk finds the Access Token and Refresh Token by their "
                               "labels. Or paste each token into its own field."),
                            page);
    layout->addWidget(intro);
    auto *open = new QPushButton(tr("Open the console page in my browser"), page);
    connect(open, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(m_ctx->urls().oauthGenPage());
    });
    layout->addWidget(open, 0, Qt::AlignLeft);
    m_pasteText = new QPlainTextEdit(page);
    m_pasteText->setObjectName(QStringLiteral("pasteText"));
    m_pasteText->setPlaceholderText(tr("Paste the copied page here"));
    layout->addWidget(m_pasteText, 1);
    auto *form = new QFormLayout;
    m_pasteAccess = new QLineEdit(page);
    m_pasteAccess->setObjectName(QStringLiteral("pasteAccess"));
    m_pasteAccess->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_pasteRefresh = new QLineEdit(page);
    m_pasteRefresh->setObjectName(QStringLiteral("pasteRefresh"));
    m_pasteRefresh->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    form->addRow(tr("Access token:"), m_pasteAccess);
    form->addRow(tr("Refresh token:"), m_pasteRefresh);
    layout->addLayout(form);
    m_pasteStatus = wrapLabel(QString(), page);
    m_pasteStatus->setObjectName(QStringLiteral("pasteStatus"));
    layout->addWidget(m_pasteStatus);
    auto *buttons = new QDialogButtonBox(page);
    m_savePasted = buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
    m_savePasted->setObjectName(QStringLiteral("savePasted"));
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_savePasted, &QPushButton::clicked, this, [this] {
        CapturedTokens t;
        t.accessToken = m_pasteAccess->text().trimmed();
        t.refreshToken = m_pasteRefresh->text().trimmed();
        save(t);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    // The whole page pasted: fill the two fields from it (never overwriting a field
    // the user typed into with nothing).
    connect(m_pasteText, &QPlainTextEdit::textChanged, this, [this] {
        const CapturedTokens t = TokenPageParser::parseText(m_pasteText->toPlainText());
        if (t.hasAccess())
            m_pasteAccess->setText(t.accessToken);
        if (t.hasRefresh())
            m_pasteRefresh->setText(t.refreshToken);
        updatePasteStatus();
    });
    connect(m_pasteAccess, &QLineEdit::textChanged, this, &GenerateDialog::updatePasteStatus);
    connect(m_pasteRefresh, &QLineEdit::textChanged, this, &GenerateDialog::updatePasteStatus);
    return page;
}

QWidget *GenerateDialog::buildDonePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_doneText = wrapLabel(QString(), page);
    m_doneText->setObjectName(QStringLiteral("doneText"));
    layout->addWidget(m_doneText);
    layout->addStretch();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, page);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    layout->addWidget(buttons);
    return page;
}

void GenerateDialog::setStatus(QLabel *label, const QString &text, bool problem)
{
    label->setText(text);
    label->setProperty("problem", problem);
    label->setStyleSheet(problem ? QStringLiteral("color: #a00000;") : QString());
}

void GenerateDialog::startOnPastePage()
{
    showPaste({}, m_browserUnavailable);
}

void GenerateDialog::setRegenerateProfile(const QString &profileId)
{
    m_regenerateId = profileId;
    const Profile p = m_ctx->vault()->profile(profileId);
    setWindowTitle(tr("New tokens for %1").arg(p.label));
    if (!p.scopes.isEmpty())
        for (QCheckBox *box : std::as_const(m_scopeBoxes))
            box->setChecked(p.scopes.contains(box->property("scope").toString()));
}

void GenerateDialog::openEmbedded()
{
    if (m_pane) {
        m_stack->setCurrentIndex(BrowserPage);
        return;
    }
    QString why;
    BrowserFlowPlugin *plugin = loadBrowserPlugin(&why);
    if (!plugin) {
        m_browserUnavailable = why + QLatin1Char(' ')
            + tr("Use your own browser and paste the tokens here instead.");
        updateScopeButtons();
        showPaste({}, m_browserUnavailable);
        return;
    }
    const ServiceUrls urls = m_ctx->urls();
    BrowserOptions options;
    options.profileName = m_ctx->isDemo() ? QStringLiteral("a911desk-demo")
                                          : QStringLiteral("a911desk");
    const QString storage = qEnvironmentVariable("A911_BROWSER_STORAGE");
    if (!storage.isEmpty())
        options.storagePath = storage;
    options.allowedOrigins = {urls.console, urls.oauth};
    QPointer<GenerateDialog> self(this);
    BrowserCallbacks callbacks;
    callbacks.loadFinished = [self](bool ok) {
        if (self)
            self->onPageLoaded(ok);
    };
    callbacks.loadFailed = [self](const QString &message) {
        if (self)
            self->setStatus(self->m_browserStatus,
                            tr("The console could not be loaded; nothing was saved. %1")
                                .arg(message.section(QLatin1Char('\n'), 0, 0)),
                            true);
    };
    callbacks.openedExternally = [self](const QUrl &url) {
        if (self)
            self->setStatus(self->m_browserStatus,
                            tr("That link leads away from the console (%1) and was opened in "
                               "your browser.")
                                .arg(url.host()),
                            false);
    };
    m_pane = plugin->createPane(options, callbacks, m_browserHolder);
    m_browserHolder->layout()->addWidget(m_pane->widget());
    setStatus(m_browserStatus,
              tr("Sign in to the console, check the scopes, choose the agency and confirm with "
                 "Yes. The tokens are picked up from the page as soon as it shows them."),
              false);
    m_stack->setCurrentIndex(BrowserPage);
    qCInfo(lcUi) << "Opening the token page in the embedded browser";
    m_pane->load(urls.oauthGenPage());
}

void GenerateDialog::openSystemBrowser()
{
    qCInfo(lcUi) << "Opening the token page in the system browser";
    QDesktopServices::openUrl(m_ctx->urls().oauthGenPage());
    showPaste({}, tr("The console page opened in your browser. When it shows the tokens, copy "
                     "the whole page and paste it below."));
}

void GenerateDialog::onPageLoaded(bool ok)
{
    if (!ok || !m_pane || m_saving || m_stack->currentIndex() != BrowserPage)
        return;
    QPointer<GenerateDialog> self(this);
    // Order matters: read what was pressed on the previous page, then tick scopes
    // (only does anything on the scope page), then read the page for tokens.
    m_pane->runJavaScript(watchSubmitScript(), [self](const QVariant &lastSubmit) {
        if (!self || !self->m_pane)
            return;
        const QString submit = lastSubmit.toString();
        self->m_pane->runJavaScript(tickScopesScript(self->chosenScopes()),
                                    [self, submit](const QVariant &ticked) {
            if (!self || !self->m_pane)
                return;
            if (ticked.toInt() > 0) {
                self->m_scopesTicked = true;
                self->setStatus(self->m_browserStatus,
                                tr("Your scopes are ticked on the page: check them and press "
                                   "Submit."),
                                false);
            } else if (self->m_scopesTicked) {
                // Past the scope page: the hint about it would be stale here.
                self->setStatus(self->m_browserStatus,
                                tr("Choose the agency and confirm with Yes. The tokens are "
                                   "picked up from the page as soon as it shows them."),
                                false);
            }
            self->m_pane->runJavaScript(captureScript(), [self, submit](const QVariant &json) {
                if (self)
                    self->onCaptureResult(json.toString(), submit);
            });
        });
    });
}

void GenerateDialog::onCaptureResult(const QString &json, const QString &lastSubmit)
{
    if (!m_pane || m_stack->currentIndex() != BrowserPage)
        return;
    const CapturedTokens found = TokenPageParser::parseCaptureResult(json);
    if (found.isComplete()) {
        qCInfo(lcUi) << "Both tokens captured from the console page";
        showCaptured(found);
        return;
    }
    m_captured.mergeFrom(found);
    if (!found.isEmpty()) {
        setStatus(m_browserStatus,
                  tr("Only the %1 could be read from this page. If the page shows both tokens, "
                     "use “paste them instead” below.")
                      .arg(found.hasAccess() ? tr("access token") : tr("refresh token")),
                  true);
        return;
    }
    if (declined(lastSubmit)) {
        qCInfo(lcUi) << "The user declined on the console's confirmation page";
        setStatus(m_browserStatus,
                  tr("You declined on the console's confirmation page, so no tokens were made "
                     "and nothing was saved. Start again from the page, or cancel."),
                  true);
    }
}

void GenerateDialog::showCaptured(const CapturedTokens &tokens)
{
    m_captured = tokens;
    m_capturedAccess->setText(TokenPageParser::mask(tokens.accessToken));
    m_capturedRefresh->setText(TokenPageParser::mask(tokens.refreshToken));
    QStringList scopeNames;
    for (const QString &scope : chosenScopes())
        scopeNames << scopeShortName(scope);
    m_capturedScopes->setText(tr("%1 (as chosen here)")
                                  .arg(scopeNames.join(QLatin1String(", "))));
    const Profile target = m_regenerateId.isEmpty() ? Profile()
                                                    : m_ctx->vault()->profile(m_regenerateId);
    m_capturedAgency->setText(
        target.agencyName.isEmpty()
            ? tr("found out from the API when you save; it names the profile")
            : tr("%1 (must match: these tokens replace those of “%2”)")
                  .arg(target.agencyName, target.label));
    setStatus(m_capturedStatus,
              m_regenerateId.isEmpty()
                  ? tr("Not saved yet.")
                  : tr("Not saved yet. Saving replaces the tokens of “%1”.")
                        .arg(m_ctx->vault()->profile(m_regenerateId).label),
              false);
    m_saveCaptured->setEnabled(true);
    m_stack->setCurrentIndex(CapturedPage);
}

void GenerateDialog::showPaste(const CapturedTokens &prefill, const QString &why)
{
    if (prefill.hasAccess())
        m_pasteAccess->setText(prefill.accessToken);
    if (prefill.hasRefresh())
        m_pasteRefresh->setText(prefill.refreshToken);
    m_stack->setCurrentIndex(PastePage);
    updatePasteStatus();
    if (!why.isEmpty())
        setStatus(m_pasteStatus, why + QLatin1Char('\n') + m_pasteStatus->text(), false);
}

void GenerateDialog::updatePasteStatus()
{
    CapturedTokens t;
    t.accessToken = m_pasteAccess->text().trimmed();
    t.refreshToken = m_pasteRefresh->text().trimmed();
    QString text;
    bool problem = false;
    if (t.isEmpty()) {
        text = tr("Nothing found yet.");
    } else if (!t.hasRefresh()) {
        text = tr("The refresh token is missing: it is the one a911desk keeps.");
        problem = true;
    } else if (!t.hasAccess()) {
        text = tr("Only the refresh token: a911desk will exchange it for an access token.");
    } else {
        text = tr("Both tokens found.");
    }
    if ((t.hasAccess() && !TokenPageParser::looksLikeToken(t.accessToken))
        || (t.hasRefresh() && !TokenPageParser::looksLikeToken(t.refreshToken))) {
        text = tr("That does not look like a token (letters and digits, at least 16 of them).");
        problem = true;
    }
    m_savePasted->setEnabled(!problem && t.hasRefresh() && !m_saving);
    setStatus(m_pasteStatus, text, problem);
}

void GenerateDialog::save(const CapturedTokens &tokens)
{
    if (m_saving || !tokens.hasRefresh())
        return;
    m_saving = true;
    QLabel *status = m_stack->currentIndex() == PastePage ? m_pasteStatus : m_capturedStatus;
    m_saveCaptured->setEnabled(false);
    m_savePasted->setEnabled(false);
    setStatus(status, tr("Checking the token with the API…"), false);

    QPointer<GenerateDialog> self(this);
    auto failed = [self, status](const QString &message) {
        if (!self)
            return;
        self->m_saving = false;
        self->m_saveCaptured->setEnabled(true);
        self->updatePasteStatus(); // re-enables Save on the paste page
        self->setStatus(status, message + QLatin1Char(' ') + tr("Nothing was saved."), true);
    };

    if (!m_regenerateId.isEmpty()) {
        auto *regen = new ProfileRegenerator(m_ctx->vault(), m_ctx->refreshClient(),
                                             m_ctx->network(), m_ctx->urls(), m_ctx->clock(), this);
        regen->regenerate(m_regenerateId, tokens.refreshToken, tokens.accessToken, chosenScopes(),
                          [self, regen, failed](bool ok, const QString &message,
                                                const Profile &profile) {
                              regen->deleteLater();
                              if (!self)
                                  return;
                              if (!ok) {
                                  failed(message);
                                  return;
                              }
                              self->finishSaved(profile);
                          });
        return;
    }

    if (!m_importer)
        m_importer = new ProfileImporter(m_ctx->vault(), m_ctx->refreshClient(), m_ctx->network(),
                                         m_ctx->urls(), m_ctx->clock(), this);
    m_importer->setUrls(m_ctx->urls());
    ProfileImporter::Input input;
    input.origin = ProfileOrigin::PersonalPage;
    input.refreshToken = tokens.refreshToken;
    input.accessToken = tokens.accessToken;
    input.scopes = chosenScopes();
    m_importer->import(input, [self, failed](const ProfileImporter::Result &r) {
        if (!self)
            return;
        if (!r.ok()) {
            failed(r.message);
            return;
        }
        self->finishSaved(r.profile);
    });
}

void GenerateDialog::finishSaved(const Profile &profile)
{
    m_saving = false;
    m_captured = {};
    qCInfo(lcUi) << "Token profile saved" << profile.id;
    m_doneText->setText(
        (m_regenerateId.isEmpty() ? tr("Saved as “%1”.") : tr("New tokens saved for “%1”."))
            .arg(profile.label)
        + (profile.agencyName.isEmpty() ? QString()
                                         : QLatin1Char(' ') + tr("Agency: %1.").arg(profile.agencyName))
        + QLatin1Char(' ')
        + (m_ctx->vault()->isSessionOnly()
               ? tr("The keychain is not available, so the tokens are kept only until a911desk "
                    "quits.")
               : tr("The tokens are in your system's keychain.")));
    m_stack->setCurrentIndex(DonePage);
    Q_EMIT profileSaved(profile.id);
}

} // namespace a911
