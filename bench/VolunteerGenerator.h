#pragma once

#include "model/Volunteer.h"

#include <QDate>
#include <QList>
#include <QRandomGenerator>
#include <QSet>
#include <QStringList>

namespace kjzy::bench {

// Realistic, valid volunteers from a fixed seed, so every run measures the same records: Chinese
// names, GB 11643 ID numbers (check character by ISO 7064 MOD 11-2, gender from the 17th digit's
// parity, no number twice), 11-digit mobiles with a 13–19 prefix, residence spread evenly over
// Henan's county positions (counties, functional zones, 济源), value-list fields drawn from the
// reference lists compiled into kjzy_shared. Ids are random UUIDs as the client makes them.
class VolunteerGenerator
{
public:
    explicit VolunteerGenerator(quint32 seed);

    Volunteer next();
    QList<Volunteer> take(int count);

private:
    struct Place
    {
        QString city;
        QString county;
        QString countyName;
    };

    QString pick(const QStringList& values);
    QString uuid();
    QString name();
    QString mobile();
    QString idNumber(const QString& birthCounty);
    QString employer(const Place& place);
    QStringList someOf(const QStringList& values, int most);

    QRandomGenerator m_random;
    QList<Place> m_places;
    QStringList m_birthCounties; // GB/T 2260 county codes: where ID numbers are issued
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
