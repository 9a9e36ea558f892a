#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

class QAbstractItemModel;

namespace a911 {

/// CSV as RFC 4180 has it: CRLF line ends, a field with a comma, quote, CR or LF
/// quoted, quotes doubled. UTF-8, no BOM.
class CsvExport final
{
public:
    static QString field(const QString &value);
    static QByteArray toCsv(const QStringList &header, const QList<QStringList> &rows);
    /// Header from the model's horizontal header, then every row (DisplayRole).
    static QByteArray fromModel(const QAbstractItemModel &model);
    static bool writeFile(const QString &path, const QByteArray &csv, QString *error = nullptr);
};

} // namespace a911
