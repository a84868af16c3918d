#pragma once

#include <QString>
#include <QStringList>

namespace kjzy {

// A volunteer in canonical form (after validation): what stores hold and JSON shows.
// Field names follow the JSON keys of CLI.md.
struct Volunteer
{
    QString id; // UUID, generated offline
    QString name;
    QString mobile;          // 11 digits
    QString gender;          // 男 | 女
    QString idNumber;        // 18 characters, upper-case X
    QString politicalStatus; // short name, e.g. 中共党员
    QString ethnicity;
    QString employer;
    QString title;
    QString education;
    QString occupation;
    QString province; // 410000
    QString city;     // 6-digit code
    QString county;   // 6-digit code (a county, a functional zone, or 419001 济源市)
    QStringList serviceCategories;
    QStringList serviceFields;
    bool threeHeads = false;
    QStringList teams; // team ids

    bool operator==(const Volunteer&) const = default;
};

// Raw text of a volunteer as typed or read from a spreadsheet, before validation.
// An empty string means "not given".
struct VolunteerInput
{
    QString name;
    QString mobile;
    QString gender;
    QString idNumber;
    QString politicalStatus;
    QString ethnicity;
    QString employer;
    QString title;
    QString education;
    QString occupation;
    QString province;
    QString city;
    QString county;
    QString serviceCategories; // multi-select cell or "a,b" list
    QString serviceFields;
    QString threeHeads; // 是/否 and aliases

    // The canonical record as input again (edits start from the stored record).
    static VolunteerInput from(const Volunteer& volunteer);
};

} // namespace kjzy
