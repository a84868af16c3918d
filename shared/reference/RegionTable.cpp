#include "RegionTable.h"

#include "ResourceText.h"
#include "core/CsvParser.h"
#include "core/TextNormalizer.h"

#include <QHash>

namespace kjzy {

namespace {

QHash<QString, int> headerIndex(const QStringList& header)
{
    QHash<QString, int> index;
    for (int i = 0; i < header.size(); ++i)
        index.insert(header[i].trimmed(), i);
    return index;
}

QString cell(const QStringList& row, const QHash<QString, int>& index, const QString& column)
{
    const int i = index.value(column, -1);
    return (i >= 0 && i < row.size()) ? row[i].trimmed() : QString();
}

std::optional<RegionLevel> parseLevel(const QString& level)
{
    if (level == u"province")
        return RegionLevel::Province;
    if (level == u"city")
        return RegionLevel::City;
    if (level == u"county")
        return RegionLevel::County;
    return std::nullopt;
}

} // namespace

const RegionTable& RegionTable::henan()
{
    static const RegionTable table = [] {
        auto loaded = fromCsv(ResourceText::read(QStringLiteral("henan_regions.csv")),
                              ResourceText::read(QStringLiteral("henan_stat_zones.csv")),
                              ResourceText::read(QStringLiteral("henan_townships.csv")));
        // The data is compiled in and covered by tests; failing here is a broken build.
        Q_ASSERT_X(loaded.has_value(), "RegionTable::henan", "compiled-in region data is invalid");
        return loaded.value_or(RegionTable{});
    }();
    return table;
}

Result<RegionTable> RegionTable::fromCsv(QStringView regionsCsv, QStringView zonesCsv,
                                         QStringView townshipsCsv)
{
    RegionTable table;
    const auto regionRows = CsvParser::parse(regionsCsv);
    if (regionRows.isEmpty())
        return fail(ErrorCode::Internal, QStringLiteral("区划数据为空"));
    const auto ri = headerIndex(regionRows.first());
    for (qsizetype r = 1; r < regionRows.size(); ++r) {
        const auto& row = regionRows[r];
        const auto level = parseLevel(cell(row, ri, QStringLiteral("level")));
        if (!level)
            return fail(ErrorCode::Internal, QStringLiteral("区划数据第 %1 行级别无效").arg(r + 1));
        table.m_regions.append(Region{cell(row, ri, QStringLiteral("code")),
                                      cell(row, ri, QStringLiteral("name")), *level,
                                      cell(row, ri, QStringLiteral("parent_code"))});
    }
    const auto zoneRows = CsvParser::parse(zonesCsv);
    if (!zoneRows.isEmpty()) {
        const auto zi = headerIndex(zoneRows.first());
        for (qsizetype r = 1; r < zoneRows.size(); ++r) {
            const auto& row = zoneRows[r];
            table.m_regions.append(Region{cell(row, zi, QStringLiteral("code")),
                                          cell(row, zi, QStringLiteral("name")), RegionLevel::Zone,
                                          cell(row, zi, QStringLiteral("city_code"))});
        }
    }
    for (qsizetype i = 0; i < table.m_regions.size(); ++i) {
        const Region& region = table.m_regions[i];
        if (region.code.size() != 6)
            return fail(ErrorCode::Internal, QStringLiteral("区划代码无效：%1").arg(region.code));
        table.m_byCode.insert(region.code, i);
        table.m_byName.insert(TextNormalizer::lookupKey(region.name), i);
        if (!region.parentCode.isEmpty())
            table.m_children[region.parentCode].append(i);
    }
    // 济源 is 济源产城融合示范区 in the notice's wording ("济源示范区").
    if (const auto jiyuan = table.m_byCode.constFind(QStringLiteral("419001"));
        jiyuan != table.m_byCode.cend()) {
        table.m_byName.insert(QStringLiteral("济源示范区"), *jiyuan);
        table.m_byName.insert(QStringLiteral("济源产城融合示范区"), *jiyuan);
    }
    for (const auto& region : std::as_const(table.m_regions)) {
        if (!region.parentCode.isEmpty() && !table.m_byCode.contains(region.parentCode))
            return fail(ErrorCode::Internal,
                        QStringLiteral("区划 %1 的上级 %2 不存在").arg(region.code, region.parentCode));
    }

    const auto townshipRows = CsvParser::parse(townshipsCsv);
    if (!townshipRows.isEmpty()) {
        const auto ti = headerIndex(townshipRows.first());
        for (qsizetype r = 1; r < townshipRows.size(); ++r) {
            const auto& row = townshipRows[r];
            Township t{cell(row, ti, QStringLiteral("code")), cell(row, ti, QStringLiteral("name")),
                       cell(row, ti, QStringLiteral("county_code"))};
            table.m_townshipsByCounty[t.countyCode].append(table.m_townships.size());
            table.m_townshipCounties[TextNormalizer::lookupKey(t.name)].append(t.countyCode);
            table.m_townships.append(std::move(t));
        }
    }
    return table;
}

const Region* RegionTable::find(QStringView code) const
{
    const auto it = m_byCode.constFind(code.toString());
    return it == m_byCode.cend() ? nullptr : &m_regions[*it];
}

const Region* RegionTable::findByName(const QString& name) const
{
    const auto it = m_byName.constFind(TextNormalizer::lookupKey(name));
    return it == m_byName.cend() ? nullptr : &m_regions[*it];
}

const Region& RegionTable::province() const
{
    static const Region none;
    for (const auto& region : m_regions) {
        if (region.level == RegionLevel::Province)
            return region;
    }
    return none;
}

QList<const Region*> RegionTable::cities() const
{
    return childrenOf(province().code);
}

QList<const Region*> RegionTable::childrenOf(QStringView code) const
{
    QList<const Region*> out;
    for (const qsizetype i : m_children.value(code.toString()))
        out.append(&m_regions[i]);
    return out;
}

bool RegionTable::contains(QStringView ancestor, QStringView code) const
{
    const Region* region = find(code);
    while (region) {
        if (region->code == ancestor)
            return true;
        region = region->parentCode.isEmpty() ? nullptr : find(region->parentCode);
    }
    return false;
}

QString RegionTable::displayName(QStringView code, bool withProvince) const
{
    QStringList parts;
    const Region* region = find(code);
    while (region) {
        if (withProvince || region->level != RegionLevel::Province)
            parts.prepend(region->name);
        region = region->parentCode.isEmpty() ? nullptr : find(region->parentCode);
    }
    return parts.join(QString());
}

QList<Township> RegionTable::townshipsOf(QStringView countyCode) const
{
    QList<Township> out;
    for (const qsizetype i : m_townshipsByCounty.value(countyCode.toString()))
        out.append(m_townships[i]);
    return out;
}

QStringList RegionTable::countiesWithTownship(const QString& name) const
{
    return m_townshipCounties.value(TextNormalizer::lookupKey(name));
}

} // namespace kjzy
