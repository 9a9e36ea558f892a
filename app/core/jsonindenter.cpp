#include "jsonindenter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <string>

namespace a911 {

namespace {

// QJsonDocument refuses beyond 1024 levels; anything this deep is left to it.
constexpr int kMaxDepth = 512;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// Length of the valid UTF-8 sequence at p (2–4), or 0. Overlong forms, surrogates and
/// code points past U+10FFFF are invalid, as for QJsonDocument.
int utf8Length(const unsigned char *p, const unsigned char *end)
{
    const unsigned char c = p[0];
    auto cont = [&](int i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2))
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3))
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

/// The one-pass indenter. Every `false` means "not sure": QJsonDocument takes over.
class FastIndenter
{
public:
    struct TopMember
    {
        QByteArray key;
        qsizetype valueBegin;
        qsizetype valueEnd;
    };

    FastIndenter(const QByteArray &json, std::vector<TopMember> *top)
        : m_begin(json.constData())
        , m_p(m_begin)
        , m_end(m_begin + json.size())
        , m_top(top)
    {
    }

    bool run(QByteArray *out, bool *isObject)
    {
        m_out.resize(qsizetype(double(m_end - m_begin) * 1.7) + 256);
        m_data = m_out.data();
        m_cap = m_out.size();
        skipSpace();
        if (m_p >= m_end)
            return false;
        // A BOM, a scalar, anything else: QJsonDocument's call.
        if (*m_p == '{') {
            *isObject = true;
            if (!object(0))
                return false;
        } else if (*m_p == '[') {
            if (!array(0))
                return false;
        } else {
            return false;
        }
        skipSpace();
        if (m_p != m_end)
            return false;
        put('\n');
        m_out.resize(m_pos);
        *out = std::move(m_out);
        return true;
    }

private:
    struct Entry
    {
        const char *key; ///< decoded, ASCII
        qsizetype keyLength;
        qsizetype outBegin; ///< the member's text in the output, indentation included
        qsizetype outEnd;
    };

    void reserve(qsizetype n)
    {
        if (m_pos + n <= m_cap)
            return;
        m_out.resize(std::max(m_cap * 2, m_pos + n));
        m_data = m_out.data();
        m_cap = m_out.size();
    }
    void put(char c)
    {
        reserve(1);
        m_data[m_pos++] = c;
    }
    void put(const char *s, qsizetype n)
    {
        reserve(n);
        std::memcpy(m_data + m_pos, s, size_t(n));
        m_pos += n;
    }
    void put(const QByteArray &s) { put(s.constData(), s.size()); }
    template <qsizetype N> void putLiteral(const char (&s)[N]) { put(s, N - 1); }
    void indent(int depth)
    {
        const qsizetype n = qsizetype(depth) * 4;
        reserve(n);
        std::memset(m_data + m_pos, ' ', size_t(n));
        m_pos += n;
    }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool value(int depth)
    {
        if (m_p >= m_end)
            return false;
        switch (*m_p) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"':
            return string(nullptr, nullptr);
        case 't':
            return literal("true", 4);
        case 'f':
            return literal("false", 5);
        case 'n':
            return literal("null", 4);
        default:
            return number();
        }
    }

    bool literal(const char *word, qsizetype n)
    {
        if (m_end - m_p < n || std::memcmp(m_p, word, size_t(n)) != 0)
            return false;
        put(word, n);
        m_p += n;
        return true;
    }

    /// Qt's number grammar, written the way QJsonDocument writes it back.
    bool number()
    {
        const char *start = m_p;
        const char *q = m_p;
        if (q < m_end && *q == '-')
            ++q;
        const char *intStart = q;
        if (q < m_end && *q == '0') {
            ++q;
        } else {
            while (q < m_end && isDigit(*q))
                ++q;
        }
        const qsizetype intDigits = q - intStart;
        if (intDigits == 0)
            return false;
        bool plain = true;
        bool isInt = true;
        if (q < m_end && *q == '.') {
            plain = false;
            const char *fraction = ++q;
            while (q < m_end && isDigit(*q)) {
                isInt = isInt && *q == '0';
                ++q;
            }
            if (q == fraction)
                return false; // "1." (Qt takes it; let it)
        }
        if (q < m_end && (*q == 'e' || *q == 'E')) {
            plain = false;
            isInt = false;
            ++q;
            if (q < m_end && (*q == '-' || *q == '+'))
                ++q;
            const char *exponent = q;
            while (q < m_end && isDigit(*q))
                ++q;
            if (q == exponent)
                return false;
        }
        m_p = q;
        // The common case: a plain integer well inside 64 bits, copied (but "-0" is 0).
        if (plain && intDigits <= 18 && !(start != intStart && *intStart == '0')) {
            put(start, q - start);
            return true;
        }
        const QByteArray token = QByteArray::fromRawData(start, q - start);
        bool ok = false;
        if (isInt) {
            const qlonglong n = token.toLongLong(&ok);
            if (ok) {
                put(QByteArray::number(n));
                return true;
            }
        }
        const double d = token.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return false;
        // QJsonDocument keeps a whole number that fits 64 bits as an integer (so -0.0
        // and 1e2 come back as 0 and 100); anything else in the shortest 'g' form.
        if (std::floor(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
            put(QByteArray::number(qint64(d)));
            return true;
        }
        put(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
        return true;
    }

    /// Writes the ASCII character c as QJsonDocument does inside a string.
    void putAscii(unsigned char c)
    {
        if (c >= 0x20 && c != '"' && c != '\\') {
            put(char(c));
            return;
        }
        reserve(6);
        m_data[m_pos++] = '\\';
        switch (c) {
        case '"':
            m_data[m_pos++] = '"';
            break;
        case '\\':
            m_data[m_pos++] = '\\';
            break;
        case '\b':
            m_data[m_pos++] = 'b';
            break;
        case '\f':
            m_data[m_pos++] = 'f';
            break;
        case '\n':
            m_data[m_pos++] = 'n';
            break;
        case '\r':
            m_data[m_pos++] = 'r';
            break;
        case '\t':
            m_data[m_pos++] = 't';
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            m_data[m_pos++] = 'u';
            m_data[m_pos++] = '0';
            m_data[m_pos++] = '0';
            m_data[m_pos++] = hex[c >> 4];
            m_data[m_pos++] = hex[c & 0xF];
        }
        }
    }

    void putCodePoint(char32_t u)
    {
        if (u < 0x80) {
            putAscii(static_cast<unsigned char>(u));
        } else if (u < 0x800) {
            const char b[] = {char(0xC0 | (u >> 6)), char(0x80 | (u & 0x3F))};
            put(b, 2);
        } else if (u < 0x10000) {
            const char b[] = {char(0xE0 | (u >> 12)), char(0x80 | ((u >> 6) & 0x3F)),
                              char(0x80 | (u & 0x3F))};
            put(b, 3);
        } else {
            const char b[] = {char(0xF0 | (u >> 18)), char(0x80 | ((u >> 12) & 0x3F)),
                              char(0x80 | ((u >> 6) & 0x3F)), char(0x80 | (u & 0x3F))};
            put(b, 4);
        }
    }

    bool hex4(const char *p, char32_t *u) const
    {
        if (m_end - p < 4)
            return false;
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(p[i]);
            if (h < 0)
                return false;
            v = (v << 4) | char32_t(h);
        }
        *u = v;
        return true;
    }

    /// A string at m_p (on its quote). For a key, *key/*keyLength get its decoded text,
    /// which must be ASCII: QJsonDocument orders non-ASCII keys by their storage form.
    bool string(const char **key, qsizetype *keyLength)
    {
        const char *start = ++m_p;
        const char *q = start;
        // Fast scan: printable ASCII without quote or backslash is copied as it is.
        while (q < m_end) {
            const unsigned char c = static_cast<unsigned char>(*q);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
                break;
            ++q;
        }
        if (q >= m_end)
            return false;
        if (*q == '"') {
            put('"');
            put(start, q - start);
            put('"');
            if (key) {
                *key = start;
                *keyLength = q - start;
            }
            m_p = q + 1;
            return true;
        }
        // Escapes, control characters or UTF-8: decode and write back as Qt would.
        std::string *decoded = nullptr;
        if (key) {
            m_keys.emplace_back(start, size_t(q - start));
            decoded = &m_keys.back();
        }
        put('"');
        put(start, q - start);
        const auto *u = reinterpret_cast<const unsigned char *>(q);
        const auto *end = reinterpret_cast<const unsigned char *>(m_end);
        while (u < end && *u != '"') {
            const unsigned char c = *u;
            if (c >= 0x80) {
                const int n = utf8Length(u, end);
                if (n == 0 || key)
                    return false;
                put(reinterpret_cast<const char *>(u), n);
                u += n;
                continue;
            }
            if (c != '\\') {
                putAscii(c);
                if (decoded)
                    decoded->push_back(char(c));
                ++u;
                continue;
            }
            if (u + 1 >= end)
                return false;
            char32_t cp = 0;
            switch (u[1]) {
            case '"':
            case '\\':
            case '/':
                cp = u[1];
                break;
            case 'b':
                cp = '\b';
                break;
            case 'f':
                cp = '\f';
                break;
            case 'n':
                cp = '\n';
                break;
            case 'r':
                cp = '\r';
                break;
            case 't':
                cp = '\t';
                break;
            case 'u': {
                if (!hex4(reinterpret_cast<const char *>(u + 2), &cp))
                    return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return false; // a lone low surrogate: Qt writes it as \udc00; let it
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    char32_t low = 0;
                    if (end - u < 12 || u[6] != '\\' || u[7] != 'u' ||
                        !hex4(reinterpret_cast<const char *>(u + 8), &low) || low < 0xDC00 ||
                        low > 0xDFFF)
                        return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    u += 6;
                }
                u += 4;
                break;
            }
            default:
                return false;
            }
            u += 2;
            if (cp >= 0x80 && key)
                return false;
            putCodePoint(cp);
            if (decoded)
                decoded->push_back(char(cp));
        }
        if (u >= end)
            return false;
        put('"');
        m_p = reinterpret_cast<const char *>(u) + 1;
        if (key) {
            *key = decoded->data();
            *keyLength = qsizetype(decoded->size());
        }
        return true;
    }

    static int compareKeys(const Entry &a, const Entry &b)
    {
        const int c = std::memcmp(a.key, b.key, size_t(std::min(a.keyLength, b.keyLength)));
        if (c != 0)
            return c;
        return a.keyLength < b.keyLength ? -1 : (a.keyLength > b.keyLength ? 1 : 0);
    }

    bool object(int depth)
    {
        if (depth >= kMaxDepth)
            return false;
        ++m_p;
        skipSpace();
        if (m_p >= m_end)
            return false;
        if (*m_p == '}') {
            ++m_p;
            putLiteral("{\n");
            indent(depth);
            put('}');
            return true;
        }
        putLiteral("{\n");
        const size_t first = m_entries.size();
        bool sorted = true;
        for (;;) {
            if (m_p >= m_end || *m_p != '"')
                return false;
            Entry e{};
            e.outBegin = m_pos;
            indent(depth + 1);
            if (!string(&e.key, &e.keyLength))
                return false;
            putLiteral(": ");
            skipSpace();
            if (m_p >= m_end || *m_p != ':')
                return false;
            ++m_p;
            skipSpace();
            const qsizetype valueBegin = m_p - m_begin;
            if (!value(depth + 1))
                return false;
            e.outEnd = m_pos;
            if (depth == 0 && m_top)
                m_top->push_back({QByteArray(e.key, e.keyLength), valueBegin, m_p - m_begin});
            if (m_entries.size() > first) {
                const int c = compareKeys(m_entries.back(), e);
                if (c == 0)
                    return false; // a duplicate: which one Qt keeps is its business
                sorted = sorted && c < 0;
            }
            m_entries.push_back(e);
            skipSpace();
            if (m_p >= m_end)
                return false;
            if (*m_p == ',') {
                ++m_p;
                skipSpace();
                putLiteral(",\n");
                continue;
            }
            if (*m_p != '}')
                return false;
            ++m_p;
            break;
        }
        if (!sorted && !sortEntries(first))
            return false;
        m_entries.resize(first);
        put('\n');
        indent(depth);
        put('}');
        return true;
    }

    /// QJsonObject keeps its keys sorted: reorder the members' finished text.
    bool sortEntries(size_t first)
    {
        const auto from = m_entries.begin() + qsizetype(first);
        std::stable_sort(from, m_entries.end(),
                         [](const Entry &a, const Entry &b) { return compareKeys(a, b) < 0; });
        for (auto it = from + 1; it < m_entries.end(); ++it) {
            if (compareKeys(*(it - 1), *it) == 0)
                return false;
        }
        qsizetype begin = m_pos;
        for (auto it = from; it < m_entries.end(); ++it)
            begin = std::min(begin, it->outBegin);
        QByteArray sortedText;
        sortedText.reserve(m_pos - begin);
        for (auto it = from; it < m_entries.end(); ++it) {
            if (it != from)
                sortedText.append(",\n", 2);
            sortedText.append(m_data + it->outBegin, it->outEnd - it->outBegin);
        }
        Q_ASSERT(sortedText.size() == m_pos - begin);
        std::memcpy(m_data + begin, sortedText.constData(), size_t(sortedText.size()));
        return true;
    }

    bool array(int depth)
    {
        if (depth >= kMaxDepth)
            return false;
        ++m_p;
        skipSpace();
        if (m_p >= m_end)
            return false;
        putLiteral("[\n");
        if (*m_p == ']') {
            ++m_p;
            indent(depth);
            put(']');
            return true;
        }
        for (;;) {
            indent(depth + 1);
            if (!value(depth + 1))
                return false;
            skipSpace();
            if (m_p >= m_end)
                return false;
            if (*m_p == ',') {
                ++m_p;
                skipSpace();
                putLiteral(",\n");
                continue;
            }
            if (*m_p != ']')
                return false;
            ++m_p;
            break;
        }
        put('\n');
        indent(depth);
        put(']');
        return true;
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    std::vector<TopMember> *m_top;
    QByteArray m_out;
    char *m_data = nullptr;
    qsizetype m_pos = 0;
    qsizetype m_cap = 0;
    std::vector<Entry> m_entries;
    std::deque<std::string> m_keys; ///< decoded keys that had escapes (stable addresses)
};

} // namespace

bool JsonIndenter::indent(const QByteArray &json)
{
    m_input = json;
    m_text.clear();
    m_error = QJsonParseError{};
    m_document = QJsonDocument();
    m_top.clear();
    m_isObject = false;
    m_fast = false;

    std::vector<FastIndenter::TopMember> top;
    FastIndenter fast(json, &top);
    if (fast.run(&m_text, &m_isObject)) {
        m_fast = true;
        m_top.reserve(top.size());
        for (auto &t : top)
            m_top.push_back({std::move(t.key), t.valueBegin, t.valueEnd});
        return true;
    }
    m_text.clear();
    m_isObject = false;
    m_document = QJsonDocument::fromJson(json, &m_error);
    if (m_error.error != QJsonParseError::NoError) {
        m_document = QJsonDocument();
        return false;
    }
    m_isObject = m_document.isObject();
    m_text = m_document.toJson(QJsonDocument::Indented);
    return true;
}

QJsonValue JsonIndenter::member(QLatin1String key) const
{
    if (!m_isObject)
        return QJsonValue(QJsonValue::Undefined);
    if (!m_fast)
        return m_document.object().value(key);
    const QByteArrayView wanted(key.data(), key.size());
    for (const Member &m : m_top) {
        if (QByteArrayView(m.key) != wanted)
            continue;
        const QByteArray wrapped = '[' + m_input.mid(m.valueBegin, m.valueEnd - m.valueBegin) + ']';
        return QJsonDocument::fromJson(wrapped).array().first();
    }
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace a911
