#pragma once

#include "DeviceKeys.h"
#include "PinnedServer.h"
#include "clock/Clock.h"
#include "net/HttpLink.h"
#include "store/ClientDatabase.h"

namespace kjzy {

struct EnrollmentOutcome
{
    QString device;
    QString scope;
    QString role;
};

struct SyncSummary
{
    int changeSetsSent = 0;
    int changesSent = 0;
    int accepted = 0;
    int rejected = 0;
    int pages = 0;
    int recordsPulled = 0;
    qint64 bytesSent = 0;
    qint64 bytesReceived = 0;
    int requests = 0;
};

// One device's conversation with the server: enrollment, then push (seal the outbox, send every
// unacknowledged change set, apply the replies) and pull (pages since the cursor until the end).
// Every step is safe to repeat: a cut link leaves sealed change sets and the cursor where they
// were, and the next run goes on from there.
class SyncEngine
{
public:
    SyncEngine(ClientDatabase& database, const QString& databasePath, HttpLink& link, const Clock& clock);

    // Makes this device's keys, registers them with the one-time code, pins the server's keys.
    Result<EnrollmentOutcome> enroll(const QString& serverUrl, const QString& code);
    Result<SyncSummary> sync(int pageSize = 5000);

private:
    ClientDatabase& m_database;
    QString m_databasePath;
    HttpLink& m_link;
    const Clock& m_clock;
};

} // namespace kjzy
