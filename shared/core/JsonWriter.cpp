#include "JsonWriter.h"

#include <algorithm>

namespace kjzy {

void JsonWriter::reserve(qsizetype chars)
{
    if (m_text.size() < m_used + chars)
        m_text.resize(m_used + chars);
}

char16_t* JsonWriter::grow(qsizetype chars)
{
    if (m_text.size() < m_used + chars)
        m_text.resize(std::max(m_used + chars, 2 * m_text.size() + 64));
    char16_t* at = reinterpret_cast<char16_t*>(m_text.data()) + m_used;
    m_used += chars;
    return at;
}

void JsonWriter::put(QStringView text)
{
    std::copy(text.utf16(), text.utf16() + text.size(), grow(text.size()));
}

const QString& JsonWriter::text() const
{
    // Shrinking keeps the allocation, so writing on afterwards grows back into it.
    m_text.resize(m_used);
    return m_text;
}

void JsonWriter::putEscaped(QStringView text)
{
    put(u'"');
    // Copy runs that need no escaping in one go: writing per character dominated imports.
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c >= 0x20 && c != u'"' && c != u'\\')
            continue;
        put(text.sliced(runStart, i - runStart));
        runStart = i + 1;
        switch (c) {
        case u'"':
            put(u"\\\"");
            break;
        case u'\\':
            put(u"\\\\");
            break;
        case u'\n':
            put(u"\\n");
            break;
        case u'\r':
            put(u"\\r");
            break;
        case u'\t':
            put(u"\\t");
            break;
        case u'\b':
            put(u"\\b");
            break;
        case u'\f':
            put(u"\\f");
            break;
        default:
            put(QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0')));
        }
    }
    put(text.sliced(runStart));
    put(u'"');
}

void JsonWriter::separate()
{
    if (m_needComma)
        put(u',');
}

JsonWriter& JsonWriter::beginObject()
{
    separate();
    put(u'{');
    m_needComma = false;
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    put(u'}');
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::key(QStringView name)
{
    separate();
    putEscaped(name);
    put(u':');
    m_needComma = false;
    return *this;
}

JsonWriter& JsonWriter::value(QStringView text)
{
    putEscaped(text);
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
    put(flag ? u"true" : u"false");
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::value(const QStringList& texts)
{
    put(u'[');
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i > 0)
            put(u',');
        putEscaped(texts[i]);
    }
    put(u']');
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::null()
{
    put(u"null");
    m_needComma = true;
    return *this;
}

} // namespace kjzy
