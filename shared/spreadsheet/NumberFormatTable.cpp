#include "NumberFormatTable.h"

#include "XmlPartReader.h"

#include <QHash>

namespace kjzy {

namespace {

bool isElapsedTime(QStringView bracketed)
{
    if (bracketed.isEmpty())
        return false;
    const QChar first = bracketed.front().toLower();
    if (first != u'h' && first != u'm' && first != u's')
        return false;
    for (const QChar c : bracketed) {
        if (c.toLower() != first)
            return false;
    }
    return true;
}

} // namespace

bool NumberFormatTable::isBuiltInDateFormat(int numFmtId)
{
    return (numFmtId >= 14 && numFmtId <= 22) || (numFmtId >= 27 && numFmtId <= 36) ||
           (numFmtId >= 45 && numFmtId <= 47) || (numFmtId >= 50 && numFmtId <= 58);
}

bool NumberFormatTable::isDateFormatCode(QStringView code)
{
    const qsizetype n = code.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = code[i].unicode();
        switch (c) {
        case u'"': { // literal text
            const qsizetype end = code.indexOf(u'"', i + 1);
            if (end < 0)
                return false;
            i = end;
            break;
        }
        case u'\\': // escaped literal character
        case u'_':  // space as wide as the next character
        case u'*':  // fill with the next character
            ++i;
            break;
        case u'[': { // colour, condition, locale ([$-804]), [DBNum1] — or elapsed time [h]
            const qsizetype end = code.indexOf(u']', i + 1);
            if (end < 0)
                return false;
            if (isElapsedTime(code.sliced(i + 1, end - i - 1)))
                return true;
            i = end;
            break;
        }
        case u'y':
        case u'Y':
        case u'm':
        case u'M':
        case u'd':
        case u'D':
        case u'h':
        case u'H':
        case u's':
        case u'S':
            return true;
        default:
            break;
        }
    }
    return false;
}

bool NumberFormatTable::load(XmlPartReader& part)
{
    QXmlStreamReader& xml = part.xml();
    QHash<int, bool> customIsDate; // numFmtId → the custom code is a date format
    bool inCellXfs = false;
    while (true) {
        const QXmlStreamReader::TokenType token = part.next();
        if (token == QXmlStreamReader::Invalid)
            return false;
        if (token == QXmlStreamReader::EndDocument)
            break;
        if (token == QXmlStreamReader::EndElement) {
            if (xml.name() == u"cellXfs")
                inCellXfs = false;
            continue;
        }
        if (token != QXmlStreamReader::StartElement)
            continue;
        const QStringView name = xml.name();
        if (name == u"numFmt") {
            const QXmlStreamAttributes attributes = xml.attributes();
            bool ok = false;
            const int id = attributes.value(QStringLiteral("numFmtId")).toInt(&ok);
            if (ok)
                customIsDate.insert(id, isDateFormatCode(attributes.value(QStringLiteral("formatCode"))));
        } else if (name == u"cellXfs") {
            inCellXfs = true;
        } else if (name == u"xf" && inCellXfs) {
            bool ok = false;
            const int id = xml.attributes().value(QStringLiteral("numFmtId")).toInt(&ok);
            bool isDate = false;
            if (ok) {
                const auto custom = customIsDate.constFind(id);
                isDate = custom != customIsDate.constEnd() ? *custom : isBuiltInDateFormat(id);
            }
            m_dateStyles.append(isDate);
        }
    }
    return part.finish();
}

} // namespace kjzy
