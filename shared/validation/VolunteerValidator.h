#pragma once

#include "ValidationIssue.h"
#include "model/Volunteer.h"

#include <QDate>

namespace kjzy {

// Validates and canonicalises one volunteer, returning every issue at once.
// Required: name, mobile, id_number, county (city and province follow from it). Gender may be
// empty (then read from the ID number) but must not contradict it. Other fields may be empty.
class VolunteerValidator
{
public:
    static Validated<Volunteer> validate(const VolunteerInput& input, QDate today);
};

} // namespace kjzy
