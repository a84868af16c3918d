#include "XlsxPackageWriter.h"

#include <QDateTime>
#include <QFile>

#include <quazip.h>
#include <quazipfile.h>
#include <quazipnewinfo.h>

#include <utility>

namespace kjzy {

using namespace Qt::StringLiterals;

namespace xlsx {

QString mainNamespace()
{
    return u"http://schemas.openxmlformats.org/spreadsheetml/2006/main"_s;
}

QString officeRelationships()
{
    return u"http://schemas.openxmlformats.org/officeDocument/2006/relationships"_s;
}

void startElement(QXmlStreamWriter& xml, const QString& name, Attributes attributes)
{
    xml.writeStartElement(name);
    for (const auto& [key, value] : attributes)
        xml.writeAttribute(key, value);
}

void emptyElement(QXmlStreamWriter& xml, const QString& name, Attributes attributes)
{
    xml.writeEmptyElement(name);
    for (const auto& [key, value] : attributes)
        xml.writeAttribute(key, value);
}

} // namespace xlsx

namespace {

using xlsx::emptyElement;
using xlsx::startElement;

// Plain zip (no Zip64) counts sizes and offsets in 32 bits. One part may use 3.75 GiB, which leaves
// room for the small parts and the headers below 4 GiB.
constexpr qint64 kMaxPartBytes = 0xF000'0000;

const QString kPackageRelationships = u"http://schemas.openxmlformats.org/package/2006/relationships"_s;

// A sheet name in a formula: always quoted, an apostrophe doubled.
QString quotedSheetName(const QString& sheetName)
{
    return u'\'' + QString(sheetName).replace(u"'"_s, u"''"_s) + u'\'';
}

void writeContentTypes(QXmlStreamWriter& xml)
{
    const QString type = u"application/vnd.openxmlformats-officedocument."_s;
    startElement(xml, u"Types"_s,
                 {{u"xmlns"_s, u"http://schemas.openxmlformats.org/package/2006/content-types"_s}});
    emptyElement(xml, u"Default"_s,
                 {{u"Extension"_s, u"rels"_s},
                  {u"ContentType"_s, u"application/vnd.openxmlformats-package.relationships+xml"_s}});
    emptyElement(xml, u"Default"_s, {{u"Extension"_s, u"xml"_s}, {u"ContentType"_s, u"application/xml"_s}});
    const std::pair<QString, QString> overrides[] = {
        {u"/docProps/app.xml"_s, type + u"extended-properties+xml"_s},
        {u"/docProps/core.xml"_s, u"application/vnd.openxmlformats-package.core-properties+xml"_s},
        {u"/xl/workbook.xml"_s, type + u"spreadsheetml.sheet.main+xml"_s},
        {u"/xl/styles.xml"_s, type + u"spreadsheetml.styles+xml"_s},
        {u"/xl/worksheets/sheet1.xml"_s, type + u"spreadsheetml.worksheet+xml"_s},
    };
    for (const auto& [part, contentType] : overrides)
        emptyElement(xml, u"Override"_s, {{u"PartName"_s, part}, {u"ContentType"_s, contentType}});
    xml.writeEndElement();
}

void writeRelationships(QXmlStreamWriter& xml,
                        std::initializer_list<std::pair<QString, QString>> typeAndTarget)
{
    startElement(xml, u"Relationships"_s, {{u"xmlns"_s, kPackageRelationships}});
    int id = 0;
    for (const auto& [type, target] : typeAndTarget) {
        emptyElement(xml, u"Relationship"_s,
                     {{u"Id"_s, u"rId%1"_s.arg(++id)}, {u"Type"_s, type}, {u"Target"_s, target}});
    }
    xml.writeEndElement();
}

void writePackageRelationships(QXmlStreamWriter& xml)
{
    writeRelationships(
        xml, {{xlsx::officeRelationships() + u"/officeDocument"_s, u"xl/workbook.xml"_s},
              {u"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"_s,
               u"docProps/core.xml"_s},
              {xlsx::officeRelationships() + u"/extended-properties"_s, u"docProps/app.xml"_s}});
}

void writeWorkbookRelationships(QXmlStreamWriter& xml)
{
    writeRelationships(xml, {{xlsx::officeRelationships() + u"/worksheet"_s, u"worksheets/sheet1.xml"_s},
                             {xlsx::officeRelationships() + u"/styles"_s, u"styles.xml"_s}});
}

// As Excel writes it: some readers look at these to know the sheets without opening the workbook.
void writeAppProperties(QXmlStreamWriter& xml, const QString& sheetName)
{
    startElement(
        xml, u"Properties"_s,
        {{u"xmlns"_s, u"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"_s},
         {u"xmlns:vt"_s, u"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"_s}});
    xml.writeTextElement(u"Application"_s, u"Microsoft Excel"_s);
    xml.writeTextElement(u"DocSecurity"_s, u"0"_s);
    xml.writeTextElement(u"ScaleCrop"_s, u"false"_s);
    xml.writeStartElement(u"HeadingPairs"_s);
    startElement(xml, u"vt:vector"_s, {{u"size"_s, u"4"_s}, {u"baseType"_s, u"variant"_s}});
    for (const QString& heading : {u"Worksheets"_s, u"Named Ranges"_s}) {
        xml.writeStartElement(u"vt:variant"_s);
        xml.writeTextElement(u"vt:lpstr"_s, heading);
        xml.writeEndElement();
        xml.writeStartElement(u"vt:variant"_s);
        xml.writeTextElement(u"vt:i4"_s, u"1"_s);
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeStartElement(u"TitlesOfParts"_s);
    startElement(xml, u"vt:vector"_s, {{u"size"_s, u"2"_s}, {u"baseType"_s, u"lpstr"_s}});
    xml.writeTextElement(u"vt:lpstr"_s, sheetName);
    xml.writeTextElement(u"vt:lpstr"_s, quotedSheetName(sheetName) + u"!Print_Titles"_s);
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeTextElement(u"LinksUpToDate"_s, u"false"_s);
    xml.writeTextElement(u"SharedDoc"_s, u"false"_s);
    xml.writeTextElement(u"HyperlinksChanged"_s, u"false"_s);
    xml.writeTextElement(u"AppVersion"_s, u"12.0000"_s);
    xml.writeEndElement();
}

void writeCoreProperties(QXmlStreamWriter& xml)
{
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    startElement(
        xml, u"cp:coreProperties"_s,
        {{u"xmlns:cp"_s, u"http://schemas.openxmlformats.org/package/2006/metadata/core-properties"_s},
         {u"xmlns:dc"_s, u"http://purl.org/dc/elements/1.1/"_s},
         {u"xmlns:dcterms"_s, u"http://purl.org/dc/terms/"_s},
         {u"xmlns:dcmitype"_s, u"http://purl.org/dc/dcmitype/"_s},
         {u"xmlns:xsi"_s, u"http://www.w3.org/2001/XMLSchema-instance"_s}});
    for (const QString& name : {u"dcterms:created"_s, u"dcterms:modified"_s}) {
        startElement(xml, name, {{u"xsi:type"_s, u"dcterms:W3CDTF"_s}});
        xml.writeCharacters(now);
        xml.writeEndElement();
    }
    xml.writeEndElement();
}

void writeWorkbook(QXmlStreamWriter& xml, const QString& sheetName, int printTitleRow)
{
    startElement(xml, u"workbook"_s,
                 {{u"xmlns"_s, xlsx::mainNamespace()}, {u"xmlns:r"_s, xlsx::officeRelationships()}});
    xml.writeStartElement(u"bookViews"_s);
    emptyElement(xml, u"workbookView"_s,
                 {{u"xWindow"_s, u"240"_s},
                  {u"yWindow"_s, u"15"_s},
                  {u"windowWidth"_s, u"16095"_s},
                  {u"windowHeight"_s, u"9660"_s}});
    xml.writeEndElement();
    xml.writeStartElement(u"sheets"_s);
    emptyElement(xml, u"sheet"_s, {{u"name"_s, sheetName}, {u"sheetId"_s, u"1"_s}, {u"r:id"_s, u"rId1"_s}});
    xml.writeEndElement();
    xml.writeStartElement(u"definedNames"_s);
    startElement(xml, u"definedName"_s, {{u"name"_s, u"_xlnm.Print_Titles"_s}, {u"localSheetId"_s, u"0"_s}});
    xml.writeCharacters(quotedSheetName(sheetName) + u"!$%1:$%1"_s.arg(printTitleRow));
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndElement();
}

} // namespace

// ---- XlsxPart -----------------------------------------------------------------------------------

XlsxPart::XlsxPart(QuaZipFile& entry) : m_entry(entry), m_xml(&m_text)
{
    // A string as the writer's target: it appends there directly. Written to a QIODevice it would
    // encode and hand over every tag and attribute on its own, several times slower.
    m_text.reserve(kFlushChars + 16 * 1024);
    // The declaration by hand: for a string target QXmlStreamWriter leaves out the encoding.
    m_text += u"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"_s;
}

bool XlsxPart::flush()
{
    if (m_failed)
        return false;
    if (m_text.isEmpty())
        return true;
    const QByteArray bytes = m_text.toUtf8();
    m_text.resize(0); // keeps the capacity
    m_written += bytes.size();
    if (m_written > kMaxPartBytes) {
        m_tooLarge = m_failed = true;
        return false;
    }
    if (m_entry.write(bytes) != bytes.size()) {
        m_failed = true;
        return false;
    }
    return true;
}

// ---- XlsxPackageWriter --------------------------------------------------------------------------

XlsxPackageWriter::XlsxPackageWriter(const QString& zipPath)
    : m_file(std::make_unique<QFile>(zipPath)), m_zip(std::make_unique<QuaZip>(m_file.get()))
{}

XlsxPackageWriter::~XlsxPackageWriter() = default;

bool XlsxPackageWriter::open()
{
    // Unbuffered: QuaZip writes in pieces of 64 KiB anyway, and a full disk shows at once.
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return failWith(u"无法创建压缩包"_s, ZIP_OK);
    // The file is seekable: QuaZip completes each local header in place, as in Excel's files,
    // instead of appending data descriptors.
    m_zip->setDataDescriptorWritingEnabled(false);
    m_zip->setZip64Enabled(false);
    if (!m_zip->open(QuaZip::mdCreate))
        return failWith(u"无法创建压缩包"_s, m_zip->getZipError());
    return true;
}

bool XlsxPackageWriter::writePart(const QString& name, const std::function<void(XlsxPart&)>& body)
{
    QuaZipFile entry(m_zip.get());
    if (!entry.open(QIODevice::WriteOnly, QuaZipNewInfo(name)))
        return failWith(u"无法在压缩包中加入 %1"_s.arg(name), entry.getZipError());
    {
        XlsxPart part(entry);
        body(part);
        part.m_xml.writeEndDocument();
        const bool written = part.flush();
        if (part.m_tooLarge) {
            m_tooLarge = true;
            m_error = u"%1 超过 zip 文件 4 GB 的上限"_s.arg(name);
            return false; // `entry` closes as it goes out of scope
        }
        if (!written)
            return failWith(u"写入 %1 失败（磁盘已满？）"_s.arg(name), entry.getZipError());
        if (part.m_xml.hasError()) // a character XML cannot carry: the caller should have replaced it
            return failWith(u"写入 %1 失败：文本含有 XML 不能表示的字符"_s.arg(name), ZIP_OK);
    }
    entry.close();
    if (entry.getZipError() != ZIP_OK)
        return failWith(u"写入 %1 失败（磁盘已满？）"_s.arg(name), entry.getZipError());
    return true;
}

bool XlsxPackageWriter::writeWorkbookParts(const QString& sheetName, int printTitleRow)
{
    auto with = [](void (*write)(QXmlStreamWriter&)) {
        return [write](XlsxPart& part) { write(part.xml()); };
    };
    return writePart(u"[Content_Types].xml"_s, with(writeContentTypes)) &&
           writePart(u"_rels/.rels"_s, with(writePackageRelationships)) &&
           writePart(u"docProps/app.xml"_s,
                     [&](XlsxPart& part) { writeAppProperties(part.xml(), sheetName); }) &&
           writePart(u"docProps/core.xml"_s, with(writeCoreProperties)) &&
           writePart(u"xl/workbook.xml"_s,
                     [&](XlsxPart& part) { writeWorkbook(part.xml(), sheetName, printTitleRow); }) &&
           writePart(u"xl/_rels/workbook.xml.rels"_s, with(writeWorkbookRelationships));
}

bool XlsxPackageWriter::close()
{
    m_zip->close(); // writes the central directory, then closes m_file
    if (m_zip->getZipError() != ZIP_OK || m_file->error() != QFileDevice::NoError)
        return failWith(u"无法完成压缩包（磁盘已满？）"_s, m_zip->getZipError());
    return true;
}

bool XlsxPackageWriter::failWith(const QString& what, int zipError)
{
    m_error = what;
    if (m_file->error() != QFileDevice::NoError)
        m_error += u"："_s + m_file->errorString();
    else if (zipError != ZIP_OK)
        m_error += u"（zip 错误 %1）"_s.arg(zipError);
    return false;
}

} // namespace kjzy
