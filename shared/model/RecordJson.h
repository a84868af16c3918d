#pragma once

#include "Team.h"
#include "Volunteer.h"

#include <QJsonObject>

namespace kjzy {

enum class PersonalData
{
    Masked,
    Revealed
};

// The JSON shapes of CLI.md (`volunteer list --json`, `team list --json`), shared by both programs.
class RecordJson
{
public:
    static QJsonObject volunteer(const Volunteer& volunteer, PersonalData personal);
    static QJsonObject team(const Team& team);
};

} // namespace kjzy
