#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace a911 {

/// What was found on a token page (or in text copied from it). Never logged.
struct CapturedTokens
{
    QString accessToken;
    QString refreshToken;

    bool hasAccess() const { return !accessToken.isEmpty(); }
    bool hasRefresh() const { return !refreshToken.isEmpty(); }
    bool isComplete() const { return hasAccess() && hasRefresh(); }
    bool isEmpty() const { return !hasAccess() && !hasRefresh(); }
    /// "access token" / "refresh token" for what is still missing, in that order.
    QStringList missing() const;
    /// Fills what is missing here from `other`.
    void mergeFrom(const CapturedTokens &other);
};

/// Finds the Access Token and Refresh Token of the oauth_gen.php result page.
/// Active911 does not publish that page's markup, so nothing here depends on one
/// layout: labels ("Access Token", "access_token", with or without a colon, the value
/// on the same or the next line), form fields, and query strings all count. Pure.
namespace TokenPageParser {

/// True for something shaped like an Active911 token: 16+ characters of
/// [A-Za-z0-9._~+/=-] with at least one letter and one digit (so words such as
/// "expires" or a date beside a label are never taken for a token).
bool looksLikeToken(const QString &word);

/// Text the user copied from the page (any browser, any line endings).
CapturedTokens parseText(const QString &text);

/// Field name/value pairs (input names or ids, a form's hidden fields, query items):
/// a name that says access/refresh token with a token-shaped value.
CapturedTokens parseFields(const QList<QPair<QString, QString>> &fields);

/// A whole HTML page: named fields, links' query strings, then the text with input
/// and textarea values put where they stand.
CapturedTokens parseHtml(const QString &html);

/// The JSON that resources/capture/capture.js returns from the live page
/// ({"fields":[[name,value],…],"text":"…"}); invalid JSON gives nothing.
CapturedTokens parseCaptureResult(const QString &json);

/// For display: the first and last 4 characters, the middle hidden.
QString mask(const QString &token);

} // namespace TokenPageParser

} // namespace a911
