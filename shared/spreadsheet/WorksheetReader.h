#pragma once

#include "SheetData.h"
#include "XlsxReader.h"

namespace kjzy {

class NumberFormatTable;
class SharedStringTable;
class XmlPartReader;

// One worksheet part (<sheetData>) into a SheetData grid: cells placed by their reference or, when
// a row or cell has none, right after the previous one; only cells with a value are kept, the grid
// ends at the last row and column holding one and is padded with Empty cells.
class WorksheetReader
{
public:
    // `cellBudget` is what is left of limits.maxCells for the whole workbook; read() lowers it by
    // the size of this sheet's grid.
    WorksheetReader(const SharedStringTable& strings, const NumberFormatTable& formats, bool date1904,
                    const WorkbookLimits& limits, qint64* cellBudget);

    // Fills `sheet.rows`; `sheet.name` names the sheet in messages. false on an error (see the
    // reader's error()).
    bool read(XmlPartReader& part, SheetData& sheet);

private:
    enum class CellType
    {
        Number,
        SharedString,
        InlineString,
        FormulaString,
        Boolean,
        Error,
        IsoDate
    };

    bool readCell(XmlPartReader& part, int rowNumber, int* nextColumn);
    bool place(XmlPartReader& part, int row, int column, SheetCell&& cell);
    QString where(int row, int column) const;

    const SharedStringTable& m_strings;
    const NumberFormatTable& m_formats;
    bool m_date1904;
    const WorkbookLimits& m_limits;
    qint64* m_cellBudget;

    SheetData* m_sheet = nullptr;
    QString m_value;   // the current <v>, reused from cell to cell
    int m_lastRow = 0; // last row holding a value (1-based)
    int m_width = 0;   // last column holding a value (1-based)
};

} // namespace kjzy
