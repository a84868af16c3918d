#pragma once

#include <QStringList>

namespace kjzy::server_cli {

// Dispatches `kjzy-server [--data DIR] COMMAND [VERB] [options]` to the command classes.
class ServerCommandLine
{
public:
    static int run(const QStringList& arguments);
    static QString defaultDataDirectory();
};

} // namespace kjzy::server_cli
