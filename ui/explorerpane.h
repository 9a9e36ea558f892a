#pragma once

#include "apiclient.h"
#include "jsonparseworker.h"
#include "requestnavigation.h"
#include "responsereport.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTableWidget;
class QToolButton;
class QTreeView;
class QFormLayout;
class QFrame;

namespace a911 {

class ClipboardGuard;

class CoreContext;
struct Endpoint;
class JsonHighlighter;
class JsonTreeModel;
class ReferenceTableModel;
class RequestHistory;
struct HistoryEntry;

/// The API explorer: the endpoint catalog and a free request editor on the left,
/// the reply (status, headers, a lazy JSON tree, pretty text, tables of referenced
/// objects) on the right, history below. Heavy work (parsing, searching) runs off
/// the UI thread.
class ExplorerPane final : public QWidget
{
    Q_OBJECT
public:
    explicit ExplorerPane(a911::CoreContext *ctx, QWidget *parent = nullptr);
    ~ExplorerPane() override;

    void setProfile(const QString &profileId);
    QString profileId() const;

    /// Where "Save response…" and "Export CSV…" write; by default a file dialog.
    /// Returns an empty path to cancel. Tests replace it.
    using SavePathProvider = std::function<QString(const QString &suggestedName)>;
    void setSavePathProvider(SavePathProvider provider);
    /// Where the history lives (default: RequestHistory::defaultFilePath()).
    void setHistoryFile(const QString &path);
    /// Copies that contain a token go through this guard (hidden from clipboard
    /// managers, cleared after the delay). Without one, such copies are refused.
    void setClipboardGuard(ClipboardGuard *guard);

    // What the pane shows, for tests and the benchmark.
    QString messageText() const;
    bool messageIsError() const;
    ResponseReport::Kind lastReportKind() const { return m_report.kind; }
    bool isBusy() const;

public Q_SLOTS:
    void send();
    void cancel();
    void goBack();
    void goForward();

Q_SIGNALS:
    /// A reply has been presented (tree shown or failure explained).
    void responseShown();

private:
    void buildUi();
    void reloadProfiles();
    void showEndpoint(const Endpoint *endpoint);
    void syncFormToEditor();
    ApiRequest editorRequest() const;
    void loadIntoEditor(const ApiRequest &request);
    void sendRequest(const ApiRequest &request, bool force, bool fromNavigation);
    void start(const ApiRequest &request);
    void onFinished();
    void onParsed(quint64 ticket, const a911::ParsedBody &parsed);
    void present(const ResponseReport &report);
    void setMessage(const QString &text, bool error, bool warning = false);
    void showRawText(const QByteArray &body, const QString &note);
    void showHeaders(const ApiResponse &response);
    void setPrettyText(const QString &text, bool highlight);
    void followUri(const QUrl &url);
    void runSearch();
    void onSearched(quint64 ticket, const QList<a911::JsonMatch> &matches);
    void revealRows(const QList<int> &rows);
    void openAsTable();
    void exportCsv();
    void saveResponse();
    void copyCurl(bool literalToken);
    void refreshHistory();
    void rerunHistory(int row);
    void updateActions();
    void updateAuthLabel();
    QString askPath(const QString &suggestedName);

    CoreContext *m_ctx;
    ApiClient *m_api;
    JsonParseWorker *m_worker;
    JsonTreeModel *m_model;
    ReferenceTableModel *m_table;
    RequestHistory *m_history = nullptr;
    RequestNavigation m_nav;
    SavePathProvider m_savePath;

    QPointer<ApiReply> m_reply;
    ApiRequest m_sentRequest;
    ApiResponse m_response;
    ResponseReport m_report;
    quint64 m_parseTicket = 0;
    quint64 m_searchTicket = 0;
    QString m_pendingPretty;
    bool m_pendingHighlight = false;
    QString m_currentEndpoint;
    ApiRequest m_scopePending;

    // Request side
    QComboBox *m_profiles = nullptr;
    QListWidget *m_catalog = nullptr;
    QWidget *m_form = nullptr;
    QFormLayout *m_formLayout = nullptr;
    QList<QPair<QString, QLineEdit *>> m_pathFields;
    QList<QPair<QString, QLineEdit *>> m_queryFields;
    QLabel *m_endpointSummary = nullptr;
    QLabel *m_validation = nullptr;
    QComboBox *m_method = nullptr;
    QLineEdit *m_path = nullptr;
    QTableWidget *m_query = nullptr;
    QTableWidget *m_headers = nullptr;
    QLabel *m_auth = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_cancel = nullptr;
    QToolButton *m_back = nullptr;
    QToolButton *m_forward = nullptr;
    QToolButton *m_curl = nullptr;
    QFrame *m_scopeBanner = nullptr;
    QLabel *m_scopeText = nullptr;
    QListWidget *m_historyList = nullptr;

    // Response side
    QLabel *m_status = nullptr;
    QLabel *m_message = nullptr;
    QProgressBar *m_busy = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_tree = nullptr;
    QLineEdit *m_search = nullptr;
    QListWidget *m_matches = nullptr;
    QLabel *m_matchCount = nullptr;
    QPushButton *m_openLink = nullptr;
    QPushButton *m_openTable = nullptr;
    QPlainTextEdit *m_pretty = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    QLabel *m_prettyNote = nullptr;
    QTableWidget *m_headerView = nullptr;
    QTableView *m_tableView = nullptr;
    QProgressBar *m_tableProgress = nullptr;
    QPushButton *m_tableCancel = nullptr;
    QPushButton *m_exportCsv = nullptr;
    QPushButton *m_save = nullptr;
    bool m_messageError = false;
    QPointer<ClipboardGuard> m_guard;
};

} // namespace a911
