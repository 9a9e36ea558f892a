#include "jsontreemodel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThreadPool>

#include <vector>

namespace a911 {

struct JsonTreeModel::Node
{
    Node *parent = nullptr;
    int row = 0;
    QJsonValue value;
    // Sized to the child count the first time a child is asked for; entries stay
    // null until that very child is needed.
    std::vector<std::unique_ptr<Node>> children;

    int count() const
    {
        if (value.isArray())
            return int(value.toArray().size());
        if (value.isObject())
            return int(value.toObject().size());
        return 0;
    }
};

namespace {

constexpr int kMaxShown = 300;

bool isIdentifier(const QString &key)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(key).hasMatch();
}

QString keyStep(const QString &key)
{
    if (isIdentifier(key))
        return key;
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1String("[\"") + escaped + QLatin1String("\"]");
}

QString appendStep(const QString &path, const QString &key)
{
    const QString step = keyStep(key);
    if (path.isEmpty() || step.startsWith(QLatin1Char('[')))
        return path + step;
    return path + QLatin1Char('.') + step;
}

QString shorten(QString text)
{
    text.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
    if (text.size() > kMaxShown)
        text = text.left(kMaxShown) + QStringLiteral("…");
    return text;
}

QString scalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    default:
        return {};
    }
}

struct Searcher
{
    QString needle;
    int limit;
    QList<JsonMatch> hits;
    QList<int> rows;

    bool hit(const QString &path, const QString &preview)
    {
        hits << JsonMatch{rows, path, shorten(preview)};
        return hits.size() < limit;
    }

    // Returns false once the limit is reached.
    bool walk(const QJsonValue &v, const QString &path)
    {
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            int row = 0;
            for (auto it = o.constBegin(); it != o.constEnd(); ++it, ++row) {
                rows.push_back(row);
                const QString childPath = appendStep(path, it.key());
                const QJsonValue cv = it.value();
                bool go = true;
                if (it.key().contains(needle, Qt::CaseInsensitive))
                    go = hit(childPath, it.key());
                else if (!cv.isObject() && !cv.isArray() &&
                         scalarText(cv).contains(needle, Qt::CaseInsensitive))
                    go = hit(childPath, scalarText(cv));
                if (go)
                    go = walk(cv, childPath);
                rows.pop_back();
                if (!go)
                    return false;
            }
        } else if (v.isArray()) {
            const QJsonArray a = v.toArray();
            for (int row = 0; row < a.size(); ++row) {
                rows.push_back(row);
                const QString childPath =
                    path + QLatin1Char('[') + QString::number(row) + QLatin1Char(']');
                const QJsonValue cv = a.at(row);
                bool go = true;
                if (!cv.isObject() && !cv.isArray() &&
                    scalarText(cv).contains(needle, Qt::CaseInsensitive))
                    go = hit(childPath, scalarText(cv));
                if (go)
                    go = walk(cv, childPath);
                rows.pop_back();
                if (!go)
                    return false;
            }
        }
        return true;
    }
};

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setDocument(const QJsonDocument &document)
{
    beginResetModel();
    auto old = std::move(m_root);
    m_root = std::make_unique<Node>();
    if (document.isArray())
        m_root->value = document.array();
    else if (document.isObject())
        m_root->value = document.object();
    m_created = 0;
    endResetModel();
    // Freeing a big tree takes a while; do it where nobody waits for it.
    if (old && (old->value.isObject() || old->value.isArray())) {
        auto *raw = old.release();
        QThreadPool::globalInstance()->start([raw] { delete raw; });
    }
}

void JsonTreeModel::clear()
{
    setDocument(QJsonDocument());
}

QJsonValue JsonTreeModel::rootValue() const
{
    return m_root->value;
}

JsonTreeModel::Node *JsonTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

JsonTreeModel::Node *JsonTreeModel::child(Node *parent, int row) const
{
    const int n = parent->count();
    if (row < 0 || row >= n)
        return nullptr;
    if (parent->children.size() != size_t(n))
        parent->children.resize(size_t(n));
    auto &slot = parent->children[size_t(row)];
    if (!slot) {
        slot = std::make_unique<Node>();
        slot->parent = parent;
        slot->row = row;
        if (parent->value.isArray())
            slot->value = parent->value.toArray().at(row);
        else
            slot->value = (parent->value.toObject().constBegin() + row).value();
        ++m_created;
    }
    return slot.get();
}

QString JsonTreeModel::keyOf(const Node *node) const
{
    if (!node->parent)
        return {};
    if (node->parent->value.isArray())
        return QLatin1Char('[') + QString::number(node->row) + QLatin1Char(']');
    return (node->parent->value.toObject().constBegin() + node->row).key();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    Node *c = child(nodeFor(parent), row);
    return c ? createIndex(row, column, c) : QModelIndex();
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *p = nodeFor(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, p);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return nodeFor(parent)->count();
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QString JsonTreeModel::kindName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

QString JsonTreeModel::displayValue(const QJsonValue &v)
{
    if (v.isObject()) {
        const auto n = v.toObject().size();
        return n == 1 ? QStringLiteral("{1 key}") : QStringLiteral("{%1 keys}").arg(n);
    }
    if (v.isArray()) {
        const auto n = v.toArray().size();
        return n == 1 ? QStringLiteral("[1 item]") : QStringLiteral("[%1 items]").arg(n);
    }
    return shorten(scalarText(v));
}

bool JsonTreeModel::isRefList(const QJsonValue &value)
{
    if (!value.isArray())
        return false;
    const QJsonArray a = value.toArray();
    if (a.isEmpty())
        return false;
    for (const QJsonValue &v : a) {
        if (!v.isObject() || !v.toObject().value(QLatin1String("uri")).isString())
            return false;
    }
    return true;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return keyOf(n);
        case ValueColumn:
            return displayValue(n->value);
        case TypeColumn:
            return kindName(n->value);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && n->value.isString() &&
            n->value.toString().size() > kMaxShown)
            return n->value.toString().left(4000);
        return path(index);
    case PathRole:
        return path(index);
    case CopyRole:
        return copyText(index);
    case UriRole:
        return uri(index);
    case KindRole:
        return kindName(n->value);
    case IsRefListRole:
        return isRefList(n->value);
    }
    return {};
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    }
    return {};
}

QJsonValue JsonTreeModel::value(const QModelIndex &index) const
{
    return nodeFor(index)->value;
}

QString JsonTreeModel::path(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    QList<const Node *> chain;
    for (const Node *n = nodeFor(index); n && n->parent; n = n->parent)
        chain.prepend(n);
    QString out;
    for (const Node *c : std::as_const(chain)) {
        if (c->parent->value.isArray())
            out += QLatin1Char('[') + QString::number(c->row) + QLatin1Char(']');
        else
            out = appendStep(out, keyOf(c));
    }
    return out;
}

QString JsonTreeModel::formatPath(const QVariantList &steps)
{
    QString out;
    for (const QVariant &s : steps) {
        if (s.typeId() == QMetaType::Int || s.typeId() == QMetaType::LongLong)
            out += QLatin1Char('[') + QString::number(s.toLongLong()) + QLatin1Char(']');
        else
            out = appendStep(out, s.toString());
    }
    return out;
}

QString JsonTreeModel::copyText(const QModelIndex &index) const
{
    const QJsonValue v = value(index);
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return scalarText(v);
}

QUrl JsonTreeModel::uri(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeFor(index);
    if (!n->value.isString() || !n->parent || !n->parent->value.isObject() ||
        keyOf(n) != QLatin1String("uri"))
        return {};
    const QUrl url(n->value.toString(), QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return {};
    return url;
}

QModelIndex JsonTreeModel::indexForRows(const QList<int> &rows) const
{
    QModelIndex at;
    for (int row : rows) {
        at = index(row, 0, at);
        if (!at.isValid())
            return {};
    }
    return at;
}

QList<JsonMatch> JsonTreeModel::search(const QJsonValue &root, const QString &needle, int limit)
{
    if (needle.isEmpty() || limit <= 0)
        return {};
    Searcher s{needle, limit, {}, {}};
    s.walk(root, QString());
    return s.hits;
}

} // namespace a911
