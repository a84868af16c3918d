#pragma once

#include "Console.h"
#include "model/TargetProgress.h"

namespace kjzy::cli {

// Progress against the targets as both programs print it (`kjzy stats`, `kjzy-server report`):
// CLI.md's JSON {"regions": [{code, name, level, volunteers, target, percent, missing}]} or a table
// with a bar per region, counties indented under their city.
class ProgressReport
{
public:
    static void print(Console& console, const QList<RegionProgress>& rows, bool json);
};

} // namespace kjzy::cli
