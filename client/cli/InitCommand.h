#pragma once

#include "CommandContext.h"

namespace kjzy::cli {

// kjzy init --region CODE: create the local database for a region scope.
class InitCommand
{
public:
    static int run(const CommandContext& context);
};

// kjzy status [--json]: pending and rejected changes, last sync, identity.
class StatusCommand
{
public:
    static int run(const CommandContext& context);
};

} // namespace kjzy::cli
