#include "TargetProgress.h"

#include "reference/RegionTable.h"

namespace kjzy {

namespace {

RegionProgress row(const Region& region, int volunteers)
{
    return RegionProgress{region.code, region.name, region.level, volunteers, region.target()};
}

} // namespace

QList<RegionProgress> TargetProgress::forScope(const QString& scope, const QHash<QString, int>& countsByCounty)
{
    const RegionTable& table = RegionTable::henan();
    // Roll the county counts up the hierarchy once.
    QHash<QString, int> totals;
    for (auto it = countsByCounty.cbegin(); it != countsByCounty.cend(); ++it) {
        const Region* region = table.find(it.key());
        while (region) {
            totals[region->code] += it.value();
            region = region->parentCode.isEmpty() ? nullptr : table.find(region->parentCode);
        }
    }
    QList<RegionProgress> rows;
    const Region* top = table.find(scope);
    if (!top)
        return rows;
    auto addWithChildren = [&](const Region& region) {
        rows << row(region, totals.value(region.code));
        for (const Region* child : table.childrenOf(region.code))
            rows << row(*child, totals.value(child->code));
    };
    switch (top->level) {
    case RegionLevel::Province:
        rows << row(*top, totals.value(top->code));
        for (const Region* city : table.childrenOf(top->code))
            addWithChildren(*city);
        break;
    case RegionLevel::City:
        addWithChildren(*top);
        break;
    case RegionLevel::County:
    case RegionLevel::Zone:
        rows << row(*top, totals.value(top->code));
        break;
    }
    return rows;
}

} // namespace kjzy
