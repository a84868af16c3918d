#pragma once

#include <QString>

namespace kjzy {

// Levels of Henan's administrative divisions as the registry uses them. `Zone` is one of the NBS
// functional zones (e.g. 410173 郑州航空港经济综合实验区): not a GB/T 2260 county, but units inside
// it register people, so it stands in the county position under its city (see README, "Regions").
enum class RegionLevel
{
    Province,
    City,
    County,
    Zone
};

struct Region
{
    QString code; // 6-digit GB/T 2260 (or NBS zone) code
    QString name; // e.g. 金水区
    RegionLevel level = RegionLevel::County;
    QString parentCode; // empty for the province

    // Regions that carry the campaign's target of registered volunteers.
    int target() const;
};

QString regionLevelName(RegionLevel level); // province | city | county | zone

} // namespace kjzy
