#include "consolepages.h"

namespace a911::replica::pages {

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString hiddenFields(const Hidden &hidden)
{
    QString html;
    for (const auto &field : hidden)
        html += QLatin1String("<input type=\"hidden\" name=\"") + esc(field.first)
            + QLatin1String("\" value=\"") + esc(field.second) + QLatin1String("\">\n");
    return html;
}

QString errorBox(const QString &error)
{
    return error.isEmpty() ? QString()
                           : QLatin1String("<p class=\"error\" role=\"alert\">") + esc(error)
            + QLatin1String("</p>\n");
}

QString scopeList(const QStringList &scopes)
{
    QString html = QStringLiteral("<ul class=\"scopes\">\n");
    for (const QString &s : scopes)
        html += QLatin1String("<li><code>") + esc(s) + QLatin1String("</code> ")
            + esc(scopeDescription(s)) + QLatin1String("</li>\n");
    return html + QLatin1String("</ul>\n");
}

const char kStyle[] = R"(
body{font-family:Helvetica,Arial,sans-serif;background:#eef1f4;margin:0;color:#222}
header{background:#b71c1c;color:#fff;padding:10px 24px;font-size:20px;font-weight:bold}
header span{font-weight:normal;font-size:13px;margin-left:12px;opacity:.8}
main{max-width:720px;margin:24px auto;background:#fff;padding:20px 28px;border-radius:4px;
box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:22px;margin-top:0}
label{display:block;margin:8px 0}
input[type=text],input[type=email],input[type=password]{width:100%;padding:6px;box-sizing:border-box}
button,input[type=submit]{background:#b71c1c;color:#fff;border:0;padding:8px 18px;margin:10px 8px 0 0;
border-radius:3px;font-size:14px;cursor:pointer}
button.secondary{background:#777}
.error{background:#fdecea;border:1px solid #f5c2c0;padding:8px;color:#8a1c1c}
.hint{background:#fff8e1;border:1px solid #ffe08a;padding:8px;font-size:13px}
table.tokens td{padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top}
table.tokens td.token{font-family:monospace;word-break:break-all}
code{background:#f2f2f2;padding:1px 4px}
footer{text-align:center;font-size:12px;color:#777;margin:12px}
)";

} // namespace

const QStringList &allScopes()
{
    static const QStringList scopes{QStringLiteral("read_agency"),  QStringLiteral("read_alert"),
                                    QStringLiteral("read_response"), QStringLiteral("read_device"),
                                    QStringLiteral("read_mapdata"), QStringLiteral("write_mapdata")};
    return scopes;
}

QString scopeDescription(const QString &scope)
{
    if (scope == QLatin1String("read_agency"))
        return QStringLiteral("Read agency information (name, address, devices)");
    if (scope == QLatin1String("read_alert"))
        return QStringLiteral("Read all alerts of the agency");
    if (scope == QLatin1String("read_response"))
        return QStringLiteral("Read responses to alerts");
    if (scope == QLatin1String("read_device"))
        return QStringLiteral("Read device information");
    if (scope == QLatin1String("read_mapdata"))
        return QStringLiteral("Read locations and resources");
    if (scope == QLatin1String("write_mapdata"))
        return QStringLiteral("Create locations and resources");
    return QString();
}

QByteArray document(const QString &title, const QString &bodyHtml)
{
    const QString html = QLatin1String("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                       "<title>")
        + esc(title) + QLatin1String(" - Active911</title><style>") + QLatin1String(kStyle)
        + QLatin1String("</style></head>\n<body><header>Active911<span>local replica</span></header>\n"
                        "<main>\n<h1>")
        + esc(title) + QLatin1String("</h1>\n") + bodyHtml
        + QLatin1String("</main><footer>a911desk replica &middot; not affiliated with Active911, "
                        "Inc.</footer></body></html>\n");
    return html.toUtf8();
}

QByteArray signIn(const QString &action, const QString &demoEmail, const QString &demoPassword,
                  const QString &error, const Hidden &hidden)
{
    return document(
        QStringLiteral("Sign in"),
        errorBox(error)
            + QLatin1String("<p class=\"hint\">Demo account: <code>") + esc(demoEmail)
            + QLatin1String("</code> / <code>") + esc(demoPassword)
            + QLatin1String("</code></p>\n<form method=\"post\" action=\"") + esc(action)
            + QLatin1String("\">\n") + hiddenFields(hidden)
            + QLatin1String("<input type=\"hidden\" name=\"action\" value=\"login\">\n"
                            "<label>Email <input type=\"email\" name=\"email\" "
                            "autocomplete=\"username\" required></label>\n"
                            "<label>Password <input type=\"password\" name=\"password\" "
                            "autocomplete=\"current-password\" required></label>\n"
                            "<button type=\"submit\">Sign in</button>\n</form>\n"));
}

QByteArray scopeChoice(const QStringList &checked, const QString &error)
{
    QString boxes;
    for (const QString &s : allScopes())
        boxes += QLatin1String("<label><input type=\"checkbox\" name=\"scope[]\" value=\"") + esc(s)
            + QLatin1Char('"') + (checked.contains(s) ? QLatin1String(" checked") : QLatin1String())
            + QLatin1String("> <code>") + esc(s) + QLatin1String("</code> ")
            + esc(scopeDescription(s)) + QLatin1String("</label>\n");
    return document(QStringLiteral("Generate API tokens"),
                    errorBox(error)
                        + QLatin1String("<p>Choose what the tokens may access.</p>\n"
                                        "<form method=\"post\" action=\"oauth_gen.php\">\n"
                                        "<input type=\"hidden\" name=\"action\" value=\"scopes\">\n")
                        + boxes
                        + QLatin1String("<button type=\"submit\">Submit</button>\n</form>\n"
                                        "<p><a href=\"logout.php\">Sign out</a></p>\n"));
}

static QString agencyRadios(const QList<Choice> &agencies)
{
    QString radios;
    for (int i = 0; i < agencies.size(); ++i)
        radios += QLatin1String("<label><input type=\"radio\" name=\"agency\" value=\"")
            + esc(agencies[i].first) + QLatin1Char('"')
            + (i == 0 ? QLatin1String(" checked") : QLatin1String()) + QLatin1String("> ")
            + esc(agencies[i].second) + QLatin1String("</label>\n");
    return radios;
}

QByteArray agencyChoice(const QList<Choice> &agencies, const QString &error)
{
    return document(QStringLiteral("Choose an agency"),
                    errorBox(error)
                        + QLatin1String("<form method=\"post\" action=\"oauth_gen.php\">\n"
                                        "<input type=\"hidden\" name=\"action\" value=\"agency\">\n")
                        + agencyRadios(agencies)
                        + QLatin1String("<button type=\"submit\">Submit</button>\n</form>\n"));
}

QByteArray confirmation(const QString &action, const QString &question, const QStringList &scopes,
                        const QList<Choice> &agencies, const QString &error, const Hidden &hidden)
{
    return document(
        QStringLiteral("Confirm"),
        errorBox(error) + QLatin1String("<p>") + esc(question) + QLatin1String("</p>\n")
            + scopeList(scopes) + QLatin1String("<form method=\"post\" action=\"") + esc(action)
            + QLatin1String("\">\n") + hiddenFields(hidden)
            + QLatin1String("<input type=\"hidden\" name=\"action\" value=\"confirm\">\n")
            + agencyRadios(agencies)
            + QLatin1String("<button type=\"submit\" name=\"confirm\" value=\"yes\">Yes</button>"
                            "<button type=\"submit\" name=\"confirm\" value=\"no\" "
                            "class=\"secondary\">No</button>\n</form>\n"));
}

QByteArray tokens(const QString &agencyName, const QStringList &scopes, const QString &accessToken,
                  const QString &refreshToken, const QString &expires)
{
    return document(
        QStringLiteral("Your API tokens"),
        QLatin1String("<p>Tokens for <strong>") + esc(agencyName)
            + QLatin1String("</strong>. Keep them secret.</p>\n") + scopeList(scopes)
            + QLatin1String("<table class=\"tokens\">\n<tr><td>Access Token</td><td class=\"token\" "
                            "id=\"access_token\">")
            + esc(accessToken)
            + QLatin1String("</td></tr>\n<tr><td>Refresh Token</td><td class=\"token\" "
                            "id=\"refresh_token\">")
            + esc(refreshToken) + QLatin1String("</td></tr>\n<tr><td>Access token expires</td><td>")
            + esc(expires)
            + QLatin1String(" UTC</td></tr>\n</table>\n"
                            "<form method=\"post\" action=\"api_test.php\">\n")
            + hiddenFields({{QStringLiteral("access_token"), accessToken},
                            {QStringLiteral("refresh_token"), refreshToken}})
            + QLatin1String("<button type=\"submit\">Use this in the api</button>\n</form>\n"
                            "<p><a href=\"oauth_gen.php\">Generate more tokens</a> &middot; "
                            "<a href=\"logout.php\">Sign out</a></p>\n"));
}

QByteArray apiTest(const QString &accessToken, bool haveRefreshToken, const QString &apiUrl)
{
    if (accessToken.isEmpty())
        return message(QStringLiteral("Web API test"),
                       QStringLiteral("No access token was supplied."));
    static const char *const kPaths[] = {"", "alerts", "locations"};
    QString links;
    for (const char *p : kPaths)
        links += QLatin1String("<li><code>GET ") + esc(apiUrl) + QLatin1String(p)
            + QLatin1String("</code></li>\n");
    return document(QStringLiteral("Web API test"),
                    QLatin1String("<p>An access token of ") + QString::number(accessToken.size())
                        + QLatin1String(" characters was received")
                        + (haveRefreshToken ? QLatin1String(", with its refresh token")
                                            : QLatin1String())
                        + QLatin1String(". Send it as <code>Authorization: Bearer &lt;token&gt;"
                                        "</code> to:</p>\n<ul>\n")
                        + links + QLatin1String("</ul>\n"));
}

QByteArray message(const QString &title, const QString &text)
{
    return document(title, QLatin1String("<p>") + esc(text) + QLatin1String("</p>\n"));
}

QByteArray index(const QStringList &links)
{
    QString list;
    for (const QString &l : links)
        list += QLatin1String("<li><a href=\"") + esc(l) + QLatin1String("\">") + esc(l)
            + QLatin1String("</a></li>\n");
    return document(QStringLiteral("Replica"), QLatin1String("<ul>\n") + list
                                                   + QLatin1String("</ul>\n"));
}

} // namespace a911::replica::pages
