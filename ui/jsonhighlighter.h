#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace a911 {

/// Colours JSON text: keys, strings, numbers, true/false/null. Line by line, so it
/// also copes with the re-indented excerpt of a truncated or malformed body.
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QRegularExpression m_string;
    QRegularExpression m_number;
    QRegularExpression m_literal;
    QTextCharFormat m_keyFormat;
    QTextCharFormat m_stringFormat;
    QTextCharFormat m_numberFormat;
    QTextCharFormat m_literalFormat;
};

} // namespace a911
