#pragma once

#include "model/Volunteer.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QRandomGenerator>
#include <QSet>
#include <QStringList>

namespace kjzy::bench {

// Realistic, valid volunteers from a fixed seed, so every run measures the same people: Chinese
// names, GB 11643 ID numbers consistent with the person (issued by a Henan county, birth date
// 1950–2004, gender from the 17th digit's parity, ISO 7064 MOD 11-2 check character, no number twice
// from one generator), 11-digit mobiles with a 13–19 prefix, value-list fields drawn from the
// reference lists compiled into kjzy_shared, employers named after the county. Record ids are
// version 4 UUIDs from the seeded generator.
//
// Where people live: the 156 counties of henan_regions.csv, plus 济源市 (419001, a city without
// counties, which stands in its own county position): 157 county positions in 18 cities. The NBS
// functional zones are left out (they are not counties). For the province, a person's city is drawn
// with the weight of its 2020 census population and the county uniformly within the city; for a
// city or county scope, uniformly among the scope's county positions.
class VolunteerGenerator
{
public:
    // People living in `scope`: 410000, a city or a county position (qFatal on an unknown scope).
    explicit VolunteerGenerator(quint32 seed, const QString& scope = QStringLiteral("410000"));

    Volunteer next();
    QList<Volunteer> take(int count);

    // The provincial registry of exactly `total` people: each city gets its census share (largest
    // remainder), except the cities in `pinned` that get exactly the count given; the people come in
    // a seeded random order. Needs the province scope.
    QList<Volunteer> registry(int total, const QHash<QString, int>& pinned = {});
    static QHash<QString, int> cityCounts(int total, const QHash<QString, int>& pinned = {});

    // 附件2 as UTF-8 CSV, for `kjzy import` (region columns as codes, multi-select joined by 、).
    static QByteArray sheetHeader();
    static QByteArray sheetRow(const Volunteer& volunteer, int number);
    // The 16 synced fields as CSV cells, in the 附件2 order (lists '、'-joined, 是/否): one row
    // layout for the generated sheets and the gzip CSV baseline alike.
    static QStringList csvCells(const Volunteer& volunteer);
    static QByteArray sheet(const QList<Volunteer>& volunteers);
    QByteArray sheet(int count) { return sheet(take(count)); }

private:
    struct Place
    {
        QString city;
        QString county;
        QString countyName;
    };
    struct City
    {
        QString code;
        double weight = 0;
        QList<int> places; // indexes into m_places
    };

    Volunteer person(const Place& place);
    QString pick(const QStringList& values);
    QString uuid();
    QString name();
    QString mobile();
    QString idNumber(const QString& birthCounty);
    QString employer(const Place& place);
    QStringList someOf(const QStringList& values, int most);
    const Place& placeIn(const City& city);

    QRandomGenerator m_random;
    bool m_province = false;
    QList<Place> m_places;
    QList<City> m_cities;
    double m_totalWeight = 0;
    QStringList m_birthCounties; // GB/T 2260 county-level codes: where ID numbers are issued
    QSet<QString> m_birthCountySet;
    QSet<QString> m_usedIdNumbers;
    QStringList m_politicalStatus;
    QStringList m_ethnicity;
    QStringList m_education;
    QStringList m_titles;
    QStringList m_occupations;
    QStringList m_serviceCategories;
    QStringList m_serviceFields;
};

} // namespace kjzy::bench
