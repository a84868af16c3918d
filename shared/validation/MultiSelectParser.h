#pragma once

#include "ValidationIssue.h"
#include "reference/ValueList.h"

#include <QStringList>

namespace kjzy {

// A multi-select cell (服务类别, 服务领域或行业) as real forms come back (shared fixtures README):
// - any option carrying a mark (☑ ■ √ ✓ ✔ ☒) → the marked options are chosen;
// - every template option still there, all unmarked (□) → nothing chosen;
// - otherwise the options present are chosen (unwanted ones deleted, or values typed and separated
//   by 、 ， , ； ; spaces or new lines).
// Unknown values are issues (rule list.unknown) naming the allowed values.
class MultiSelectParser
{
public:
    static FieldResult<QStringList> parse(const QString& raw, const ValueList& list);
};

} // namespace kjzy
