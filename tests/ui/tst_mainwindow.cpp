// The main window clicked through for real: countdowns and states at their edges (a
// moved ManualClock), every copy action's clipboard content and hints, the refresh
// failure with its retry (the replica with a fault), the empty state, the keychain
// banner, shortcuts and accessible names.
#include "clipboardguard.h"
#include "mainwindow.h"
#include "profilelistmodel.h"
#include "replicaserver.h"
#include "tokenpanel.h"
#include "uifixture.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <functional>
#include <memory>

using namespace a911;
using a911::test::UiFixture;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyState();
    void storeBanner();
    void accessCountdown_data();
    void accessCountdown();
    void refreshBand_data();
    void refreshBand();
    void needsRegeneration();
    void copyActions_data();
    void copyActions();
    void copyRefreshToken();
    void shortcutCopies();
    void clipboardCountdownAndClearNow();
    void autoClearSparesUserCopy();
    void refreshFailureShowsRetry();
    void refreshingState();
    void actionsHaveShortcutsAndNames();
    void forgetAsksFirst();
    void renameThroughDialog();
    void renameRefusesDuplicate();
    void selectionAndPages();
    void timerOnlyWhileVisible();
    void geometryRemembered();
    void firstStartLayout();

private:
    static QLabel *label(QWidget *w, const char *name)
    {
        auto *l = w->findChild<QLabel *>(QLatin1String(name));
        if (!l)
            qWarning("no label %s", name);
        return l;
    }
    static QToolButton *button(QWidget *w, const QString &actionName)
    {
        return w->findChild<QToolButton *>(actionName + QStringLiteral("Button"));
    }
    static QString clipText()
    {
        const QMimeData *m = QApplication::clipboard()->mimeData();
        return m ? m->text() : QString();
    }
};

void tst_MainWindow::emptyState()
{
    UiFixture f;
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *empty = w.findChild<QWidget *>(QStringLiteral("emptyState"));
    QVERIFY(empty);
    QVERIFY(empty->isVisible());
    const QString text = label(&w, "emptyStateText")->text();
    QVERIFY(text.contains(QStringLiteral("Generate")));
    QVERIFY(text.contains(QStringLiteral("Paste")));
    QVERIFY(text.contains(QStringLiteral("a911desk import")));
    QVERIFY(text.contains(QStringLiteral("a911desk --demo")));

    QSignalSpy generate(&w, &MainWindow::generateRequested);
    QSignalSpy paste(&w, &MainWindow::pasteRequested);
    QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("emptyGenerate")), Qt::LeftButton);
    QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("emptyPaste")), Qt::LeftButton);
    QCOMPARE(generate.count(), 1);
    QCOMPARE(paste.count(), 1);

    // The first profile replaces the empty state with the list.
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    QTRY_VERIFY(!empty->isVisible());
    QVERIFY(w.findChild<QListView *>(QStringLiteral("profileList"))->isVisible());
}

void tst_MainWindow::storeBanner()
{
    UiFixture f;
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *banner = w.findChild<QWidget *>(QStringLiteral("storeBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    Q_EMIT f.ctx->storeStatusChanged(StoreStatus::Locked);
    QVERIFY(banner->isVisible());
    const QString text = label(&w, "storeBannerText")->text();
    QVERIFY(text.contains(StoreProbe::message(StoreStatus::Locked)));
    QVERIFY(text.contains(StoreProbe::advice(StoreStatus::Locked)));
    QVERIFY(text.contains(QStringLiteral("only until you quit")));
    Q_EMIT f.ctx->storeStatusChanged(StoreStatus::NoSecretService);
    QVERIFY(label(&w, "storeBannerText")
                ->text()
                .contains(StoreProbe::message(StoreStatus::NoSecretService)));
    Q_EMIT f.ctx->storeStatusChanged(StoreStatus::Working);
    QVERIFY(!banner->isVisible());
}

void tst_MainWindow::accessCountdown_data()
{
    QTest::addColumn<qint64>("left");
    QTest::addColumn<qint64>("advance");
    QTest::addColumn<QString>("countdown");
    QTest::addColumn<QString>("accessState");
    QTest::addColumn<QString>("profileState");
    QTest::addColumn<int>("bar");

    QTest::newRow("full day") << qint64(86400) << qint64(0) << QStringLiteral("Expires in 24:00:00")
                              << QStringLiteral("valid") << QStringLiteral("valid") << 1000;
    QTest::newRow("just valid") << qint64(3601) << qint64(0)
                                << QStringLiteral("Expires in 01:00:01") << QStringLiteral("valid")
                                << QStringLiteral("valid") << 41;
    QTest::newRow("tick into last hour")
        << qint64(3601) << qint64(1) << QStringLiteral("Expires in 01:00:00")
        << QStringLiteral("expiring soon") << QStringLiteral("expiring soon") << 41;
    QTest::newRow("one second left")
        << qint64(2) << qint64(1) << QStringLiteral("Expires in 00:00:01")
        << QStringLiteral("expiring soon") << QStringLiteral("expiring soon") << 0;
    QTest::newRow("just expired") << qint64(2) << qint64(2) << QStringLiteral("Expired 00:00:00")
                                  << QStringLiteral("expired") << QStringLiteral("expired") << 0;
    QTest::newRow("long expired") << qint64(10) << qint64(5000)
                                  << QStringLiteral("Expired 00:00:00") << QStringLiteral("expired")
                                  << QStringLiteral("expired") << 0;
}

void tst_MainWindow::accessCountdown()
{
    QFETCH(qint64, left);
    QFETCH(qint64, advance);
    QFETCH(QString, countdown);
    QFETCH(QString, accessState);
    QFETCH(QString, profileState);
    QFETCH(int, bar);

    UiFixture f;
    const QString id = f.add(QStringLiteral("Station 41"), left);
    QVERIFY(!id.isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.currentProfileId(), id);
    f.clock.advance(advance);
    w.tick();
    QCOMPARE(label(&w, "accessCountdown")->text(), countdown);
    QCOMPARE(label(&w, "accessState")->text(), QStringLiteral("● ") + accessState);
    QCOMPARE(label(&w, "panelState")->text(), QStringLiteral("● ") + profileState);
    QCOMPARE(w.findChild<QProgressBar *>(QStringLiteral("accessBar"))->value(), bar);
    // The list says it in words too.
    const QModelIndex idx = w.profileModel()->index(0);
    QCOMPARE(idx.data(ProfileListModel::StateTextRole).toString(), profileState);
    // The panel's state colour is the state's colour, not the plain text colour.
    QVERIFY(label(&w, "panelState")->palette().color(QPalette::WindowText) !=
            w.palette().color(QPalette::WindowText));
}

void tst_MainWindow::refreshBand_data()
{
    QTest::addColumn<qint64>("ageSecs");
    QTest::addColumn<bool>("band");
    QTest::addColumn<QString>("days");
    const qint64 d = 86400;
    QTest::newRow("fresh") << qint64(10 * d) << false
                           << QStringLiteral("355 days left · ends 2026-12-22");
    QTest::newRow("30 days + 1 s")
        << qint64(335 * d - 1) << false << QStringLiteral("30 days left · ends 2026-01-31");
    QTest::newRow("exactly 30 days")
        << qint64(335 * d) << true << QStringLiteral("30 days left · ends 2026-01-31");
    QTest::newRow("1 day") << qint64(364 * d) << true
                           << QStringLiteral("1 day left · ends 2026-01-02");
    QTest::newRow("ended") << qint64(365 * d) << true << QStringLiteral("Ended on 2026-01-01");
}

void tst_MainWindow::refreshBand()
{
    QFETCH(qint64, ageSecs);
    QFETCH(bool, band);
    QFETCH(QString, days);
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000, ageSecs).isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(label(&w, "refreshDays")->text(), days);
    auto *bandWidget = w.findChild<QWidget *>(QStringLiteral("refreshBand"));
    QCOMPARE(bandWidget->isVisible(), band);
    if (band) {
        QSignalSpy regen(&w, &MainWindow::regenerateRequested);
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("bandRegenerate")),
                          Qt::LeftButton);
        QCOMPARE(regen.count(), 1);
        QCOMPARE(regen.at(0).at(0).toString(), w.currentProfileId());
    }
}

void tst_MainWindow::needsRegeneration()
{
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Rejected"), 86000, 10 * 86400, true).isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(label(&w, "panelState")->text(), QStringLiteral("● needs regeneration"));
    QVERIFY(w.findChild<QWidget *>(QStringLiteral("refreshBand"))->isVisible());
    QVERIFY(label(&w, "refreshBandText")->text().contains(QStringLiteral("no longer accepts")));
    QSignalSpy regen(&w, &MainWindow::regenerateRequested);
    QTest::mouseClick(button(&w, QStringLiteral("actionRegenerate")), Qt::LeftButton);
    QCOMPARE(regen.count(), 1);
}

void tst_MainWindow::copyActions_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("expected");
    const QString t = QStringLiteral("acc-TOKEN-0123456789");
    QTest::newRow("access") << QStringLiteral("actionCopyAccess") << t;
    QTest::newRow("header") << QStringLiteral("actionCopyHeader")
                            << QStringLiteral("Authorization: Bearer ") + t;
    QTest::newRow("curl") << QStringLiteral("actionCopyCurl")
                          << QStringLiteral("curl -H \"Authorization: Bearer %1\" "
                                            "http://127.0.0.1:9/interface/open_api/api/")
                                 .arg(t);
    QTest::newRow("export") << QStringLiteral("actionCopyExport")
                            << QStringLiteral("export ACTIVE911_ACCESS_TOKEN=") + t;
}

void tst_MainWindow::copyActions()
{
    QFETCH(QString, action);
    QFETCH(QString, expected);
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QApplication::clipboard()->setText(QStringLiteral("before"));
    QToolButton *b = button(&w, action);
    QVERIFY(b);
    QTest::mouseClick(b, Qt::LeftButton);
    QTRY_COMPARE(clipText(), expected);
    const QMimeData *m = QApplication::clipboard()->mimeData();
    QCOMPARE(m->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
    QVERIFY(m->hasFormat(QStringLiteral("application/x-nspasteboard-concealed-type")));
    QVERIFY(m->hasFormat(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing")));
    QCOMPARE(m->data(QStringLiteral("CanIncludeInClipboardHistory")), QByteArray(4, '\0'));
    QCOMPARE(m->data(QStringLiteral("CanUploadToCloudClipboard")), QByteArray(4, '\0'));
}

void tst_MainWindow::copyRefreshToken()
{
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTest::mouseClick(button(&w, QStringLiteral("actionCopyRefresh")), Qt::LeftButton);
    QTRY_COMPARE(clipText(), QStringLiteral("ref-TOKEN-9876543210"));
    QCOMPARE(
        QApplication::clipboard()->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
        QByteArray("secret"));
}

void tst_MainWindow::shortcutCopies()
{
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QApplication::clipboard()->setText(QStringLiteral("before"));
    QTest::keyClick(&w, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(clipText(), QStringLiteral("export ACTIVE911_ACCESS_TOKEN=acc-TOKEN-0123456789"));
    // The reveal toggle by keyboard shows the token, and hides it again.
    auto *token = label(&w, "accessToken");
    QVERIFY(!token->text().contains(QStringLiteral("acc-TOKEN")));
    QTest::keyClick(&w, Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(token->text(), QStringLiteral("acc-TOKEN-0123456789"));
    QTest::keyClick(&w, Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(!token->text().contains(QStringLiteral("acc-TOKEN")));
}

void tst_MainWindow::clipboardCountdownAndClearNow()
{
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    MainWindow w(f.ctx.get());
    ClipboardGuard guard(&f.clock);
    guard.setClearDelaySecs(30);
    w.setClipboardGuard(&guard);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *status = label(&w, "clipboardStatus");
    auto *clear = w.findChild<QToolButton *>(QStringLiteral("clipboardClearNow"));
    QVERIFY(!clear->isVisible());
    QTest::mouseClick(button(&w, QStringLiteral("actionCopyAccess")), Qt::LeftButton);
    QTRY_COMPARE(clipText(), QStringLiteral("acc-TOKEN-0123456789"));
    QCOMPARE(status->text(), QStringLiteral("Clipboard clears in 30 s"));
    f.clock.advance(12);
    w.tick();
    QCOMPARE(status->text(), QStringLiteral("Clipboard clears in 18 s"));
    QVERIFY(clear->isVisible());
    QTest::mouseClick(clear, Qt::LeftButton);
    QTRY_VERIFY(clipText().isEmpty());
    QVERIFY(!clear->isVisible());

    // And the delay on its own: unchanged clipboard is cleared once the clock passes it.
    QTest::mouseClick(button(&w, QStringLiteral("actionCopyHeader")), Qt::LeftButton);
    QTRY_VERIFY(clipText().startsWith(QStringLiteral("Authorization: Bearer ")));
    f.clock.advance(30);
    guard.poll();
    QTRY_VERIFY(clipText().isEmpty());
}

void tst_MainWindow::autoClearSparesUserCopy()
{
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    MainWindow w(f.ctx.get());
    ClipboardGuard guard(&f.clock);
    w.setClipboardGuard(&guard);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTest::mouseClick(button(&w, QStringLiteral("actionCopyAccess")), Qt::LeftButton);
    QTRY_COMPARE(clipText(), QStringLiteral("acc-TOKEN-0123456789"));
    QClipboard *cb = QApplication::clipboard();
    cb->setText(QStringLiteral("my notes"));
    if (cb->supportsSelection())
        cb->setText(QStringLiteral("my notes"), QClipboard::Selection);
    f.clock.advance(60);
    guard.poll();
    w.tick();
    QTest::qWait(50);
    QCOMPARE(clipText(), QStringLiteral("my notes"));
    QVERIFY(label(&w, "clipboardStatus")->text().isEmpty());
}

void tst_MainWindow::refreshFailureShowsRetry()
{
    UiFixture f;
    replica::ReplicaServer replica;
    QVERIFY(replica.start());
    QVERIFY(replica.setFault(QStringLiteral("api_access.php=500")));
    f.ctx->setUrls(ServiceUrls::forOrigin(replica.origin()));
    f.ctx->keeper()->setBackoff(60000, 60000);
    f.ctx->keeper()->setAutoRefresh(true);
    const QString id = f.add(QStringLiteral("Station 41"), 86000);
    QVERIFY(!id.isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTest::mouseClick(button(&w, QStringLiteral("actionRefreshNow")), Qt::LeftButton);
    auto *state = label(&w, "panelState");
    QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QStringLiteral("refresh failed, retrying in")),
                             10000);
    static const QRegularExpression re(QStringLiteral("retrying in (\\d+) s"));
    const int first = re.match(state->text()).captured(1).toInt();
    const TokenKeeper::Status st = f.ctx->keeper()->status(id);
    QCOMPARE(st.activity, TokenKeeper::Activity::RetryWait);
    QCOMPARE(qint64(first), f.clock.now().secsTo(st.nextRetry));
    QVERIFY(first > 10);
    QVERIFY(label(&w, "panelMessage")->isVisible());
    QVERIFY(label(&w, "panelMessage")->text().startsWith(QStringLiteral("Refresh failed")));
    // The countdown to the retry moves with the clock.
    f.clock.advance(10);
    w.tick();
    QCOMPARE(re.match(state->text()).captured(1).toInt(), first - 10);
    QCOMPARE(w.profileModel()->index(0).data(ProfileListModel::StateTextRole).toString(),
             QStringLiteral("refresh failed, retrying in %1 s").arg(first - 10));
}

void tst_MainWindow::refreshingState()
{
    UiFixture f;
    replica::ReplicaServer replica;
    QVERIFY(replica.start());
    QVERIFY(replica.setFault(QStringLiteral("api_access.php=latency:3000")));
    f.ctx->setUrls(ServiceUrls::forOrigin(replica.origin()));
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_F5);
    QTRY_COMPARE(label(&w, "panelState")->text(), QStringLiteral("● refreshing…"));
    QCOMPARE(w.profileModel()->index(0).data(ProfileListModel::StateTextRole).toString(),
             QStringLiteral("refreshing…"));
}

void tst_MainWindow::actionsHaveShortcutsAndNames()
{
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QList<QAction *> actions = w.userActions();
    QVERIFY(actions.size() >= 15);
    QSet<QString> seen;
    for (QAction *a : actions) {
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
        const QString key = a->shortcut().toString();
        QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("duplicate shortcut ") + key));
        seen.insert(key);
        QVERIFY2(!a->toolTip().isEmpty(), qPrintable(a->objectName()));
    }
    // Every button has an accessible name; every action button of the panel exists.
    const QList<QAbstractButton *> buttons = w.findChildren<QAbstractButton *>();
    QVERIFY(buttons.size() >= 12);
    for (QAbstractButton *b : buttons) {
        if (b->objectName().startsWith(QLatin1String("qt_")) || !b->parentWidget() ||
            b->inherits("QTabBar") || b->parentWidget()->inherits("QTabBar"))
            continue;
        QVERIFY2(!b->accessibleName().isEmpty(), qPrintable(b->objectName()));
    }
    for (const char *name :
         {"actionRefreshNow", "actionCopyAccess", "actionCopyRefresh", "actionCopyHeader",
          "actionCopyCurl", "actionCopyExport", "actionRegenerate", "actionRename", "actionForget"})
        QVERIFY2(button(&w, QLatin1String(name)), name);
}

void tst_MainWindow::forgetAsksFirst()
{
    UiFixture f;
    const QString id = f.add(QStringLiteral("Station 41"), 86000);
    QVERIFY(!id.isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto answer = [](const char *buttonName) {
        QTimer::singleShot(0, [buttonName] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            auto *b = box->findChild<QPushButton *>(QLatin1String(buttonName));
            QVERIFY(b);
            QTest::mouseClick(b, Qt::LeftButton);
        });
    };
    // "Keep" is the default: Escape keeps the profile.
    QTimer::singleShot(0, [] {
        QTRY_VERIFY(QApplication::activeModalWidget());
        QTest::keyClick(QApplication::activeModalWidget(), Qt::Key_Escape);
    });
    QTest::mouseClick(button(&w, QStringLiteral("actionForget")), Qt::LeftButton);
    QVERIFY(f.ctx->vault()->contains(id));
    answer("confirmForget");
    QTest::mouseClick(button(&w, QStringLiteral("actionForget")), Qt::LeftButton);
    QTRY_VERIFY(!f.ctx->vault()->contains(id));
    QTRY_VERIFY(w.findChild<QWidget *>(QStringLiteral("emptyState"))->isVisible());
}

// The rename dialog is modal: answer it from a timer that fires inside its event loop.
// Returns a flag that turns true once the answer ran to its end (its checks passed).
// afterAccept is scheduled just before accepting: it runs in whatever opens next.
static std::shared_ptr<bool> answerRename(const QString &expectedOld, const QString &typed,
                                          const std::function<void()> &afterAccept = {})
{
    auto done = std::make_shared<bool>(false);
    QTimer::singleShot(0, [done, expectedOld, typed, afterAccept] {
        QTRY_VERIFY(qobject_cast<QInputDialog *>(QApplication::activeModalWidget()));
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog->labelText().contains(expectedOld));
        auto *edit = dialog->findChild<QLineEdit *>();
        QVERIFY(edit);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(edit, typed);
        QCOMPARE(edit->text(), typed);
        if (afterAccept)
            QTimer::singleShot(0, afterAccept);
        QTest::keyClick(edit, Qt::Key_Return);
        *done = true;
    });
    return done;
}

void tst_MainWindow::renameThroughDialog()
{
    UiFixture f;
    const QString a = f.add(QStringLiteral("Station 41"), 86000);
    const QString b = f.add(QStringLiteral("Station 42"), 86000);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.selectProfile(a);
    QCOMPARE(w.currentProfileId(), a);

    // Through the button: the dialog starts with the old name; spaces around are dropped.
    auto answered = answerRename(QStringLiteral("Station 41"), QStringLiteral("  Tanker 7 "));
    QTest::mouseClick(button(&w, QStringLiteral("actionRename")), Qt::LeftButton);
    QVERIFY(*answered);
    QCOMPARE(f.ctx->vault()->profile(a).label, QStringLiteral("Tanker 7"));
    QTRY_COMPARE(label(&w, "panelTitle")->text(), QStringLiteral("Tanker 7"));
    // The list re-sorted ("Station 42" first now) and kept the renamed profile selected.
    QCOMPARE(w.profileModel()->index(0).data().toString(), QStringLiteral("Station 42"));
    QCOMPARE(w.profileModel()->index(1).data().toString(), QStringLiteral("Tanker 7"));
    QCOMPARE(w.currentProfileId(), a);
    auto *list = w.findChild<QListView *>(QStringLiteral("profileList"));
    QCOMPARE(list->currentIndex().row(), 1);

    // Through the shortcut (F2), and Escape leaves the name as it is.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    auto escaped = std::make_shared<bool>(false);
    QTimer::singleShot(0, [escaped] {
        QTRY_VERIFY(qobject_cast<QInputDialog *>(QApplication::activeModalWidget()));
        QTest::keyClick(QApplication::activeModalWidget(), Qt::Key_Escape);
        *escaped = true;
    });
    QTest::keyClick(&w, Qt::Key_F2);
    QVERIFY(*escaped);
    QTRY_VERIFY(!QApplication::activeModalWidget());
    QCOMPARE(f.ctx->vault()->profile(a).label, QStringLiteral("Tanker 7"));
}

void tst_MainWindow::renameRefusesDuplicate()
{
    UiFixture f;
    const QString a = f.add(QStringLiteral("Station 41"), 86000);
    const QString b = f.add(QStringLiteral("Station 42"), 86000);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.selectProfile(a);

    // "station 42" is taken (names compare without case): a warning says so, then the
    // dialog comes back with the refused name, and Escape there keeps the old name.
    auto warned = std::make_shared<QString>();
    auto reasked = std::make_shared<QString>();
    auto answered =
        answerRename(QStringLiteral("Station 41"), QStringLiteral("station 42"), [warned, reasked] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            *warned = box->text();
            QTimer::singleShot(0, [reasked] {
                QTRY_VERIFY(qobject_cast<QInputDialog *>(QApplication::activeModalWidget()));
                auto *again = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
                *reasked = again->textValue();
                again->reject();
            });
            box->button(QMessageBox::Ok)->click();
        });
    QTest::mouseClick(button(&w, QStringLiteral("actionRename")), Qt::LeftButton);
    QVERIFY(*answered);
    QVERIFY2(warned->contains(QStringLiteral("already called")), qPrintable(*warned));
    QCOMPARE(*reasked, QStringLiteral("station 42"));
    QTRY_VERIFY(!QApplication::activeModalWidget());
    QCOMPARE(f.ctx->vault()->profile(a).label, QStringLiteral("Station 41"));
    QCOMPARE(f.ctx->vault()->profile(b).label, QStringLiteral("Station 42"));
    QCOMPARE(label(&w, "panelTitle")->text(), QStringLiteral("Station 41"));
}

void tst_MainWindow::selectionAndPages()
{
    UiFixture f;
    const QString a = f.add(QStringLiteral("Alpha"), 86000);
    const QString b = f.add(QStringLiteral("Bravo"), 86000);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    MainWindow w(f.ctx.get());
    auto *page = new QLabel(QStringLiteral("explorer"));
    w.addPage(page, QStringLiteral("API explorer"));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *tabs = w.findChild<QTabWidget *>(QStringLiteral("pageTabs"));
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Tokens"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("API explorer"));
    QCOMPARE(w.currentProfileId(), a);
    QSignalSpy changed(&w, &MainWindow::currentProfileChanged);
    auto *list = w.findChild<QListView *>(QStringLiteral("profileList"));
    const QRect second = list->visualRect(w.profileModel()->index(1));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), b);
    QCOMPARE(label(&w, "panelTitle")->text(), QStringLiteral("Bravo"));
    // Chips and agency are in the model for the delegate.
    const QStringList chips =
        w.profileModel()->index(1).data(ProfileListModel::ScopeChipsRole).toStringList();
    QVERIFY(chips.contains(QStringLiteral("alerts")));
    QVERIFY(w.profileModel()
                ->index(1)
                .data(Qt::AccessibleTextRole)
                .toString()
                .contains(QStringLiteral("valid")));
}

void tst_MainWindow::timerOnlyWhileVisible()
{
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    MainWindow w(f.ctx.get());
    const QList<QTimer *> timers = w.findChildren<QTimer *>(QStringLiteral("countdownTimer"));
    QCOMPARE(timers.size(), 1);
    QTimer *t = timers.first();
    QVERIFY(!t->isActive());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(t->isActive());
    QCOMPARE(t->interval(), 1000);
    w.hide();
    QVERIFY(!t->isActive());
    w.show();
    QVERIFY(t->isActive());
    w.showMinimized();
    QTRY_VERIFY(!t->isActive());
}

void tst_MainWindow::geometryRemembered()
{
    UiFixture f;
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    QList<int> sizes;
    {
        MainWindow w(f.ctx.get());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.resize(900, 640);
        auto *split = w.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        split->setSizes({300, 600});
        QTRY_COMPARE(w.size(), QSize(900, 640));
        sizes = split->sizes();
        w.close();
    }
    QVERIFY(f.ctx->settings()->contains(QStringLiteral("mainwindow/geometry")));
    MainWindow again(f.ctx.get());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QTRY_COMPARE(again.size(), QSize(900, 640));
    QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
}

void tst_MainWindow::firstStartLayout()
{
    // No saved geometry: a roomy window, the list about 300 px, the states readable.
    UiFixture f;
    const QString id = f.add(QStringLiteral("North Valley Fire & Rescue (alerts script)"), 86000,
                             10 * 86400, true);
    QVERIFY(!id.isEmpty());
    MainWindow w(f.ctx.get());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY2(w.width() >= 1100 && w.height() >= 720,
             qPrintable(QStringLiteral("%1x%2").arg(w.width()).arg(w.height())));
    auto *list = w.findChild<QListView *>(QStringLiteral("profileList"));
    auto *split = w.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    QTRY_VERIFY(split->sizes().value(0) >= 300);
    QVERIFY(split->sizes().value(0) < w.width() / 2);
    QCOMPARE(list->horizontalScrollBarPolicy(), Qt::ScrollBarAlwaysOff);
    QVERIFY(!list->horizontalScrollBar()->isVisible());
    // Even at its narrowest the list shows the longest state in full beside some label.
    const QFontMetrics fm(list->font());
    QVERIFY(list->minimumWidth() >
            fm.horizontalAdvance(QStringLiteral("needs regeneration")) + fm.averageCharWidth() * 8);
    QCOMPARE(w.profileModel()->index(0).data(ProfileListModel::ShortStateTextRole).toString(),
             QStringLiteral("needs regeneration"));
    // The second line names the agency and its number, but never repeats the label.
    QCOMPARE(w.profileModel()->index(0).data(ProfileListModel::SubtitleRole).toString(),
             QStringLiteral("Agency of North Valley Fire & Rescue (alerts script) · 4711"));
    QVERIFY(f.ctx->vault()->rename(
        id, QStringLiteral("Agency of North Valley Fire & Rescue (alerts script) — CAD")));
    QTRY_COMPARE(w.profileModel()->index(0).data(ProfileListModel::SubtitleRole).toString(),
                 QStringLiteral("Agency 4711"));
    QCOMPARE(label(&w, "panelAgency")->text(), QStringLiteral("Agency 4711"));
    QVERIFY(label(&w, "panelScopes")->text().startsWith(QStringLiteral("Scopes: agency, alerts")));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
