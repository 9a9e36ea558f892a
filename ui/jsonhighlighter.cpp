#include "jsonhighlighter.h"

namespace a911 {

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
    , m_string(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"?"))
    , m_number(QStringLiteral("-?\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b"))
    , m_literal(QStringLiteral("\\b(?:true|false|null)\\b"))
{
    m_keyFormat.setForeground(QColor(0x1f, 0x4e, 0x9c));
    m_keyFormat.setFontWeight(QFont::DemiBold);
    m_stringFormat.setForeground(QColor(0x1a, 0x7f, 0x37));
    m_numberFormat.setForeground(QColor(0xa3, 0x4a, 0x00));
    m_literalFormat.setForeground(QColor(0x8a, 0x2b, 0xa8));
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    // Numbers and literals first; strings (and keys) win where they overlap.
    for (auto it = m_number.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_numberFormat);
    }
    for (auto it = m_literal.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_literalFormat);
    }
    for (auto it = m_string.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const int end = int(m.capturedEnd());
        int next = end;
        while (next < text.size() && text.at(next).isSpace())
            ++next;
        const bool isKey = next < text.size() && text.at(next) == QLatin1Char(':');
        setFormat(int(m.capturedStart()), int(m.capturedLength()),
                  isKey ? m_keyFormat : m_stringFormat);
    }
}

} // namespace a911
