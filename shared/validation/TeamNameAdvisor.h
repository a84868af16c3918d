#pragma once

#include <QString>
#include <QStringList>

namespace kjzy {

struct TeamNameAdvice
{
    QString category; // inferred team_categories.csv code; empty when none fits
    bool standard = false;
    QString suggestion; // the standard name when one can be derived and differs from the name
    QStringList issues; // Chinese messages, empty when the name follows the standard
};

// Reads a team name against the notice's naming standard (豫科协发〔2021〕33号 二（二）):
// infers the category from the name (and the region, for 市/县 teams) and, for a name that
// breaks its category's pattern, proposes the standard name when one can be derived, e.g.
// 金水区志愿者服务队 → 金水区科技志愿服务队, 植物保护学会志愿服务分队 → 植物保护学会科技志愿服务队.
class TeamNameAdvisor
{
public:
    // `countyCode`/`cityCode`: the team's region (may be empty); used to check that a 市/县 team is
    // named after its own region and to tell a township team from others.
    static TeamNameAdvice advise(const QString& name, const QString& cityCode = {},
                                 const QString& countyCode = {});
};

} // namespace kjzy
