#pragma once

#include "CommandContext.h"

namespace kjzy::cli {

// kjzy enroll --server URL --code CODE: register this device with the server.
class EnrollCommand
{
public:
    static int run(const CommandContext& context);
};

// kjzy sync [--server URL] [--timeout SECONDS]: push pending change sets in resumable chunks, then
// pull, retrying until the deadline; exit 3 when the link stays down, 1 when changes were rejected.
class SyncCommand
{
public:
    static int run(const CommandContext& context);
};

} // namespace kjzy::cli
