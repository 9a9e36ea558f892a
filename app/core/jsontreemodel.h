#pragma once

#include <QAbstractItemModel>
#include <QJsonDocument>
#include <QJsonValue>
#include <QList>
#include <QUrl>

#include <memory>

namespace a911 {

/// One search hit: the rows leading to it from the root, and its path string.
struct JsonMatch
{
    QList<int> rows;
    QString path;    ///< "message.alerts[3].id"
    QString preview; ///< the matching key or value, shortened
};

/// A lazy tree over a parsed JSON document: key / value / type columns. A node's
/// children are made only when a view asks for one of them, so showing a 20 MB
/// document costs what is on screen, not what is in the document.
class JsonTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, ///< QString, "message.alerts[3].id"
        CopyRole,                    ///< QString: a string unquoted, anything else as compact JSON
        UriRole,                     ///< QUrl when the node is a "uri" string field, else invalid
        KindRole,                    ///< QString: object, array, string, number, bool, null
        IsRefListRole                ///< bool: an array of {id, uri} references
    };

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    /// Shows a document; the previous tree is released off the UI thread.
    void setDocument(const QJsonDocument &document);
    void clear();
    QJsonValue rootValue() const;

    QJsonValue value(const QModelIndex &index) const;
    QString path(const QModelIndex &index) const;
    QString copyText(const QModelIndex &index) const;
    QUrl uri(const QModelIndex &index) const;
    /// The index reached by following `rows` from the root (invalid if out of range).
    QModelIndex indexForRows(const QList<int> &rows) const;
    /// Nodes made so far (the laziness is observable, for tests and diagnostics).
    qint64 createdNodeCount() const { return m_created; }

    /// Walks a JSON value for keys or scalar values containing `needle`
    /// (case-insensitive), stopping after `limit` hits. Pure: safe on a worker thread.
    static QList<JsonMatch> search(const QJsonValue &root, const QString &needle, int limit);
    /// The path string of a sequence of steps (strings are keys, ints are indexes).
    static QString formatPath(const QVariantList &steps);
    /// True for an array whose elements are all objects with a string "uri".
    static bool isRefList(const QJsonValue &value);
    /// How a value is shown in the value column (strings shortened, containers counted).
    static QString displayValue(const QJsonValue &value);
    static QString kindName(const QJsonValue &value);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Node;
    Node *nodeFor(const QModelIndex &index) const;
    Node *child(Node *parent, int row) const;
    QString keyOf(const Node *node) const;

    std::unique_ptr<Node> m_root;
    mutable qint64 m_created = 0;
};

} // namespace a911
