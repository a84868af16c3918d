#pragma once

#include "FieldMap.h"
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

    // The fields that sync: the JSON above with full values, without the id (it travels beside
    // them), a volunteer's teams (memberships sync as their own records) and a team's derived
    // name advice.
    static FieldMap volunteerFields(const Volunteer& volunteer);
    static FieldMap teamFields(const Team& team);
    // The inverse of the *Fields() functions: a record from synced fields. Keys that are missing
    // stay empty; nothing is validated here (the validators do that).
    static Volunteer toVolunteer(const QString& id, const FieldMap& fields);
    static Team toTeam(const QString& id, const FieldMap& fields);
};

} // namespace kjzy
