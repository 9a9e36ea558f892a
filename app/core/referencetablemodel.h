#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QStringList>
#include <QUrl>

namespace a911 {

class ApiClient;
class ApiReply;

/// A list of {id, uri} references turned into a table: each referenced object is
/// fetched through ApiClient (a few at a time), its fields flattened into columns
/// ("agency.id", lists as JSON). Rows appear in list order as soon as the list is
/// given; cells fill in as objects arrive.
class ReferenceTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    struct Ref
    {
        QString id;
        QUrl uri;
    };

    ReferenceTableModel(ApiClient *api, QObject *parent = nullptr);
    ~ReferenceTableModel() override;

    /// Reads references out of a JSON array (elements without a string "uri" are skipped).
    static QList<Ref> refsFrom(const QJsonArray &array);
    /// Flattens an object: nested objects as dotted keys (two levels), lists of
    /// scalars joined by "; ", other lists as compact JSON.
    static QList<QPair<QString, QString>> flatten(const QJsonObject &object);

    void setConcurrency(int n) { m_concurrency = qMax(1, n); }
    int concurrency() const { return m_concurrency; }
    /// Starts fetching (cancelling anything running).
    void start(const QString &profileId, const QList<Ref> &refs);
    void cancel();
    bool isRunning() const { return m_running; }
    int fetchedCount() const { return m_done; }
    int failedCount() const { return m_failed; }
    int peakInFlight() const { return m_peak; }
    QStringList columns() const { return m_columns; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void progressed(int done, int total);
    void finished(bool cancelled);

private:
    struct Row
    {
        Ref ref;
        QHash<QString, QString> cells;
        QString error;
        bool done = false;
    };
    void pump();
    void onReply(int row, ApiReply *reply);

    ApiClient *m_api;
    QString m_profileId;
    QList<Row> m_rows;
    QStringList m_columns;
    QList<QPointer<ApiReply>> m_inFlight;
    int m_next = 0;
    int m_done = 0;
    int m_failed = 0;
    int m_peak = 0;
    int m_concurrency = 4;
    bool m_running = false;
    quint64 m_generation = 0;
};

} // namespace a911
