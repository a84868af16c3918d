#pragma once

#include "core/Error.h"
#include "model/RegistrationTemplate.h"
#include "spreadsheet/SheetData.h"

#include <QHash>

namespace kjzy {

struct LocatedHeader
{
    qsizetype sheet = 0;         // index into the workbook's sheets
    qsizetype row = 0;           // 0-based row of the header
    TemplateKind kind = TemplateKind::Volunteers;
    QHash<QString, int> columns; // field -> 0-based column
    QHash<QString, QString> headerTexts; // field -> the header text as the file spells it
};

// Finds the 附件1/附件2 header row: every sheet, the first 20 rows, columns matched by header text
// with whitespace, line breaks and quotes ignored, in any order, extra columns ignored.
class HeaderLocator
{
public:
    static constexpr int kSearchRows = 20;
    static Result<LocatedHeader> locate(const QList<SheetData>& sheets, const QString& fileName);
};

QString columnLetter(int column); // 0 -> A, 26 -> AA

} // namespace kjzy
