#pragma once

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace a911 {

class BrowserPane;
class CoreContext;
class ProfileImporter;
class RegisteredAppFlow;
struct RegisteredAppTokens;

/// Adds a profile for a registered app (client id + secret) through
/// authorize_agency.php and token.php, in the embedded browser (the redirect is caught
/// before it loads) or the system browser (a 127.0.0.1-only listener). The secret goes
/// to the keychain with the tokens; nothing is saved unless everything worked.
class RegisteredAppDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit RegisteredAppDialog(CoreContext *ctx, QWidget *parent = nullptr);
    ~RegisteredAppDialog() override;

Q_SIGNALS:
    void profileSaved(const QString &profileId);

private:
    void start();
    void onUrlReady(const QUrl &url);
    void onTokens(const RegisteredAppTokens &tokens);
    void onFailed(const QString &message);
    void setStatus(const QString &text, bool problem);

    CoreContext *m_ctx;
    RegisteredAppFlow *m_flow = nullptr;
    QPointer<ProfileImporter> m_importer;
    BrowserPane *m_pane = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_secret = nullptr;
    QLineEdit *m_redirect = nullptr;
    QList<QCheckBox *> m_scopes;
    QRadioButton *m_embedded = nullptr;
    QRadioButton *m_system = nullptr;
    QPushButton *m_start = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_browserHolder = nullptr;
};

} // namespace a911
