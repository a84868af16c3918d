#include "RecordRow.h"

#include "sync/Change.h"

namespace kjzy {

RecordRow RecordRow::of(const QString& entityName, const QString& id)
{
    if (entityName == entity::kMembership) {
        const qsizetype slash = id.indexOf(u'/');
        return {tableOf(entityName),
                QStringLiteral("team_id = ? AND volunteer_id = ?"),
                {id.left(slash), id.mid(slash + 1)}};
    }
    return {tableOf(entityName), QStringLiteral("id = ?"), {id}};
}

QString RecordRow::tableOf(const QString& entityName)
{
    if (entityName == entity::kMembership)
        return QStringLiteral("memberships");
    return entityName == entity::kVolunteer ? QStringLiteral("volunteers") : QStringLiteral("teams");
}

} // namespace kjzy
