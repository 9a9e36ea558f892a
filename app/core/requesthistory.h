#pragma once

#include "apiclient.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>

namespace a911 {

/// One request the explorer sent. Holds no secret: the URL has no user info and no
/// query key containing "token"; no Authorization (or token/cookie) header is kept.
struct HistoryEntry
{
    QString profileId;
    QByteArray method;
    QString path; ///< as typed (relative or absolute), sanitised like the URL
    QUrl url;     ///< as sent, sanitised
    QueryItems query;
    RawHeaders headers;
    QByteArray body;
    int httpStatus = 0; ///< 0 = no HTTP answer
    QString outcome;    ///< "200 OK", "error envelope", "network error", …
    QDateTime time;     ///< UTC
    qint64 elapsedMs = 0;

    ApiRequest request() const;
    /// An entry for a request and what came back (sanitised when added).
    static HistoryEntry fromExchange(const QString &profileId, const ApiRequest &request,
                                     const ApiResponse &response, const QDateTime &when);
};

/// The explorer's request history, newest first, kept in a JSON file under the app
/// data folder. Whatever is added is sanitised again on the way in and on the way out.
class RequestHistory final : public QObject
{
    Q_OBJECT
public:
    /// filePath: where the history lives; limit: entries kept (AppSettings::historyLimit).
    RequestHistory(const QString &filePath, int limit, QObject *parent = nullptr);
    ~RequestHistory() override; ///< waits for the last write

    /// The usual file: <AppDataLocation>/explorer-history.json.
    static QString defaultFilePath();

    QList<HistoryEntry> entries() const { return m_entries; }
    int limit() const { return m_limit; }
    void setLimit(int limit);
    void add(HistoryEntry entry);
    void clear();
    /// Reads the file again (missing or unreadable = empty history).
    void reload();
    /// Waits until every change is on disk. Writes happen on a worker thread, in
    /// order: QSaveFile syncs to disk, which can take long enough to stall the UI.
    void flush();

    /// Removes what must never be stored: user info, token-like query keys,
    /// Authorization and other credential headers.
    static HistoryEntry sanitised(HistoryEntry entry);
    static bool isSecretQueryKey(const QString &key);
    static bool isSecretHeader(const QByteArray &name);
    static QUrl sanitisedUrl(const QUrl &url);

Q_SIGNALS:
    void changed();

private:
    void save();

    QThreadPool m_writer;
    QString m_path;
    int m_limit;
    QList<HistoryEntry> m_entries;
};

} // namespace a911
