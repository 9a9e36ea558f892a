#pragma once

#include "jsontreemodel.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QObject>
#include <QThreadPool>

namespace a911 {

/// A response body, read: JSON or not, the Active911 envelope, a pretty excerpt.
struct ParsedBody
{
    bool isJson = false;
    QString jsonError; ///< why parsing failed
    qint64 jsonErrorOffset = -1;
    bool looksLikeHtml = false;
    bool hasEnvelope = false; ///< an object with "result"
    bool isError = false;     ///< result == "error" (whatever the HTTP status)
    QString errorMessage;     ///< the message of an error envelope
    QString payloadKey;       ///< the key under "message" holding the payload
    QJsonDocument document;
    QString pretty; ///< indented text, at most the asked length
    bool prettyTruncated = false;
    qint64 parseMs = 0;
};

/// Re-indents JSON text as it is, without parsing it (so it also works on a
/// truncated or malformed body), stopping after `maxOut` bytes of output.
QByteArray prettyJsonText(const QByteArray &raw, qsizetype maxOut, bool *truncated = nullptr);
/// Reads a body synchronously (what the worker runs). Costs a full parse.
ParsedBody parseBody(const QByteArray &body, qsizetype prettyLimit);
/// The payload object under message: the single object under its one key, or the
/// single element of a one-element list ("locations" for a single location).
QJsonObject payloadObject(const QJsonObject &message, QString *key = nullptr);

/// Parses bodies and searches documents on worker threads, so a 20 MB reply never
/// blocks the event loop. Results come back on the owner's thread, tagged with the
/// ticket the call returned; a newer request does not cancel older ones, callers
/// ignore stale tickets.
class JsonParseWorker final : public QObject
{
    Q_OBJECT
public:
    explicit JsonParseWorker(QObject *parent = nullptr);
    ~JsonParseWorker() override; ///< waits for running work

    quint64 parse(const QByteArray &body, qsizetype prettyLimit);
    quint64 search(const QJsonValue &root, const QString &needle, int limit);

Q_SIGNALS:
    void parsed(quint64 ticket, const a911::ParsedBody &result);
    void searched(quint64 ticket, const QList<a911::JsonMatch> &matches);

private:
    QThreadPool m_pool;
    quint64 m_next = 0;
};

} // namespace a911

Q_DECLARE_METATYPE(a911::ParsedBody)
Q_DECLARE_METATYPE(a911::JsonMatch)
