#pragma once

#include "SheetData.h"
#include "core/Error.h"

namespace kjzy {

// Reads a CSV file as one sheet: UTF-8 (with or without BOM) or GB18030 (what Chinese Excel
// saves), detected from the bytes; comma, semicolon or tab separated (detected from the first
// lines). Every cell is Text. A file over `maxBytes` is refused.
class CsvSheetReader
{
public:
    static Result<SheetData> read(const QString& path, qint64 maxBytes = 256LL * 1024 * 1024);
    // The decoding step alone: UTF-8 when the bytes are valid UTF-8 (BOM stripped), else GB18030.
    static QString decode(const QByteArray& bytes, QString* encodingName = nullptr);
};

} // namespace kjzy
