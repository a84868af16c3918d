#pragma once

#include "core/Error.h"

#include <QStringList>

namespace kjzy {

// A table in the layout of the notice's templates: a marker line (附件1/附件2), a title row, the
// header row, then data rows. Every data cell is written as text (ID numbers and phones must never
// become numbers), except the columns listed in `numberColumns` (序号).
struct TemplateTable
{
    QString sheetName; // e.g. 科技志愿者集体注册信息表
    QString marker;    // 附件2
    QString title;     // 科技志愿者集体注册信息表
    QStringList headers;
    QList<QStringList> rows;
    QList<int> numberColumns; // 0-based
};

// Writes a TemplateTable as .xlsx (zipped by QuaZip) or .csv (UTF-8 with BOM, so Excel shows the
// Chinese text), chosen by the file extension. ErrorCode::Usage for another extension, Io when the
// file cannot be written.
class TableWriter
{
public:
    static Status write(const QString& path, const TemplateTable& table);
};

} // namespace kjzy
