#include "RegionResolver.h"

#include "core/TextNormalizer.h"

namespace kjzy {

namespace {

const Region* lookup(const RegionTable& table, const QString& text)
{
    const bool isCode = text.size() == 6 && std::all_of(text.cbegin(), text.cend(),
                                                        [](QChar c) { return c >= u'0' && c <= u'9'; });
    return isCode ? table.find(text) : table.findByName(text);
}

ValidationIssue issue(const QString& field, const QString& value, const QString& rule, const QString& message)
{
    return ValidationIssue{field, value, rule, message, {}};
}

} // namespace

Validated<ResolvedRegion> RegionResolver::resolve(const QString& provinceText, const QString& cityText,
                                                  const QString& countyText, Require require,
                                                  const RegionTable& table)
{
    Validated<ResolvedRegion> out;
    const QString provinceIn = TextNormalizer::lookupKey(provinceText);
    const QString cityIn = TextNormalizer::lookupKey(cityText);
    const QString countyIn = TextNormalizer::lookupKey(countyText);
    const Region& province = table.province();

    if (!provinceIn.isEmpty()) {
        const Region* p = lookup(table, provinceIn);
        if (!p || p->level != RegionLevel::Province) {
            out.issues << issue(QStringLiteral("province"), provinceIn, QStringLiteral("region.province"),
                                QStringLiteral("所在区域省只能是%1").arg(province.name));
        }
    }
    out.value.province = province.code;

    const Region* city = nullptr;
    if (!cityIn.isEmpty()) {
        city = lookup(table, cityIn);
        if (!city || city->level != RegionLevel::City) {
            out.issues << issue(QStringLiteral("city"), cityIn, QStringLiteral("region.unknown_city"),
                                QStringLiteral("不是河南省的省辖市（含济源示范区），请从下拉列表中选择"));
            city = nullptr;
        }
    }

    const Region* county = nullptr;
    if (!countyIn.isEmpty()) {
        county = lookup(table, countyIn);
        // 济源市 is both the city and the county-level unit (it has no counties below it).
        const bool jiyuan = county && county->code == u"419001";
        if (!jiyuan &&
            (!county || (county->level != RegionLevel::County && county->level != RegionLevel::Zone))) {
            out.issues << issue(QStringLiteral("county"), countyIn, QStringLiteral("region.unknown_county"),
                                QStringLiteral("不是河南省的县（市、区），请从下拉列表中选择"));
            county = nullptr;
        }
    } else if (city && city->code == u"419001") {
        county = city;
    }

    if (county && city) {
        const QString countyCity = county->level == RegionLevel::City ? county->code : county->parentCode;
        if (countyCity != city->code) {
            const Region* actual = table.find(countyCity);
            out.issues << issue(QStringLiteral("county"), county->name,
                                QStringLiteral("region.county_not_in_city"),
                                QStringLiteral("%1不属于%2（它属于%3），请核对所在区域市和县")
                                    .arg(county->name, city->name, actual ? actual->name : countyCity));
        }
    }
    if (county && !city && cityIn.isEmpty())
        city = county->level == RegionLevel::City ? county : table.find(county->parentCode);

    const bool cityBad = !cityIn.isEmpty() && !city;
    const bool countyBad = !countyIn.isEmpty() && !county;
    if (require == Require::County && !county && !countyBad) {
        out.issues << issue(QStringLiteral("county"), QString(), QStringLiteral("region.county_required"),
                            QStringLiteral("所在区域县不能为空，请选择县（市、区）"));
    } else if (require == Require::City && !city && !cityBad && !county && !countyBad) {
        out.issues << issue(QStringLiteral("city"), QString(), QStringLiteral("region.city_required"),
                            QStringLiteral("所在区域市不能为空，请选择省辖市"));
    }
    if (city)
        out.value.city = city->code;
    if (county)
        out.value.county = county->code;
    return out;
}

} // namespace kjzy
