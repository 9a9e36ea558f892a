#pragma once

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace a911 {

class CoreContext;

/// Service addresses, refresh lead time, clipboard delay, refresh-token lifetime and
/// the tray. Invalid values are refused here, with the reason beside the field.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(CoreContext *ctx, QWidget *parent = nullptr);

    /// Saves to the app settings and gives the clients the new URLs. Refuses (false)
    /// while anything is invalid.
    bool apply();
    /// True when every field is valid (the OK button is enabled then).
    bool isValid() const;

    void accept() override;

Q_SIGNALS:
    /// The settings were saved; listeners re-read what concerns them.
    void applied();

private:
    void validate();
    QLineEdit *urlField(const QString &name, const QString &value);
    QLabel *errorLabel(const QString &name);

    CoreContext *m_ctx;
    QLineEdit *m_console;
    QLineEdit *m_oauth;
    QLineEdit *m_api;
    QSpinBox *m_lead;
    QSpinBox *m_clipboard;
    QSpinBox *m_lifetime;
    QCheckBox *m_trayEnabled;
    QCheckBox *m_startInTray;
    QCheckBox *m_closeToTray;
    QLabel *m_consoleError;
    QLabel *m_oauthError;
    QLabel *m_apiError;
    QLabel *m_leadError;
    QLabel *m_clipboardError;
    QLabel *m_lifetimeError;
    QDialogButtonBox *m_buttons;
    bool m_valid = false;
};

} // namespace a911
