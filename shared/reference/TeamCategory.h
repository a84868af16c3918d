#pragma once

#include <QString>

namespace kjzy {

// One row of team_categories.csv: a category from the notice's section 二（二）.
struct TeamCategory
{
    QString code;           // e.g. county, society, university
    QString name;           // Chinese label
    QString pattern;        // e.g. {county}科技志愿服务队
    QString parentCategory; // empty for the provincial general team
};

} // namespace kjzy
