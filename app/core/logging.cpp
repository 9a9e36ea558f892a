#include "logging.h"

#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcVault, "a911.vault", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "a911.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRefresh, "a911.refresh", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApi, "a911.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "a911.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "a911.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBrowser, "a911.browser", QtInfoMsg)
Q_LOGGING_CATEGORY(lcOAuth, "a911.oauth", QtInfoMsg)

namespace a911 {

namespace {

QtMessageHandler g_previous = nullptr;

void redactingHandler(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
{
    const QString clean = redactSecrets(msg);
    if (g_previous)
        g_previous(type, ctx, clean);
}

} // namespace

QString redactSecrets(const QString &text)
{
    // Allocated once and never freed: Qt still logs while tearing down after main()
    // returns, when function-local statics would already be destroyed.
    static const QString &mark = *new QString(QStringLiteral("‹redacted›"));
    // Named values first: key=value / "key": "value" / Bearer value.
    static const QRegularExpression &named = *new QRegularExpression(
        QStringLiteral(R"((access_token|refresh_token|client_secret|code|token)(["']?\s*[:=]\s*["']?)([^\s"'&,;]+))"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression &bearer = *new QRegularExpression(
        QStringLiteral(R"((Bearer\s+)([^\s"',;]+))"), QRegularExpression::CaseInsensitiveOption);
    // Anything token-shaped: 20+ token characters with both letters and digits.
    static const QRegularExpression &shaped =
        *new QRegularExpression(QStringLiteral(R"([A-Za-z0-9_\-\.~+/]{20,}={0,2})"));

    QString out = text;
    out.replace(named, QStringLiteral("\\1\\2") + mark);
    out.replace(bearer, QStringLiteral("\\1") + mark);

    QString result;
    result.reserve(out.size());
    qsizetype last = 0;
    auto it = shaped.globalMatch(out);
    while (it.hasNext()) {
        const auto m = it.next();
        const QStringView run = m.capturedView();
        bool letter = false, digit = false;
        for (QChar c : run) {
            letter = letter || c.isLetter();
            digit = digit || c.isDigit();
        }
        // Paths and words are letters only; keep them readable.
        if (!(letter && digit))
            continue;
        result += QStringView(out).mid(last, m.capturedStart() - last);
        result += mark;
        last = m.capturedEnd();
    }
    result += QStringView(out).mid(last);
    return result;
}

void installRedactingMessageHandler()
{
    QtMessageHandler current = qInstallMessageHandler(redactingHandler);
    if (current != redactingHandler)
        g_previous = current;
}

} // namespace a911
