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

    // Seals every unsent entry, at most `maxChanges` per change set, in one transaction.
    Result<int> sealPending(int maxChanges = 5000);
    // Sealed change sets without a reply yet, oldest first.
    Result<QList<PendingChangeSet>> unacknowledged();

private:
    ClientDatabase& m_database;
    const DeviceKeys& m_keys;
    const PinnedServer& m_server;
    const Clock& m_clock;
};

} // namespace kjzy
