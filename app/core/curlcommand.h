#pragma once

#include "apiclient.h"

#include <QString>
#include <QUrl>

namespace a911 {

/// "Copy as curl": a shell command that repeats a request. The token is fetched by
/// `$(a911desk token --profile 'LABEL')` when the command runs, so the clipboard
/// holds no secret; the literal token goes in only when the caller asks for it.
class CurlCommand final
{
public:
    /// url: the full URL (ApiClient::urlFor). literalToken: empty = use the token command.
    static QString build(const ApiRequest &request, const QUrl &url, const QString &profileLabel,
                         const QString &literalToken = QString());
    /// POSIX shell single-quoting: 'it'\''s'.
    static QString shellQuote(const QString &text);
};

} // namespace a911
