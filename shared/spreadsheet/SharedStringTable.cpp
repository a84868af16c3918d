#include "SharedStringTable.h"

#include "XmlPartReader.h"
#include "ZipPackage.h"

#include <algorithm>

namespace kjzy {

namespace {
constexpr qsizetype kMaxReserve = 1 << 16; // uniqueCount is a hint from the file, not trusted
}

bool SharedStringTable::load(XmlPartReader& part, const WorkbookLimits& limits)
{
    QXmlStreamReader& xml = part.xml();
    const QString& file = part.package().label();
    while (true) {
        const QXmlStreamReader::TokenType token = part.next();
        if (token == QXmlStreamReader::Invalid)
            return false;
        if (token == QXmlStreamReader::EndDocument)
            break;
        if (token != QXmlStreamReader::StartElement)
            continue;
        const QStringView name = xml.name();
        if (XmlPartReader::is(name, u"sst")) {
            bool ok = false;
            const qsizetype hint = xml.attributes().value(QStringLiteral("uniqueCount")).toLongLong(&ok);
            if (ok && hint > 0)
                m_strings.reserve(std::min({hint, kMaxReserve, qsizetype(limits.maxSharedStrings)}));
        } else if (XmlPartReader::is(name, u"si")) {
            if (m_strings.size() >= limits.maxSharedStrings) {
                part.fail(QStringLiteral("文件 %1 的共享字符串超过 %2 条上限，已拒绝")
                              .arg(file)
                              .arg(limits.maxSharedStrings));
                return false;
            }
            QString text;
            if (!part.readStringItem(text, limits.maxCellChars))
                return false;
            if (text.size() > limits.maxCellChars) {
                part.fail(QStringLiteral("文件 %1 的第 %2 条共享字符串超过 %3 个字符的单元格上限，已拒绝")
                              .arg(file)
                              .arg(m_strings.size() + 1)
                              .arg(limits.maxCellChars));
                return false;
            }
            m_strings.append(std::move(text));
        }
    }
    return part.finish();
}

} // namespace kjzy
