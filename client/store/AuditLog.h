#pragma once

#include "ClientDatabase.h"
#include "clock/Clock.h"

namespace kjzy {

struct AuditEntry
{
    QString at;
    QString actor;
    QString action;
    QString entity;
    QString detail;
    int rowCount = 0;
};

// Who saw or exported personal data in full, and when (PIPL: log access to sensitive data).
class AuditLog
{
public:
    AuditLog(ClientDatabase& database, const Clock& clock);

    Status record(const QString& action, const QString& entity, const QString& detail, int rowCount);
    Result<QList<AuditEntry>> entries();
    // The operating-system account running the program.
    static QString currentActor();

private:
    ClientDatabase& m_database;
    const Clock& m_clock;
};

} // namespace kjzy
