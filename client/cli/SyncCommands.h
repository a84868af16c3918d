#pragma once

#include "CommandContext.h"

namespace kjzy::cli {

// kjzy enroll --server URL --code CODE: register this device with the server.
class EnrollCommand
{
public:
    static int run(const CommandContext& context);
};

// kjzy sync [--server URL]: push pending change sets, then pull; exit 3 when the link fails.
class SyncCommand
{
public:
    static int run(const CommandContext& context);
};

} // namespace kjzy::cli
