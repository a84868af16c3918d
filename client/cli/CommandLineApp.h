#pragma once

#include <QStringList>

namespace kjzy::cli {

// Dispatches `kjzy [--db PATH] COMMAND [VERB] [options]` to the command classes.
class CommandLineApp
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kjzy::cli
