#pragma once

#include "CommandContext.h"

namespace kjzy::cli {

// kjzy volunteer add|edit|remove|show|list
class VolunteerCommand
{
public:
    static int run(const QString& verb, const CommandContext& context);
};

} // namespace kjzy::cli
