#include "tokenpageparser.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace a911 {

QStringList CapturedTokens::missing() const
{
    QStringList m;
    if (!hasAccess())
        m << QStringLiteral("access token");
    if (!hasRefresh())
        m << QStringLiteral("refresh token");
    return m;
}

void CapturedTokens::mergeFrom(const CapturedTokens &other)
{
    if (!hasAccess())
        accessToken = other.accessToken;
    if (!hasRefresh())
        refreshToken = other.refreshToken;
}

namespace TokenPageParser {

namespace {

enum class Kind { None, Access, Refresh };

// "Access Token", "access_token", "ACCESS-TOKEN", "Refresh  Token:"; not "access tokens"
// nor "refresh_token_expiry" (the \b after "token" needs a non-word character).
const QRegularExpression &labelPattern()
{
    static const QRegularExpression re(QStringLiteral("\\b(access|refresh)[ \\t_-]*token\\b"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

Kind kindOf(const QString &labelWord)
{
    return labelWord.compare(QLatin1String("access"), Qt::CaseInsensitive) == 0 ? Kind::Access
                                                                                  : Kind::Refresh;
}

// Splits a piece of text into candidate words; quotes, brackets, pipes, ampersands and
// the like are never part of a token.
QStringList words(const QString &text)
{
    static const QRegularExpression sep(QStringLiteral("[\\s\"'`,;|<>(){}\\[\\]&*\\x{2018}"
                                                       "\\x{2019}\\x{201C}\\x{201D}]+"));
    QStringList out;
    const QStringList parts = text.split(sep, Qt::SkipEmptyParts);
    for (QString w : parts) {
        // "=abc" after access_token, ":abc" after a label without a space.
        while (!w.isEmpty() && (w.front() == QLatin1Char(':') || w.front() == QLatin1Char('=')))
            w.remove(0, 1);
        while (!w.isEmpty() && (w.back() == QLatin1Char(':') || w.back() == QLatin1Char('.')))
            w.chop(1);
        if (!w.isEmpty())
            out << w;
    }
    return out;
}

QString firstToken(const QString &text)
{
    const QStringList ws = words(text);
    for (const QString &w : ws)
        if (looksLikeToken(w))
            return w;
    return QString();
}

void assign(CapturedTokens &found, Kind kind, const QString &value)
{
    if (value.isEmpty())
        return;
    if (kind == Kind::Access && !found.hasAccess())
        found.accessToken = value;
    else if (kind == Kind::Refresh && !found.hasRefresh())
        found.refreshToken = value;
}

Kind fieldKind(const QString &name)
{
    QString n;
    for (const QChar c : name)
        if (c.isLetterOrNumber())
            n += c.toLower();
    if (n.contains(QLatin1String("accesstoken")))
        return Kind::Access;
    if (n.contains(QLatin1String("refreshtoken")))
        return Kind::Refresh;
    return Kind::None;
}

QString decodeEntities(const QString &in)
{
    static const QRegularExpression entity(QStringLiteral("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);"));
    QString out;
    out.reserve(in.size());
    qsizetype last = 0;
    auto it = entity.globalMatch(in);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(in).mid(last, m.capturedStart() - last);
        const QString e = m.captured(1);
        QString rep;
        if (e.startsWith(QLatin1String("#x")) || e.startsWith(QLatin1String("#X"))) {
            bool ok = false;
            const uint code = e.mid(2).toUInt(&ok, 16);
            if (ok && code > 0 && code < 0x110000)
                rep = QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
        } else if (e.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const uint code = e.mid(1).toUInt(&ok);
            if (ok && code > 0 && code < 0x110000)
                rep = QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
        } else if (e == QLatin1String("amp")) {
            rep = QStringLiteral("&");
        } else if (e == QLatin1String("lt")) {
            rep = QStringLiteral("<");
        } else if (e == QLatin1String("gt")) {
            rep = QStringLiteral(">");
        } else if (e == QLatin1String("quot")) {
            rep = QStringLiteral("\"");
        } else if (e == QLatin1String("apos")) {
            rep = QStringLiteral("'");
        } else if (e == QLatin1String("nbsp")) {
            rep = QStringLiteral(" ");
        } else {
            rep = m.captured(0);
        }
        out += rep;
        last = m.capturedEnd();
    }
    out += QStringView(in).mid(last);
    return out;
}

QHash<QString, QString> attributes(const QString &tagBody)
{
    static const QRegularExpression attr(
        QStringLiteral("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))"));
    QHash<QString, QString> out;
    auto it = attr.globalMatch(tagBody);
    while (it.hasNext()) {
        const auto m = it.next();
        QString v = m.captured(2);
        if (v.isNull())
            v = m.captured(3);
        if (v.isNull())
            v = m.captured(4);
        out.insert(m.captured(1).toLower(), decodeEntities(v));
    }
    return out;
}

void addQueryFields(const QString &href, QList<QPair<QString, QString>> &fields)
{
    if (!href.contains(QLatin1Char('?')) && !href.contains(QLatin1Char('#')))
        return;
    const QUrl url(href);
    fields += QUrlQuery(url.query(QUrl::FullyDecoded)).queryItems(QUrl::FullyDecoded);
    fields += QUrlQuery(url.fragment(QUrl::FullyDecoded)).queryItems(QUrl::FullyDecoded);
}

} // namespace

bool looksLikeToken(const QString &word)
{
    if (word.size() < 16 || word.size() > 4096)
        return false;
    bool letter = false;
    bool digit = false;
    for (const QChar c : word) {
        const ushort u = c.unicode();
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
            letter = true;
        else if (u >= '0' && u <= '9')
            digit = true;
        else if (u != '.' && u != '_' && u != '~' && u != '+' && u != '/' && u != '='
                 && u != '-')
            return false;
    }
    return letter && digit;
}

CapturedTokens parseText(const QString &input)
{
    QString text = input;
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    text.replace(QChar(0x00A0), QLatin1Char(' '));
    text.remove(QChar(0x200B));
    text.remove(QChar(0xFEFF));
    const QStringList lines = text.split(QLatin1Char('\n'));

    CapturedTokens found;
    const QRegularExpression &label = labelPattern();
    for (int i = 0; i < lines.size() && !found.isComplete(); ++i) {
        const QString &line = lines.at(i);
        QList<QRegularExpressionMatch> labels;
        auto it = label.globalMatch(line);
        while (it.hasNext())
            labels << it.next();
        for (int j = 0; j < labels.size(); ++j) {
            const Kind kind = kindOf(labels[j].captured(1));
            if ((kind == Kind::Access && found.hasAccess())
                || (kind == Kind::Refresh && found.hasRefresh()))
                continue;
            // The rest of the line up to the next label ("Access Token: a… Refresh Token: b…").
            const qsizetype from = labels[j].capturedEnd();
            const qsizetype to = j + 1 < labels.size() ? labels[j + 1].capturedStart()
                                                       : line.size();
            QString value = firstToken(line.mid(from, to - from));
            // Otherwise the value sits on one of the next few lines (Chrome copies a
            // table cell per line), but never past another label.
            if (value.isEmpty() && j + 1 == labels.size()) {
                int looked = 0;
                for (int k = i + 1; k < lines.size() && looked < 3; ++k) {
                    if (lines.at(k).trimmed().isEmpty())
                        continue;
                    ++looked;
                    if (label.match(lines.at(k)).hasMatch())
                        break;
                    value = firstToken(lines.at(k));
                    if (!value.isEmpty())
                        break;
                }
            }
            assign(found, kind, value);
        }
    }
    return found;
}

CapturedTokens parseFields(const QList<QPair<QString, QString>> &fields)
{
    CapturedTokens found;
    for (const auto &f : fields) {
        const QString value = f.second.trimmed();
        if (looksLikeToken(value))
            assign(found, fieldKind(f.first), value);
    }
    return found;
}

CapturedTokens parseHtml(const QString &htmlIn)
{
    static const QRegularExpression dropped(
        QStringLiteral("<!--.*?-->|<script\\b.*?</script\\s*>|<style\\b.*?</style\\s*>"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    QString html = htmlIn;
    html.remove(dropped);

    // 1. Structured places: named inputs/textareas, elements whose id/name/class says
    //    which token they hold, links and form actions with the tokens in their query.
    static const QRegularExpression tag(QStringLiteral("<([a-zA-Z][a-zA-Z0-9]*)\\b([^>]*)>"));
    QList<QPair<QString, QString>> fields;
    auto it = tag.globalMatch(html);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString name = m.captured(1).toLower();
        const auto attrs = attributes(m.captured(2));
        const QString key = attrs.value(QStringLiteral("name")) + QLatin1Char(' ')
            + attrs.value(QStringLiteral("id")) + QLatin1Char(' ')
            + attrs.value(QStringLiteral("class")) + QLatin1Char(' ')
            + attrs.value(QStringLiteral("data-token")) + QLatin1Char(' ')
            + attrs.value(QStringLiteral("aria-label"));
        if (name == QLatin1String("input")) {
            fields.append({key, attrs.value(QStringLiteral("value"))});
        } else if (fieldKind(key) != Kind::None) {
            // An element naming its token: its own text up to its closing tag.
            const QRegularExpression close(QStringLiteral("</%1\\s*>").arg(name),
                                           QRegularExpression::CaseInsensitiveOption);
            const auto end = close.match(html, m.capturedEnd());
            if (end.hasMatch()) {
                QString inner = html.mid(m.capturedEnd(), end.capturedStart() - m.capturedEnd());
                static const QRegularExpression anyTag(QStringLiteral("<[^>]*>"));
                inner.remove(anyTag);
                fields.append({key, decodeEntities(inner)});
            }
        }
        for (const char *a : {"href", "action", "src", "data-href"})
            addQueryFields(attrs.value(QLatin1String(a)), fields);
    }
    CapturedTokens found = parseFields(fields);
    if (found.isComplete())
        return found;

    // 2. The page as text, roughly the way a browser lays it out, with the values of
    //    inputs and textareas standing where they are shown.
    static const QRegularExpression inputTag(QStringLiteral("<input\\b([^>]*)>"),
                                             QRegularExpression::CaseInsensitiveOption);
    QString text;
    qsizetype last = 0;
    auto inputs = inputTag.globalMatch(html);
    while (inputs.hasNext()) {
        const auto m = inputs.next();
        text += QStringView(html).mid(last, m.capturedStart() - last);
        const QString value = attributes(m.captured(1)).value(QStringLiteral("value"));
        text += QLatin1Char(' ') + value.toHtmlEscaped() + QLatin1Char(' ');
        last = m.capturedEnd();
    }
    text += QStringView(html).mid(last);
    static const QRegularExpression cellEnd(QStringLiteral("</t[dh]\\s*>"),
                                            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression blockEnd(
        QStringLiteral("<br\\s*/?>|</?(p|div|tr|li|ul|ol|table|h[1-6]|pre|dt|dd|dl|section|"
                       "form|label|header|footer|main|article|textarea)\\b[^>]*>"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression anyTag(QStringLiteral("<[^>]*>"));
    text.replace(cellEnd, QStringLiteral("\t"));
    text.replace(blockEnd, QStringLiteral("\n"));
    text.replace(anyTag, QStringLiteral(" "));
    found.mergeFrom(parseText(decodeEntities(text)));
    return found;
}

CapturedTokens parseCaptureResult(const QString &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    QList<QPair<QString, QString>> fields;
    const QJsonArray list = o.value(QLatin1String("fields")).toArray();
    for (const auto &v : list) {
        const QJsonArray pair = v.toArray();
        if (pair.size() == 2)
            fields.append({pair.at(0).toString(), pair.at(1).toString()});
    }
    CapturedTokens found = parseFields(fields);
    if (!found.isComplete())
        found.mergeFrom(parseText(o.value(QLatin1String("text")).toString()));
    return found;
}

QString mask(const QString &token)
{
    if (token.size() <= 12)
        return QString(token.size(), QChar(0x2022));
    return token.left(4) + QString(8, QChar(0x2022)) + token.right(4)
        + QStringLiteral(" (%1 characters)").arg(token.size());
}

} // namespace TokenPageParser

} // namespace a911
