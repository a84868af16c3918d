#pragma once

#include "DeviceKeys.h"
#include "LocalRecords.h"
#include "PinnedServer.h"
#include "clock/Clock.h"
#include "crypto/EnvelopeHeader.h"
#include "store/ClientDatabase.h"
#include "sync/PullPage.h"
#include "sync/PushReply.h"

#include <optional>

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
    // A page carried in a reply bundle (kjzy bundle import). Importing the same reply twice, or a
    // reply whose pages a network pull has gone past already, must be harmless: a page wholly
    // before the cursor is skipped (nullopt). A page that starts after the cursor (a gap) or ends
    // past it while starting before it is refused, as applyPage refuses any page not starting
    // exactly at the cursor.
    Result<std::optional<PullPage>> applyCarriedPage(QByteArrayView sealedPage);
    // Verifies and decrypts a reply or page without applying it, so a bundle's every message can
    // be checked before the first is applied. Returns its verified header.
    Result<EnvelopeHeader> checkMessage(QByteArrayView bytes, EnvelopeKind kind);

    Result<quint64> pullCursor();

private:
    Result<QByteArray> openMessage(QByteArrayView bytes, EnvelopeKind kind, EnvelopeHeader& header);
    Result<PullPage> openPage(QByteArrayView sealedPage);
    Status storePage(const PullPage& page);
    Status applyRecord(const RecordState& incoming, const QString& now);
    Status adoptClampedStamp(const QString& changeSetId, const ClampedStamp& clamped);
    QString nowIso() const;

    ClientDatabase& m_database;
    const DeviceKeys& m_keys;
    const PinnedServer& m_server;
    const Clock& m_clock;
};

} // namespace kjzy
