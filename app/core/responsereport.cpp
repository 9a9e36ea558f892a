#include "responsereport.h"

namespace a911 {

namespace {

ResponseReport make(ResponseReport::Kind kind, bool error, const QString &headline,
                    const QString &detail = QString())
{
    ResponseReport r;
    r.kind = kind;
    r.isError = error;
    r.headline = headline;
    r.detail = detail;
    return r;
}

qint64 announcedLength(const ApiResponse &response)
{
    for (const auto &[name, value] : response.headers) {
        if (name.compare("content-length", Qt::CaseInsensitive) == 0)
            return value.trimmed().toLongLong();
    }
    return -1;
}

} // namespace

QString ResponseReport::humanSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

QString ResponseReport::statusLine(const ApiResponse &r)
{
    QStringList parts;
    if (r.httpStatus > 0)
        parts << QString(QString::number(r.httpStatus) + QLatin1Char(' ') +
                         QString::fromLatin1(r.reasonPhrase))
                     .trimmed();
    else
        parts << QStringLiteral("no HTTP answer");
    parts << QStringLiteral("%1 ms").arg(r.elapsedMs) << humanSize(r.body.size());
    if (r.retriedAfter401)
        parts << QStringLiteral("retried after 401");
    return parts.join(QStringLiteral(" · "));
}

ResponseReport ResponseReport::transport(const ApiResponse &r, qint64 displayCap)
{
    using F = ApiResponse::Failure;
    switch (r.failure) {
    case F::None:
        break;
    case F::Cancelled:
        return make(Kind::Cancelled, false, QStringLiteral("Cancelled."));
    case F::Timeout:
        return make(Kind::Timeout, true, QStringLiteral("No answer in time."), r.errorText);
    case F::Tls:
        return make(Kind::Tls, true,
                    QStringLiteral("The secure connection failed; nothing was sent."), r.errorText);
    case F::Token:
        if (r.tokenFailure == TokenResult::Failure::Rejected)
            return make(
                Kind::TokenRejected, true,
                QStringLiteral("Active911 rejected this profile's refresh token."),
                QStringLiteral(
                    "The profile needs new tokens: generate them again on the Tokens page. %1")
                    .arg(r.errorText)
                    .trimmed());
        return make(Kind::TokenUnavailable, true,
                    QStringLiteral("No access token could be had for this profile."), r.errorText);
    case F::TooLarge:
        return make(Kind::TooLarge, true,
                    QStringLiteral("The reply is too large; only the first %1 arrived.")
                        .arg(humanSize(r.body.size())),
                    QStringLiteral("What arrived can be saved to a file."));
    case F::Network:
        if (r.httpStatus >= 200 && r.httpStatus < 300)
            return make(
                Kind::Truncated, true,
                QStringLiteral("The reply broke off after %1.").arg(humanSize(r.body.size())),
                r.errorText);
        return make(Kind::Network, true, QStringLiteral("The server could not be reached."),
                    r.errorText);
    }
    const qint64 announced = announcedLength(r);
    if (announced > r.body.size())
        return make(Kind::Truncated, true,
                    QStringLiteral("The reply broke off: %1 of %2 arrived.")
                        .arg(humanSize(r.body.size()), humanSize(announced)));
    if (displayCap > 0 && r.body.size() > displayCap)
        return make(Kind::OverDisplayCap, true,
                    QStringLiteral("The reply is %1, over the %2 display limit; it was not parsed.")
                        .arg(humanSize(r.body.size()), humanSize(displayCap)),
                    QStringLiteral(
                        "Save the raw body to a file to read it, or raise the limit in Settings."));
    return make(Kind::NeedsParsing, false, QStringLiteral("Reading the reply…"));
}

ResponseReport ResponseReport::content(const ApiResponse &r, const ParsedBody &p)
{
    const bool httpOk = r.httpStatus >= 200 && r.httpStatus < 300;
    const QString status = QString::number(r.httpStatus);
    if (p.isJson && p.isError)
        return make(
            Kind::ErrorEnvelope, true,
            httpOk
                ? QStringLiteral("Active911 answered with an error (despite HTTP %1).").arg(status)
                : QStringLiteral("Active911 answered with an error (HTTP %1).").arg(status),
            p.errorMessage);
    if (p.looksLikeHtml)
        return make(
            Kind::Html, true,
            QStringLiteral("The reply is an HTML page, not JSON (HTTP %1).").arg(status),
            QStringLiteral("Active911 answers some failures (bad tokens, maintenance, server "
                           "errors) with a web page. It is shown as text below."));
    if (!httpOk)
        return make(Kind::HttpError, true,
                    QStringLiteral("HTTP %1 %2").arg(status, QString::fromLatin1(r.reasonPhrase)),
                    p.isJson ? QString() : p.jsonError);
    if (!p.isJson)
        return make(Kind::Malformed, true, QStringLiteral("The reply is not valid JSON."),
                    QStringLiteral("%1 (at byte %2 of %3).")
                        .arg(p.jsonError)
                        .arg(p.jsonErrorOffset)
                        .arg(r.body.size()));
    if (!p.hasEnvelope)
        return make(Kind::Ok, false,
                    QStringLiteral("JSON without the usual {result, message} envelope."));
    return make(Kind::Ok, false,
                p.payloadKey.isEmpty() ? QStringLiteral("Success.")
                                       : QStringLiteral("Success: message.%1").arg(p.payloadKey));
}

} // namespace a911
