#pragma once

#include "model/RecordJson.h"
#include "model/TargetProgress.h"
#include "model/Team.h"
#include "model/Volunteer.h"
#include "store/RegistryStore.h"

#include <QJsonObject>

namespace kjzy {

// Reading the master registry: the live records as the client's model types (so both programs
// print the same JSON and the same national tables), the report against the targets and the
// conflict log. Read-only; callers audit what they reveal or export.
class RegistryQueries
{
public:
    explicit RegistryQueries(RegistryStore& store) : m_store(store) {}

    // Live volunteers whose region lies inside `regionCode` (empty: the whole registry), each with
    // the ids of its live memberships in `teams`; ordered like the client's list (county, name, id).
    // InvalidInput for a code that is not a Henan province, city, county or zone code.
    Result<QList<Volunteer>> volunteers(const QString& regionCode = {});
    // Live teams inside `regionCode`, with the naming advice derived afresh; ordered like the
    // client's list (province, city, county, name, id).
    Result<QList<Team>> teams(const QString& regionCode = {});
    // The province, each city, then each city's counties and zones, against the targets.
    Result<QList<RegionProgress>> report();
    // The conflict log, oldest first.
    Result<QList<ConflictRecord>> conflicts();

    // One conflict as CLI.md's `conflicts --json` element: kept and lost are the JSON values, with
    // mobile, id_number and admin_mobile masked unless `personal` is Revealed.
    static QJsonObject conflictJson(const ConflictRecord& conflict, PersonalData personal);

private:
    Result<QString> regionPrefix(const QString& regionCode) const;

    RegistryStore& m_store;
};

} // namespace kjzy
