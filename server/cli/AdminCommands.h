#pragma once

#include "ServerCommandContext.h"

namespace kjzy::server_cli {

// Setting the server up and managing devices: init, enroll-code, devices, revoke.
class AdminCommands
{
public:
    static int init(const ServerCommandContext& context);
    static int enrollCode(const ServerCommandContext& context);
    static int devices(const ServerCommandContext& context);
    static int revoke(const ServerCommandContext& context);
};

} // namespace kjzy::server_cli
