// The state rules behind the list's dots, the token panel and the tray, at their edges.
#include "mainwindow.h"
#include "profile.h"
#include "profilestate.h"

#include <QPalette>
#include <QTest>

using namespace a911;

Q_DECLARE_METATYPE(a911::DisplayState)
Q_DECLARE_METATYPE(a911::TokenKeeper::Activity)

class tst_ProfileState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void evaluate_data();
    void evaluate();
    void worst_data();
    void worst();
    void colorsReadOnBothPalettes();
    void copyFormats();
};

namespace {
const QDateTime kNow(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
}

void tst_ProfileState::evaluate_data()
{
    QTest::addColumn<qint64>("accessLeft");
    QTest::addColumn<qint64>("refreshLeft"); // seconds until the 365-day year ends
    QTest::addColumn<bool>("regen");
    QTest::addColumn<TokenKeeper::Activity>("activity");
    QTest::addColumn<qint64>("retryIn");
    QTest::addColumn<DisplayState>("state");
    QTest::addColumn<QString>("text");

    const qint64 year = 200 * 86400;
    const auto idle = TokenKeeper::Activity::Idle;
    QTest::newRow("valid") << qint64(86000) << year << false << idle << qint64(0)
                           << DisplayState::Valid << QStringLiteral("valid");
    QTest::newRow("just valid (1 h + 1 s)") << qint64(3601) << year << false << idle << qint64(0)
                                            << DisplayState::Valid << QStringLiteral("valid");
    QTest::newRow("last hour") << qint64(3600) << year << false << idle << qint64(0)
                               << DisplayState::ExpiringSoon << QStringLiteral("expiring soon");
    QTest::newRow("1 s left") << qint64(1) << year << false << idle << qint64(0)
                              << DisplayState::ExpiringSoon << QStringLiteral("expiring soon");
    QTest::newRow("just expired") << qint64(0) << year << false << idle << qint64(0)
                                  << DisplayState::Expired << QStringLiteral("expired");
    QTest::newRow("refresh 30 d + 1 s") << qint64(86000) << qint64(30 * 86400 + 1) << false
                                        << idle << qint64(0) << DisplayState::Valid
                                        << QStringLiteral("valid");
    QTest::newRow("refresh exactly 30 d") << qint64(86000) << qint64(30 * 86400) << false << idle
                                          << qint64(0) << DisplayState::ExpiringSoon
                                          << QStringLiteral("expiring soon");
    QTest::newRow("refresh ended") << qint64(86000) << qint64(0) << false << idle << qint64(0)
                                   << DisplayState::NeedsRegeneration
                                   << QStringLiteral("needs regeneration");
    QTest::newRow("flagged") << qint64(86000) << year << true << idle << qint64(0)
                             << DisplayState::NeedsRegeneration
                             << QStringLiteral("needs regeneration");
    QTest::newRow("keeper says regenerate")
        << qint64(86000) << year << false << TokenKeeper::Activity::NeedsRegeneration << qint64(0)
        << DisplayState::NeedsRegeneration << QStringLiteral("needs regeneration");
    QTest::newRow("refreshing") << qint64(500) << year << false
                                << TokenKeeper::Activity::Refreshing << qint64(0)
                                << DisplayState::Refreshing << QStringLiteral("refreshing…");
    QTest::newRow("retry in 12 s") << qint64(500) << year << false
                                   << TokenKeeper::Activity::RetryWait << qint64(12)
                                   << DisplayState::RetryWait
                                   << QStringLiteral("refresh failed, retrying in 12 s");
    QTest::newRow("retry due") << qint64(500) << year << false << TokenKeeper::Activity::RetryWait
                               << qint64(-3) << DisplayState::RetryWait
                               << QStringLiteral("refresh failed, retrying in 0 s");
}

void tst_ProfileState::evaluate()
{
    QFETCH(qint64, accessLeft);
    QFETCH(qint64, refreshLeft);
    QFETCH(bool, regen);
    QFETCH(TokenKeeper::Activity, activity);
    QFETCH(qint64, retryIn);
    QFETCH(DisplayState, state);
    QFETCH(QString, text);

    Profile p;
    p.id = QStringLiteral("p1");
    p.accessExpiry = kNow.addSecs(accessLeft);
    p.refreshIssued = kNow.addSecs(refreshLeft).addDays(-365);
    p.needsRegeneration = regen;
    TokenKeeper::Status st;
    st.activity = activity;
    if (activity == TokenKeeper::Activity::RetryWait)
        st.nextRetry = kNow.addSecs(retryIn);
    const ProfileStateInfo info = evaluateProfile(p, st, kNow, 365);
    QCOMPARE(info.state, state);
    QCOMPARE(info.text, text);
}

void tst_ProfileState::worst_data()
{
    QTest::addColumn<QList<DisplayState>>("states");
    QTest::addColumn<DisplayState>("worst");
    using S = DisplayState;
    QTest::newRow("none") << QList<S>{} << S::Unknown;
    QTest::newRow("all valid") << QList<S>{S::Valid, S::Valid} << S::Valid;
    QTest::newRow("one expiring") << QList<S>{S::Valid, S::ExpiringSoon, S::Refreshing}
                                  << S::ExpiringSoon;
    QTest::newRow("retry beats expiring") << QList<S>{S::ExpiringSoon, S::RetryWait, S::Valid}
                                          << S::RetryWait;
    QTest::newRow("expired") << QList<S>{S::RetryWait, S::Expired} << S::Expired;
    QTest::newRow("regeneration worst")
        << QList<S>{S::NeedsRegeneration, S::Expired, S::Valid} << S::NeedsRegeneration;
}

void tst_ProfileState::worst()
{
    QFETCH(QList<DisplayState>, states);
    QFETCH(DisplayState, worst);
    QCOMPARE(worstState(states), worst);
}

void tst_ProfileState::colorsReadOnBothPalettes()
{
    QPalette light;
    light.setColor(QPalette::Window, QColor(0xf6, 0xf6, 0xf6));
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    QVERIFY(!isDarkPalette(light));
    QVERIFY(isDarkPalette(dark));
    for (DisplayState s : {DisplayState::Valid, DisplayState::Refreshing, DisplayState::ExpiringSoon,
                           DisplayState::RetryWait, DisplayState::Expired,
                           DisplayState::NeedsRegeneration}) {
        // Dark shades on light windows, light shades on dark ones.
        QVERIFY2(stateColor(s, light).lightness() < 128, qPrintable(displayStateName(s)));
        QVERIFY2(stateColor(s, dark).lightness() > 110, qPrintable(displayStateName(s)));
    }
    QVERIFY(stateColor(DisplayState::Valid, light) != stateColor(DisplayState::Expired, light));
}

void tst_ProfileState::copyFormats()
{
    const QString t = QStringLiteral("abc.DEF-123_x");
    QCOMPARE(CopyFormat::header(t), QStringLiteral("Authorization: Bearer abc.DEF-123_x"));
    QCOMPARE(CopyFormat::curl(t, QStringLiteral("https://access.active911.com/interface/open_api/api/")),
             QStringLiteral("curl -H \"Authorization: Bearer abc.DEF-123_x\" "
                            "https://access.active911.com/interface/open_api/api/"));
    QCOMPARE(CopyFormat::exportLine(t), QStringLiteral("export ACTIVE911_ACCESS_TOKEN=abc.DEF-123_x"));
    // Anything a shell would interpret gets single quotes.
    QCOMPARE(CopyFormat::exportLine(QStringLiteral("a$b'c")),
             QStringLiteral("export ACTIVE911_ACCESS_TOKEN='a$b'\\''c'"));
    QCOMPARE(CopyFormat::curl(QStringLiteral("x\"y"), QStringLiteral("https://h/")),
             QStringLiteral("curl -H 'Authorization: Bearer x\"y' https://h/"));
}

QTEST_MAIN(tst_ProfileState)
#include "tst_profilestate.moc"
