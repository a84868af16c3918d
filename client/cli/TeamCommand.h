#pragma once

#include "CommandContext.h"

namespace kjzy::cli {

// kjzy team add|edit|remove|show|list
class TeamCommand
{
public:
    static int run(const QString& verb, const CommandContext& context);
};

} // namespace kjzy::cli
