#include "WorksheetReader.h"

#include "CellValueFormat.h"
#include "NumberFormatTable.h"
#include "SharedStringTable.h"
#include "XmlPartReader.h"
#include "ZipPackage.h"

#include <QDateTime>

#include <limits>

namespace kjzy {

namespace {

// A t="d" cell (ISO 8601 text) as the same ISO form the date-formatted numbers get, with its serial.
bool isoDateCell(QStringView value, SheetCell* cell)
{
    const QString text = value.trimmed().toString();
    QDateTime dateTime = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dateTime.isValid()) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (!date.isValid())
            return false;
        dateTime = QDateTime(date, QTime(0, 0));
    }
    const QDate date = dateTime.date();
    const QTime time = dateTime.time();
    cell->kind = SheetCell::Kind::Date;
    cell->text = time == QTime(0, 0) ? date.toString(Qt::ISODate)
                                     : date.toString(Qt::ISODate) + u'T' + time.toString(Qt::ISODate);
    cell->number = double(QDate(1899, 12, 30).daysTo(date)) + time.msecsSinceStartOfDay() / 86'400'000.0;
    return true;
}

} // namespace

WorksheetReader::WorksheetReader(const SharedStringTable& strings, const NumberFormatTable& formats,
                                 bool date1904, const WorkbookLimits& limits, qint64* cellBudget)
    : m_strings(strings), m_formats(formats), m_date1904(date1904), m_limits(limits), m_cellBudget(cellBudget)
{}

QString WorksheetReader::where(int row, int column) const
{
    return CellValueFormat::referenceName(row, column);
}

bool WorksheetReader::read(XmlPartReader& part, SheetData& sheet)
{
    m_sheet = &sheet;
    m_lastRow = 0;
    m_width = 0;
    QXmlStreamReader& xml = part.xml();
    bool inSheetData = false;
    bool sheetDataDone = false;
    int rowNumber = 0;
    int nextColumn = 1;
    while (!sheetDataDone) {
        const QXmlStreamReader::TokenType token = part.next();
        if (token == QXmlStreamReader::Invalid)
            return false;
        if (token == QXmlStreamReader::EndDocument)
            break;
        if (token == QXmlStreamReader::EndElement) {
            if (inSheetData && XmlPartReader::is(xml.name(), u"sheetData"))
                sheetDataDone = true;
            continue;
        }
        if (token != QXmlStreamReader::StartElement)
            continue;
        const QStringView name = xml.name();
        if (!inSheetData) {
            if (XmlPartReader::is(name, u"sheetData"))
                inSheetData = true;
            continue;
        }
        if (XmlPartReader::is(name, u"c")) {
            if (rowNumber == 0)
                rowNumber = 1; // a cell outside any <row>: treat as the first row
            if (!readCell(part, rowNumber, &nextColumn))
                return false;
        } else if (XmlPartReader::is(name, u"row")) {
            const QXmlStreamAttributes attributes = xml.attributes();
            const QStringView r = attributes.value(QStringLiteral("r"));
            if (r.isEmpty()) {
                ++rowNumber;
            } else {
                qint64 number = 0;
                if (!CellValueFormat::parseIndex(r, &number) || number < 1 ||
                    number > CellValueFormat::kMaxExcelRows) {
                    part.fail(QStringLiteral("文件 %1 工作表“%2”中有无效的行号“%3”")
                                  .arg(part.package().label(), sheet.name, r.toString()));
                    return false;
                }
                rowNumber = int(number);
            }
            if (rowNumber > CellValueFormat::kMaxExcelRows) {
                part.fail(QStringLiteral("文件 %1 工作表“%2”的行数超出 xlsx 格式的范围")
                              .arg(part.package().label(), sheet.name));
                return false;
            }
            nextColumn = 1;
        } else if (!part.skipElement()) {
            return false;
        }
    }
    if (!part.finish())
        return false;

    QList<QList<SheetCell>>& rows = sheet.rows;
    rows.resize(m_lastRow);
    for (QList<SheetCell>& row : rows)
        row.resize(m_width);
    *m_cellBudget -= qint64(m_lastRow) * m_width;
    return true;
}

bool WorksheetReader::readCell(XmlPartReader& part, int rowNumber, int* nextColumn)
{
    QXmlStreamReader& xml = part.xml();
    int row = rowNumber;
    int column = *nextColumn;
    CellType type = CellType::Number;
    int style = -1;
    {
        const QXmlStreamAttributes attributes = xml.attributes();
        for (const QXmlStreamAttribute& attribute : attributes) {
            const QStringView name = attribute.name();
            const QStringView value = attribute.value();
            if (XmlPartReader::is(name, u"r")) {
                if (!CellValueFormat::parseReference(value, &row, &column)) {
                    part.fail(QStringLiteral("文件 %1 工作表“%2”中有无效的单元格位置“%3”")
                                  .arg(part.package().label(), m_sheet->name, value.toString()));
                    return false;
                }
            } else if (XmlPartReader::is(name, u"t")) {
                if (XmlPartReader::is(value, u"s"))
                    type = CellType::SharedString;
                else if (XmlPartReader::is(value, u"inlineStr"))
                    type = CellType::InlineString;
                else if (XmlPartReader::is(value, u"str"))
                    type = CellType::FormulaString;
                else if (XmlPartReader::is(value, u"b"))
                    type = CellType::Boolean;
                else if (XmlPartReader::is(value, u"e"))
                    type = CellType::Error;
                else if (XmlPartReader::is(value, u"d"))
                    type = CellType::IsoDate;
            } else if (XmlPartReader::is(name, u"s")) {
                qint64 index = -1;
                if (CellValueFormat::parseIndex(value, &index) && index <= std::numeric_limits<int>::max())
                    style = int(index);
            }
        }
    }
    if (column > CellValueFormat::kMaxExcelColumns) {
        part.fail(QStringLiteral("文件 %1 工作表“%2”第 %3 行的列数超出 xlsx 格式的范围")
                      .arg(part.package().label(), m_sheet->name)
                      .arg(row));
        return false;
    }
    *nextColumn = column + 1;

    const qsizetype maxChars = m_limits.maxCellChars;
    m_value.resize(0);
    bool hasValue = false;
    QString inlineText;
    bool hasInline = false;
    while (true) {
        const QXmlStreamReader::TokenType token = part.next();
        if (token == QXmlStreamReader::StartElement) {
            const QStringView name = xml.name();
            if (XmlPartReader::is(name, u"v")) {
                hasValue = true;
                if (!part.appendText(m_value, maxChars))
                    return false;
            } else if (XmlPartReader::is(name, u"is")) {
                hasInline = true;
                if (!part.readStringItem(inlineText, maxChars))
                    return false;
            } else if (!part.skipElement()) { // <f>, <extLst>
                return false;
            }
        } else if (token == QXmlStreamReader::EndElement) {
            break;
        } else if (token == QXmlStreamReader::Invalid || token == QXmlStreamReader::EndDocument) {
            return false;
        }
    }

    const auto tooLong = [&] {
        part.fail(QStringLiteral("文件 %1 工作表“%2”的单元格 %3 超过 %4 个字符的上限，已拒绝")
                      .arg(part.package().label(), m_sheet->name, where(row, column))
                      .arg(m_limits.maxCellChars));
        return false;
    };
    if (m_value.size() > maxChars || inlineText.size() > maxChars)
        return tooLong();

    SheetCell cell;
    switch (type) {
    case CellType::SharedString: {
        if (!hasValue)
            return true;
        qint64 index = -1;
        if (!CellValueFormat::parseIndex(m_value, &index) || index >= m_strings.size()) {
            part.fail(QStringLiteral("文件 %1 工作表“%2”的单元格 %3 引用了不存在的共享字符串（%4）")
                          .arg(part.package().label(), m_sheet->name, where(row, column), m_value));
            return false;
        }
        cell.kind = SheetCell::Kind::Text;
        cell.text = m_strings.at(index);
        break;
    }
    case CellType::InlineString:
        cell.kind = SheetCell::Kind::Text;
        if (hasInline) {
            cell.text = std::move(inlineText);
        } else {
            cell.text = m_value;
            CellValueFormat::decodeEscapes(cell.text);
        }
        break;
    case CellType::FormulaString:
        cell.kind = SheetCell::Kind::Text;
        cell.text = m_value;
        CellValueFormat::decodeEscapes(cell.text);
        break;
    case CellType::Boolean: {
        if (!hasValue || m_value.isEmpty())
            return true;
        const QStringView v = QStringView(m_value).trimmed();
        const bool value = v == u"1" || v.compare(u"true", Qt::CaseInsensitive) == 0;
        cell.kind = SheetCell::Kind::Boolean;
        cell.text = value ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
        cell.number = value ? 1 : 0;
        break;
    }
    case CellType::Error:
        if (!hasValue || m_value.isEmpty())
            return true;
        cell.kind = SheetCell::Kind::Error;
        cell.text = m_value;
        break;
    case CellType::IsoDate:
        if (!hasValue || m_value.isEmpty())
            return true;
        if (!isoDateCell(m_value, &cell)) {
            cell.kind = SheetCell::Kind::Text;
            cell.text = m_value;
        }
        break;
    case CellType::Number: {
        if (!hasValue)
            return true;
        const QStringView v = QStringView(m_value).trimmed();
        if (v.isEmpty())
            return true;
        bool ok = false;
        const double number = v.toDouble(&ok);
        if (!ok || !std::isfinite(number)) {
            cell.kind = SheetCell::Kind::Text; // not a number after all: keep what the file says
            cell.text = v.toString();
            break;
        }
        cell.number = number;
        if (m_formats.isDateStyle(style) && CellValueFormat::serialToIso(number, m_date1904, &cell.text)) {
            cell.kind = SheetCell::Kind::Date;
        } else {
            cell.kind = SheetCell::Kind::Number;
            cell.text = CellValueFormat::numberText(number);
        }
        break;
    }
    }
    return place(part, row, column, std::move(cell));
}

bool WorksheetReader::place(XmlPartReader& part, int row, int column, SheetCell&& cell)
{
    if (cell.isEmpty())
        return true;
    const QString& file = part.package().label();
    if (row > m_limits.maxRows) {
        part.fail(QStringLiteral("文件 %1 工作表“%2”的数据超过 %3 行的上限，已拒绝")
                      .arg(file, m_sheet->name)
                      .arg(m_limits.maxRows));
        return false;
    }
    if (column > m_limits.maxColumns) {
        part.fail(QStringLiteral("文件 %1 工作表“%2”的数据超过 %3 列的上限，已拒绝")
                      .arg(file, m_sheet->name)
                      .arg(m_limits.maxColumns));
        return false;
    }
    if (row > m_lastRow || column > m_width) {
        const int lastRow = qMax(row, m_lastRow);
        const int width = qMax(column, m_width);
        if (qint64(lastRow) * width > *m_cellBudget) {
            part.fail(QStringLiteral("文件 %1 的工作表“%2”数据范围达到 %3 行 × %4 列，超过全部工作表共 %5 "
                                     "个单元格的上限，已拒绝")
                          .arg(file, m_sheet->name)
                          .arg(lastRow)
                          .arg(width)
                          .arg(m_limits.maxCells));
            return false;
        }
        m_lastRow = lastRow;
        m_width = width;
    }

    QList<QList<SheetCell>>& rows = m_sheet->rows;
    if (row > rows.size())
        rows.resize(row);
    QList<SheetCell>& cells = rows[row - 1];
    const qsizetype index = column - 1;
    if (index < cells.size()) {
        cells[index] = std::move(cell);
        return true;
    }
    if (cells.isEmpty())
        cells.reserve(m_width);
    if (index > cells.size())
        cells.resize(index);
    cells.append(std::move(cell));
    return true;
}

} // namespace kjzy
