#pragma once

#include "SheetData.h"
#include "core/Error.h"

namespace kjzy {

// Caps that keep a hostile or broken workbook from exhausting a township laptop. A file over any
// of them is refused whole with an error naming the file and the limit.
struct WorkbookLimits
{
    qint64 maxInflatedBytes = 256LL * 1024 * 1024; // all entries read, counted while inflating
    int maxEntries = 10'000;                       // zip entries
    int maxSharedStrings = 2'000'000;
    int maxCellChars = 32'767; // Excel's own cell limit
    int maxRows = 1'048'576;
    int maxColumns = 16'384;
    // Rows × columns of the padded grids of all sheets together (each cell costs memory even when
    // empty): two far-apart cells in a few hundred bytes of XML must not demand gigabytes.
    qint64 maxCells = 10'000'000;
};

// Reads every worksheet of an .xlsx file (QuaZip + QXmlStreamReader): shared strings including
// rich-text runs, inline strings, numbers, booleans, dates by their number format, errors. Any DTD
// is refused (OOXML never needs one). Errors: ErrorCode::InvalidInput for a file that is not a
// readable workbook or breaks a limit, ErrorCode::Io when it cannot be opened.
class XlsxReader
{
public:
    static Result<QList<SheetData>> read(const QString& path, const WorkbookLimits& limits = {});
};

} // namespace kjzy
