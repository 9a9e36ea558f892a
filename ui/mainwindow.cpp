#include "mainwindow.h"

#include "clipboardguard.h"
#include "corecontext.h"
#include "logging.h"
#include "profilelistdelegate.h"
#include "profilelistmodel.h"
#include "profilestate.h"
#include "tokenkeeper.h"
#include "tokenpanel.h"
#include "tokenvault.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace a911 {

namespace CopyFormat {
namespace {
// Tokens are URL-safe runs; anything else gets quoted so a paste into a shell is safe.
bool shellSafe(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._~+/=:-]*$"));
    return re.match(s).hasMatch();
}
QString singleQuoted(QString s)
{
    s.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}
} // namespace

QString header(const QString &accessToken)
{
    return QStringLiteral("Authorization: Bearer ") + accessToken;
}

QString curl(const QString &accessToken, const QString &apiBase)
{
    const QString h = header(accessToken);
    const QString quotedHeader =
        shellSafe(accessToken) ? QLatin1Char('"') + h + QLatin1Char('"') : singleQuoted(h);
    const QString url = shellSafe(apiBase) ? apiBase : singleQuoted(apiBase);
    return QStringLiteral("curl -H ") + quotedHeader + QLatin1Char(' ') + url;
}

QString exportLine(const QString &accessToken)
{
    return QStringLiteral("export ACTIVE911_ACCESS_TOKEN=") +
           (shellSafe(accessToken) ? accessToken : singleQuoted(accessToken));
}
} // namespace CopyFormat

namespace {
const QString kGeometry = QStringLiteral("mainwindow/geometry");
const QString kState = QStringLiteral("mainwindow/state");
const QString kSplitter = QStringLiteral("mainwindow/splitter");
const QString kCurrent = QStringLiteral("mainwindow/currentProfile");
} // namespace

MainWindow::MainWindow(CoreContext *ctx, QWidget *parent)
    : QMainWindow(parent)
    , m_ctx(ctx)
    , m_model(new ProfileListModel(ctx->vault(), ctx->keeper(), ctx->clock(), this))
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(ctx->isDemo() ? QStringLiteral("a911desk — demo") : QStringLiteral("a911desk"));
    setWindowIcon(QIcon(QStringLiteral(":/a911/icons/a911desk.svg")));
    m_model->setRefreshLifetimeDays(m_ctx->appSettings().refreshLifetimeDays());
    // The one timer behind every countdown of the window; runs only while it shows.
    m_tick->setObjectName(QStringLiteral("countdownTimer"));
    m_tick->setInterval(1000);
    m_tick->setTimerType(Qt::CoarseTimer);
    connect(m_tick, &QTimer::timeout, this, &MainWindow::tick);

    buildActions();
    buildUi();
    restoreGeometrySettings();

    connect(m_ctx, &CoreContext::storeStatusChanged, this, &MainWindow::showStoreStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateEmptyState();
        selectProfile(m_currentId);
    });
    showStoreStatus(m_ctx->storeStatus());
    updateEmptyState();
    selectProfile(m_ctx->settings()->value(kCurrent).toString());
    updateActions();
    updateClipboardStatus();
}

MainWindow::~MainWindow()
{
    if (m_guard)
        disconnect(m_guard, nullptr, this, nullptr);
    rememberGeometry();
}

QAction *MainWindow::makeAction(const QString &name, const QString &text, const QKeySequence &key,
                                const QString &tip)
{
    auto *a = new QAction(text, this);
    a->setObjectName(name);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    a->setStatusTip(tip);
    addAction(a); // shortcuts work even when no menu or button shows the action
    return a;
}

void MainWindow::buildActions()
{
    m_generate = makeAction(QStringLiteral("actionGenerate"), QStringLiteral("&Generate a token…"),
                            QKeySequence(Qt::CTRL | Qt::Key_N),
                            QStringLiteral("Generate a new token set in the app"));
    m_paste = makeAction(QStringLiteral("actionPaste"), QStringLiteral("&Paste a refresh token…"),
                         QKeySequence(Qt::CTRL | Qt::Key_I),
                         QStringLiteral("Import an existing refresh token"));
    m_settings = makeAction(QStringLiteral("actionSettings"), QStringLiteral("&Settings…"),
                            QKeySequence(Qt::CTRL | Qt::Key_Comma),
                            QStringLiteral("Service addresses, refresh, clipboard and tray"));
    m_quit = makeAction(QStringLiteral("actionQuit"), QStringLiteral("&Quit"),
                        QKeySequence(Qt::CTRL | Qt::Key_Q), QStringLiteral("Quit a911desk"));
    m_refreshNow =
        makeAction(QStringLiteral("actionRefreshNow"), QStringLiteral("Re&fresh now"),
                   QKeySequence(Qt::Key_F5), QStringLiteral("Get a new access token now"));
    m_copyAccess =
        makeAction(QStringLiteral("actionCopyAccess"), QStringLiteral("&Copy access token"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                   QStringLiteral("Copy the access token (cleared after a while)"));
    m_copyRefresh =
        makeAction(QStringLiteral("actionCopyRefresh"), QStringLiteral("Copy refresh &token"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                   QStringLiteral("Copy the refresh token (cleared after a while)"));
    m_copyHeader =
        makeAction(QStringLiteral("actionCopyHeader"), QStringLiteral("Copy Authorization &header"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H),
                   QStringLiteral("Copy “Authorization: Bearer …”"));
    m_copyCurl = makeAction(QStringLiteral("actionCopyCurl"), QStringLiteral("Copy as c&url"),
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U),
                            QStringLiteral("Copy a curl command for the API"));
    m_copyExport =
        makeAction(QStringLiteral("actionCopyExport"), QStringLiteral("Copy as shell e&xport"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                   QStringLiteral("Copy “export ACTIVE911_ACCESS_TOKEN=…”"));
    m_regenerate = makeAction(QStringLiteral("actionRegenerate"), QStringLiteral("Re&generate…"),
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G),
                              QStringLiteral("Make a new refresh token for this agency"));
    m_rename = makeAction(QStringLiteral("actionRename"), QStringLiteral("Re&name…"),
                          QKeySequence(Qt::Key_F2), QStringLiteral("Rename this profile"));
    m_forget = makeAction(QStringLiteral("actionForget"), QStringLiteral("F&orget…"),
                          QKeySequence(Qt::CTRL | Qt::Key_Delete),
                          QStringLiteral("Delete this profile and its tokens from this computer"));
    m_clearClipboard =
        makeAction(QStringLiteral("actionClearClipboard"), QStringLiteral("C&lear clipboard now"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
                   QStringLiteral("Remove the copied secret from the clipboard now"));

    connect(m_generate, &QAction::triggered, this, &MainWindow::generateRequested);
    connect(m_paste, &QAction::triggered, this, &MainWindow::pasteRequested);
    connect(m_settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    connect(m_quit, &QAction::triggered, this, &MainWindow::quitRequested);
    connect(m_refreshNow, &QAction::triggered, this, [this] {
        if (!m_currentId.isEmpty() && m_ctx->keeper())
            m_ctx->keeper()->refreshNow(m_currentId);
    });
    connect(m_copyAccess, &QAction::triggered, this, [this] { copyAccess(CopyKind::Access); });
    connect(m_copyHeader, &QAction::triggered, this, [this] { copyAccess(CopyKind::Header); });
    connect(m_copyCurl, &QAction::triggered, this, [this] { copyAccess(CopyKind::Curl); });
    connect(m_copyExport, &QAction::triggered, this, [this] { copyAccess(CopyKind::Export); });
    connect(m_copyRefresh, &QAction::triggered, this, &MainWindow::copyRefresh);
    connect(m_regenerate, &QAction::triggered, this, [this] {
        if (!m_currentId.isEmpty())
            Q_EMIT regenerateRequested(m_currentId);
    });
    connect(m_rename, &QAction::triggered, this, &MainWindow::renameCurrent);
    connect(m_forget, &QAction::triggered, this, &MainWindow::forgetCurrent);
    connect(m_clearClipboard, &QAction::triggered, this, [this] {
        if (m_guard)
            m_guard->clearNow();
    });

    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(m_generate);
    file->addAction(m_paste);
    file->addSeparator();
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_settings);
    file->addSeparator();
    file->addAction(m_quit);
    QMenu *profile = menuBar()->addMenu(QStringLiteral("&Profile"));
    profile->setObjectName(QStringLiteral("profileMenu")); // main() adds "registered app" here
    profile->addActions(
        {m_refreshNow, m_copyAccess, m_copyRefresh, m_copyHeader, m_copyCurl, m_copyExport});
    profile->addSeparator();
    profile->addActions({m_regenerate, m_rename, m_forget});
    profile->addSeparator();
    profile->addAction(m_clearClipboard);
}

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *lay = new QVBoxLayout(central);
    lay->setContentsMargins(0, 0, 0, 0);

    // Keychain banner.
    m_banner = new QFrame(central);
    m_banner->setObjectName(QStringLiteral("storeBanner"));
    auto *bLay = new QHBoxLayout(m_banner);
    const int iconSize = fontMetrics().height() * 3 / 2;
    auto *bannerIcon = new QLabel(m_banner);
    bannerIcon->setObjectName(QStringLiteral("storeBannerIcon"));
    bannerIcon->setPixmap(style()
                              ->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this)
                              .pixmap(iconSize, iconSize));
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("storeBannerText"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::RichText);
    auto *retry = new QPushButton(QStringLiteral("Check again"), m_banner);
    retry->setObjectName(QStringLiteral("storeBannerRetry"));
    retry->setAccessibleName(QStringLiteral("Check the keychain again"));
    connect(retry, &QPushButton::clicked, this, [this] { m_ctx->probeStore({}); });
    bLay->addWidget(bannerIcon, 0, Qt::AlignTop);
    bLay->addWidget(m_bannerText, 1);
    bLay->addWidget(retry, 0, Qt::AlignVCenter);
    m_banner->hide();
    // In a row of its own so that its margins go away with it when it hides.
    auto *bannerRow = new QHBoxLayout;
    bannerRow->setContentsMargins(6, 6, 6, 0);
    bannerRow->addWidget(m_banner);
    lay->addLayout(bannerRow);

    m_stack = new QStackedWidget(central);
    lay->addWidget(m_stack, 1);

    // First start: no profiles yet. One readable column in the middle of the window.
    auto *empty = new QWidget(m_stack);
    empty->setObjectName(QStringLiteral("emptyState"));
    auto *column = new QWidget(empty);
    column->setObjectName(QStringLiteral("emptyStateColumn"));
    column->setMaximumWidth(fontMetrics().averageCharWidth() * 80);
    auto *cLay = new QVBoxLayout(column);
    auto *eIcon = new QLabel(column);
    eIcon->setObjectName(QStringLiteral("emptyStateIcon"));
    const int bigIcon = fontMetrics().height() * 4;
    eIcon->setPixmap(windowIcon().pixmap(bigIcon, bigIcon));
    auto *eText = new QLabel(column);
    eText->setObjectName(QStringLiteral("emptyStateText"));
    eText->setWordWrap(true);
    eText->setTextFormat(Qt::RichText);
    eText->setText(QStringLiteral(
        "<h2>No tokens yet</h2>"
        "<p>a911desk keeps your Active911 API tokens in the system keychain, refreshes them "
        "before they expire and copies them safely. There are two ways in:</p>"
        "<ol><li><b>Generate</b> a token here: sign in to Active911 in the app, pick the "
        "agency and the scopes.</li>"
        "<li><b>Paste</b> a refresh token you already have (from the Active911 console's "
        "personal token page), or import it from a terminal with "
        "<code>a911desk import</code>.</li></ol>"
        "<p>Just looking? Start <code>a911desk --demo</code>: a built-in stand-in for "
        "Active911 with sample agencies, kept apart from your real tokens.</p>"));
    auto *eButtons = new QHBoxLayout;
    auto *genButton = new QPushButton(column);
    genButton->setObjectName(QStringLiteral("emptyGenerate"));
    genButton->setText(QStringLiteral("Generate a token…"));
    genButton->setAccessibleName(QStringLiteral("Generate a token"));
    genButton->setToolTip(m_generate->toolTip());
    genButton->setDefault(true);
    connect(genButton, &QPushButton::clicked, m_generate, &QAction::trigger);
    auto *pasteButton = new QPushButton(column);
    pasteButton->setObjectName(QStringLiteral("emptyPaste"));
    pasteButton->setText(QStringLiteral("Paste a refresh token…"));
    pasteButton->setAccessibleName(QStringLiteral("Paste a refresh token"));
    pasteButton->setToolTip(m_paste->toolTip());
    connect(pasteButton, &QPushButton::clicked, m_paste, &QAction::trigger);
    eButtons->addWidget(genButton);
    eButtons->addWidget(pasteButton);
    eButtons->addStretch(1);
    cLay->addWidget(eIcon, 0, Qt::AlignLeft);
    cLay->addWidget(eText);
    cLay->addSpacing(fontMetrics().height() / 2);
    cLay->addLayout(eButtons);
    auto *eLay = new QGridLayout(empty);
    eLay->setContentsMargins(40, 20, 40, 20);
    eLay->setRowStretch(0, 1);
    eLay->setRowStretch(2, 2);
    eLay->setColumnStretch(0, 1);
    eLay->setColumnStretch(2, 1);
    eLay->addWidget(column, 1, 1);
    m_stack->addWidget(empty);

    m_splitter = new QSplitter(Qt::Horizontal, m_stack);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_list = new QListView(m_splitter);
    m_list->setObjectName(QStringLiteral("profileList"));
    m_list->setAccessibleName(QStringLiteral("Profiles"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new ProfileListDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformItemSizes(true);
    // Rows stretch to the view and elide their text; a sideways scrollbar would only
    // hide the state words at the right edge.
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setMinimumWidth(listMinimumWidth());
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::onSelectionChanged);
    m_tabs = new QTabWidget(m_splitter);
    m_tabs->setObjectName(QStringLiteral("pageTabs"));
    m_panel = new TokenPanel(m_ctx, m_tabs);
    m_panel->setObjectName(QStringLiteral("tokenPanel"));
    m_panel->setActions({m_refreshNow, m_copyAccess, m_copyRefresh, m_copyHeader, m_copyCurl,
                         m_copyExport, m_regenerate, m_rename, m_forget});
    connect(m_panel, &TokenPanel::regenerateClicked, m_regenerate, &QAction::trigger);
    addAction(m_panel->revealAction());
    m_tabs->addTab(scrollable(m_panel), QStringLiteral("Tokens"));
    m_splitter->addWidget(m_list);
    m_splitter->addWidget(m_tabs);
    // A wider window gives its room to the page, not to the list.
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_stack->addWidget(m_splitter);

    setCentralWidget(central);

    m_clipLabel = new QLabel(this);
    m_clipLabel->setObjectName(QStringLiteral("clipboardStatus"));
    m_clipClear = new QToolButton(this);
    m_clipClear->setObjectName(QStringLiteral("clipboardClearNow"));
    m_clipClear->setText(QStringLiteral("Clear now"));
    m_clipClear->setAccessibleName(QStringLiteral("Clear the clipboard now"));
    m_clipClear->setToolTip(m_clearClipboard->toolTip());
    connect(m_clipClear, &QToolButton::clicked, m_clearClipboard, &QAction::trigger);
    statusBar()->addPermanentWidget(m_clipLabel);
    statusBar()->addPermanentWidget(m_clipClear);
}

QList<QAction *> MainWindow::userActions() const
{
    return {m_generate,   m_paste,       m_settings,   m_quit,           m_refreshNow,
            m_copyAccess, m_copyRefresh, m_copyHeader, m_copyCurl,       m_copyExport,
            m_regenerate, m_rename,      m_forget,     m_clearClipboard, m_panel->revealAction()};
}

QWidget *MainWindow::scrollable(QWidget *page)
{
    // A page wider than the room left (200 % scaling, a small screen) scrolls inside
    // its tab instead of squeezing the profile list or pushing the window off screen.
    auto *area = new QScrollArea(m_tabs);
    area->setObjectName(page->objectName() + QStringLiteral("Scroller"));
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setWidget(page);
    m_pagesMinimum = m_pagesMinimum.expandedTo(page->minimumSizeHint());
    return area;
}

void MainWindow::addPage(QWidget *page, const QString &title)
{
    m_tabs->addTab(scrollable(page), title);
    if (!m_geometryRestored && !isVisible())
        resize(defaultSize()); // room for the new page beside the list
}

void MainWindow::showPage(QWidget *page)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i) == page || m_tabs->widget(i)->isAncestorOf(page)) {
            m_tabs->setCurrentIndex(i);
            return;
        }
    }
}

void MainWindow::setClipboardGuard(ClipboardGuard *guard)
{
    if (m_guard == guard)
        return;
    if (m_guard && m_guard->parent() == this)
        delete m_guard;
    m_guard = guard;
    if (m_guard) {
        connect(m_guard, &ClipboardGuard::copied, this, &MainWindow::updateClipboardStatus);
        connect(m_guard, &ClipboardGuard::finished, this, [this](bool wiped) {
            updateClipboardStatus();
            statusBar()->showMessage(
                wiped ? QStringLiteral("Clipboard cleared.")
                      : QStringLiteral("Clipboard changed since; left as it is."),
                5000);
        });
    }
    updateClipboardStatus();
}

QString MainWindow::currentProfileId() const
{
    return m_currentId;
}

void MainWindow::selectProfile(const QString &id)
{
    int row = m_model->rowOf(id);
    if (row < 0 && m_model->rowCount() > 0)
        row = 0;
    if (row < 0) {
        if (!m_currentId.isEmpty()) {
            m_currentId.clear();
            m_panel->setProfile({});
            updateActions();
            Q_EMIT currentProfileChanged({});
        }
        return;
    }
    m_list->selectionModel()->setCurrentIndex(m_model->index(row),
                                              QItemSelectionModel::ClearAndSelect);
    onSelectionChanged();
}

void MainWindow::reloadProfiles()
{
    m_model->reload();
}

void MainWindow::onSelectionChanged()
{
    const QString id = m_model->idAt(m_list->currentIndex().row());
    if (id == m_currentId && m_panel->profileId() == id)
        return;
    m_currentId = id;
    m_panel->setProfile(id);
    updateActions();
    Q_EMIT currentProfileChanged(id);
}

void MainWindow::updateEmptyState()
{
    m_stack->setCurrentIndex(m_model->rowCount() == 0 ? 0 : 1);
    if (!m_splitterSized)
        QTimer::singleShot(0, this, &MainWindow::sizeSplitterOnce);
}

void MainWindow::updateActions()
{
    const bool have = !m_currentId.isEmpty();
    for (QAction *a : {m_refreshNow, m_copyAccess, m_copyRefresh, m_copyHeader, m_copyCurl,
                       m_copyExport, m_regenerate, m_rename, m_forget})
        a->setEnabled(have);
    m_panel->revealAction()->setEnabled(have);
}

void MainWindow::showStoreStatus(StoreStatus status)
{
    const bool problem = status != StoreStatus::Working && status != StoreStatus::Unknown;
    if (problem) {
        // What is wrong in bold, then what to do (the advice says that tokens are kept
        // only until quitting meanwhile).
        const QString message = StoreProbe::message(status);
        const QString advice = StoreProbe::advice(status);
        m_bannerText->setText(
            QStringLiteral("<b>%1</b><br>%2").arg(message.toHtmlEscaped(), advice.toHtmlEscaped()));
        m_banner->setStyleSheet(
            bannerStyleSheet(m_banner->objectName(), DisplayState::ExpiringSoon, palette()));
        m_banner->setAccessibleName(message + QLatin1Char(' ') + advice);
    }
    m_banner->setVisible(problem);
}

void MainWindow::tick()
{
    m_model->updateStates();
    m_panel->updateTimes();
    updateClipboardStatus();
}

void MainWindow::updateClipboardStatus()
{
    const int left = m_guard ? m_guard->secondsLeft() : -1;
    const QString text =
        left >= 0 ? QStringLiteral("Clipboard clears in %1 s").arg(left) : QString();
    if (m_clipLabel->text() != text)
        m_clipLabel->setText(text);
    m_clipLabel->setVisible(left >= 0);
    m_clipClear->setVisible(left >= 0);
    m_clearClipboard->setEnabled(left >= 0);
}

void MainWindow::updateTimerState()
{
    const bool run = isVisible() && !isMinimized();
    if (run && !m_tick->isActive()) {
        tick(); // catch up at once after being hidden
        m_tick->start();
    } else if (!run && m_tick->isActive()) {
        m_tick->stop();
    }
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    updateTimerState();
    if (!m_splitterSized)
        QTimer::singleShot(0, this, &MainWindow::sizeSplitterOnce);
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    updateTimerState();
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::WindowStateChange)
        updateTimerState();
    else if (event->type() == QEvent::PaletteChange && m_banner)
        showStoreStatus(m_ctx->storeStatus()); // its tint follows light and dark
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    rememberGeometry();
    if (m_closeHides) {
        event->ignore();
        hide();
        Q_EMIT hiddenToTray();
        return;
    }
    event->accept();
    Q_EMIT quitRequested();
}

void MainWindow::copyAccess(CopyKind kind)
{
    const QString id = m_currentId;
    if (id.isEmpty() || !m_ctx->keeper())
        return;
    if (!m_guard)
        setClipboardGuard(new ClipboardGuard(m_ctx->clock(), this));
    statusBar()->showMessage(QStringLiteral("Getting a valid access token…"));
    QPointer<MainWindow> self(this);
    const QString apiBase = m_ctx->urls().api.toString();
    m_ctx->keeper()->accessToken(id, [self, kind, apiBase](const TokenResult &r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->statusBar()->showMessage(
                QStringLiteral("Could not copy the access token: %1").arg(r.message));
            return;
        }
        QString text;
        QString what;
        switch (kind) {
        case CopyKind::Access:
            text = r.accessToken;
            what = QStringLiteral("Access token");
            break;
        case CopyKind::Header:
            text = CopyFormat::header(r.accessToken);
            what = QStringLiteral("Authorization header");
            break;
        case CopyKind::Curl:
            text = CopyFormat::curl(r.accessToken, apiBase);
            what = QStringLiteral("curl command");
            break;
        case CopyKind::Export:
            text = CopyFormat::exportLine(r.accessToken);
            what = QStringLiteral("Shell export line");
            break;
        }
        self->m_guard->copySecret(text);
        self->statusBar()->showMessage(QStringLiteral("%1 copied.").arg(what), 5000);
    });
}

void MainWindow::copyRefresh()
{
    const QString id = m_currentId;
    if (id.isEmpty())
        return;
    if (!m_guard)
        setClipboardGuard(new ClipboardGuard(m_ctx->clock(), this));
    QPointer<MainWindow> self(this);
    m_ctx->vault()->readSecrets(id, [self](const StoreResult &r, const ProfileSecrets &s) {
        if (!self)
            return;
        if (!r.ok() || s.refreshToken.isEmpty()) {
            self->statusBar()->showMessage(
                QStringLiteral("Could not read the refresh token: %1")
                    .arg(r.ok() ? QStringLiteral("there is none stored") : r.message));
            return;
        }
        self->m_guard->copySecret(s.refreshToken);
        self->statusBar()->showMessage(QStringLiteral("Refresh token copied."), 5000);
    });
}

void MainWindow::renameCurrent()
{
    const Profile p = m_ctx->vault()->profile(m_currentId);
    if (!p.isValid())
        return;
    // A refused name (taken, empty) is explained, then offered again for correction.
    QString proposal = p.label;
    for (;;) {
        bool ok = false;
        const QString label =
            QInputDialog::getText(this, QStringLiteral("Rename profile"),
                                  QStringLiteral("New name for “%1”:").arg(p.label),
                                  QLineEdit::Normal, proposal, &ok)
                .trimmed();
        if (!ok || label == p.label)
            return;
        QString error;
        if (m_ctx->vault()->rename(p.id, label, &error)) {
            statusBar()->showMessage(
                QStringLiteral("Renamed to “%1”.").arg(m_ctx->vault()->profile(p.id).label), 5000);
            return;
        }
        QMessageBox::warning(this, QStringLiteral("Rename profile"), error);
        proposal = label;
    }
}

void MainWindow::forgetCurrent()
{
    const Profile p = m_ctx->vault()->profile(m_currentId);
    if (!p.isValid())
        return;
    QMessageBox box(QMessageBox::Warning, QStringLiteral("Forget profile"),
                    QStringLiteral("Forget “%1” (%2)?").arg(p.label, p.agencyName),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("forgetConfirmation"));
    box.setInformativeText(QStringLiteral(
        "Its tokens are deleted from this computer's keychain. The refresh token itself stays "
        "valid at Active911 until it ends; revoke it in the Active911 console if it leaked."));
    QPushButton *forget = box.addButton(QStringLiteral("Forget"), QMessageBox::DestructiveRole);
    forget->setObjectName(QStringLiteral("confirmForget"));
    QPushButton *keep = box.addButton(QStringLiteral("Keep"), QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() != forget)
        return;
    QPointer<MainWindow> self(this);
    m_ctx->vault()->forget(p.id, [self](bool ok, const QString &error) {
        if (self && !ok)
            QMessageBox::warning(self, QStringLiteral("Forget profile"), error);
    });
}

void MainWindow::rememberGeometry()
{
    QSettings *s = m_ctx->settings();
    if (!s)
        return;
    s->setValue(kGeometry, QMainWindow::saveGeometry());
    s->setValue(kState, saveState());
    s->setValue(kSplitter, m_splitter->saveState());
    s->setValue(kCurrent, m_currentId);
}

void MainWindow::restoreGeometrySettings()
{
    QSettings *s = m_ctx->settings();
    const QByteArray geometry = s ? s->value(kGeometry).toByteArray() : QByteArray();
    m_geometryRestored = !geometry.isEmpty() && restoreGeometry(geometry);
    if (!m_geometryRestored)
        resize(defaultSize());
    m_splitterSized = false;
    if (s) {
        restoreState(s->value(kState).toByteArray());
        const QByteArray split = s->value(kSplitter).toByteArray();
        if (!split.isEmpty())
            m_splitterSized = m_splitter->restoreState(split);
    }
}

int MainWindow::listMinimumWidth() const
{
    const int frame = 2 * m_list->frameWidth();
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_list);
    return ProfileListDelegate::minimumRowWidth(m_list->font()) + frame + scrollBar;
}

int MainWindow::initialListWidth() const
{
    return std::max({300, listMinimumWidth(), fontMetrics().averageCharWidth() * 40});
}

QSize MainWindow::defaultSize() const
{
    // 1100 × 720 at 100 % on a common font; wider when a page needs it beside the list,
    // more for larger fonts, never more than fits the screen (200 % on a small screen).
    const QFontMetrics fm(font());
    const int frames = 4 * style()->pixelMetric(QStyle::PM_DefaultFrameWidth);
    const int pagesWidth =
        m_pagesMinimum.width() + frames + m_splitter->handleWidth() + 2 * fm.averageCharWidth();
    // Menu bar, tab bar, status bar and margins around the page.
    const int pagesHeight = m_pagesMinimum.height() + frames + 6 * fm.height();
    QSize size(std::max({1100, fm.averageCharWidth() * 150, initialListWidth() + pagesWidth}),
               std::max({720, fm.height() * 42, pagesHeight}));
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.9);
    return size;
}

void MainWindow::sizeSplitterOnce()
{
    // On a first start the list gets a sensible share, once, when the splitter first
    // has its real width (a QSplitter hidden in a stack ignores earlier setSizes()).
    if (m_splitterSized || !m_splitter->isVisible() || m_splitter->width() <= 0)
        return;
    m_splitterSized = true;
    // At most a third of a small window (200 % on a laptop screen), never below the minimum.
    const int list =
        std::max(listMinimumWidth(), std::min(initialListWidth(), m_splitter->width() / 3));
    m_splitter->setSizes(
        {list, std::max(1, m_splitter->width() - list - m_splitter->handleWidth())});
}

} // namespace a911
