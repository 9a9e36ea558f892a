// The settings dialog refuses invalid values with the reason beside the field, and
// saves valid ones to the app settings and the clients.
#include "settingsdialog.h"
#include "uifixture.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace a911;
using a911::test::UiFixture;

class tst_SettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusesBadUrl_data();
    void refusesBadUrl();
    void refusesNegativeDelay();
    void savesValidValues();

private:
    static QPushButton *okButton(QDialog &d)
    {
        return d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    }
    static void retype(QLineEdit *e, const QString &text)
    {
        e->setFocus();
        e->selectAll();
        QTest::keyClick(e, Qt::Key_Delete);
        QTest::keyClicks(e, text);
    }
    static void retype(QSpinBox *b, const QString &text)
    {
        b->setFocus();
        b->selectAll();
        QTest::keyClick(b, Qt::Key_Delete);
        QTest::keyClicks(b, text);
    }
};

void tst_SettingsDialog::refusesBadUrl_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("reasonPart");
    QTest::newRow("remote http console") << QStringLiteral("consoleUrl")
                                         << QStringLiteral("http://console.example.org/dev/") << false
                                         << QStringLiteral("not HTTPS");
    QTest::newRow("remote http api") << QStringLiteral("apiUrl")
                                     << QStringLiteral("http://access.example.org/api/") << false
                                     << QStringLiteral("not HTTPS");
    QTest::newRow("ftp oauth") << QStringLiteral("oauthUrl") << QStringLiteral("ftp://host/x/")
                               << false << QStringLiteral("https://");
    QTest::newRow("empty") << QStringLiteral("apiUrl") << QString() << false
                           << QStringLiteral("empty");
    QTest::newRow("loopback http ok") << QStringLiteral("apiUrl")
                                      << QStringLiteral("http://127.0.0.1:8080/api/") << true
                                      << QString();
    QTest::newRow("https ok") << QStringLiteral("consoleUrl")
                              << QStringLiteral("https://console.example.org/dev/") << true
                              << QString();
}

void tst_SettingsDialog::refusesBadUrl()
{
    QFETCH(QString, field);
    QFETCH(QString, url);
    QFETCH(bool, valid);
    QFETCH(QString, reasonPart);
    UiFixture f;
    SettingsDialog d(f.ctx.get());
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QVERIFY(okButton(d)->isEnabled());
    auto *edit = d.findChild<QLineEdit *>(field);
    QVERIFY(edit);
    retype(edit, url);
    auto *error = d.findChild<QLabel *>(field + QStringLiteral("Error"));
    QCOMPARE(okButton(d)->isEnabled(), valid);
    QCOMPARE(d.isValid(), valid);
    QCOMPARE(error->isVisible(), !valid);
    if (!valid) {
        QVERIFY2(error->text().contains(reasonPart), qPrintable(error->text()));
        QCOMPARE(edit->accessibleDescription(), error->text());
        // Refused: nothing saved, the dialog stays open.
        const ServiceUrls before = f.ctx->urls();
        QVERIFY(!d.apply());
        QCOMPARE(f.ctx->urls(), before);
    }
}

void tst_SettingsDialog::refusesNegativeDelay()
{
    UiFixture f;
    SettingsDialog d(f.ctx.get());
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    auto *delay = d.findChild<QSpinBox *>(QStringLiteral("clipboardDelay"));
    auto *error = d.findChild<QLabel *>(QStringLiteral("clipboardDelayError"));
    retype(delay, QStringLiteral("-5"));
    QCOMPARE(delay->value(), -5);
    QVERIFY(!okButton(d)->isEnabled());
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), AppSettings::validateClipboardDelay(-5));
    QTest::mouseClick(okButton(d), Qt::LeftButton);
    QVERIFY(d.isVisible());
    QCOMPARE(f.ctx->appSettings().clipboardClearSecs(), 30);
    retype(delay, QStringLiteral("45"));
    QVERIFY(okButton(d)->isEnabled());
    QVERIFY(!error->isVisible());
    // Lead time out of range, too.
    auto *lead = d.findChild<QSpinBox *>(QStringLiteral("leadTime"));
    retype(lead, QStringLiteral("10"));
    QVERIFY(!okButton(d)->isEnabled());
    QVERIFY(d.findChild<QLabel *>(QStringLiteral("leadTimeError"))->isVisible());
}

void tst_SettingsDialog::savesValidValues()
{
    UiFixture f;
    SettingsDialog d(f.ctx.get());
    QSignalSpy urlsChanged(f.ctx.get(), &CoreContext::urlsChanged);
    QSignalSpy applied(&d, &SettingsDialog::applied);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    retype(d.findChild<QLineEdit *>(QStringLiteral("apiUrl")),
           QStringLiteral("https://api.example.org/open_api/api/"));
    retype(d.findChild<QSpinBox *>(QStringLiteral("clipboardDelay")), QStringLiteral("12"));
    retype(d.findChild<QSpinBox *>(QStringLiteral("leadTime")), QStringLiteral("900"));
    retype(d.findChild<QSpinBox *>(QStringLiteral("refreshLifetime")), QStringLiteral("180"));
    QTest::mouseClick(d.findChild<QCheckBox *>(QStringLiteral("closeToTray")), Qt::LeftButton);
    QTest::mouseClick(okButton(d), Qt::LeftButton);
    QVERIFY(!d.isVisible());
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(applied.count(), 1);
    QCOMPARE(urlsChanged.count(), 1);
    QCOMPARE(f.ctx->urls().api, QUrl(QStringLiteral("https://api.example.org/open_api/api/")));
    QCOMPARE(f.ctx->appSettings().clipboardClearSecs(), 12);
    QCOMPARE(f.ctx->appSettings().leadTimeSecs(), 900);
    QCOMPARE(f.ctx->appSettings().refreshLifetimeDays(), 180);
    QCOMPARE(f.ctx->appSettings().closeToTray(), true);
    QCOMPARE(f.ctx->keeper()->leadTimeSecs(), qint64(900));
}

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
