#pragma once

#include "Region.h"
#include "core/Error.h"

#include <QHash>
#include <QList>
#include <QString>

namespace kjzy {

struct Township
{
    QString code; // 9-digit NBS statistical code
    QString name;
    QString countyCode; // a county, 济源市 (419001) or a functional zone
};

// Henan's province, 18 cities, 156 counties and 24 functional zones, plus townships.
// Built from the CSV files compiled into the library (shared/data/SOURCES.md).
class RegionTable
{
public:
    // The table compiled into the program; loaded once, immutable afterwards.
    static const RegionTable& henan();

    static Result<RegionTable> fromCsv(QStringView regionsCsv, QStringView zonesCsv,
                                       QStringView townshipsCsv);

    const Region* find(QStringView code) const;
    // A city, county or zone by its name as the forms' drop-downs give it (whitespace and
    // full-width forms ignored). Also accepts 济源示范区 for 济源市.
    const Region* findByName(const QString& name) const;
    const Region& province() const;
    QList<const Region*> cities() const;
    QList<const Region*> childrenOf(QStringView code) const;
    // True when `code` is `ancestor` itself or lies below it.
    bool contains(QStringView ancestor, QStringView code) const;
    // "河南省郑州市金水区" style path, without the province for brevity when `withProvince` is false.
    QString displayName(QStringView code, bool withProvince = false) const;
    QList<Township> townshipsOf(QStringView countyCode) const;
    // Counties (or zones) that have a township of this name; township names repeat across counties.
    QStringList countiesWithTownship(const QString& name) const;
    qsizetype size() const { return m_regions.size(); }

private:
    QList<Region> m_regions;
    QHash<QString, qsizetype> m_byCode;
    QHash<QString, qsizetype> m_byName;
    QHash<QString, QList<qsizetype>> m_children;
    QList<Township> m_townships;
    QHash<QString, QList<qsizetype>> m_townshipsByCounty;
    QHash<QString, QStringList> m_townshipCounties;
};

} // namespace kjzy
