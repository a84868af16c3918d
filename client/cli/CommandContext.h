#pragma once

#include "cli/Console.h"
#include "store/ClientDatabase.h"

#include <QCommandLineParser>

#include <memory>

namespace kjzy::cli {

// What every command gets: the console, its arguments (after the command words), and access to
// the local database named by the global --db option.
struct CommandContext
{
    Console& console;
    QStringList arguments; // program name first, as QCommandLineParser expects
    QString databasePath;

    // Opens an existing database; a missing file is refused rather than created (only `init`
    // creates), so a mistyped --db path leaves nothing behind.
    Result<std::unique_ptr<ClientDatabase>> openDatabase() const;
    Result<std::unique_ptr<ClientDatabase>> createOrOpenDatabase() const;
    // openDatabase() for commands that need a region scope: refused until `kjzy init`.
    Result<std::unique_ptr<ClientDatabase>> openInitializedDatabase() const;
    // Parses `arguments` with `parser` (adding --db and --help); false with the exit code set on
    // a usage error or after printing help.
    bool parse(QCommandLineParser& parser, int& exitCode) const;
    // The positional arguments of an add (none) or an edit (exactly one: the record's id, `idName`
    // such as "队伍编号"); false with the usage printed and the exit code set otherwise.
    bool checkRecordId(const QCommandLineParser& parser, bool add, const QString& idName,
                       int& exitCode) const;
};

QString defaultDatabasePath();
// Today's date on this machine: the bound for birth and founding dates.
QDate localToday();

} // namespace kjzy::cli
