#pragma once

#include "TeamNameAdvisor.h"
#include "ValidationIssue.h"
#include "model/Team.h"

#include <QDate>

namespace kjzy {

// Validates one team. Required: name, admin_mobile and a region inside Henan (a county, or a city,
// or the province for province-level teams). A name that breaks the naming standard is not an
// error: the team is kept and `nameIssues` carries the advice.
class TeamValidator
{
public:
    static Validated<Team> validate(const TeamInput& input, QDate today);
};

} // namespace kjzy
