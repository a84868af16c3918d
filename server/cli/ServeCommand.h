#pragma once

#include "ServerCommandContext.h"

namespace kjzy::server_cli {

// kjzy-server serve --listen HOST:PORT: the sync API until the process is stopped.
class ServeCommand
{
public:
    static int run(const ServerCommandContext& context);
};

} // namespace kjzy::server_cli
