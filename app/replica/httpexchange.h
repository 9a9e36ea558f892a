#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

class QTcpSocket;

namespace a911::replica {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/// A request copied out of QHttpServerRequest, which Qt 6.4 reuses for the next
/// request on the same connection: delayed (latency fault) handling needs its own copy.
struct HttpRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;
    QHostAddress remote;

    QByteArray header(const QByteArray &name) const; // case-insensitive
    QByteArray cookie(const QByteArray &name) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "text/html; charset=UTF-8";
    HeaderList headers;
    QByteArray body;
    void addHeader(const QPair<QByteArray, QByteArray> &header) { headers.append(header); }

    QString agencyId; // whose data a successful API answer holds (for the huge fault)
};

/// application/x-www-form-urlencoded fields, in order, repeated keys kept.
class FormFields final
{
public:
    static FormFields parse(const QByteArray &body);
    QString value(const QString &key) const;
    QStringList values(const QString &key) const;
    bool contains(const QString &key) const;

private:
    QList<QPair<QString, QString>> m_fields;
};

QByteArray reasonPhrase(int status);
/// Status line and headers, ending with the blank line.
QByteArray responseHead(const HttpResponse &response);

} // namespace a911::replica
