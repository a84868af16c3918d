#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace kjzy {

// A team (科技志愿服务组织) in canonical form. Field names follow CLI.md's JSON keys.
struct Team
{
    QString id;
    QString name;
    QString category;    // team_categories.csv code, inferred from the name when not given
    QString parent;      // parent team id or empty
    QString adminMobile; // 11 digits
    std::optional<bool> civilAffairsRegistered;
    QString supervisorType; // suggested list or free text
    QString supervisor;
    QString founded; // ISO date or empty
    QStringList serviceCategories;
    QString province;
    QString city;           // empty for a province-level team
    QString county;         // empty for a city- or province-level team
    QStringList nameIssues; // messages; empty when the name follows the standard

    bool operator==(const Team&) const = default;
};

struct TeamInput
{
    QString name;
    QString category;
    QString parent;
    QString adminMobile;
    QString civilAffairsRegistered;
    QString supervisorType;
    QString supervisor;
    QString founded;
    QString serviceCategories;
    QString province;
    QString city;
    QString county;

    static TeamInput from(const Team& team);
};

} // namespace kjzy
