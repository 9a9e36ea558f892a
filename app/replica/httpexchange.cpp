#include "httpexchange.h"

namespace a911::replica {

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return QByteArray();
}

QByteArray HttpRequest::cookie(const QByteArray &name) const
{
    const QList<QByteArray> parts = header("cookie").split(';');
    for (const QByteArray &part : parts) {
        const QByteArray p = part.trimmed();
        const int eq = p.indexOf('=');
        if (eq > 0 && p.left(eq) == name)
            return p.mid(eq + 1);
    }
    return QByteArray();
}

FormFields FormFields::parse(const QByteArray &body)
{
    FormFields form;
    const QList<QByteArray> pairs = body.split('&');
    for (QByteArray pair : pairs) {
        if (pair.isEmpty())
            continue;
        pair.replace('+', ' ');
        const int eq = pair.indexOf('=');
        const QByteArray key = eq < 0 ? pair : pair.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        form.m_fields.append({QString::fromUtf8(QByteArray::fromPercentEncoding(key)),
                              QString::fromUtf8(QByteArray::fromPercentEncoding(value))});
    }
    return form;
}

QString FormFields::value(const QString &key) const
{
    for (const auto &f : m_fields) {
        if (f.first == key)
            return f.second;
    }
    return QString();
}

QStringList FormFields::values(const QString &key) const
{
    QStringList out;
    for (const auto &f : m_fields) {
        if (f.first == key)
            out.append(f.second);
    }
    return out;
}

bool FormFields::contains(const QString &key) const
{
    for (const auto &f : m_fields) {
        if (f.first == key)
            return true;
    }
    return false;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

QByteArray responseHead(const HttpResponse &response)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
        + reasonPhrase(response.status) + "\r\nServer: Apache\r\nContent-Type: "
        + response.contentType + "\r\nContent-Length: " + QByteArray::number(response.body.size())
        + "\r\n";
    for (const auto &h : response.headers)
        head += h.first + ": " + h.second + "\r\n";
    return head + "\r\n";
}

} // namespace a911::replica
