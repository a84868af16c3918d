#pragma once

#include <QString>
#include <QXmlStreamWriter>

#include <functional>
#include <initializer_list>
#include <memory>
#include <utility>

class QFile;
class QuaZip;
class QuaZipFile;

namespace kjzy {

// Small helpers for writing SpreadsheetML with QXmlStreamWriter.
namespace xlsx {

using Attributes = std::initializer_list<std::pair<QString, QString>>;

QString mainNamespace();       // SpreadsheetML: workbook, styles, worksheets
QString officeRelationships(); // the r: prefix

void startElement(QXmlStreamWriter& xml, const QString& name, Attributes attributes = {});
void emptyElement(QXmlStreamWriter& xml, const QString& name, Attributes attributes);

} // namespace xlsx

// One XML part being written: a QXmlStreamWriter into a text buffer that goes, in pieces of a few
// hundred KB, into the compressed zip entry. So a part of any size needs little memory.
class XlsxPart
{
public:
    XlsxPart(const XlsxPart&) = delete;
    XlsxPart& operator=(const XlsxPart&) = delete;

    QXmlStreamWriter& xml() { return m_xml; }

    // Call now and then (after each row, say): once enough text has collected it is compressed into
    // the zip entry. False when writing has failed (the disk is full, the part too large): stop then.
    bool flushIfFull() { return m_text.size() < kFlushChars ? !m_failed : flush(); }

private:
    friend class XlsxPackageWriter;
    static constexpr qsizetype kFlushChars = 128 * 1024;

    explicit XlsxPart(QuaZipFile& entry);
    bool flush();

    QuaZipFile& m_entry;
    QString m_text;
    QXmlStreamWriter m_xml;
    qint64 m_written = 0; // bytes, uncompressed
    bool m_failed = false;
    bool m_tooLarge = false;
};

// Writes the zip container of an .xlsx file (an OPC package) with QuaZip, one XML part after
// another, and the parts every one-sheet workbook has. The caller adds xl/styles.xml and
// xl/worksheets/sheet1.xml.
//
// Zip64 stays off, so that every zip reader opens the file; a part growing past what plain zip can
// hold fails with tooLarge(). The caller owns the file: after a failure it removes it.
class XlsxPackageWriter
{
public:
    explicit XlsxPackageWriter(const QString& zipPath);
    ~XlsxPackageWriter(); // closes an unfinished package (its file descriptor too)
    XlsxPackageWriter(const XlsxPackageWriter&) = delete;
    XlsxPackageWriter& operator=(const XlsxPackageWriter&) = delete;

    bool open();

    // Writes the part `name` (e.g. "xl/styles.xml"): the XML declaration, what `body` writes, the end
    // of the document. A long body calls part.flushIfFull() now and then and returns once it is false.
    bool writePart(const QString& name, const std::function<void(XlsxPart&)>& body);

    // [Content_Types].xml, the relationships, docProps/app.xml and core.xml, xl/workbook.xml with
    // the one sheet `sheetName` (already valid for Excel) whose row `printTitleRow` (1-based) is
    // repeated on every printed page.
    bool writeWorkbookParts(const QString& sheetName, int printTitleRow);

    // Writes the zip's central directory and closes the file.
    bool close();

    // After a failure: why, in words for a message (with QuaZip's error code where it has one).
    QString errorString() const { return m_error; }
    bool tooLarge() const { return m_tooLarge; }

private:
    bool failWith(const QString& what, int zipError);

    std::unique_ptr<QFile> m_file;
    std::unique_ptr<QuaZip> m_zip; // destroyed before m_file: it closes the file
    QString m_error;
    bool m_tooLarge = false;
};

} // namespace kjzy
