// Secrets on the clipboard: the hints clipboard managers honour, and clearing only
// what we put there, after the delay (a moved clock), on Clear now, and on quit.
#include "clipboardguard.h"
#include "clock.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

using namespace a911;

class tst_ClipboardGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void mimeHints();
    void clearsAfterDelay();
    void leavesWhatTheUserCopied();
    void onlyTheSelectionStillOurs();
    void clearNow();
    void clearNowLeavesOthers();
    void clearsOnDestruction();
    void selection();

private:
    static QString clipText(QClipboard::Mode mode = QClipboard::Clipboard)
    {
        const QMimeData *m = QGuiApplication::clipboard()->mimeData(mode);
        return m ? m->text() : QString();
    }
};

void tst_ClipboardGuard::init()
{
    QGuiApplication::clipboard()->setText(QStringLiteral("before"));
    QTRY_COMPARE(clipText(), QStringLiteral("before"));
}

void tst_ClipboardGuard::mimeHints()
{
    ManualClock clock;
    ClipboardGuard guard(&clock);
    guard.copySecret(QStringLiteral("s3cret-token"));
    const QMimeData *m = QGuiApplication::clipboard()->mimeData();
    QVERIFY(m);
    QCOMPARE(m->text(), QStringLiteral("s3cret-token"));
    QCOMPARE(m->data(QStringLiteral("text/plain")), QByteArray("s3cret-token"));
    QCOMPARE(m->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
    QVERIFY(m->hasFormat(QStringLiteral("application/x-nspasteboard-concealed-type")));
    QVERIFY(m->hasFormat(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing")));
    QCOMPARE(m->data(QStringLiteral("CanIncludeInClipboardHistory")), QByteArray(4, '\0'));
    QCOMPARE(m->data(QStringLiteral("CanUploadToCloudClipboard")), QByteArray(4, '\0'));

    // The factory on its own, too (what every copy uses).
    std::unique_ptr<QMimeData> fresh(ClipboardGuard::secretMimeData(QStringLiteral("x")));
    QCOMPARE(fresh->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
}

void tst_ClipboardGuard::clearsAfterDelay()
{
    ManualClock clock;
    ClipboardGuard guard(&clock);
    guard.setClearDelaySecs(30);
    QSignalSpy finished(&guard, &ClipboardGuard::finished);
    guard.copySecret(QStringLiteral("tok-1"));
    QCOMPARE(guard.secondsLeft(), 30);
    clock.advance(29);
    guard.poll();
    QCOMPARE(guard.secondsLeft(), 1);
    QCOMPARE(clipText(), QStringLiteral("tok-1"));
    QCOMPARE(finished.count(), 0);
    clock.advance(1);
    guard.poll();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QTRY_VERIFY(clipText().isEmpty());
    QCOMPARE(guard.secondsLeft(), -1);
    QVERIFY(!guard.isPending());
}

void tst_ClipboardGuard::leavesWhatTheUserCopied()
{
    ManualClock clock;
    ClipboardGuard guard(&clock);
    guard.setClearDelaySecs(30);
    QSignalSpy finished(&guard, &ClipboardGuard::finished);
    guard.copySecret(QStringLiteral("tok-2"));
    // The user copies something else meanwhile (and selects it, on X11).
    QClipboard *cb = QGuiApplication::clipboard();
    cb->setText(QStringLiteral("user's own text"));
    if (cb->supportsSelection())
        cb->setText(QStringLiteral("user's own text"), QClipboard::Selection);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    clock.advance(31);
    guard.poll();
    QTest::qWait(50);
    QCOMPARE(clipText(), QStringLiteral("user's own text"));
}

void tst_ClipboardGuard::onlyTheSelectionStillOurs()
{
    QClipboard *cb = QGuiApplication::clipboard();
    if (!cb->supportsSelection())
        QSKIP("this platform has no selection clipboard");
    ManualClock clock;
    ClipboardGuard guard(&clock);
    QSignalSpy finished(&guard, &ClipboardGuard::finished);
    guard.copySecret(QStringLiteral("tok-sel"));
    cb->setText(QStringLiteral("user's clipboard"));
    QTest::qWait(50);
    // The selection still holds the secret: the guard keeps waiting for it.
    QVERIFY(guard.isPending());
    clock.advance(guard.clearDelaySecs());
    guard.poll();
    QCOMPARE(finished.count(), 1);
    QTRY_VERIFY(clipText(QClipboard::Selection).isEmpty());
    QCOMPARE(clipText(), QStringLiteral("user's clipboard"));
}

void tst_ClipboardGuard::clearNow()
{
    ManualClock clock;
    ClipboardGuard guard(&clock);
    guard.copySecret(QStringLiteral("tok-3"));
    QVERIFY(guard.clipboardHoldsOurs());
    guard.clearNow();
    QTRY_VERIFY(clipText().isEmpty());
    QVERIFY(!guard.isPending());
}

void tst_ClipboardGuard::clearNowLeavesOthers()
{
    ManualClock clock;
    ClipboardGuard guard(&clock);
    guard.copySecret(QStringLiteral("tok-4"));
    // Swap the content behind the guard's back without it noticing a change signal.
    {
        const QSignalBlocker block(QGuiApplication::clipboard());
        QGuiApplication::clipboard()->setText(QStringLiteral("other"));
        if (QGuiApplication::clipboard()->supportsSelection())
            QGuiApplication::clipboard()->setText(QStringLiteral("other"), QClipboard::Selection);
    }
    QVERIFY(!guard.clipboardHoldsOurs());
    QSignalSpy finished(&guard, &ClipboardGuard::finished);
    guard.clearNow();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(clipText(), QStringLiteral("other"));
}

void tst_ClipboardGuard::clearsOnDestruction()
{
    ManualClock clock;
    {
        ClipboardGuard guard(&clock);
        guard.copySecret(QStringLiteral("tok-5"));
        QCOMPARE(clipText(), QStringLiteral("tok-5"));
    }
    QTRY_VERIFY(clipText().isEmpty());
}

void tst_ClipboardGuard::selection()
{
    QClipboard *cb = QGuiApplication::clipboard();
    if (!cb->supportsSelection())
        QSKIP("this platform has no selection clipboard");
    ManualClock clock;
    ClipboardGuard guard(&clock);
    guard.copySecret(QStringLiteral("tok-6"));
    QCOMPARE(clipText(QClipboard::Selection), QStringLiteral("tok-6"));
    QCOMPARE(cb->mimeData(QClipboard::Selection)->data(QStringLiteral("x-kde-passwordManagerHint")),
             QByteArray("secret"));
    clock.advance(guard.clearDelaySecs());
    guard.poll();
    QTRY_VERIFY(clipText(QClipboard::Selection).isEmpty());
}

QTEST_MAIN(tst_ClipboardGuard)
#include "tst_clipboardguard.moc"
