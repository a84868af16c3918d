#pragma once

#include "TableWriter.h"
#include "model/Team.h"
#include "model/Volunteer.h"

namespace kjzy {

// Lays records out as the notice's 附件1/附件2 tables (full personal values: the national system
// needs them; callers audit every export). Region codes become names, multi-select values are
// joined with 、, flags are 是/否 — so an export re-imports to the same records.
class RegistrationTableBuilder
{
public:
    static TemplateTable volunteers(const QList<Volunteer>& volunteers);
    static TemplateTable organizations(const QList<Team>& teams);
};

} // namespace kjzy
