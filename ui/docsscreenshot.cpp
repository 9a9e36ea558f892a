#include "docsscreenshot.h"

#include "explorerpane.h"
#include "lazypage.h"
#include "logging.h"
#include "mainwindow.h"
#include "profilelistmodel.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QListWidget>
#include <QScreen>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>

namespace a911 {

namespace {
constexpr int kPollMs = 250;
constexpr int kPatienceMs = 45000;
// Time for the last layout and paint to settle before the grab.
constexpr int kSettleMs = 600;
} // namespace

QStringList DocsScreenshot::sceneNames()
{
    return {QStringLiteral("main"), QStringLiteral("explorer"), QStringLiteral("settings")};
}

DocsScreenshot::DocsScreenshot(MainWindow *window, const QString &scene, const QString &file,
                               QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_scene(scene)
    , m_file(file)
    , m_poll(new QTimer(this))
{
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &DocsScreenshot::poll);
}

void DocsScreenshot::start()
{
    m_pollsLeft = kPatienceMs / kPollMs;
    m_poll->start();
}

bool DocsScreenshot::profilesSettled() const
{
    const ProfileListModel *model = m_window->profileModel();
    if (model->rowCount() == 0)
        return false;
    const QList<DisplayState> states = model->states();
    for (DisplayState s : states) {
        if (s == DisplayState::Unknown || s == DisplayState::Refreshing)
            return false;
    }
    return true;
}

void DocsScreenshot::poll()
{
    if (!m_window)
        return fail(QStringLiteral("the window is gone"));
    // The demo adds its profiles one by one: wait for a count that holds for a poll.
    const int count = m_window->profileModel()->rowCount();
    const bool stable = count == m_lastCount;
    m_lastCount = count;
    if (m_window->isVisible() && stable && profilesSettled()) {
        m_poll->stop();
        setUpScene();
        return;
    }
    if (--m_pollsLeft <= 0)
        fail(QStringLiteral("the demo profiles did not settle in time"));
}

void DocsScreenshot::setUpScene()
{
    ProfileListModel *model = m_window->profileModel();
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("pageTabs"));
    if (m_scene == QLatin1String("main")) {
        // The profile with the most to say (the refresh-token warning band in the demo).
        int worst = 0;
        for (int row = 1; row < model->rowCount(); ++row) {
            if (model->stateAt(row).state > model->stateAt(worst).state)
                worst = row;
        }
        m_window->selectProfile(model->idAt(worst));
        if (tabs)
            tabs->setCurrentIndex(0);
        QTimer::singleShot(kSettleMs, this, [this] { capture(m_window); });
    } else if (m_scene == QLatin1String("explorer")) {
        setUpExplorer();
    } else if (m_scene == QLatin1String("settings")) {
        auto *settings = m_window->findChild<QAction *>(QStringLiteral("actionSettings"));
        if (!settings)
            return fail(QStringLiteral("no settings action"));
        // The dialog runs modally: grab it from the event loop it starts.
        QTimer::singleShot(kSettleMs, this, [this] {
            QWidget *dialog = QApplication::activeModalWidget();
            if (!dialog)
                return fail(QStringLiteral("the settings dialog did not open"));
            capture(dialog);
            dialog->close();
        });
        QTimer::singleShot(0, settings, &QAction::trigger);
    } else {
        fail(QStringLiteral("unknown scene %1").arg(m_scene));
    }
}

void DocsScreenshot::setUpExplorer()
{
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("pageTabs"));
    // The explorer is built when first shown (LazyPage): build it now.
    if (auto *page = m_window->findChild<LazyPage *>())
        page->content();
    auto *pane = m_window->findChild<ExplorerPane *>();
    auto *catalog = pane ? pane->findChild<QListWidget *>(QStringLiteral("catalogList")) : nullptr;
    if (!tabs || !pane || !catalog)
        return fail(QStringLiteral("no API explorer in the window"));
    m_window->selectProfile(m_window->profileModel()->idAt(0));
    m_window->showPage(pane);
    // The explorer shows a request and its reply side by side: give it a roomy window.
    QSize roomy(1500, 900);
    if (const QScreen *screen = m_window->screen())
        roomy = roomy.boundedTo(screen->availableGeometry().size());
    m_window->resize(roomy);
    bool picked = false;
    for (int i = 0; i < catalog->count() && !picked; ++i) {
        if (catalog->item(i)->data(Qt::UserRole).toString() == QLatin1String("alerts")) {
            catalog->setCurrentRow(i);
            picked = true;
        }
    }
    if (!picked)
        return fail(QStringLiteral("GET /alerts is not in the catalog"));
    connect(pane, &ExplorerPane::responseShown, this, [this, pane] {
        auto *tree = pane->findChild<QTreeView *>(QStringLiteral("jsonTree"));
        if (!tree || !tree->model() || tree->model()->rowCount() == 0)
            return fail(QStringLiteral("no response tree: %1").arg(pane->messageText()));
        // Open the envelope and the first alert, the way a user would look in.
        QAbstractItemModel *model = tree->model();
        QModelIndex at = model->index(0, 0);
        for (int depth = 0; depth < 3 && at.isValid(); ++depth) {
            if (model->canFetchMore(at))
                model->fetchMore(at);
            tree->expand(at);
            at = model->index(0, 0, at);
        }
        QTimer::singleShot(kSettleMs, this, [this] { capture(m_window); });
    });
    QTimer::singleShot(kSettleMs, pane, &ExplorerPane::send);
}

void DocsScreenshot::capture(QWidget *widget)
{
    if (m_done)
        return;
    widget->raise();
    const QPixmap shot = widget->grab();
    if (shot.isNull() || !shot.save(m_file, "PNG"))
        return fail(QStringLiteral("could not write %1").arg(m_file));
    m_done = true;
    qCInfo(lcUi) << "Docs screenshot written:" << m_scene;
    Q_EMIT finished(true, m_file);
}

void DocsScreenshot::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_poll->stop();
    Q_EMIT finished(false, message);
}

} // namespace a911
