#pragma once

#include "tokenpageparser.h"

#include <QDialog>
#include <QPointer>
#include <QStringList>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace a911 {

class BrowserPane;
class CoreContext;
class ProfileImporter;
struct Profile;

/// "Generate tokens…": a scope picker, then the console's oauth_gen.php in the
/// embedded browser with those scopes ticked; the tokens are captured from the page
/// when it shows them and saved as a profile after the API accepted the access token.
/// The paste route (system browser + paste box) is always there, and is all there is
/// without WebEngine. Any failure leaves no profile behind and no profile touched.
class GenerateDialog final : public QDialog
{
    Q_OBJECT
public:
    /// scopes: preselected in the picker (empty = the read scopes).
    GenerateDialog(CoreContext *ctx, const QStringList &scopes, QWidget *parent = nullptr);
    ~GenerateDialog() override;

    /// `a911desk generate --scopes "read_agency read_alert"`: space- or comma-separated
    /// scope names; false with a sentence in *error for an unknown one.
    static bool scopesFromArgument(const QString &text, QStringList *scopes, QString *error);

    /// Opens straight on the paste route.
    void startOnPastePage();
    /// Replaces the tokens of an existing profile after a successful capture (label,
    /// id and settings stay); its scopes are preselected.
    void setRegenerateProfile(const QString &profileId);

    /// True once the embedded browser could be used (WebEngine built and loaded).
    bool embeddedBrowserAvailable() const;
    /// The pane while the browser page is open (tests drive the console through it).
    BrowserPane *browserPane() const { return m_pane; }
    QStringList chosenScopes() const;
    /// What the dialog holds right now (tests).
    CapturedTokens captured() const { return m_captured; }
    /// The line the dialog shows about the current step (tests read it).
    QString statusText() const;

Q_SIGNALS:
    /// A profile was saved (added, or its tokens replaced).
    void profileSaved(const QString &profileId);

private:
    enum Page { ScopePage, BrowserPage, CapturedPage, PastePage, DonePage };

    QWidget *buildScopePage();
    QWidget *buildBrowserPage();
    QWidget *buildCapturedPage();
    QWidget *buildPastePage();
    QWidget *buildDonePage();

    void openEmbedded();
    void openSystemBrowser();
    void onPageLoaded(bool ok);
    void onCaptureResult(const QString &json, const QString &lastSubmit);
    void showCaptured(const CapturedTokens &tokens);
    void showPaste(const CapturedTokens &prefill, const QString &why);
    void updatePasteStatus();
    void save(const CapturedTokens &tokens);
    void finishSaved(const Profile &profile);
    void setStatus(QLabel *label, const QString &text, bool problem);
    void updateScopeButtons();

    CoreContext *m_ctx;
    QString m_regenerateId;
    QString m_browserUnavailable;
    CapturedTokens m_captured;
    bool m_saving = false;
    bool m_scopesTicked = false;

    QStackedWidget *m_stack = nullptr;
    QList<QCheckBox *> m_scopeBoxes;
    QLabel *m_scopeNote = nullptr;
    QPushButton *m_embeddedButton = nullptr;
    QPushButton *m_systemButton = nullptr;

    QWidget *m_browserHolder = nullptr;
    BrowserPane *m_pane = nullptr;
    QLabel *m_browserStatus = nullptr;

    QLabel *m_capturedAccess = nullptr;
    QLabel *m_capturedRefresh = nullptr;
    QLabel *m_capturedScopes = nullptr;
    QLabel *m_capturedAgency = nullptr;
    QLabel *m_capturedStatus = nullptr;
    QPushButton *m_saveCaptured = nullptr;

    QPlainTextEdit *m_pasteText = nullptr;
    QLineEdit *m_pasteAccess = nullptr;
    QLineEdit *m_pasteRefresh = nullptr;
    QLabel *m_pasteStatus = nullptr;
    QPushButton *m_savePasted = nullptr;

    QLabel *m_doneText = nullptr;
    QPointer<ProfileImporter> m_importer;
};

} // namespace a911
