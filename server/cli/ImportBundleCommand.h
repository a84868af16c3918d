#pragma once

#include "ServerCommandContext.h"

namespace kjzy::server_cli {

// kjzy-server import-bundle FILE --reply OUT: applies a device's carried bundle (no network) and
// writes the reply bundle to carry back. Exit 0 applied (rejected changes travel in the reply),
// 4 refused (tampered, truncated, unknown or revoked device, another device's change sets; nothing
// applied, the refusal is audited), 2 usage, 1 unreadable bundle or unwritable reply.
class ImportBundleCommand
{
public:
    static int run(const ServerCommandContext& context);
};

} // namespace kjzy::server_cli
