#include "explorerpane.h"

#include "clipboardguard.h"

#include "corecontext.h"
#include "csvexport.h"
#include "curlcommand.h"
#include "endpointcatalog.h"
#include "jsonhighlighter.h"
#include "jsontreemodel.h"
#include "logging.h"
#include "referencetablemodel.h"
#include "requesthistory.h"
#include "tokenkeeper.h"
#include "tokenvault.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace a911 {

namespace {

// Pretty text beyond this is cut: the tree shows everything, the text is for reading.
constexpr qsizetype kPrettyLimit = 256 * 1024;
// Highlighting runs on the UI thread over the whole text; keep it for modest texts.
constexpr int kHighlightLimit = 96 * 1024;
constexpr int kSearchLimit = 500;
constexpr int kExpandLimit = 2000;

/// Shows `uri` values as links.
class LinkDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() == JsonTreeModel::ValueColumn &&
            index.siblingAtColumn(0).data(JsonTreeModel::UriRole).toUrl().isValid()) {
            option->font.setUnderline(true);
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Link));
        }
    }
};

QTableWidget *pairTable(const QString &name, const QStringList &labels)
{
    auto *t = new QTableWidget(0, 2);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(labels);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->setVisible(false);
    t->setMinimumHeight(70);
    return t;
}

QWidget *withButtons(QTableWidget *table)
{
    auto *w = new QWidget;
    auto *l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(table);
    auto *row = new QHBoxLayout;
    auto *add = new QPushButton(QObject::tr("Add"));
    auto *remove = new QPushButton(QObject::tr("Remove"));
    add->setObjectName(table->objectName() + QStringLiteral("Add"));
    QObject::connect(add, &QPushButton::clicked, table,
                     [table] { table->insertRow(table->rowCount()); });
    QObject::connect(remove, &QPushButton::clicked, table, [table] {
        const int r = table->currentRow();
        if (r >= 0)
            table->removeRow(r);
    });
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch();
    l->addLayout(row);
    return w;
}

QString cellText(const QTableWidget *t, int row, int col)
{
    const QTableWidgetItem *item = t->item(row, col);
    return item ? item->text() : QString();
}

void setPairs(QTableWidget *t, const QList<QPair<QString, QString>> &pairs)
{
    t->setRowCount(0);
    for (const auto &[k, v] : pairs) {
        const int r = t->rowCount();
        t->insertRow(r);
        t->setItem(r, 0, new QTableWidgetItem(k));
        t->setItem(r, 1, new QTableWidgetItem(v));
    }
}

} // namespace

ExplorerPane::ExplorerPane(CoreContext *ctx, QWidget *parent)
    : QWidget(parent)
    , m_ctx(ctx)
    ,
    // Our own client: the explorer's transfer ceiling is not the CLI's business.
    m_api(new ApiClient(ctx->network(), ctx->keeper(), ctx->urls(), this))
    , m_worker(new JsonParseWorker(this))
    , m_model(new JsonTreeModel(this))
    , m_table(new ReferenceTableModel(m_api, this))
{
    const qint64 cap = m_ctx->appSettings().responseSizeCapBytes();
    // Past the display cap a reply is still kept whole (to be saved), up to a ceiling.
    m_api->setMaxBodyBytes(qMax<qint64>(cap * 4, qint64(256) * 1024 * 1024));
    connect(m_ctx, &CoreContext::urlsChanged, this, [this] {
        m_api->setUrls(m_ctx->urls());
        updateAuthLabel();
    });
    buildUi();
    setHistoryFile(RequestHistory::defaultFilePath());
    reloadProfiles();
    connect(m_ctx->vault(), &TokenVault::profileAdded, this, &ExplorerPane::reloadProfiles);
    connect(m_ctx->vault(), &TokenVault::profileRemoved, this, &ExplorerPane::reloadProfiles);
    connect(m_ctx->vault(), &TokenVault::profileChanged, this, &ExplorerPane::reloadProfiles);
    connect(m_worker, &JsonParseWorker::parsed, this, &ExplorerPane::onParsed);
    connect(m_worker, &JsonParseWorker::searched, this, &ExplorerPane::onSearched);
    const auto &endpoints = EndpointCatalog::builtin().endpoints();
    if (!endpoints.isEmpty())
        m_catalog->setCurrentRow(0);
    updateActions();
}

ExplorerPane::~ExplorerPane()
{
    m_table->cancel();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->cancel();
    }
}

void ExplorerPane::buildUi()
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    // ---- left: profile, catalog + form, free editor, history
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    auto *profileRow = new QHBoxLayout;
    m_profiles = new QComboBox;
    m_profiles->setObjectName(QStringLiteral("profileCombo"));
    profileRow->addWidget(new QLabel(tr("Profile:")));
    profileRow->addWidget(m_profiles, 1);
    leftLayout->addLayout(profileRow);
    connect(m_profiles, &QComboBox::currentIndexChanged, this, [this] {
        updateAuthLabel();
        updateActions();
    });

    auto *leftTabs = new QTabWidget;
    leftTabs->setObjectName(QStringLiteral("leftTabs"));
    m_catalog = new QListWidget;
    m_catalog->setObjectName(QStringLiteral("catalogList"));
    for (const Endpoint &e : EndpointCatalog::builtin().endpoints()) {
        auto *item = new QListWidgetItem(QString::fromLatin1(e.method) + QLatin1Char(' ') + e.path,
                                         m_catalog);
        item->setData(Qt::UserRole, e.id);
        item->setToolTip(e.summary + QStringLiteral("\nScope: ") + e.scope);
    }
    connect(m_catalog, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            showEndpoint(EndpointCatalog::builtin().find(item->data(Qt::UserRole).toString()));
    });
    auto *catalogPage = new QWidget;
    auto *catalogLayout = new QVBoxLayout(catalogPage);
    catalogLayout->addWidget(m_catalog, 2);
    m_endpointSummary = new QLabel;
    m_endpointSummary->setWordWrap(true);
    catalogLayout->addWidget(m_endpointSummary);
    m_form = new QWidget;
    m_form->setObjectName(QStringLiteral("endpointForm"));
    m_formLayout = new QFormLayout(m_form);
    catalogLayout->addWidget(m_form);
    m_validation = new QLabel;
    m_validation->setObjectName(QStringLiteral("validationLabel"));
    m_validation->setWordWrap(true);
    m_validation->setStyleSheet(QStringLiteral("color: #b00020;"));
    catalogLayout->addWidget(m_validation);
    leftTabs->addTab(catalogPage, tr("Endpoints"));

    m_historyList = new QListWidget;
    m_historyList->setObjectName(QStringLiteral("historyList"));
    auto *historyPage = new QWidget;
    auto *historyLayout = new QVBoxLayout(historyPage);
    historyLayout->addWidget(m_historyList);
    auto *historyButtons = new QHBoxLayout;
    auto *rerun = new QPushButton(tr("Re-run"));
    rerun->setObjectName(QStringLiteral("historyRerun"));
    auto *clear = new QPushButton(tr("Clear history"));
    clear->setObjectName(QStringLiteral("historyClear"));
    historyButtons->addWidget(rerun);
    historyButtons->addStretch();
    historyButtons->addWidget(clear);
    historyLayout->addLayout(historyButtons);
    connect(rerun, &QPushButton::clicked, this,
            [this] { rerunHistory(m_historyList->currentRow()); });
    connect(m_historyList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { rerunHistory(m_historyList->row(item)); });
    connect(clear, &QPushButton::clicked, this, [this] {
        if (m_history)
            m_history->clear();
    });
    leftTabs->addTab(historyPage, tr("History"));
    leftLayout->addWidget(leftTabs, 3);

    // Free editor.
    auto *editor = new QWidget;
    auto *editorLayout = new QFormLayout(editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    auto *line = new QHBoxLayout;
    m_method = new QComboBox;
    m_method->setObjectName(QStringLiteral("methodCombo"));
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE")});
    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setPlaceholderText(tr("/alerts, alerts/12 or a full URL under the API base"));
    line->addWidget(m_method);
    line->addWidget(m_path, 1);
    editorLayout->addRow(tr("Request"), line);
    m_query = pairTable(QStringLiteral("queryTable"), {tr("Query key"), tr("Value")});
    editorLayout->addRow(tr("Query"), withButtons(m_query));
    m_headers = pairTable(QStringLiteral("headersTable"), {tr("Header"), tr("Value")});
    editorLayout->addRow(tr("Headers"), withButtons(m_headers));
    m_auth = new QLabel;
    m_auth->setObjectName(QStringLiteral("authLabel"));
    m_auth->setTextInteractionFlags(Qt::TextSelectableByMouse);
    editorLayout->addRow(QString(), m_auth);
    m_body = new QPlainTextEdit;
    m_body->setObjectName(QStringLiteral("bodyEdit"));
    m_body->setFont(mono);
    m_body->setPlaceholderText(tr("JSON body (POST)"));
    m_body->setMaximumHeight(110);
    editorLayout->addRow(tr("Body"), m_body);
    leftLayout->addWidget(editor, 2);

    m_scopeBanner = new QFrame;
    m_scopeBanner->setObjectName(QStringLiteral("scopeBanner"));
    m_scopeBanner->setFrameShape(QFrame::StyledPanel);
    m_scopeBanner->setStyleSheet(QStringLiteral("QFrame#scopeBanner { background: #fff4ce; }"));
    auto *bannerLayout = new QHBoxLayout(m_scopeBanner);
    m_scopeText = new QLabel;
    m_scopeText->setObjectName(QStringLiteral("scopeText"));
    m_scopeText->setWordWrap(true);
    auto *sendAnyway = new QPushButton(tr("Send anyway"));
    sendAnyway->setObjectName(QStringLiteral("sendAnyway"));
    auto *dontSend = new QPushButton(tr("Don't send"));
    bannerLayout->addWidget(m_scopeText, 1);
    bannerLayout->addWidget(sendAnyway);
    bannerLayout->addWidget(dontSend);
    m_scopeBanner->hide();
    connect(sendAnyway, &QPushButton::clicked, this, [this] {
        m_scopeBanner->hide();
        sendRequest(m_scopePending, true, false);
    });
    connect(dontSend, &QPushButton::clicked, m_scopeBanner, &QWidget::hide);
    leftLayout->addWidget(m_scopeBanner);

    auto *buttons = new QHBoxLayout;
    m_back = new QToolButton;
    m_back->setObjectName(QStringLiteral("backButton"));
    m_back->setText(tr("◀ Back"));
    m_forward = new QToolButton;
    m_forward->setObjectName(QStringLiteral("forwardButton"));
    m_forward->setText(tr("Forward ▶"));
    m_send = new QPushButton(tr("Send"));
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_curl = new QToolButton;
    m_curl->setObjectName(QStringLiteral("curlButton"));
    m_curl->setText(tr("Copy as curl"));
    m_curl->setPopupMode(QToolButton::MenuButtonPopup);
    auto *curlMenu = new QMenu(m_curl);
    curlMenu->addAction(tr("Copy as curl (token fetched by a911desk)"), this,
                        [this] { copyCurl(false); });
    curlMenu->addAction(tr("Copy as curl with the literal token…"), this,
                        [this] { copyCurl(true); });
    m_curl->setMenu(curlMenu);
    connect(m_curl, &QToolButton::clicked, this, [this] { copyCurl(false); });
    buttons->addWidget(m_back);
    buttons->addWidget(m_forward);
    buttons->addStretch();
    buttons->addWidget(m_curl);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_send);
    leftLayout->addLayout(buttons);
    connect(m_send, &QPushButton::clicked, this, &ExplorerPane::send);
    connect(m_cancel, &QPushButton::clicked, this, &ExplorerPane::cancel);
    connect(m_back, &QToolButton::clicked, this, &ExplorerPane::goBack);
    connect(m_forward, &QToolButton::clicked, this, &ExplorerPane::goForward);

    // ---- right: the reply
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    auto *statusRow = new QHBoxLayout;
    m_status = new QLabel(tr("No request sent yet."));
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_busy = new QProgressBar;
    m_busy->setObjectName(QStringLiteral("busyBar"));
    m_busy->setMaximumWidth(160);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_save = new QPushButton(tr("Save response…"));
    m_save->setObjectName(QStringLiteral("saveButton"));
    connect(m_save, &QPushButton::clicked, this, &ExplorerPane::saveResponse);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_busy);
    statusRow->addWidget(m_save);
    rightLayout->addLayout(statusRow);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    rightLayout->addWidget(m_message);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    // Tree
    auto *treePage = new QWidget;
    auto *treeLayout = new QVBoxLayout(treePage);
    auto *searchRow = new QHBoxLayout;
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(tr("Find keys or values (Enter)"));
    m_search->setClearButtonEnabled(true);
    m_matchCount = new QLabel;
    m_matchCount->setObjectName(QStringLiteral("matchCount"));
    auto *expand = new QPushButton(tr("Expand"));
    expand->setObjectName(QStringLiteral("expandButton"));
    expand->setToolTip(tr("Expand the selected node (up to %1 nodes)").arg(kExpandLimit));
    auto *collapse = new QPushButton(tr("Collapse all"));
    collapse->setObjectName(QStringLiteral("collapseButton"));
    auto *copyValue = new QPushButton(tr("Copy value"));
    copyValue->setObjectName(QStringLiteral("copyValueButton"));
    auto *copyPath = new QPushButton(tr("Copy path"));
    copyPath->setObjectName(QStringLiteral("copyPathButton"));
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_matchCount);
    searchRow->addWidget(expand);
    searchRow->addWidget(collapse);
    searchRow->addWidget(copyValue);
    searchRow->addWidget(copyPath);
    treeLayout->addLayout(searchRow);
    auto *treeSplit = new QSplitter(Qt::Vertical);
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("jsonTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true); // lets the view skip off-screen rows
    m_tree->setItemDelegate(new LinkDelegate(m_tree));
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->setColumnWidth(0, 220);
    m_tree->setColumnWidth(1, 380);
    m_matches = new QListWidget;
    m_matches->setObjectName(QStringLiteral("matchList"));
    m_matches->hide();
    treeSplit->addWidget(m_tree);
    treeSplit->addWidget(m_matches);
    treeSplit->setStretchFactor(0, 4);
    treeSplit->setStretchFactor(1, 1);
    treeLayout->addWidget(treeSplit, 1);
    auto *linkRow = new QHBoxLayout;
    m_openLink = new QPushButton(tr("Open link"));
    m_openLink->setObjectName(QStringLiteral("openLinkButton"));
    m_openTable = new QPushButton(tr("Open list as table"));
    m_openTable->setObjectName(QStringLiteral("openTableButton"));
    linkRow->addWidget(new QLabel(tr("Double-click a uri to open it.")));
    linkRow->addStretch();
    linkRow->addWidget(m_openLink);
    linkRow->addWidget(m_openTable);
    treeLayout->addLayout(linkRow);
    m_tabs->addTab(treePage, tr("Tree"));

    connect(m_search, &QLineEdit::returnPressed, this, &ExplorerPane::runSearch);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) {
        if (t.isEmpty()) {
            m_matches->clear();
            m_matches->hide();
            m_matchCount->clear();
        }
    });
    connect(m_matches, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) {
            QList<int> rows;
            for (const QVariant &v : m_matches->item(row)->data(Qt::UserRole).toList())
                rows << v.toInt();
            revealRows(rows);
        }
    });
    connect(expand, &QPushButton::clicked, this, [this] {
        // Breadth-first, bounded: a 100k-item array must not be walked whole.
        QModelIndex start = m_tree->currentIndex().siblingAtColumn(0);
        QList<QModelIndex> queue{start};
        int budget = kExpandLimit;
        while (!queue.isEmpty() && budget > 0) {
            const QModelIndex at = queue.takeFirst();
            if (at.isValid())
                m_tree->expand(at);
            const int n = m_model->rowCount(at);
            budget -= n;
            for (int r = 0; r < n && budget > 0; ++r) {
                const QModelIndex c = m_model->index(r, 0, at);
                if (m_model->hasChildren(c))
                    queue << c;
            }
        }
    });
    connect(collapse, &QPushButton::clicked, m_tree, &QTreeView::collapseAll);
    connect(copyValue, &QPushButton::clicked, this, [this] {
        const QModelIndex at = m_tree->currentIndex();
        if (at.isValid())
            QGuiApplication::clipboard()->setText(m_model->copyText(at.siblingAtColumn(0)));
    });
    connect(copyPath, &QPushButton::clicked, this, [this] {
        const QModelIndex at = m_tree->currentIndex();
        if (at.isValid())
            QGuiApplication::clipboard()->setText(m_model->path(at.siblingAtColumn(0)));
    });
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &at) {
        const QUrl url = m_model->uri(at.siblingAtColumn(0));
        if (url.isValid())
            followUri(url);
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ExplorerPane::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ExplorerPane::updateActions);
    connect(m_openLink, &QPushButton::clicked, this, [this] {
        const QUrl url = m_model->uri(m_tree->currentIndex().siblingAtColumn(0));
        if (url.isValid())
            followUri(url);
    });
    connect(m_openTable, &QPushButton::clicked, this, &ExplorerPane::openAsTable);

    // Pretty text
    auto *prettyPage = new QWidget;
    auto *prettyLayout = new QVBoxLayout(prettyPage);
    m_prettyNote = new QLabel;
    m_prettyNote->setObjectName(QStringLiteral("prettyNote"));
    m_prettyNote->setWordWrap(true);
    m_prettyNote->hide();
    m_pretty = new QPlainTextEdit;
    m_pretty->setObjectName(QStringLiteral("prettyText"));
    m_pretty->setReadOnly(true);
    m_pretty->setFont(mono);
    m_pretty->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_highlighter = new JsonHighlighter(nullptr);
    m_highlighter->setParent(this);
    prettyLayout->addWidget(m_prettyNote);
    prettyLayout->addWidget(m_pretty, 1);
    m_tabs->addTab(prettyPage, tr("Text"));

    // Headers
    m_headerView = pairTable(QStringLiteral("responseHeaders"), {tr("Header"), tr("Value")});
    m_headerView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tabs->addTab(m_headerView, tr("Headers"));

    // Table of referenced objects
    auto *tablePage = new QWidget;
    auto *tableLayout = new QVBoxLayout(tablePage);
    auto *tableRow = new QHBoxLayout;
    m_tableProgress = new QProgressBar;
    m_tableProgress->setObjectName(QStringLiteral("tableProgress"));
    m_tableCancel = new QPushButton(tr("Stop fetching"));
    m_tableCancel->setObjectName(QStringLiteral("tableCancel"));
    m_exportCsv = new QPushButton(tr("Export CSV…"));
    m_exportCsv->setObjectName(QStringLiteral("exportCsvButton"));
    tableRow->addWidget(m_tableProgress, 1);
    tableRow->addWidget(m_tableCancel);
    tableRow->addWidget(m_exportCsv);
    tableLayout->addLayout(tableRow);
    m_tableView = new QTableView;
    m_tableView->setObjectName(QStringLiteral("refTable"));
    m_tableView->setModel(m_table);
    tableLayout->addWidget(m_tableView, 1);
    m_tabs->addTab(tablePage, tr("Table"));
    connect(m_tableCancel, &QPushButton::clicked, m_table, &ReferenceTableModel::cancel);
    connect(m_exportCsv, &QPushButton::clicked, this, &ExplorerPane::exportCsv);
    connect(m_table, &ReferenceTableModel::progressed, this, [this](int done, int total) {
        m_tableProgress->setRange(0, qMax(total, 1));
        m_tableProgress->setValue(done);
        m_tableProgress->setFormat(tr("%1 of %2 fetched").arg(done).arg(total));
    });
    connect(m_table, &ReferenceTableModel::finished, this, [this](bool cancelled) {
        if (cancelled)
            m_tableProgress->setFormat(tr("Stopped: %1 of %2 fetched")
                                           .arg(m_table->fetchedCount())
                                           .arg(m_table->rowCount()));
        else if (m_table->failedCount() > 0)
            m_tableProgress->setFormat(tr("%1 fetched, %2 failed (see the error column)")
                                           .arg(m_table->fetchedCount() - m_table->failedCount())
                                           .arg(m_table->failedCount()));
        updateActions();
    });

    // The pretty text is made only when someone looks at it.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentIndex() == 1 && !m_pendingPretty.isNull()) {
            const QString text = std::exchange(m_pendingPretty, QString());
            setPrettyText(text, m_pendingHighlight);
        }
    });
    rightLayout->addWidget(m_tabs, 1);

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(split);
}

void ExplorerPane::setHistoryFile(const QString &path)
{
    delete m_history;
    m_history = new RequestHistory(path, m_ctx->appSettings().historyLimit(), this);
    connect(m_history, &RequestHistory::changed, this, &ExplorerPane::refreshHistory);
    refreshHistory();
}

void ExplorerPane::setSavePathProvider(SavePathProvider provider)
{
    m_savePath = std::move(provider);
}

QString ExplorerPane::askPath(const QString &suggestedName)
{
    if (m_savePath)
        return m_savePath(suggestedName);
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(this, tr("Save"), dir + QLatin1Char('/') + suggestedName);
}

void ExplorerPane::reloadProfiles()
{
    const QString keep = profileId();
    QSignalBlocker block(m_profiles);
    m_profiles->clear();
    for (const Profile &p : m_ctx->vault()->profiles())
        m_profiles->addItem(p.label, p.id);
    const int at = m_profiles->findData(keep);
    m_profiles->setCurrentIndex(at >= 0 ? at : (m_profiles->count() > 0 ? 0 : -1));
    updateAuthLabel();
    updateActions();
}

void ExplorerPane::setProfile(const QString &id)
{
    const int at = m_profiles->findData(id);
    if (at >= 0)
        m_profiles->setCurrentIndex(at);
}

QString ExplorerPane::profileId() const
{
    return m_profiles->currentData().toString();
}

QString ExplorerPane::messageText() const
{
    return m_message->isVisible() || !m_message->text().isEmpty() ? m_message->text() : QString();
}

bool ExplorerPane::messageIsError() const
{
    return m_messageError;
}

bool ExplorerPane::isBusy() const
{
    return m_reply || m_parseTicket != 0;
}

void ExplorerPane::updateAuthLabel()
{
    const Profile p = m_ctx->vault()->profile(profileId());
    m_auth->setText(
        p.isValid()
            ? tr("Authorization: Bearer ●●●●●●●● (the access token of “%1”, added when sent)")
                  .arg(p.label)
            : tr("Authorization: no profile chosen"));
}

void ExplorerPane::showEndpoint(const Endpoint *e)
{
    m_scopeBanner->hide();
    while (m_formLayout->rowCount() > 0)
        m_formLayout->removeRow(0);
    m_pathFields.clear();
    m_queryFields.clear();
    if (!e)
        return;
    m_currentEndpoint = e->id;
    m_endpointSummary->setText(QStringLiteral("<b>%1 %2</b> — %3<br/>Scope: <code>%4</code>")
                                   .arg(QString::fromLatin1(e->method), e->path.toHtmlEscaped(),
                                        e->summary.toHtmlEscaped(), e->scope));
    auto addField = [this](const EndpointParam &p, QList<QPair<QString, QLineEdit *>> *into) {
        auto *edit = new QLineEdit;
        edit->setObjectName(QStringLiteral("field_") + p.name);
        edit->setPlaceholderText(p.defaultValue.isEmpty() ? p.description.left(40)
                                                          : tr("default %1").arg(p.defaultValue));
        edit->setToolTip(p.description);
        m_formLayout->addRow(p.name, edit);
        into->append({p.name, edit});
        connect(edit, &QLineEdit::textEdited, this, &ExplorerPane::syncFormToEditor);
    };
    for (const EndpointParam &p : e->pathParams)
        addField(p, &m_pathFields);
    for (const EndpointParam &p : e->query)
        addField(p, &m_queryFields);
    m_method->setCurrentText(QString::fromLatin1(e->method));
    m_body->setPlainText(e->hasBody ? QString::fromUtf8(QJsonDocument(e->bodyTemplate).toJson())
                                    : QString());
    m_headers->setRowCount(0);
    syncFormToEditor();
}

void ExplorerPane::syncFormToEditor()
{
    const Endpoint *e = EndpointCatalog::builtin().find(m_currentEndpoint);
    if (!e)
        return;
    QHash<QString, QString> values;
    for (const auto &[name, edit] : std::as_const(m_pathFields))
        values.insert(name, edit->text());
    QueryItems query;
    for (const auto &[name, edit] : std::as_const(m_queryFields)) {
        if (!edit->text().trimmed().isEmpty())
            query << qMakePair(name, edit->text().trimmed());
    }
    // Empty placeholders stay visible ("{id}") so the path shows what is missing.
    QString path = e->path;
    for (const auto &[name, edit] : std::as_const(m_pathFields)) {
        if (!edit->text().trimmed().isEmpty())
            path.replace(QLatin1Char('{') + name + QLatin1Char('}'), edit->text().trimmed());
    }
    m_path->setText(path);
    setPairs(m_query, query);
    QStringList problems;
    for (const ValidationIssue &i : EndpointCatalog::validate(*e, values, query))
        problems << i.message;
    m_validation->setText(problems.join(QLatin1Char('\n')));
}

ApiRequest ExplorerPane::editorRequest() const
{
    ApiRequest r;
    r.method = m_method->currentText().trimmed().toUpper().toLatin1();
    r.path = m_path->text().trimmed();
    for (int i = 0; i < m_query->rowCount(); ++i) {
        const QString k = cellText(m_query, i, 0).trimmed();
        if (!k.isEmpty())
            r.query << qMakePair(k, cellText(m_query, i, 1));
    }
    for (int i = 0; i < m_headers->rowCount(); ++i) {
        const QString k = cellText(m_headers, i, 0).trimmed();
        if (!k.isEmpty())
            r.headers << qMakePair(k.toLatin1(), cellText(m_headers, i, 1).toLatin1());
    }
    if (r.method != "GET")
        r.body = m_body->toPlainText().trimmed().toUtf8();
    return r;
}

void ExplorerPane::loadIntoEditor(const ApiRequest &r)
{
    m_method->setCurrentText(
        QString::fromLatin1(r.method.isEmpty() ? QByteArray("GET") : r.method));
    m_path->setText(r.path);
    setPairs(m_query, r.query);
    QList<QPair<QString, QString>> headers;
    for (const auto &[k, v] : r.headers)
        headers.append({QString::fromLatin1(k), QString::fromLatin1(v)});
    setPairs(m_headers, headers);
    m_body->setPlainText(QString::fromUtf8(r.body));
}

void ExplorerPane::send()
{
    sendRequest(editorRequest(), false, false);
}

void ExplorerPane::sendRequest(const ApiRequest &request, bool force, bool fromNavigation)
{
    m_scopeBanner->hide();
    if (profileId().isEmpty()) {
        setMessage(tr("Choose a profile first: its token is what the request is sent with."), true);
        return;
    }
    const QList<ValidationIssue> issues =
        EndpointCatalog::builtin().check(request, m_api->urls().api);
    if (!issues.isEmpty()) {
        QStringList lines;
        for (const ValidationIssue &i : issues)
            lines << i.message;
        m_validation->setText(lines.join(QLatin1Char('\n')));
        setMessage(tr("Not sent: %1").arg(lines.join(QStringLiteral("; "))), true);
        return;
    }
    if (!force) {
        QString relative = request.path;
        const QUrl asUrl(relative);
        if (!asUrl.scheme().isEmpty())
            relative = EndpointCatalog::relativePath(asUrl, m_api->urls().api);
        const Endpoint *e = EndpointCatalog::builtin().match(request.method, relative);
        const Profile p = m_ctx->vault()->profile(profileId());
        const QString missing = e ? EndpointCatalog::missingScope(*e, p.scopes) : QString();
        if (!missing.isEmpty()) {
            m_scopePending = request;
            m_scopeText->setText(
                tr("“%1” was not granted the scope %2, which %3 %4 needs. "
                   "Active911 will most likely refuse it.")
                    .arg(p.label, missing, QString::fromLatin1(e->method), e->path));
            m_scopeBanner->show();
            return;
        }
    }
    if (!fromNavigation)
        m_nav.open(request);
    start(request);
}

void ExplorerPane::start(const ApiRequest &request)
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->cancel();
        m_reply->deleteLater();
    }
    m_table->cancel();
    m_parseTicket = 0;
    m_sentRequest = request;
    m_response = ApiResponse();
    m_report = ResponseReport();
    m_model->clear();
    m_pendingPretty.clear();
    m_pretty->clear();
    m_prettyNote->hide();
    m_headerView->setRowCount(0);
    m_matches->clear();
    m_matches->hide();
    m_matchCount->clear();
    m_message->hide();
    m_message->clear();
    m_validation->clear();
    m_status->setText(
        tr("Sending %1 %2…")
            .arg(QString::fromLatin1(request.method), m_api->urlFor(request).toDisplayString()));
    m_busy->setRange(0, 0);
    m_busy->show();
    m_reply = m_api->send(profileId(), request);
    connect(m_reply, &ApiReply::progress, this, [this](qint64 received, qint64 total) {
        m_status->setText(total > 0 ? tr("Receiving… %1 of %2")
                                          .arg(ResponseReport::humanSize(received),
                                               ResponseReport::humanSize(total))
                                    : tr("Receiving… %1").arg(ResponseReport::humanSize(received)));
    });
    connect(m_reply, &ApiReply::finished, this, &ExplorerPane::onFinished);
    updateActions();
}

void ExplorerPane::cancel()
{
    if (m_reply)
        m_reply->cancel();
    else if (m_parseTicket) {
        m_parseTicket = 0;
        m_busy->hide();
        setMessage(tr("Stopped reading the reply."), false, true);
        updateActions();
    }
}

void ExplorerPane::onFinished()
{
    ApiReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_response = reply->response();
    reply->deleteLater();
    if (m_history)
        m_history->add(HistoryEntry::fromExchange(profileId(), m_sentRequest, m_response,
                                                  m_ctx->clock()->now()));
    m_status->setText(ResponseReport::statusLine(m_response));
    showHeaders(m_response);
    const ResponseReport report =
        ResponseReport::transport(m_response, m_ctx->appSettings().responseSizeCapBytes());
    if (report.kind == ResponseReport::Kind::NeedsParsing) {
        m_status->setText(ResponseReport::statusLine(m_response) + tr(" · reading…"));
        m_parseTicket = m_worker->parse(m_response.body, kPrettyLimit);
        updateActions();
        return;
    }
    m_busy->hide();
    if (!m_response.body.isEmpty() && report.kind != ResponseReport::Kind::OverDisplayCap)
        showRawText(m_response.body, tr("What arrived, as text:"));
    present(report);
}

void ExplorerPane::onParsed(quint64 ticket, const ParsedBody &parsed)
{
    if (ticket != m_parseTicket)
        return; // an older reply, or reading was stopped
    m_parseTicket = 0;
    m_busy->hide();
    m_status->setText(ResponseReport::statusLine(m_response));
    const ResponseReport report = ResponseReport::content(m_response, parsed);
    if (parsed.isJson) {
        m_model->setDocument(parsed.document);
        const QModelIndex message = m_model->index(0, 0);
        if (message.isValid() && m_model->rowCount() <= 2 &&
            m_model->path(message) == QLatin1String("message"))
            m_tree->expand(message);
        m_tabs->setCurrentIndex(0);
        const QString note = parsed.prettyTruncated
                                 ? tr("The text shows the first %1; the tree holds everything.")
                                       .arg(ResponseReport::humanSize(kPrettyLimit))
                                 : QString();
        m_prettyNote->setText(note);
        m_prettyNote->setVisible(!note.isEmpty());
        m_pendingHighlight = parsed.pretty.size() <= kHighlightLimit;
        m_pendingPretty = parsed.pretty;
        if (m_tabs->currentIndex() == 1)
            setPrettyText(std::exchange(m_pendingPretty, QString()), m_pendingHighlight);
    } else if (parsed.looksLikeHtml) {
        showRawText(m_response.body, tr("This is an HTML page, not JSON; shown as text."));
    } else {
        // Malformed or cut: the re-indented text shows where it goes wrong.
        m_prettyNote->setText(
            tr("Not valid JSON: %1 at byte %2.").arg(parsed.jsonError).arg(parsed.jsonErrorOffset));
        m_prettyNote->show();
        setPrettyText(parsed.pretty, parsed.pretty.size() <= kHighlightLimit);
        m_tabs->setCurrentIndex(1);
    }
    present(report);
}

void ExplorerPane::present(const ResponseReport &report)
{
    m_report = report;
    QString text = report.headline;
    if (!report.detail.isEmpty())
        text += QLatin1Char('\n') + report.detail;
    setMessage(text, report.isError, report.kind == ResponseReport::Kind::Cancelled);
    updateActions();
    Q_EMIT responseShown();
}

void ExplorerPane::setMessage(const QString &text, bool error, bool warning)
{
    m_messageError = error;
    m_message->setText(text);
    m_message->setStyleSheet(
        error ? QStringLiteral("QLabel { background: #fde7e9; color: #8a0010; padding: 6px; }")
        : warning
            ? QStringLiteral("QLabel { background: #fff4ce; padding: 6px; }")
            : QStringLiteral("QLabel { background: #e6f4ea; color: #0b5124; padding: 6px; }"));
    m_message->setVisible(!text.isEmpty());
}

void ExplorerPane::showRawText(const QByteArray &body, const QString &note)
{
    m_prettyNote->setText(body.size() > kPrettyLimit
                              ? note + QLatin1Char(' ') +
                                    tr("(the first %1 of %2)")
                                        .arg(ResponseReport::humanSize(kPrettyLimit),
                                             ResponseReport::humanSize(body.size()))
                              : note);
    m_prettyNote->show();
    setPrettyText(QString::fromUtf8(body.left(kPrettyLimit)), false);
    m_tabs->setCurrentIndex(1);
}

void ExplorerPane::setPrettyText(const QString &text, bool highlight)
{
    m_highlighter->setDocument(nullptr);
    m_pretty->setPlainText(text);
    if (highlight)
        m_highlighter->setDocument(m_pretty->document());
}

void ExplorerPane::showHeaders(const ApiResponse &response)
{
    QList<QPair<QString, QString>> pairs;
    for (const auto &[k, v] : response.headers)
        pairs.append({QString::fromLatin1(k), QString::fromLatin1(v)});
    setPairs(m_headerView, pairs);
}

void ExplorerPane::followUri(const QUrl &url)
{
    if (!EndpointCatalog::isUnderBase(url, m_api->urls().api)) {
        setMessage(
            tr("Not opened: %1 is outside the API (%2), and the token only ever goes to the API.")
                .arg(url.toDisplayString(QUrl::RemoveQuery), m_api->urls().api.toDisplayString()),
            true);
        return;
    }
    ApiRequest r;
    r.path = url.toString(QUrl::RemoveQuery);
    const QUrlQuery q(url);
    for (const auto &[k, v] : q.queryItems(QUrl::FullyDecoded))
        r.query << qMakePair(k, v);
    loadIntoEditor(r);
    sendRequest(r, false, false);
}

void ExplorerPane::goBack()
{
    if (!m_nav.canGoBack())
        return;
    const ApiRequest r = m_nav.back();
    loadIntoEditor(r);
    sendRequest(r, true, true);
    updateActions();
}

void ExplorerPane::goForward()
{
    if (!m_nav.canGoForward())
        return;
    const ApiRequest r = m_nav.forward();
    loadIntoEditor(r);
    sendRequest(r, true, true);
    updateActions();
}

void ExplorerPane::runSearch()
{
    const QString needle = m_search->text().trimmed();
    if (needle.isEmpty() || m_model->rowCount() == 0)
        return;
    m_matchCount->setText(tr("searching…"));
    m_searchTicket = m_worker->search(m_model->rootValue(), needle, kSearchLimit);
}

void ExplorerPane::onSearched(quint64 ticket, const QList<JsonMatch> &matches)
{
    if (ticket != m_searchTicket)
        return;
    m_matches->clear();
    for (const JsonMatch &m : matches) {
        auto *item = new QListWidgetItem(m.path + QStringLiteral("  —  ") + m.preview, m_matches);
        QVariantList rows;
        for (int r : m.rows)
            rows << r;
        item->setData(Qt::UserRole, rows);
    }
    m_matchCount->setText(matches.size() >= kSearchLimit
                              ? tr("first %1 matches").arg(kSearchLimit)
                              : tr("%n match(es)", nullptr, int(matches.size())));
    m_matches->setVisible(!matches.isEmpty());
    if (!matches.isEmpty())
        m_matches->setCurrentRow(0);
}

void ExplorerPane::revealRows(const QList<int> &rows)
{
    const QModelIndex at = m_model->indexForRows(rows);
    if (!at.isValid())
        return;
    for (QModelIndex p = at.parent(); p.isValid(); p = p.parent())
        m_tree->expand(p);
    m_tree->setCurrentIndex(at);
    m_tree->scrollTo(at, QAbstractItemView::PositionAtCenter);
}

void ExplorerPane::openAsTable()
{
    QModelIndex at = m_tree->currentIndex().siblingAtColumn(0);
    // Not on a list: take the first list of references in the reply, breadth-first.
    if (!at.isValid() || !at.data(JsonTreeModel::IsRefListRole).toBool()) {
        at = QModelIndex();
        QList<QModelIndex> queue{QModelIndex()};
        int budget = 200;
        while (!queue.isEmpty() && budget-- > 0 && !at.isValid()) {
            const QModelIndex p = queue.takeFirst();
            const int n = qMin(m_model->rowCount(p), 50);
            for (int r = 0; r < n; ++r) {
                const QModelIndex c = m_model->index(r, 0, p);
                if (c.data(JsonTreeModel::IsRefListRole).toBool()) {
                    at = c;
                    break;
                }
                if (m_model->value(c).isObject())
                    queue << c;
            }
        }
    }
    if (!at.isValid()) {
        setMessage(
            tr("There is no list of references ({id, uri}) in this reply to open as a table."),
            false, true);
        return;
    }
    const auto refs = ReferenceTableModel::refsFrom(m_model->value(at).toArray());
    m_tableProgress->setFormat(tr("%1 of %2 fetched").arg(0).arg(refs.size()));
    m_tabs->setCurrentIndex(3);
    m_table->start(profileId(), refs);
    updateActions();
}

void ExplorerPane::exportCsv()
{
    if (m_table->rowCount() == 0)
        return;
    const QString path = askPath(QStringLiteral("active911-table.csv"));
    if (path.isEmpty())
        return;
    QString error;
    if (CsvExport::writeFile(path, CsvExport::fromModel(*m_table), &error))
        setMessage(tr("Table saved to %1.").arg(path), false);
    else
        setMessage(tr("Could not save the table: %1").arg(error), true);
}

void ExplorerPane::saveResponse()
{
    if (m_response.body.isEmpty())
        return;
    const QString path = askPath(QStringLiteral("active911-response.json"));
    if (path.isEmpty())
        return;
    QSaveFile f(path);
    if (f.open(QIODevice::WriteOnly) && f.write(m_response.body) == m_response.body.size() &&
        f.commit())
        setMessage(
            tr("Saved %1 to %2.").arg(ResponseReport::humanSize(m_response.body.size()), path),
            false);
    else
        setMessage(tr("Could not save the reply: %1").arg(f.errorString()), true);
}

void ExplorerPane::copyCurl(bool literalToken)
{
    const ApiRequest r = editorRequest();
    const QUrl url = m_api->urlFor(r);
    const Profile p = m_ctx->vault()->profile(profileId());
    if (!literalToken) {
        QGuiApplication::clipboard()->setText(CurlCommand::build(r, url, p.label));
        setMessage(tr("Copied a curl command; it asks a911desk for the token when it runs."),
                   false);
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Copy the token itself?"),
        tr("The command will contain the live access token of “%1”. Anyone who sees it can read "
           "your agency's data until the token expires. Copy it anyway?")
            .arg(p.label));
    if (answer != QMessageBox::Yes)
        return;
    QPointer<ExplorerPane> self(this);
    m_ctx->keeper()->accessToken(p.id, [self, r, url, label = p.label](const TokenResult &t) {
        if (!self)
            return;
        if (!t.ok()) {
            self->setMessage(tr("No token to copy: %1").arg(t.message), true);
            return;
        }
        if (!self->m_guard) {
            self->setMessage(tr("Copying a token needs the app's clipboard guard."), true);
            return;
        }
        self->m_guard->copySecret(CurlCommand::build(r, url, label, t.accessToken));
        self->setMessage(tr("Copied a curl command with the token in it; the clipboard is "
                            "cleared after a while (see the status bar)."),
                         false, true);
    });
}

void ExplorerPane::setClipboardGuard(ClipboardGuard *guard)
{
    m_guard = guard;
}

void ExplorerPane::refreshHistory()
{
    m_historyList->clear();
    if (!m_history)
        return;
    for (const HistoryEntry &e : m_history->entries()) {
        const QString when = e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        auto *item = new QListWidgetItem(
            QStringLiteral("%1 %2 — %3 — %4 ms — %5")
                .arg(QString::fromLatin1(e.method), e.url.toDisplayString(), e.outcome)
                .arg(e.elapsedMs)
                .arg(when),
            m_historyList);
        item->setToolTip(e.url.toDisplayString());
    }
}

void ExplorerPane::rerunHistory(int row)
{
    if (!m_history || row < 0 || row >= m_history->entries().size())
        return;
    const ApiRequest r = m_history->entries().at(row).request();
    loadIntoEditor(r);
    sendRequest(r, false, false);
}

void ExplorerPane::updateActions()
{
    const bool sending = !m_reply.isNull();
    m_send->setEnabled(!profileId().isEmpty());
    m_cancel->setEnabled(sending || m_parseTicket != 0);
    m_back->setEnabled(m_nav.canGoBack());
    m_forward->setEnabled(m_nav.canGoForward());
    m_save->setEnabled(!sending && !m_response.body.isEmpty());
    const QModelIndex at = m_tree->currentIndex().siblingAtColumn(0);
    m_openLink->setEnabled(m_model->uri(at).isValid());
    m_openTable->setEnabled(m_model->rowCount() > 0);
    m_tableCancel->setEnabled(m_table->isRunning());
    m_exportCsv->setEnabled(m_table->rowCount() > 0 && !m_table->isRunning());
}

} // namespace a911
