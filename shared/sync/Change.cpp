#include "Change.h"

namespace kjzy::entity {

bool isKnown(const QString& name)
{
    return name == kVolunteer || name == kTeam || name == kMembership;
}

} // namespace kjzy::entity
