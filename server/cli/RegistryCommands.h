#pragma once

#include "ServerCommandContext.h"

namespace kjzy::server_cli {

// Reading the master registry: lists (same JSON as the client), the report against the targets,
// the national export tables (audited) and the conflict log.
class RegistryCommands
{
public:
    // `kjzy-server volunteer list --json [--reveal] [--region CODE]`, `kjzy-server team list --json`
    static int list(const QString& command, const QString& verb, const ServerCommandContext& context);
    static int report(const ServerCommandContext& context);
    static int exportTable(const QString& verb, const ServerCommandContext& context);
    static int conflicts(const ServerCommandContext& context);
};

} // namespace kjzy::server_cli
