#include "JsonWriter.h"

namespace kjzy {

void JsonWriter::appendEscaped(QString& out, QStringView text)
{
    out += u'"';
    // Copy runs that need no escaping in one append: appending per character dominated imports.
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c >= 0x20 && c != u'"' && c != u'\\')
            continue;
        out.append(text.sliced(runStart, i - runStart));
        runStart = i + 1;
        switch (c) {
        case u'"': out += QStringLiteral("\\\""); break;
        case u'\\': out += QStringLiteral("\\\\"); break;
        case u'\n': out += QStringLiteral("\\n"); break;
        case u'\r': out += QStringLiteral("\\r"); break;
        case u'\t': out += QStringLiteral("\\t"); break;
        case u'\b': out += QStringLiteral("\\b"); break;
        case u'\f': out += QStringLiteral("\\f"); break;
        default: out += QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0'));
        }
    }
    out.append(text.sliced(runStart));
    out += u'"';
}

void JsonWriter::separate()
{
    if (m_needComma)
        m_text += u',';
}

JsonWriter& JsonWriter::beginObject()
{
    separate();
    m_text += u'{';
    m_needComma = false;
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    m_text += u'}';
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::key(QStringView name)
{
    separate();
    appendEscaped(m_text, name);
    m_text += u':';
    m_needComma = false;
    return *this;
}

JsonWriter& JsonWriter::value(QStringView text)
{
    appendEscaped(m_text, text);
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
    m_text += flag ? QStringLiteral("true") : QStringLiteral("false");
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::value(const QStringList& texts)
{
    m_text += u'[';
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i > 0)
            m_text += u',';
        appendEscaped(m_text, texts[i]);
    }
    m_text += u']';
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::null()
{
    m_text += QStringLiteral("null");
    m_needComma = true;
    return *this;
}

} // namespace kjzy
