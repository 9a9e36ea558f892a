#pragma once

#include "apiclient.h"
#include "jsonparseworker.h"

#include <QString>

namespace a911 {

/// What the explorer tells people about a reply: one headline, a detail line, and
/// whether it is an error. Keeps HTTP and envelope knowledge out of the widgets.
struct ResponseReport
{
    enum class Kind {
        Ok,
        NeedsParsing,   ///< transport fine: parse the body, then call content()
        OverDisplayCap, ///< too big to show; the raw body can be saved
        TooLarge,       ///< over the transfer ceiling: only the start arrived
        ErrorEnvelope,  ///< {"result":"error"}, whatever the HTTP status
        HttpError,      ///< non-2xx
        Html,           ///< an HTML page instead of JSON
        Malformed,      ///< not JSON
        Truncated,      ///< the transfer broke off before the end
        Network,        ///< refused, reset, DNS, …
        Timeout,
        Tls,
        TokenRejected, ///< the refresh token was rejected: regenerate the profile
        TokenUnavailable,
        Cancelled
    };
    Kind kind = Kind::Ok;
    bool isError = false;
    QString headline;
    QString detail;

    /// Before parsing: transport failures, size checks. displayCap 0 = no cap.
    static ResponseReport transport(const ApiResponse &response, qint64 displayCap);
    /// After parsing a body that arrived whole.
    static ResponseReport content(const ApiResponse &response, const ParsedBody &parsed);
    /// "200 OK · 35 ms · 4.2 KB"
    static QString statusLine(const ApiResponse &response);
    static QString humanSize(qint64 bytes);
};

} // namespace a911
