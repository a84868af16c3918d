#pragma once

#include "cli/Console.h"
#include "service/ServerData.h"

#include <QStringList>

namespace kjzy::server_cli {

// What every kjzy-server command gets: the console, its own arguments (program name first, for
// QCommandLineParser) and the data directory given with --data.
struct ServerCommandContext
{
    cli::Console& console;
    QStringList arguments;
    QString dataDirectory;

    Result<std::unique_ptr<ServerData>> openData() const { return ServerData::open(dataDirectory); }
};

} // namespace kjzy::server_cli
