#pragma once

#include "DeviceKeys.h"
#include "PinnedServer.h"
#include "clock/Clock.h"
#include "store/ClientDatabase.h"

namespace kjzy {

// A sealed change set waiting for the server's reply.
struct PendingChangeSet
{
    QString id;
    quint64 sequence = 0;
    QByteArray sealed;
    int changes = 0;
};

// Turns the outbox's unsent entries into sealed change sets (CBOR, compressed, encrypted to the
// server, signed by the device), stored so that every retry sends the very same bytes.
class OutboxSealer
{
public:
    OutboxSealer(ClientDatabase& database, const DeviceKeys& keys, const PinnedServer& server,
                 const Clock& clock);

    // Changes per change set: the server ingests a change set in one transaction, and at 5,000
    // the commits (each writing the B-tree pages its inserts dirtied) were a third of ingesting a
    // province's 250,000 people. 20,000 halved that but took the largest city's `kjzy sync` from
    // 79 to 144 MB (the goal is 150); 10,000 is the middle (BENCHMARKS.md). Sealed, about 0.45 MB,
    // sent in resumable chunks like any change set.
    static constexpr int kDefaultMaxChanges = 10'000;

    // Seals every unsent entry, at most `maxChanges` per change set, in one transaction.
    Result<int> sealPending(int maxChanges = kDefaultMaxChanges);
    // Sealed change sets without a reply yet, oldest first.
    Result<QList<PendingChangeSet>> unacknowledged();

private:
    ClientDatabase& m_database;
    const DeviceKeys& m_keys;
    const PinnedServer& m_server;
    const Clock& m_clock;
};

} // namespace kjzy
