#include "settingsdialog.h"

#include "corecontext.h"
#include "profilestate.h"
#include "tokenkeeper.h"
#include "traycontroller.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <utility>

namespace a911 {

SettingsDialog::SettingsDialog(CoreContext *ctx, QWidget *parent)
    : QDialog(parent)
    , m_ctx(ctx)
{
    setObjectName(QStringLiteral("SettingsDialog"));
    setWindowTitle(QStringLiteral("Settings"));
    AppSettings &s = m_ctx->appSettings();
    const ServiceUrls urls = m_ctx->urls();

    // Three short sections rather than one long form: where, when, and the tray.
    auto makeSection = [this](const QString &title, const QString &name) {
        auto *box = new QGroupBox(title, this);
        box->setObjectName(name);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
        return std::make_pair(box, form);
    };
    auto addRow = [](QFormLayout *form, const QString &label, QWidget *field, QLabel *error) {
        form->addRow(label, field);
        form->addRow(QString(), error);
    };
    auto hint = [this](const QString &text) {
        auto *l = new QLabel(text, this);
        l->setWordWrap(true);
        l->setForegroundRole(QPalette::PlaceholderText);
        return l;
    };

    auto [service, serviceForm] =
        makeSection(QStringLiteral("Active911 addresses"), QStringLiteral("serviceSection"));
    m_console = urlField(QStringLiteral("consoleUrl"), urls.console.toString());
    m_consoleError = errorLabel(QStringLiteral("consoleUrlError"));
    addRow(serviceForm, QStringLiteral("&Console URL:"), m_console, m_consoleError);
    m_oauth = urlField(QStringLiteral("oauthUrl"), urls.oauth.toString());
    m_oauthError = errorLabel(QStringLiteral("oauthUrlError"));
    addRow(serviceForm, QStringLiteral("&OAuth URL:"), m_oauth, m_oauthError);
    m_api = urlField(QStringLiteral("apiUrl"), urls.api.toString());
    m_apiError = errorLabel(QStringLiteral("apiUrlError"));
    addRow(serviceForm, QStringLiteral("&API URL:"), m_api, m_apiError);
    serviceForm->addRow(QString(),
                        hint(QStringLiteral("HTTPS only; plain HTTP only to this computer "
                                            "(localhost), as the demo replica uses.")));

    auto [tokens, tokensForm] =
        makeSection(QStringLiteral("Tokens and clipboard"), QStringLiteral("tokensSection"));
    // Spin boxes accept out-of-range numbers on purpose: the reason beside the field
    // explains a refusal better than a box that silently won't take the keystroke.
    m_lead = new QSpinBox(this);
    m_lead->setObjectName(QStringLiteral("leadTime"));
    m_lead->setRange(-1000000, 1000000);
    m_lead->setSuffix(QStringLiteral(" s"));
    m_lead->setValue(s.leadTimeSecs());
    m_lead->setAccessibleName(QStringLiteral("Auto-refresh lead time in seconds"));
    m_lead->setToolTip(QStringLiteral("Get a new access token this long before the old one "
                                      "expires"));
    m_leadError = errorLabel(QStringLiteral("leadTimeError"));
    addRow(tokensForm, QStringLiteral("Refresh lea&d time:"), m_lead, m_leadError);

    m_lifetime = new QSpinBox(this);
    m_lifetime->setObjectName(QStringLiteral("refreshLifetime"));
    m_lifetime->setRange(-100000, 100000);
    m_lifetime->setSuffix(QStringLiteral(" days"));
    m_lifetime->setValue(s.refreshLifetimeDays());
    m_lifetime->setAccessibleName(QStringLiteral("Refresh-token lifetime in days"));
    m_lifetime->setToolTip(QStringLiteral("How long Active911 accepts a refresh token "
                                          "(a year); the warnings count down from it"));
    m_lifetimeError = errorLabel(QStringLiteral("refreshLifetimeError"));
    addRow(tokensForm, QStringLiteral("Refresh-token &lifetime:"), m_lifetime, m_lifetimeError);

    m_clipboard = new QSpinBox(this);
    m_clipboard->setObjectName(QStringLiteral("clipboardDelay"));
    m_clipboard->setRange(-1000000, 1000000);
    m_clipboard->setSuffix(QStringLiteral(" s"));
    m_clipboard->setValue(s.clipboardClearSecs());
    m_clipboard->setAccessibleName(QStringLiteral("Clear the clipboard after, seconds"));
    m_clipboard->setToolTip(QStringLiteral("A copied token is wiped after this long, if the "
                                           "clipboard still holds it"));
    m_clipboardError = errorLabel(QStringLiteral("clipboardDelayError"));
    addRow(tokensForm, QStringLiteral("Clear clip&board after:"), m_clipboard, m_clipboardError);

    auto [tray, trayForm] =
        makeSection(QStringLiteral("System tray"), QStringLiteral("traySection"));
    const bool trayAvailable = TrayController::isAvailable();
    m_trayEnabled = new QCheckBox(QStringLiteral("Show an icon in the system &tray"), this);
    m_trayEnabled->setObjectName(QStringLiteral("trayEnabled"));
    m_trayEnabled->setChecked(s.trayEnabled());
    m_startInTray = new QCheckBox(QStringLiteral("&Start in the tray (window hidden)"), this);
    m_startInTray->setObjectName(QStringLiteral("startInTray"));
    m_startInTray->setChecked(s.startInTray());
    m_closeToTray =
        new QCheckBox(QStringLiteral("Closing the window keeps a911desk in the t&ray"), this);
    m_closeToTray->setObjectName(QStringLiteral("closeToTray"));
    m_closeToTray->setChecked(s.closeToTray());
    trayForm->addRow(m_trayEnabled);
    trayForm->addRow(m_startInTray);
    trayForm->addRow(m_closeToTray);
    if (!trayAvailable)
        trayForm->addRow(hint(QStringLiteral("This desktop has no system tray; these settings "
                                             "apply where there is one.")));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *root = new QVBoxLayout(this);
    root->addWidget(service);
    root->addWidget(tokens);
    root->addWidget(tray);
    root->addStretch(1);
    root->addWidget(m_buttons);
    root->setSizeConstraint(QLayout::SetMinimumSize);

    for (QLineEdit *e : {m_console, m_oauth, m_api})
        connect(e, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    for (QSpinBox *b : {m_lead, m_clipboard, m_lifetime})
        connect(b, &QSpinBox::valueChanged, this, &SettingsDialog::validate);
    connect(m_trayEnabled, &QCheckBox::toggled, this, &SettingsDialog::validate);
    validate();
}

QLineEdit *SettingsDialog::urlField(const QString &name, const QString &value)
{
    auto *e = new QLineEdit(value, this);
    e->setObjectName(name);
    e->setMinimumWidth(e->fontMetrics().averageCharWidth() * 50);
    e->setAccessibleName(name == QLatin1String("consoleUrl") ? QStringLiteral("Console URL")
                         : name == QLatin1String("oauthUrl") ? QStringLiteral("OAuth URL")
                                                             : QStringLiteral("API URL"));
    return e;
}

QLabel *SettingsDialog::errorLabel(const QString &name)
{
    auto *l = new QLabel(this);
    l->setObjectName(name);
    l->setWordWrap(true);
    QPalette pal = l->palette();
    pal.setColor(QPalette::WindowText, stateColor(DisplayState::NeedsRegeneration, palette()));
    l->setPalette(pal);
    l->hide();
    return l;
}

void SettingsDialog::validate()
{
    // The reason shows beside the field and is the field's accessible description.
    auto check = [](QWidget *field, QLabel *error, const QString &why) {
        error->setText(why);
        error->setVisible(!why.isEmpty());
        field->setAccessibleDescription(why);
        return why.isEmpty();
    };
    auto urlWhy = [](const QLineEdit *e) {
        return ServiceUrls::validate(QUrl(e->text().trimmed(), QUrl::StrictMode));
    };
    bool ok = true;
    ok &= check(m_console, m_consoleError, urlWhy(m_console));
    ok &= check(m_oauth, m_oauthError, urlWhy(m_oauth));
    ok &= check(m_api, m_apiError, urlWhy(m_api));
    ok &= check(m_lead, m_leadError, AppSettings::validateLeadTime(m_lead->value()));
    ok &= check(m_clipboard, m_clipboardError,
                AppSettings::validateClipboardDelay(m_clipboard->value()));
    ok &= check(m_lifetime, m_lifetimeError,
                AppSettings::validateRefreshLifetime(m_lifetime->value()));
    m_startInTray->setEnabled(m_trayEnabled->isChecked());
    m_closeToTray->setEnabled(m_trayEnabled->isChecked());
    m_valid = ok;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

bool SettingsDialog::isValid() const
{
    return m_valid;
}

bool SettingsDialog::apply()
{
    validate();
    if (!m_valid)
        return false;
    AppSettings &s = m_ctx->appSettings();
    s.setLeadTimeSecs(m_lead->value());
    s.setClipboardClearSecs(m_clipboard->value());
    s.setRefreshLifetimeDays(m_lifetime->value());
    s.setTrayEnabled(m_trayEnabled->isChecked());
    s.setStartInTray(m_startInTray->isChecked());
    s.setCloseToTray(m_closeToTray->isChecked());
    ServiceUrls urls;
    urls.console = QUrl(m_console->text().trimmed(), QUrl::StrictMode);
    urls.oauth = QUrl(m_oauth->text().trimmed(), QUrl::StrictMode);
    urls.api = QUrl(m_api->text().trimmed(), QUrl::StrictMode);
    if (!(urls == m_ctx->urls()))
        m_ctx->setUrls(urls);
    if (TokenKeeper *k = m_ctx->keeper())
        k->setLeadTimeSecs(m_lead->value());
    Q_EMIT applied();
    return true;
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}

} // namespace a911
