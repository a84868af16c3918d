#include "TableWriter.h"

#include "CsvTableWriter.h"
#include "XlsxPackageWriter.h"
#include "XlsxText.h"
#include "core/FaultPoint.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QXmlStreamWriter>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <unistd.h>

namespace kjzy {

namespace {

using namespace Qt::StringLiterals;
using xlsx::emptyElement;
using xlsx::startElement;
using namespace xlsx::text;

// Rows (1-based, as Excel numbers them): the marker, the title, the header; then the data.
constexpr qsizetype kMarkerRow = 1;
constexpr qsizetype kTitleRow = 2;
constexpr qsizetype kHeaderRow = 3;
// Excel's limits.
constexpr qsizetype kMaxRows = 1'048'576;
constexpr qsizetype kMaxColumns = 16'384;
constexpr double kMinColumnWidth = 6;
constexpr double kMaxColumnWidth = 50; // longer text wraps
constexpr double kIdColumnWidth = 20;  // 18 characters plus a margin
constexpr double kPhoneColumnWidth = 13;

QString shownPath(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

// ---- checks shared by both formats -----------------------------------------------------------

Status checkTable(const QString& path, const TemplateTable& table)
{
    if (table.headers.isEmpty())
        return fail(ErrorCode::Usage, u"导出 %1 失败：表格没有表头"_s.arg(shownPath(path)));
    const qsizetype width = table.headers.size();
    for (qsizetype r = 0; r < table.rows.size(); ++r) {
        if (table.rows.at(r).size() > width)
            return fail(ErrorCode::Usage,
                        u"导出 %1 失败：第 %2 条数据有 %3 个单元格，多于表头的 %4 列"_s.arg(shownPath(path))
                            .arg(r + 1)
                            .arg(table.rows.at(r).size())
                            .arg(width));
    }
    for (const int column : table.numberColumns) {
        if (column < 0 || column >= width)
            return fail(ErrorCode::Usage,
                        u"导出 %1 失败：数字列 %2 不在表头的 %3 列之内"_s.arg(shownPath(path))
                            .arg(column)
                            .arg(width));
    }
    return {};
}

// Width in Excel character units of the longest line: CJK and full-width characters count double.
double displayWidth(QStringView text)
{
    double widest = 0;
    double current = 0;
    for (const QChar ch : text) {
        if (ch == u'\n') {
            widest = std::max(widest, current);
            current = 0;
        } else if (!ch.isLowSurrogate()) { // a surrogate pair counts once, as wide
            current += ch.unicode() >= 0x2000 ? 2 : 1;
        }
    }
    return std::max(widest, current);
}

bool isIdHeader(const QString& header)
{
    return header.contains(u"身份证"_s) || header.contains(u"证件号"_s) || header.contains(u"信用代码"_s);
}

bool isPhoneHeader(const QString& header)
{
    return header.contains(u"手机"_s) || header.contains(u"电话"_s);
}

QList<double> columnWidths(const TemplateTable& table)
{
    QList<double> widths;
    for (const QString& header : table.headers)
        widths.append(displayWidth(header));
    for (const QStringList& row : table.rows) {
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c) {
            if (double(row.at(c).size()) * 2 > widths.at(c)) // else it cannot be wider
                widths[c] = std::max(widths.at(c), displayWidth(row.at(c)));
        }
    }
    for (qsizetype c = 0; c < widths.size(); ++c) {
        double width = std::clamp(widths.at(c) + 2, kMinColumnWidth, kMaxColumnWidth);
        if (isIdHeader(table.headers.at(c)))
            width = std::max(width, kIdColumnWidth);
        else if (isPhoneHeader(table.headers.at(c)))
            width = std::max(width, kPhoneColumnWidth);
        widths[c] = width;
    }
    return widths;
}

// `where` says which cell, by spreadsheet row and header, never by its (personal) content.
QString cellWhere(qsizetype row, const QString& header)
{
    return u"第 %1 行“%2”列"_s.arg(row).arg(QString(header).replace(u'\n', u' '));
}

// Everything Excel would refuse is found here, before a byte is written.
Status checkXlsxLimits(const QString& path, const TemplateTable& table)
{
    if (table.headers.size() > kMaxColumns)
        return fail(ErrorCode::InvalidInput,
                    u"无法导出 %1：%2 列超过 Excel 工作表 %3 列的上限"_s.arg(shownPath(path))
                        .arg(table.headers.size())
                        .arg(kMaxColumns));
    if (table.rows.size() > kMaxRows - kHeaderRow)
        return fail(
            ErrorCode::InvalidInput,
            u"无法导出 %1：%2 条数据超过 Excel 工作表 %3 行的上限，请改为导出 .csv"_s.arg(shownPath(path))
                .arg(table.rows.size())
                .arg(kMaxRows - kHeaderRow));

    auto tooLong = [&path](const QString& where) {
        return fail(
            ErrorCode::InvalidInput,
            u"写入 Excel 文件 %1 失败：%2，单元格内容超过 Excel %3 个字符的上限"_s.arg(shownPath(path), where)
                .arg(kMaxCellLength));
    };
    if (storedLength(table.marker) > kMaxCellLength)
        return tooLong(u"第 %1 行"_s.arg(kMarkerRow));
    if (storedLength(table.title) > kMaxCellLength)
        return tooLong(u"第 %1 行（标题）"_s.arg(kTitleRow));
    for (qsizetype c = 0; c < table.headers.size(); ++c) {
        if (storedLength(table.headers.at(c)) > kMaxCellLength)
            return tooLong(u"第 %1 行第 %2 列（表头）"_s.arg(kHeaderRow).arg(c + 1));
    }
    for (qsizetype r = 0; r < table.rows.size(); ++r) {
        const QStringList& row = table.rows.at(r);
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (storedLength(row.at(c)) > kMaxCellLength)
                return tooLong(cellWhere(kHeaderRow + 1 + r, table.headers.at(c)));
        }
    }
    return {};
}

// ---- .xlsx: styles ---------------------------------------------------------------------------

// The cell formats (cellXfs in styles.xml), in their order there.
enum class Style
{
    Default,
    Marker,     // 附件2: 12 pt
    Title,      // bold 16 pt, centred
    Header,     // bold, wrapped, bordered, centred
    Number,     // 序号: bordered, centred
    Text,       // "@" so Excel never turns a typed ID number into a number; bordered
    TextWrap,   // the same, for cells with line breaks
    TextColumn, // column default: "@" for what a clerk types in later
    Count
};

const QString& styleId(Style style)
{
    static const auto ids = [] {
        std::array<QString, std::size_t(Style::Count)> numbers;
        for (std::size_t i = 0; i < numbers.size(); ++i)
            numbers[i] = QString::number(i);
        return numbers;
    }();
    return ids[std::size_t(style)];
}

void writeStyles(QXmlStreamWriter& xml)
{
    constexpr int kTextFormat = 49; // built-in "@"
    struct Font
    {
        bool bold;
        int size;
    };
    const Font fonts[] = {{false, 11}, {false, 12}, {true, 16}, {true, 11}};
    struct Xf
    {
        int numFmt;
        int font;
        int border;
        QString horizontal;
        QString vertical;
        bool wrap;
    };
    const QString center = u"center"_s;
    const Xf xfs[] = {
        {0, 0, 0, {}, {}, false},               // Default
        {0, 1, 0, {}, {}, false},               // Marker
        {0, 2, 0, center, center, false},       // Title
        {0, 3, 1, center, center, true},        // Header
        {0, 0, 1, center, center, false},       // Number
        {kTextFormat, 0, 1, {}, center, false}, // Text
        {kTextFormat, 0, 1, {}, center, true},  // TextWrap
        {kTextFormat, 0, 0, {}, {}, false},     // TextColumn
    };
    static_assert(std::size(xfs) == std::size_t(Style::Count));

    startElement(xml, u"styleSheet"_s, {{u"xmlns"_s, xlsx::mainNamespace()}});
    startElement(xml, u"fonts"_s, {{u"count"_s, QString::number(std::size(fonts))}});
    for (const Font& font : fonts) {
        xml.writeStartElement(u"font"_s);
        if (font.bold)
            xml.writeEmptyElement(u"b"_s);
        emptyElement(xml, u"sz"_s, {{u"val"_s, QString::number(font.size)}});
        emptyElement(xml, u"name"_s, {{u"val"_s, u"Calibri"_s}});
        emptyElement(xml, u"family"_s, {{u"val"_s, u"2"_s}});
        xml.writeEndElement();
    }
    xml.writeEndElement();

    startElement(xml, u"fills"_s, {{u"count"_s, u"2"_s}});
    for (const QString& pattern : {u"none"_s, u"gray125"_s}) {
        xml.writeStartElement(u"fill"_s);
        emptyElement(xml, u"patternFill"_s, {{u"patternType"_s, pattern}});
        xml.writeEndElement();
    }
    xml.writeEndElement();

    startElement(xml, u"borders"_s, {{u"count"_s, u"2"_s}});
    xml.writeStartElement(u"border"_s);
    for (const QString& side : {u"left"_s, u"right"_s, u"top"_s, u"bottom"_s, u"diagonal"_s})
        xml.writeEmptyElement(side);
    xml.writeEndElement();
    xml.writeStartElement(u"border"_s);
    for (const QString& side : {u"left"_s, u"right"_s, u"top"_s, u"bottom"_s}) {
        startElement(xml, side, {{u"style"_s, u"thin"_s}});
        emptyElement(xml, u"color"_s, {{u"auto"_s, u"1"_s}});
        xml.writeEndElement();
    }
    xml.writeEmptyElement(u"diagonal"_s);
    xml.writeEndElement();
    xml.writeEndElement();

    startElement(xml, u"cellStyleXfs"_s, {{u"count"_s, u"1"_s}});
    emptyElement(
        xml, u"xf"_s,
        {{u"numFmtId"_s, u"0"_s}, {u"fontId"_s, u"0"_s}, {u"fillId"_s, u"0"_s}, {u"borderId"_s, u"0"_s}});
    xml.writeEndElement();

    startElement(xml, u"cellXfs"_s, {{u"count"_s, QString::number(std::size(xfs))}});
    for (const Xf& xf : xfs) {
        const bool aligned = !xf.horizontal.isEmpty() || !xf.vertical.isEmpty() || xf.wrap;
        startElement(xml, u"xf"_s,
                     {{u"numFmtId"_s, QString::number(xf.numFmt)},
                      {u"fontId"_s, QString::number(xf.font)},
                      {u"fillId"_s, u"0"_s},
                      {u"borderId"_s, QString::number(xf.border)},
                      {u"xfId"_s, u"0"_s}});
        if (xf.numFmt != 0)
            xml.writeAttribute(u"applyNumberFormat"_s, u"1"_s);
        if (xf.font != 0)
            xml.writeAttribute(u"applyFont"_s, u"1"_s);
        if (xf.border != 0)
            xml.writeAttribute(u"applyBorder"_s, u"1"_s);
        if (aligned) {
            xml.writeAttribute(u"applyAlignment"_s, u"1"_s);
            xml.writeEmptyElement(u"alignment"_s);
            if (!xf.horizontal.isEmpty())
                xml.writeAttribute(u"horizontal"_s, xf.horizontal);
            if (!xf.vertical.isEmpty())
                xml.writeAttribute(u"vertical"_s, xf.vertical);
            if (xf.wrap)
                xml.writeAttribute(u"wrapText"_s, u"1"_s);
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();

    startElement(xml, u"cellStyles"_s, {{u"count"_s, u"1"_s}});
    emptyElement(xml, u"cellStyle"_s,
                 {{u"name"_s, u"Normal"_s}, {u"xfId"_s, u"0"_s}, {u"builtinId"_s, u"0"_s}});
    xml.writeEndElement();
    emptyElement(xml, u"dxfs"_s, {{u"count"_s, u"0"_s}});
    emptyElement(xml, u"tableStyles"_s,
                 {{u"count"_s, u"0"_s},
                  {u"defaultTableStyle"_s, u"TableStyleMedium9"_s},
                  {u"defaultPivotStyle"_s, u"PivotStyleLight16"_s}});
    xml.writeEndElement();
}

// ---- .xlsx: the worksheet -----------------------------------------------------------------------

QString columnName(qsizetype column) // 0-based
{
    QString name;
    for (qsizetype n = column + 1; n > 0; n = (n - 1) / 26)
        name.prepend(QChar(char16_t(u'A' + (n - 1) % 26)));
    return name;
}

// Excel stores a column width as what it shows plus the cell padding (5 pixels at 7 pixels a
// character for the default font), rounded to 1/256 of a character.
double storedColumnWidth(double characters)
{
    const double pixels = std::floor(characters * 7 + 0.5) + 5;
    return std::floor(pixels / 7 * 256) / 256;
}

// A cell; `text` is already in its stored form (cellText()). Empty: a blank cell with its format
// (a border, "@"), like its neighbours.
void writeTextCell(QXmlStreamWriter& xml, const QString& ref, Style style, const QString& text)
{
    xml.writeStartElement(u"c"_s);
    xml.writeAttribute(u"r"_s, ref);
    xml.writeAttribute(u"s"_s, styleId(style));
    if (!text.isEmpty()) {
        xml.writeAttribute(u"t"_s, u"inlineStr"_s);
        xml.writeStartElement(u"is"_s);
        xml.writeStartElement(u"t"_s);
        if (needsPreserve(text))
            xml.writeAttribute(u"xml:space"_s, u"preserve"_s);
        xml.writeCharacters(text);
        xml.writeEndElement();
        xml.writeEndElement();
    }
    xml.writeEndElement();
}

void writeNumberCell(QXmlStreamWriter& xml, const QString& ref, double number)
{
    xml.writeStartElement(u"c"_s);
    xml.writeAttribute(u"r"_s, ref);
    xml.writeAttribute(u"s"_s, styleId(Style::Number));
    xml.writeTextElement(u"v"_s, QString::number(number, 'g', QLocale::FloatingPointShortest));
    xml.writeEndElement();
}

void writeDataCell(QXmlStreamWriter& xml, const QString& ref, const QString& value, bool numberColumn)
{
    if (value.isEmpty()) {
        writeTextCell(xml, ref, numberColumn ? Style::Number : Style::Text, {});
        return;
    }
    if (numberColumn) {
        bool ok = false;
        const double number = value.trimmed().toDouble(&ok);
        if (ok && std::isfinite(number))
            return writeNumberCell(xml, ref, number);
        // not a number after all (e.g. 合计): keep the text
    }
    const QString text = cellText(value);
    writeTextCell(xml, ref, text.contains(u'\n') ? Style::TextWrap : Style::Text, text);
}

// Streams the sheet row by row: its size in memory does not grow with the table's.
void writeWorksheet(XlsxPart& part, const TemplateTable& table)
{
    QXmlStreamWriter& xml = part.xml();
    const qsizetype width = table.headers.size();
    QStringList columns;
    columns.reserve(width);
    for (qsizetype c = 0; c < width; ++c)
        columns.append(columnName(c));
    QList<bool> isNumber(width, false);
    for (const int column : table.numberColumns)
        isNumber[column] = true;
    const qsizetype lastRow = kHeaderRow + table.rows.size();
    const QString firstDataCell = u"A%1"_s.arg(kHeaderRow + 1);

    startElement(xml, u"worksheet"_s,
                 {{u"xmlns"_s, xlsx::mainNamespace()}, {u"xmlns:r"_s, xlsx::officeRelationships()}});
    xml.writeStartElement(u"sheetPr"_s);
    emptyElement(xml, u"pageSetUpPr"_s, {{u"fitToPage"_s, u"1"_s}});
    xml.writeEndElement();
    emptyElement(xml, u"dimension"_s, {{u"ref"_s, u"A1:"_s + columns.last() + QString::number(lastRow)}});

    // The marker, title and header rows stay in view while scrolling.
    xml.writeStartElement(u"sheetViews"_s);
    startElement(xml, u"sheetView"_s, {{u"tabSelected"_s, u"1"_s}, {u"workbookViewId"_s, u"0"_s}});
    emptyElement(xml, u"pane"_s,
                 {{u"ySplit"_s, QString::number(kHeaderRow)},
                  {u"topLeftCell"_s, firstDataCell},
                  {u"activePane"_s, u"bottomLeft"_s},
                  {u"state"_s, u"frozen"_s}});
    emptyElement(
        xml, u"selection"_s,
        {{u"pane"_s, u"bottomLeft"_s}, {u"activeCell"_s, firstDataCell}, {u"sqref"_s, firstDataCell}});
    xml.writeEndElement();
    xml.writeEndElement();
    emptyElement(xml, u"sheetFormatPr"_s, {{u"defaultRowHeight"_s, u"15"_s}});

    const QList<double> widths = columnWidths(table);
    xml.writeStartElement(u"cols"_s);
    for (qsizetype c = 0; c < width; ++c) {
        const QString number = QString::number(c + 1);
        startElement(xml, u"col"_s,
                     {{u"min"_s, number},
                      {u"max"_s, number},
                      {u"width"_s, QString::number(storedColumnWidth(widths.at(c)), 'g', 10)}});
        if (!isNumber.at(c))
            xml.writeAttribute(u"style"_s, styleId(Style::TextColumn));
        xml.writeAttribute(u"customWidth"_s, u"1"_s);
        xml.writeEndElement();
    }
    xml.writeEndElement();

    xml.writeStartElement(u"sheetData"_s);
    if (!table.marker.isEmpty()) {
        const QString row = QString::number(kMarkerRow);
        startElement(xml, u"row"_s, {{u"r"_s, row}});
        writeTextCell(xml, u"A"_s + row, Style::Marker, cellText(table.marker));
        xml.writeEndElement();
    }
    {
        // The title across the header's width (merged below); the covered cells keep its format.
        const QString row = QString::number(kTitleRow);
        startElement(xml, u"row"_s, {{u"r"_s, row}, {u"ht"_s, u"30"_s}, {u"customHeight"_s, u"1"_s}});
        writeTextCell(xml, u"A"_s + row, Style::Title, cellText(table.title));
        for (qsizetype c = 1; c < width; ++c)
            writeTextCell(xml, columns.at(c) + row, Style::Title, {});
        xml.writeEndElement();
    }
    {
        const QString row = QString::number(kHeaderRow);
        startElement(xml, u"row"_s, {{u"r"_s, row}});
        for (qsizetype c = 0; c < width; ++c)
            writeTextCell(xml, columns.at(c) + row, Style::Header, cellText(table.headers.at(c)));
        xml.writeEndElement();
    }
    const QString empty;
    for (qsizetype r = 0; r < table.rows.size(); ++r) {
        const QStringList& cells = table.rows.at(r);
        const QString row = QString::number(kHeaderRow + 1 + r);
        xml.writeStartElement(u"row"_s);
        xml.writeAttribute(u"r"_s, row);
        for (qsizetype c = 0; c < width; ++c)
            writeDataCell(xml, columns.at(c) + row, c < cells.size() ? cells.at(c) : empty, isNumber.at(c));
        xml.writeEndElement();
        if (!part.flushIfFull())
            return; // the disk is full, say: no point in going on
    }
    xml.writeEndElement();

    // A one-column table has nothing to merge (Excel refuses a single-cell merge).
    if (width > 1) {
        startElement(xml, u"mergeCells"_s, {{u"count"_s, u"1"_s}});
        emptyElement(xml, u"mergeCell"_s,
                     {{u"ref"_s, u"A%1:%2%1"_s.arg(QString::number(kTitleRow), columns.last())}});
        xml.writeEndElement();
    }
    // Printing: landscape, one page wide.
    emptyElement(xml, u"pageMargins"_s,
                 {{u"left"_s, u"0.7"_s},
                  {u"right"_s, u"0.7"_s},
                  {u"top"_s, u"0.75"_s},
                  {u"bottom"_s, u"0.75"_s},
                  {u"header"_s, u"0.3"_s},
                  {u"footer"_s, u"0.3"_s}});
    emptyElement(xml, u"pageSetup"_s, {{u"orientation"_s, u"landscape"_s}, {u"fitToHeight"_s, u"0"_s}});
    xml.writeEndElement();
}

// ---- .xlsx: the file ----------------------------------------------------------------------------

// The temporary file next to the target; removed unless it was renamed into place.
class TemporaryPath
{
public:
    explicit TemporaryPath(QString path) : m_path(std::move(path)) {}
    TemporaryPath(const TemporaryPath&) = delete;
    TemporaryPath& operator=(const TemporaryPath&) = delete;
    ~TemporaryPath()
    {
        if (!m_path.isEmpty())
            QFile::remove(m_path);
    }
    const QString& path() const { return m_path; }
    void release() { m_path.clear(); }

private:
    QString m_path;
};

// Creates an empty file with a fresh name in the target's directory (same file system, so the final
// rename is atomic). Its permissions follow the umask, as QSaveFile's do.
Result<QString> createTemporaryFile(const QString& target)
{
    const QFileInfo info(target);
    const QString directory = info.absolutePath();
    QString lastError;
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QString candidate = u"%1/.%2.%3.tmp"_s.arg(directory, info.fileName())
                                      .arg(QRandomGenerator::global()->generate64(), 16, 16, QChar(u'0'));
        QFile file(candidate);
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return candidate;
        lastError = file.errorString();
        if (file.exists())
            continue; // name taken: try another
        break;
    }
    return fail(ErrorCode::Io, u"无法写入文件 %1：%2"_s.arg(shownPath(target), lastError));
}

bool syncToDisk(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return ::fsync(file.handle()) == 0;
}

// Writes the package to `zipPath`; `path` (the target) names the file in messages.
Status writePackage(const QString& zipPath, const QString& path, const TemplateTable& table)
{
    XlsxPackageWriter package(zipPath);
    const bool written =
        package.open() && package.writeWorkbookParts(sanitizedSheetName(table), kHeaderRow) &&
        package.writePart(u"xl/styles.xml"_s, [](XlsxPart& part) { writeStyles(part.xml()); }) &&
        package.writePart(u"xl/worksheets/sheet1.xml"_s,
                          [&](XlsxPart& part) { writeWorksheet(part, table); }) &&
        package.close();
    if (written)
        return {};
    if (package.tooLarge())
        return fail(ErrorCode::InvalidInput, u"写入 Excel 文件 %1 失败：%2，请改为导出 .csv"_s.arg(
                                                 shownPath(path), package.errorString()));
    return fail(ErrorCode::Io, u"写入 Excel 文件 %1 失败：%2"_s.arg(shownPath(path), package.errorString()));
}

Status writeXlsx(const QString& path, const TemplateTable& table)
{
    if (Status checked = checkXlsxLimits(path, table); !checked)
        return checked;
    if (QFileInfo(path).isDir())
        return fail(ErrorCode::Io, u"无法写入文件 %1：这是一个文件夹"_s.arg(shownPath(path)));

    Result<QString> created = createTemporaryFile(path);
    if (!created)
        return fail(created.error());
    TemporaryPath temporary(*created);
    if (Status written = writePackage(temporary.path(), path, table); !written)
        return written; // the package writer has closed the file; `temporary` removes it

    if (!syncToDisk(temporary.path()))
        return fail(ErrorCode::Io, u"写入文件 %1 失败：无法写入磁盘"_s.arg(shownPath(path)));
    if (QFileInfo::exists(path)) // as QSaveFile does: keep the permissions of the file replaced
        QFile::setPermissions(temporary.path(), QFile::permissions(path));
    FaultPoint::hit("spreadsheet.table-writer.before-rename");
    const QByteArray from = QFile::encodeName(temporary.path());
    if (std::rename(from.constData(), QFile::encodeName(path).constData()) != 0)
        return fail(ErrorCode::Io, u"无法写入文件 %1：%2"_s.arg(
                                       shownPath(path), QString::fromLocal8Bit(std::strerror(errno))));
    temporary.release();
    return {};
}

} // namespace

Status TableWriter::write(const QString& path, const TemplateTable& table)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != u"xlsx"_s && suffix != u"csv"_s)
        return fail(ErrorCode::Usage, u"只能导出 .xlsx 或 .csv 文件：%1"_s.arg(shownPath(path)));
    if (Status checked = checkTable(path, table); !checked)
        return checked;
    return suffix == u"xlsx"_s ? writeXlsx(path, table) : CsvTableWriter::write(path, table);
}

} // namespace kjzy
