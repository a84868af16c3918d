#include "AuditLog.h"

#include "core/OperatingSystemUser.h"

#include <QDateTime>

namespace kjzy {

AuditLog::AuditLog(ClientDatabase& database, const Clock& clock) : m_database(database), m_clock(clock) {}

QString AuditLog::currentActor()
{
    return OperatingSystemUser::name();
}

Status AuditLog::record(const QString& action, const QString& entity, const QString& detail, int rowCount)
{
    const QString at = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
    auto done = m_database.sql().run(
        QStringLiteral(
            "INSERT INTO audit_log(at, actor, action, entity, detail, row_count) VALUES(?, ?, ?, ?, ?, ?)"),
        {at, currentActor(), action, entity, detail, rowCount});
    if (!done)
        return fail(done.error());
    return {};
}

Result<QList<AuditEntry>> AuditLog::entries()
{
    auto q = m_database.sql().run(
        QStringLiteral("SELECT at, actor, action, entity, detail, row_count FROM audit_log ORDER BY id"));
    if (!q)
        return fail(q.error());
    QList<AuditEntry> out;
    while ((*q)->next()) {
        out << AuditEntry{(*q)->value(0).toString(), (*q)->value(1).toString(), (*q)->value(2).toString(),
                          (*q)->value(3).toString(), (*q)->value(4).toString(), (*q)->value(5).toInt()};
    }
    (*q)->finish();
    return out;
}

} // namespace kjzy
