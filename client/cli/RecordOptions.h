#pragma once

#include "model/Team.h"
#include "model/Volunteer.h"

#include <QCommandLineParser>

namespace kjzy::cli {

// One option per field, named after CLI.md's JSON keys with dashes (--id-number, --county …).
class RecordOptions
{
public:
    static void addVolunteerFields(QCommandLineParser& parser);
    static void addTeamFields(QCommandLineParser& parser);
    // Overwrites in `input` only the fields whose option was given (an empty value clears).
    static void applyVolunteerFields(const QCommandLineParser& parser, VolunteerInput& input);
    static void applyTeamFields(const QCommandLineParser& parser, TeamInput& input);
    static bool anyRegionGiven(const QCommandLineParser& parser);
    // Fills the region from the device's scope (its city or county) when none was given, so a
    // county clerk need not type the county each time. 济源市 stands for its own county too.
    template <typename Input> static void defaultRegionFromScope(const QString& scope, Input& input);
};

} // namespace kjzy::cli
