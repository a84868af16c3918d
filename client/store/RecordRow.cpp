#include "RecordRow.h"

#include "sync/Change.h"

namespace kjzy {

RecordRow RecordRow::of(const QString& entityName, const QString& id)
{
    if (entityName == entity::kMembership) {
        const qsizetype slash = id.indexOf(u'/');
        return {QStringLiteral("memberships"),
                QStringLiteral("team_id = ? AND volunteer_id = ?"),
                {id.left(slash), id.mid(slash + 1)}};
    }
    return {entityName == entity::kVolunteer ? QStringLiteral("volunteers") : QStringLiteral("teams"),
            QStringLiteral("id = ?"),
            {id}};
}

} // namespace kjzy
