#pragma once

#include "reference/Region.h"

#include <QHash>
#include <QList>

namespace kjzy {

// One region's registered volunteers against the campaign's target (county 1,000, city 10,000,
// province 250,000; functional zones have none and count toward their city).
struct RegionProgress
{
    QString code;
    QString name;
    RegionLevel level = RegionLevel::County;
    int volunteers = 0;
    int target = 0;

    double percent() const { return target > 0 ? 100.0 * volunteers / target : 0.0; }
    int missing() const { return target > volunteers ? target - volunteers : 0; }
};

class TargetProgress
{
public:
    // `countsByCounty`: live volunteers per county-position code (a county, zone or 419001).
    // Rows for the scope: a county alone; a city then each of its counties and zones; the province
    // then each city followed by its counties. Regions with no volunteers are listed too: they are
    // the ones a coordinator must chase.
    static QList<RegionProgress> forScope(const QString& scope, const QHash<QString, int>& countsByCounty);
};

} // namespace kjzy
