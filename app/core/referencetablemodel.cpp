#include "referencetablemodel.h"

#include "apiclient.h"
#include "jsonparseworker.h"
#include "logging.h"

#include <QJsonDocument>

namespace a911 {

namespace {

QString scalar(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

void flattenInto(const QString &prefix, const QJsonObject &o, int depth,
                 QList<QPair<QString, QString>> *out)
{
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QString key = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        const QJsonValue v = it.value();
        if (v.isObject() && depth < 2) {
            flattenInto(key, v.toObject(), depth + 1, out);
        } else if (v.isArray()) {
            const QJsonArray a = v.toArray();
            bool scalars = true;
            QStringList parts;
            for (const QJsonValue &e : a) {
                if (e.isObject() || e.isArray()) {
                    scalars = false;
                    break;
                }
                parts << scalar(e);
            }
            out->append({key, scalars ? parts.join(QLatin1String("; "))
                                      : QString::fromUtf8(
                                            QJsonDocument(a).toJson(QJsonDocument::Compact))});
        } else if (v.isObject()) {
            out->append({key, QString::fromUtf8(
                                  QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))});
        } else {
            out->append({key, scalar(v)});
        }
    }
}

} // namespace

ReferenceTableModel::ReferenceTableModel(ApiClient *api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{
}

ReferenceTableModel::~ReferenceTableModel()
{
    cancel();
}

QList<ReferenceTableModel::Ref> ReferenceTableModel::refsFrom(const QJsonArray &array)
{
    QList<Ref> refs;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        const QJsonValue uri = o.value(QLatin1String("uri"));
        if (!uri.isString())
            continue;
        const QJsonValue id = o.value(QLatin1String("id"));
        refs << Ref{id.isString() ? id.toString() : scalar(id),
                    QUrl(uri.toString(), QUrl::StrictMode)};
    }
    return refs;
}

QList<QPair<QString, QString>> ReferenceTableModel::flatten(const QJsonObject &object)
{
    QList<QPair<QString, QString>> out;
    // "id" first: it is what people sort and look up by.
    if (object.contains(QLatin1String("id")))
        out.append({QStringLiteral("id"), scalar(object.value(QLatin1String("id")))});
    QJsonObject rest = object;
    rest.remove(QLatin1String("id"));
    flattenInto(QString(), rest, 0, &out);
    return out;
}

void ReferenceTableModel::start(const QString &profileId, const QList<Ref> &refs)
{
    cancel();
    beginResetModel();
    ++m_generation;
    m_profileId = profileId;
    m_rows.clear();
    for (const Ref &r : refs)
        m_rows << Row{r, {}, {}, false};
    m_columns = QStringList{QStringLiteral("id")};
    m_next = m_done = m_failed = m_peak = 0;
    endResetModel();
    m_running = !m_rows.isEmpty();
    Q_EMIT progressed(0, int(m_rows.size()));
    if (!m_running) {
        Q_EMIT finished(false);
        return;
    }
    pump();
}

void ReferenceTableModel::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    const auto inFlight = m_inFlight;
    m_inFlight.clear();
    for (const QPointer<ApiReply> &r : inFlight) {
        if (r) {
            r->disconnect(this);
            r->cancel();
            r->deleteLater();
        }
    }
    Q_EMIT finished(true);
}

void ReferenceTableModel::pump()
{
    while (m_running && m_inFlight.size() < m_concurrency && m_next < m_rows.size()) {
        const int row = m_next++;
        ApiRequest req;
        req.path = m_rows.at(row).ref.uri.toString(QUrl::FullyEncoded);
        ApiReply *reply = m_api->send(m_profileId, req);
        m_inFlight << reply;
        m_peak = qMax(m_peak, int(m_inFlight.size()));
        const quint64 gen = m_generation;
        auto handle = [this, row, reply, gen] {
            if (gen == m_generation)
                onReply(row, reply);
        };
        if (reply->isFinished())
            QMetaObject::invokeMethod(this, handle, Qt::QueuedConnection);
        else
            connect(reply, &ApiReply::finished, this, handle);
    }
}

void ReferenceTableModel::onReply(int row, ApiReply *reply)
{
    m_inFlight.removeAll(QPointer<ApiReply>(reply));
    const ApiResponse &resp = reply->response();
    Row &r = m_rows[row];
    r.done = true;
    if (resp.failure != ApiResponse::Failure::None) {
        r.error = resp.errorText.isEmpty() ? QStringLiteral("request failed") : resp.errorText;
    } else {
        const QJsonDocument doc = QJsonDocument::fromJson(resp.body);
        const QJsonObject env = doc.object();
        if (env.value(QLatin1String("result")).toString() == QLatin1String("error"))
            r.error = env.value(QLatin1String("message")).toString(QStringLiteral("error"));
        else if (resp.httpStatus < 200 || resp.httpStatus >= 300)
            r.error = QStringLiteral("HTTP %1").arg(resp.httpStatus);
        else {
            const QJsonObject payload =
                payloadObject(env.value(QLatin1String("message")).toObject());
            if (payload.isEmpty())
                r.error = QStringLiteral("no object in the reply");
            for (const auto &[key, value] : flatten(payload)) {
                r.cells.insert(key, value);
                if (!m_columns.contains(key)) {
                    beginInsertColumns({}, int(m_columns.size()), int(m_columns.size()));
                    m_columns << key;
                    endInsertColumns();
                }
            }
        }
    }
    if (!r.error.isEmpty()) {
        ++m_failed;
        if (!m_columns.contains(QStringLiteral("error"))) {
            beginInsertColumns({}, int(m_columns.size()), int(m_columns.size()));
            m_columns << QStringLiteral("error");
            endInsertColumns();
        }
        r.cells.insert(QStringLiteral("error"), r.error);
    }
    if (!r.cells.contains(QStringLiteral("id")))
        r.cells.insert(QStringLiteral("id"), r.ref.id);
    ++m_done;
    Q_EMIT dataChanged(index(row, 0), index(row, int(m_columns.size()) - 1));
    reply->deleteLater();
    Q_EMIT progressed(m_done, int(m_rows.size()));
    if (m_done == m_rows.size()) {
        m_running = false;
        Q_EMIT finished(false);
        return;
    }
    pump();
}

int ReferenceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReferenceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ReferenceTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || role != Qt::DisplayRole || index.row() >= m_rows.size() ||
        index.column() >= m_columns.size())
        return {};
    const Row &r = m_rows.at(index.row());
    const QString &col = m_columns.at(index.column());
    if (!r.done && col == QLatin1String("id"))
        return r.ref.id;
    return r.cells.value(col);
}

QVariant ReferenceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section < m_columns.size() ? m_columns.at(section) : QVariant();
    return section + 1;
}

} // namespace a911
