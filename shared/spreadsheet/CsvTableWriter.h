#pragma once

#include "TableWriter.h"

namespace kjzy {

// The .csv side of TableWriter: UTF-8 with a BOM (so Excel reads the Chinese text), the marker and
// title as one-cell lines, the header, the rows; CRLF; written atomically with QSaveFile.
class CsvTableWriter
{
public:
    static Status write(const QString& path, const TemplateTable& table);
};

} // namespace kjzy
