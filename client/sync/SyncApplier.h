#pragma once

#include "DeviceKeys.h"
#include "PinnedServer.h"
#include "clock/Clock.h"
#include "crypto/EnvelopeHeader.h"
#include "store/ClientDatabase.h"
#include "sync/PullPage.h"
#include "sync/PushReply.h"

namespace kjzy {

// Applies what the server sends this device: replies to its change sets and pages of the log.
// Each message is checked against the pinned server key, decrypted, and applied in one
// transaction, so a process killed mid-way leaves the database before or after it, never between.
class SyncApplier
{
public:
    SyncApplier(ClientDatabase& database, const DeviceKeys& keys, const PinnedServer& server,
                const Clock& clock);

    // The reply to change set `changeSetId`: acknowledges its entries, records rejected ones,
    // folds ids the server merged, and adopts clamped stamps.
    Result<PushReply> applyReply(const QString& changeSetId, QByteArrayView sealedReply);
    // A page of the log starting at this device's cursor. Local edits not yet acknowledged are
    // kept wherever their stamp is the greater one: the merge decides, as on the server.
    Result<PullPage> applyPage(QByteArrayView sealedPage);

    Result<quint64> pullCursor();

private:
    Result<QByteArray> openMessage(QByteArrayView bytes, EnvelopeKind kind, EnvelopeHeader& header);
    Status applyRecord(const RecordState& incoming, const QString& now);
    Status adoptClampedStamp(const QString& changeSetId, const ClampedStamp& clamped);
    QString nowIso() const;

    ClientDatabase& m_database;
    const DeviceKeys& m_keys;
    const PinnedServer& m_server;
    const Clock& m_clock;
};

} // namespace kjzy
