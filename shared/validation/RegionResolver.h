#pragma once

#include "ValidationIssue.h"
#include "reference/RegionTable.h"

namespace kjzy {

struct ResolvedRegion
{
    QString province; // 410000
    QString city;     // empty when only the province was given and allowed
    QString county;   // empty when a county was not required and not given
};

// 所在区域省/市/县 given as names (the forms' drop-downs) or 6-digit codes. A county must lie in
// the given city, the city in Henan. 济源市 (419001) has no counties: it stands in both positions.
class RegionResolver
{
public:
    enum class Require
    {
        County,
        City,
        Province
    };

    static Validated<ResolvedRegion> resolve(const QString& province, const QString& city,
                                             const QString& county, Require require,
                                             const RegionTable& table = RegionTable::henan());
};

} // namespace kjzy
