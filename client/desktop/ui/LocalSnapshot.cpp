#include "LocalSnapshot.h"

#include "clock/Clock.h"
#include "store/ClientDatabase.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"

namespace kjzy::desktop {

Result<LocalSnapshot> LocalSnapshot::load(const QString& databasePath)
{
    auto database = ClientDatabase::open(databasePath);
    if (!database)
        return fail(database.error());
    LocalSnapshot snapshot;
    auto region = (*database)->region();
    if (!region)
        return fail(region.error());
    snapshot.region = *region;
    TeamStore teams(**database, SystemClock::instance());
    auto teamList = teams.list();
    if (!teamList)
        return fail(teamList.error());
    snapshot.teams = std::move(*teamList);
    VolunteerStore volunteers(**database, SystemClock::instance());
    auto volunteerList = volunteers.list();
    if (!volunteerList)
        return fail(volunteerList.error());
    snapshot.volunteers = std::move(*volunteerList);
    return snapshot;
}

} // namespace kjzy::desktop
