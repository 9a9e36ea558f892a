#include "requesthistory.h"

#include "logging.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrlQuery>

namespace a911 {

namespace {

constexpr int kMaxStoredBody = 64 * 1024;

QJsonArray pairsToJson(const QueryItems &items)
{
    QJsonArray a;
    for (const auto &[k, v] : items)
        a.append(QJsonArray{k, v});
    return a;
}

QJsonArray headersToJson(const RawHeaders &items)
{
    QJsonArray a;
    for (const auto &[k, v] : items)
        a.append(QJsonArray{QString::fromLatin1(k), QString::fromLatin1(v)});
    return a;
}

} // namespace

ApiRequest HistoryEntry::request() const
{
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.headers = headers;
    r.body = body;
    return r;
}

HistoryEntry HistoryEntry::fromExchange(const QString &profileId, const ApiRequest &request,
                                        const ApiResponse &response, const QDateTime &when)
{
    HistoryEntry e;
    e.profileId = profileId;
    e.method = response.method.isEmpty() ? request.method : response.method;
    e.path = request.path;
    e.url = response.url;
    e.query = request.query;
    e.headers = request.headers;
    e.body = request.body;
    e.httpStatus = response.httpStatus;
    switch (response.failure) {
    case ApiResponse::Failure::None:
        e.outcome = QString(QString::number(response.httpStatus) + QLatin1Char(' ') +
                            QString::fromLatin1(response.reasonPhrase))
                        .trimmed();
        break;
    case ApiResponse::Failure::Network:
        e.outcome = QStringLiteral("network error");
        break;
    case ApiResponse::Failure::Timeout:
        e.outcome = QStringLiteral("timeout");
        break;
    case ApiResponse::Failure::Cancelled:
        e.outcome = QStringLiteral("cancelled");
        break;
    case ApiResponse::Failure::Tls:
        e.outcome = QStringLiteral("TLS error");
        break;
    case ApiResponse::Failure::Token:
        e.outcome = QStringLiteral("no token");
        break;
    case ApiResponse::Failure::TooLarge:
        e.outcome = QStringLiteral("too large");
        break;
    }
    e.time = when.toUTC();
    e.elapsedMs = response.elapsedMs;
    return e;
}

RequestHistory::RequestHistory(const QString &filePath, int limit, QObject *parent)
    : QObject(parent)
    , m_path(filePath)
    , m_limit(qMax(1, limit))
{
    m_writer.setMaxThreadCount(1); // one writer: the last change lands last
    reload();
}

RequestHistory::~RequestHistory()
{
    flush();
}

void RequestHistory::flush()
{
    m_writer.waitForDone();
}

QString RequestHistory::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/explorer-history.json");
}

bool RequestHistory::isSecretQueryKey(const QString &key)
{
    return key.contains(QLatin1String("token"), Qt::CaseInsensitive) ||
           key.contains(QLatin1String("secret"), Qt::CaseInsensitive) ||
           key.compare(QLatin1String("code"), Qt::CaseInsensitive) == 0 ||
           key.compare(QLatin1String("password"), Qt::CaseInsensitive) == 0;
}

bool RequestHistory::isSecretHeader(const QByteArray &name)
{
    const QByteArray n = name.trimmed().toLower();
    return n == "authorization" || n == "proxy-authorization" || n == "cookie" ||
           n.contains("token") || n.contains("secret") || n.contains("api-key");
}

QUrl RequestHistory::sanitisedUrl(const QUrl &url)
{
    QUrl u = url;
    u.setUserInfo(QString());
    u.setFragment(QString());
    if (u.hasQuery()) {
        QUrlQuery q(u);
        const auto items = q.queryItems(QUrl::FullyEncoded);
        QUrlQuery kept;
        for (const auto &[k, v] : items) {
            if (!isSecretQueryKey(QUrl::fromPercentEncoding(k.toLatin1())))
                kept.addQueryItem(k, v);
        }
        if (kept.isEmpty())
            u.setQuery(QString());
        else
            u.setQuery(kept.query(QUrl::FullyEncoded), QUrl::StrictMode);
    }
    return u;
}

HistoryEntry RequestHistory::sanitised(HistoryEntry e)
{
    e.url = sanitisedUrl(e.url);
    const QUrl asUrl(e.path, QUrl::StrictMode);
    if (asUrl.isValid() && !asUrl.scheme().isEmpty())
        e.path = sanitisedUrl(asUrl).toString(QUrl::FullyEncoded);
    else if (e.path.contains(QLatin1Char('?')))
        e.path = e.path.section(QLatin1Char('?'), 0, 0); // queries belong in `query`
    QueryItems query;
    for (const auto &item : std::as_const(e.query)) {
        if (!isSecretQueryKey(item.first))
            query << item;
    }
    e.query = query;
    RawHeaders headers;
    for (const auto &h : std::as_const(e.headers)) {
        if (!isSecretHeader(h.first))
            headers << h;
    }
    e.headers = headers;
    if (e.body.size() > kMaxStoredBody)
        e.body.clear(); // not re-runnable then, but the file stays small
    return e;
}

void RequestHistory::setLimit(int limit)
{
    m_limit = qMax(1, limit);
    if (m_entries.size() > m_limit) {
        m_entries.resize(m_limit);
        save();
        Q_EMIT changed();
    }
}

void RequestHistory::add(HistoryEntry entry)
{
    m_entries.prepend(sanitised(std::move(entry)));
    if (m_entries.size() > m_limit)
        m_entries.resize(m_limit);
    save();
    Q_EMIT changed();
}

void RequestHistory::clear()
{
    m_entries.clear();
    save();
    Q_EMIT changed();
}

void RequestHistory::reload()
{
    flush();
    m_entries.clear();
    QFile f(m_path);
    if (f.open(QIODevice::ReadOnly)) {
        const QJsonArray list =
            QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("entries")).toArray();
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            HistoryEntry e;
            e.profileId = o.value(QLatin1String("profile")).toString();
            e.method = o.value(QLatin1String("method")).toString().toLatin1();
            e.path = o.value(QLatin1String("path")).toString();
            e.url = QUrl(o.value(QLatin1String("url")).toString(), QUrl::StrictMode);
            for (const QJsonValue &q : o.value(QLatin1String("query")).toArray())
                e.query << qMakePair(q.toArray().at(0).toString(), q.toArray().at(1).toString());
            for (const QJsonValue &h : o.value(QLatin1String("headers")).toArray())
                e.headers << qMakePair(h.toArray().at(0).toString().toLatin1(),
                                       h.toArray().at(1).toString().toLatin1());
            e.body = o.value(QLatin1String("body")).toString().toUtf8();
            e.httpStatus = o.value(QLatin1String("status")).toInt();
            e.outcome = o.value(QLatin1String("outcome")).toString();
            e.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODate);
            e.elapsedMs = o.value(QLatin1String("elapsedMs")).toInteger();
            if (!e.method.isEmpty())
                m_entries << sanitised(e); // an older or hand-edited file gets the same care
            if (m_entries.size() >= m_limit)
                break;
        }
    }
    Q_EMIT changed();
}

void RequestHistory::save()
{
    QJsonArray list;
    for (const HistoryEntry &e : m_entries) {
        list.append(QJsonObject{
            {QStringLiteral("profile"), e.profileId},
            {QStringLiteral("method"), QString::fromLatin1(e.method)},
            {QStringLiteral("path"), e.path},
            {QStringLiteral("url"), e.url.toString(QUrl::FullyEncoded)},
            {QStringLiteral("query"), pairsToJson(e.query)},
            {QStringLiteral("headers"), headersToJson(e.headers)},
            {QStringLiteral("body"), QString::fromUtf8(e.body)},
            {QStringLiteral("status"), e.httpStatus},
            {QStringLiteral("outcome"), e.outcome},
            {QStringLiteral("time"), e.time.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("elapsedMs"), e.elapsedMs},
        });
    }
    const QByteArray bytes = QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                                       {QStringLiteral("entries"), list}})
                                 .toJson(QJsonDocument::Indented);
    m_writer.start([path = m_path, bytes] {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
            qCWarning(lcApi) << "Cannot write the explorer history:" << f.errorString();
    });
}

} // namespace a911
