#pragma once

#include "CommandContext.h"

namespace kjzy::cli {

// kjzy bundle export --out FILE · kjzy bundle import REPLY: carried bundles for places with no
// link at all (the server side is `kjzy-server import-bundle`).
class BundleCommand
{
public:
    static int run(const QString& verb, const CommandContext& context);

private:
    static int exportBundle(const CommandContext& context);
    static int importReply(const CommandContext& context);
};

} // namespace kjzy::cli
