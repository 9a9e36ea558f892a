#include "jsonparseworker.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

namespace a911 {

QByteArray prettyJsonText(const QByteArray &raw, qsizetype maxOut, bool *truncated)
{
    QByteArray out;
    out.reserve(qMin<qsizetype>(raw.size() * 2, maxOut) + 64);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    bool cut = false;
    auto newline = [&] {
        out += '\n';
        out.append(qsizetype(qMax(depth, 0)) * 2, ' ');
    };
    const qsizetype n = raw.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (out.size() >= maxOut) {
            cut = true;
            break;
        }
        const char c = raw.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            out += c;
            qsizetype j = i + 1;
            while (j < n && (raw.at(j) == ' ' || raw.at(j) == '\t' || raw.at(j) == '\n' ||
                             raw.at(j) == '\r'))
                ++j;
            if (j < n && raw.at(j) == (c == '{' ? '}' : ']')) {
                out += raw.at(j); // keep {} and [] on one line
                i = j;
            } else {
                ++depth;
                newline();
            }
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += c;
        }
    }
    if (truncated)
        *truncated = cut;
    return out;
}

QJsonObject payloadObject(const QJsonObject &message, QString *key)
{
    for (auto it = message.constBegin(); it != message.constEnd(); ++it) {
        if (it.value().isObject()) {
            if (key)
                *key = it.key();
            return it.value().toObject();
        }
        // A single location has been seen as a one-element "locations" list.
        const QJsonArray a = it.value().toArray();
        if (a.size() == 1 && a.at(0).isObject() && a.at(0).toObject().size() > 2) {
            if (key)
                *key = it.key();
            return a.at(0).toObject();
        }
    }
    return {};
}

ParsedBody parseBody(const QByteArray &body, qsizetype prettyLimit)
{
    QElapsedTimer timer;
    timer.start();
    ParsedBody r;
    const QByteArray head = body.left(2048).trimmed().toLower();
    r.looksLikeHtml =
        head.startsWith('<') || head.contains("<html") || head.contains("<!doctype html");

    QJsonParseError pe;
    r.document = QJsonDocument::fromJson(body, &pe);
    r.isJson = pe.error == QJsonParseError::NoError;
    if (!r.isJson) {
        r.jsonError = body.isEmpty() ? QStringLiteral("the body is empty") : pe.errorString();
        r.jsonErrorOffset = pe.offset;
        r.document = QJsonDocument();
    } else if (r.document.isObject()) {
        const QJsonObject o = r.document.object();
        const QJsonValue result = o.value(QLatin1String("result"));
        r.hasEnvelope = result.isString();
        r.isError = result.toString() == QLatin1String("error");
        const QJsonValue message = o.value(QLatin1String("message"));
        if (r.isError)
            r.errorMessage =
                message.isString()
                    ? message.toString()
                    : QString::fromUtf8(
                          QJsonDocument(message.toObject()).toJson(QJsonDocument::Compact));
        if (message.isObject()) {
            const QJsonObject m = message.toObject();
            if (m.size() == 1)
                r.payloadKey = m.constBegin().key();
            else
                payloadObject(m, &r.payloadKey);
        }
    }
    if (!r.looksLikeHtml && prettyLimit > 0) {
        r.pretty = QString::fromUtf8(prettyJsonText(body, prettyLimit, &r.prettyTruncated));
    }
    r.parseMs = timer.elapsed();
    return r;
}

JsonParseWorker::JsonParseWorker(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(2);
    // Deep documents recurse in the searcher: give workers a roomy stack.
    m_pool.setStackSize(16 * 1024 * 1024);
}

JsonParseWorker::~JsonParseWorker()
{
    m_pool.clear();
    m_pool.waitForDone();
}

quint64 JsonParseWorker::parse(const QByteArray &body, qsizetype prettyLimit)
{
    const quint64 ticket = ++m_next;
    m_pool.start([this, ticket, body, prettyLimit] {
        ParsedBody r = parseBody(body, prettyLimit);
        // `this` outlives the task: the destructor waits for the pool.
        QMetaObject::invokeMethod(
            this, [this, ticket, r = std::move(r)] { Q_EMIT parsed(ticket, r); },
            Qt::QueuedConnection);
    });
    return ticket;
}

quint64 JsonParseWorker::search(const QJsonValue &root, const QString &needle, int limit)
{
    const quint64 ticket = ++m_next;
    m_pool.start([this, ticket, root, needle, limit] {
        QList<JsonMatch> hits = JsonTreeModel::search(root, needle, limit);
        QMetaObject::invokeMethod(
            this, [this, ticket, hits = std::move(hits)] { Q_EMIT searched(ticket, hits); },
            Qt::QueuedConnection);
    });
    return ticket;
}

} // namespace a911
