#include "Region.h"

namespace kjzy {

int Region::target() const
{
    // 豫科协发〔2021〕33号 二（一）: each county-level region 1,000, each 省辖市 (济源 included)
    // 10,000, the province 250,000. Functional zones have no target of their own.
    switch (level) {
    case RegionLevel::Province:
        return 250000;
    case RegionLevel::City:
        return 10000;
    case RegionLevel::County:
        return 1000;
    case RegionLevel::Zone:
        return 0;
    }
    return 0;
}

QString regionLevelName(RegionLevel level)
{
    switch (level) {
    case RegionLevel::Province:
        return QStringLiteral("province");
    case RegionLevel::City:
        return QStringLiteral("city");
    case RegionLevel::County:
        return QStringLiteral("county");
    case RegionLevel::Zone:
        return QStringLiteral("zone");
    }
    return {};
}

} // namespace kjzy
