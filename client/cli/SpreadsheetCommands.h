#pragma once

#include "CommandContext.h"

namespace kjzy::cli {

// kjzy import FILE [--team ID] [--rejects OUT.csv] [--dry-run] [--json]
class ImportCommand
{
public:
    static int run(const CommandContext& context);
};

// kjzy export organizations|volunteers --out FILE.xlsx|.csv [--region CODE] [--team ID]
class ExportCommand
{
public:
    static int run(const QString& what, const CommandContext& context);
};

// kjzy stats [--json]
class StatsCommand
{
public:
    static int run(const CommandContext& context);
};

} // namespace kjzy::cli
