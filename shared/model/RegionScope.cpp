#include "RegionScope.h"

#include "reference/RegionTable.h"

namespace kjzy {

namespace {

QString mostSpecific(const QString& province, const QString& city, const QString& county)
{
    if (!county.isEmpty())
        return county;
    return city.isEmpty() ? province : city;
}

} // namespace

bool RegionScope::covers(const QString& province, const QString& city, const QString& county) const
{
    return RegionTable::henan().contains(m_code, mostSpecific(province, city, county));
}

Status RegionScope::check(const QString& what, const QString& province, const QString& city,
                          const QString& county) const
{
    if (covers(province, city, county))
        return {};
    const RegionTable& table = RegionTable::henan();
    const QString region = mostSpecific(province, city, county);
    return fail(
        ErrorCode::OutOfScope,
        QStringLiteral("%1所在区域“%2”（%3）不在本设备的管理范围“%4”（%5）内，无法保存；"
                       "请交由该地区的工作人员登记")
            .arg(what, table.displayName(region, true), region, table.displayName(m_code, true), m_code));
}

} // namespace kjzy
