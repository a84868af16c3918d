#pragma once

#include "ValidationIssue.h"
#include "reference/ValueList.h"

namespace kjzy {

// A single drop-down value: the canonical value or a listed alias; anything else is an issue
// (rule list.unknown) that lists the allowed values. Empty input yields an empty value.
class ListValueParser
{
public:
    static FieldResult<QString> parse(const QString& raw, const ValueList& list);
};

} // namespace kjzy
