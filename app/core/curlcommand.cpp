#include "curlcommand.h"

namespace a911 {

QString CurlCommand::shellQuote(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString CurlCommand::build(const ApiRequest &request, const QUrl &url, const QString &profileLabel,
                           const QString &literalToken)
{
    QStringList parts{QStringLiteral("curl -sS")};
    const QByteArray method =
        request.method.isEmpty() ? QByteArray("GET") : request.method.toUpper();
    if (method != "GET" || !request.body.isEmpty())
        parts << QStringLiteral("-X ") + QString::fromLatin1(method);
    parts << shellQuote(url.toString(QUrl::FullyEncoded));
    if (literalToken.isEmpty()) {
        // Double quotes so the shell runs the command substitution; the label is
        // quoted again inside it, where a fresh quoting context starts.
        parts << QStringLiteral("-H \"Authorization: Bearer $(a911desk token --profile %1)\"")
                     .arg(shellQuote(profileLabel));
    } else {
        parts << QStringLiteral("-H ") +
                     shellQuote(QStringLiteral("Authorization: Bearer ") + literalToken);
    }
    for (const auto &[name, value] : request.headers) {
        if (name.trimmed().compare("authorization", Qt::CaseInsensitive) == 0)
            continue; // ours is the only one sent
        parts << QStringLiteral("-H ") +
                     shellQuote(QString::fromLatin1(name) + QLatin1String(": ") +
                                QString::fromLatin1(value));
    }
    if (!request.body.isEmpty())
        parts << QStringLiteral("--data-raw ") + shellQuote(QString::fromUtf8(request.body));
    return parts.join(QLatin1Char(' '));
}

} // namespace a911
