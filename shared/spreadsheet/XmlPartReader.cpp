#include "XmlPartReader.h"

#include "CellValueFormat.h"
#include "ZipEntryReader.h"
#include "ZipPackage.h"

namespace kjzy {

namespace {
constexpr qsizetype kChunkBytes = 64 * 1024;
}

XmlPartReader::XmlPartReader(ZipPackage& package, QString partName)
    : m_package(package), m_partName(std::move(partName))
{}

XmlPartReader::~XmlPartReader() = default;

bool XmlPartReader::open()
{
    m_entry = m_package.entry(m_partName);
    if (!m_entry) {
        m_missing = true;
        m_xml.raiseError(QStringLiteral("missing"));
        return false;
    }
    if (!m_entry->open()) {
        m_xml.raiseError(QStringLiteral("cannot open entry"));
        return false;
    }
    m_xml.setNamespaceProcessing(true);
    return true;
}

QXmlStreamReader::TokenType XmlPartReader::next()
{
    while (true) {
        const QXmlStreamReader::TokenType token = m_xml.readNext();
        if (token == QXmlStreamReader::DTD) {
            m_dtd = true;
            m_xml.raiseError(QStringLiteral("DTD refused"));
            return QXmlStreamReader::Invalid;
        }
        if (token != QXmlStreamReader::Invalid ||
            m_xml.error() != QXmlStreamReader::PrematureEndOfDocumentError || m_exhausted)
            return token;
        // The parser wants more: inflate the next chunk (counted against the budget).
        QByteArray chunk(kChunkBytes, Qt::Uninitialized);
        const qint64 n = m_entry->read(chunk.data(), chunk.size());
        if (n < 0) {
            m_xml.raiseError(QStringLiteral("entry unreadable"));
            return QXmlStreamReader::Invalid;
        }
        if (n == 0) {
            m_exhausted = true; // the premature end stands: the document is cut short
            return QXmlStreamReader::Invalid;
        }
        chunk.truncate(n);
        m_xml.addData(chunk);
    }
}

bool XmlPartReader::skipElement()
{
    int depth = 1;
    while (depth > 0) {
        switch (next()) {
        case QXmlStreamReader::StartElement:
            ++depth;
            break;
        case QXmlStreamReader::EndElement:
            --depth;
            break;
        case QXmlStreamReader::Invalid:
        case QXmlStreamReader::EndDocument:
            return false;
        default:
            break;
        }
    }
    return true;
}

bool XmlPartReader::appendText(QString& out, qsizetype maxChars)
{
    int depth = 1;
    while (true) {
        switch (next()) {
        case QXmlStreamReader::Characters: {
            if (out.size() > maxChars)
                break;
            const QStringView text = m_xml.text();
            const qsizetype room = maxChars + 1 - out.size();
            out.append(text.size() > room ? text.first(room) : text);
            break;
        }
        case QXmlStreamReader::StartElement:
            ++depth;
            break;
        case QXmlStreamReader::EndElement:
            if (--depth == 0)
                return true;
            break;
        case QXmlStreamReader::Invalid:
        case QXmlStreamReader::EndDocument:
            return false;
        default:
            break;
        }
    }
}

bool XmlPartReader::readStringItem(QString& out, qsizetype maxChars)
{
    // Escapes shrink when decoded ("_x000D_" is one character), so the raw text may run longer.
    const qsizetype rawLimit = maxChars * 7;
    int depth = 1;
    int phoneticDepth = 0; // depth of the open <rPh>, 0 outside
    while (true) {
        switch (next()) {
        case QXmlStreamReader::StartElement: {
            ++depth;
            const QStringView name = m_xml.name();
            if (phoneticDepth == 0 && is(name, u"t")) {
                if (!appendText(out, rawLimit))
                    return false;
                --depth;
            } else if (phoneticDepth == 0 && is(name, u"rPh")) {
                phoneticDepth = depth;
            }
            break;
        }
        case QXmlStreamReader::EndElement:
            if (depth == phoneticDepth)
                phoneticDepth = 0;
            if (--depth == 0) {
                CellValueFormat::decodeEscapes(out);
                return true;
            }
            break;
        case QXmlStreamReader::Invalid:
        case QXmlStreamReader::EndDocument:
            return false;
        default:
            break;
        }
    }
}

void XmlPartReader::fail(const QString& message)
{
    if (m_customMessage.isEmpty())
        m_customMessage = message;
    m_xml.raiseError(message);
}

bool XmlPartReader::finish()
{
    if (m_finished)
        return !m_xml.hasError();
    m_finished = true;
    if (!m_entry)
        return false;
    const ZipEntryReader::State state = m_entry->finish();
    if (state != ZipEntryReader::State::Ok && !m_xml.hasError())
        m_xml.raiseError(QStringLiteral("entry damaged"));
    return !m_xml.hasError();
}

Error XmlPartReader::error() const
{
    const QString& file = m_package.label();
    const auto invalid = [](const QString& text) { return Error::make(ErrorCode::InvalidInput, text); };
    // The entry's state first: a budget overrun or a damaged stream shows up to the XML parser as
    // a premature end, which would hide the real cause.
    if (m_entry && m_entry->state() == ZipEntryReader::State::LimitExceeded)
        return invalid(QStringLiteral("文件 %1 解压后超过 %2 上限，疑似压缩炸弹，已拒绝")
                           .arg(file, ZipPackage::sizeText(m_package.limits().maxInflatedBytes)));
    if (m_entry && m_entry->state() == ZipEntryReader::State::Corrupt)
        return invalid(QStringLiteral("文件 %1 中的 %2 已损坏，无法解压（错误码 %3），请重新获取原文件")
                           .arg(file, m_partName)
                           .arg(m_entry->zipError()));
    if (m_missing)
        return invalid(QStringLiteral("文件 %1 缺少 %2，不是完整的 xlsx 工作簿").arg(file, m_partName));
    if (m_dtd)
        return invalid(
            QStringLiteral("文件 %1 中的 %2 含有 DTD 声明（<!DOCTYPE>），正常的 xlsx 工作簿不会包含，"
                           "为安全起见已拒绝")
                .arg(file, m_partName));
    if (!m_customMessage.isEmpty())
        return invalid(m_customMessage);
    return invalid(QStringLiteral("文件 %1 中的 %2 不是有效的 XML（第 %3 行第 %4 列：%5）")
                       .arg(file, m_partName)
                       .arg(m_xml.lineNumber())
                       .arg(m_xml.columnNumber())
                       .arg(m_xml.errorString()));
}

} // namespace kjzy
