// The tray: the worst state of all profiles, the notifications (each deadline once per
// token, remembered across runs), copying from the menu, and life without a tray.
#include "clipboardguard.h"
#include "desktopshell.h"
#include "mainwindow.h"
#include "traycontroller.h"
#include "uifixture.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace a911;
using a911::test::UiFixture;

Q_DECLARE_METATYPE(a911::DisplayState)

class tst_TrayController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void worstState();
    void iconsDifferByState();
    void deadlineNotifications();
    void regeneratedTokenGetsNewNotices();
    void refreshFailedOncePerStreak();
    void regenerationNotice();
    void menuCopiesAccessToken();
    void noTrayMeansCloseQuits();
};

void tst_TrayController::worstState()
{
    UiFixture f;
    ClipboardGuard guard(&f.clock);
    TrayController tray(f.ctx.get(), &guard);
    QCOMPARE(tray.worstState(), DisplayState::Unknown);
    QVERIFY(tray.toolTip().contains(QStringLiteral("no tokens")));
    QVERIFY(!f.add(QStringLiteral("A"), 86000).isEmpty());
    QTRY_COMPARE(tray.worstState(), DisplayState::Valid);
    QVERIFY(!f.add(QStringLiteral("B"), 1800).isEmpty());
    QTRY_COMPARE(tray.worstState(), DisplayState::ExpiringSoon);
    // Time passes: B expires.
    f.clock.advance(1800);
    tray.update();
    QCOMPARE(tray.worstState(), DisplayState::Expired);
    QVERIFY(tray.toolTip().contains(QStringLiteral("B: expired")));
    QVERIFY(tray.toolTip().contains(QStringLiteral("A: valid")));
    QVERIFY(!f.add(QStringLiteral("C"), 86000, 10 * 86400, true).isEmpty());
    QTRY_COMPARE(tray.worstState(), DisplayState::NeedsRegeneration);
    QVERIFY(tray.toolTip().startsWith(QStringLiteral("a911desk: needs regeneration")));
}

void tst_TrayController::iconsDifferByState()
{
    const QImage valid = TrayController::iconFor(DisplayState::Valid).pixmap(32, 32).toImage();
    const QImage bad = TrayController::iconFor(DisplayState::NeedsRegeneration).pixmap(32, 32).toImage();
    QVERIFY(!valid.isNull());
    QVERIFY(valid != bad);
    // The badge (bottom right) carries the state's colour.
    const QColor badge = bad.pixelColor(24, 24);
    QCOMPARE(badge.rgb(), stateColor(DisplayState::NeedsRegeneration, QApplication::palette()).rgb());
}

void tst_TrayController::deadlineNotifications()
{
    UiFixture f;
    const qint64 d = 86400;
    // Refresh token ends in 31 days.
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000, 334 * d).isEmpty());
    ClipboardGuard guard(&f.clock);
    QStringList titles;
    {
        TrayController tray(f.ctx.get(), &guard);
        QSignalSpy spy(&tray, &TrayController::notified);
        tray.checkDeadlines();
        QCOMPARE(spy.count(), 0);
        f.clock.advance(d); // exactly 30 days left
        tray.checkDeadlines();
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.at(0).at(0).toString().contains(QStringLiteral("Station 41")));
        QVERIFY(spy.at(0).at(1).toString().contains(QStringLiteral("30 days")));
        tray.checkDeadlines();
        tray.update();
        QCOMPARE(spy.count(), 1); // once
    }
    {
        // Remembered in the settings: a new run does not repeat it.
        TrayController tray(f.ctx.get(), &guard);
        QSignalSpy spy(&tray, &TrayController::notified);
        tray.checkDeadlines();
        QCOMPARE(spy.count(), 0);
        f.clock.advance(22 * d); // 8 days left
        tray.checkDeadlines();
        QCOMPARE(spy.count(), 0);
        f.clock.advance(d); // 7 days
        tray.checkDeadlines();
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.at(0).at(1).toString().contains(QStringLiteral("7 days")));
        f.clock.advance(6 * d); // 1 day
        tray.checkDeadlines();
        QCOMPARE(spy.count(), 2);
        QVERIFY(spy.at(1).at(1).toString().contains(QStringLiteral("1 day ")));
        f.clock.advance(3600);
        tray.checkDeadlines();
        QCOMPARE(spy.count(), 2);
    }
}

void tst_TrayController::regeneratedTokenGetsNewNotices()
{
    UiFixture f;
    const qint64 d = 86400;
    ClipboardGuard guard(&f.clock);
    TrayController tray(f.ctx.get(), &guard);
    QSignalSpy spy(&tray, &TrayController::notified);
    // First seen 5 days before the end: only the nearest deadline (7) is announced.
    const QString id = f.add(QStringLiteral("Station 41"), 86000, 360 * d);
    QVERIFY(!id.isEmpty());
    tray.checkDeadlines();
    QCOMPARE(spy.count(), 1);
    QVERIFY(spy.at(0).at(1).toString().contains(QStringLiteral("5 days")));
    // Regenerated: a new refresh token, a new year, a new set of notices later.
    Profile p = f.ctx->vault()->profile(id);
    p.refreshIssued = f.clock.now().addDays(-340);
    f.ctx->vault()->updateMetadata(p);
    tray.checkDeadlines();
    QCOMPARE(spy.count(), 2);
    QVERIFY(spy.at(1).at(1).toString().contains(QStringLiteral("25 days")));
}

void tst_TrayController::refreshFailedOncePerStreak()
{
    UiFixture f;
    const QString id = f.add(QStringLiteral("Station 41"), 86000);
    ClipboardGuard guard(&f.clock);
    TrayController tray(f.ctx.get(), &guard);
    QSignalSpy spy(&tray, &TrayController::notified);
    Q_EMIT f.ctx->keeper()->refreshFailed(id, QStringLiteral("The server answered 500."), 8);
    QCOMPARE(spy.count(), 1);
    QVERIFY(spy.at(0).at(0).toString().startsWith(QStringLiteral("Refresh failed")));
    QVERIFY(spy.at(0).at(1).toString().contains(QStringLiteral("Retrying in 8 s")));
    Q_EMIT f.ctx->keeper()->refreshFailed(id, QStringLiteral("The server answered 500."), 16);
    QCOMPARE(spy.count(), 1);
    Q_EMIT f.ctx->keeper()->refreshed(id);
    Q_EMIT f.ctx->keeper()->refreshFailed(id, QStringLiteral("Timeout."), 2);
    QCOMPARE(spy.count(), 2);
}

void tst_TrayController::regenerationNotice()
{
    UiFixture f;
    const QString id = f.add(QStringLiteral("Station 41"), 86000);
    ClipboardGuard guard(&f.clock);
    TrayController tray(f.ctx.get(), &guard);
    QSignalSpy spy(&tray, &TrayController::notified);
    Q_EMIT f.ctx->keeper()->regenerationNeeded(id);
    QCOMPARE(spy.count(), 1);
    QVERIFY(spy.at(0).at(0).toString().startsWith(QStringLiteral("Regenerate")));
    Q_EMIT f.ctx->keeper()->regenerationNeeded(id);
    QCOMPARE(spy.count(), 1);
}

void tst_TrayController::menuCopiesAccessToken()
{
    UiFixture f;
    const QString id = f.add(QStringLiteral("Station 41"), 86000);
    ClipboardGuard guard(&f.clock);
    TrayController tray(f.ctx.get(), &guard);
    QTRY_VERIFY(tray.menu()->findChild<QAction *>(QStringLiteral("trayCopy:") + id));
    QAction *copy = tray.menu()->findChild<QAction *>(QStringLiteral("trayCopy:") + id);
    QCOMPARE(copy->text(), QStringLiteral("Station 41"));
    copy->trigger();
    QTRY_COMPARE(QApplication::clipboard()->text(), QStringLiteral("acc-TOKEN-0123456789"));
    QCOMPARE(QApplication::clipboard()->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
             QByteArray("secret"));
    QVERIFY(guard.isPending());
    QSignalSpy quit(&tray, &TrayController::quitRequested);
    tray.menu()->findChild<QAction *>(QStringLiteral("trayQuit"))->trigger();
    QCOMPARE(quit.count(), 1);
}

void tst_TrayController::noTrayMeansCloseQuits()
{
    if (TrayController::isAvailable())
        QSKIP("this display has a system tray; the no-tray path needs one without");
    UiFixture f;
    f.ctx->appSettings().setCloseToTray(true);
    f.ctx->appSettings().setStartInTray(true);
    QVERIFY(!f.add(QStringLiteral("Station 41"), 86000).isEmpty());
    DesktopShell shell(f.ctx.get());
    shell.start(true);
    // No tray: start-in-tray would hide the app for good, so the window shows.
    QVERIFY(shell.window()->isVisible());
    QVERIFY(!shell.tray()->isShown());
    QSignalSpy quit(shell.window(), &MainWindow::quitRequested);
    QSignalSpy hidden(shell.window(), &MainWindow::hiddenToTray);
    shell.window()->close();
    QCOMPARE(quit.count(), 1);
    QCOMPARE(hidden.count(), 0);
}

QTEST_MAIN(tst_TrayController)
#include "tst_traycontroller.moc"
