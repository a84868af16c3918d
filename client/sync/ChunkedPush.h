#pragma once

#include "AdaptiveChunkSize.h"
#include "LinkSession.h"
#include "OutboxSealer.h"
#include "store/ClientDatabase.h"

#include <functional>

namespace kjzy {

// Sends one sealed change set through the resumable upload routes and returns the server's sealed
// reply. The first chunk goes at offset 0 without asking, unless this device already started this
// very change set in an earlier run; after any failure the server is asked how far it got
// (POST /v1/push/status) and the upload goes on from its offset. Every answer the server gives is
// the truth about what it holds: a chunk it did not expect changes nothing there, and a change set
// it already ingested is answered with the stored reply, so nothing is applied twice.
class ChunkedPush
{
public:
    // Bytes of this change set the server said it holds, and bytes of the chunk in flight.
    using Progress = std::function<void(qint64 held, qint64 inFlight)>;

    ChunkedPush(ClientDatabase& database, LinkSession& session, AdaptiveChunkSize& chunkSize);

    Result<QByteArray> upload(const PendingChangeSet& changeSet, const QString& device,
                              const Progress& progress);

    // Offsets the server reported when asked how far it got (a resumed upload starts there).
    const QList<qint64>& resumedAt() const { return m_resumedAt; }
    int chunksSent() const { return m_chunks; }

    // The bytes a first chunk must hold at least: framing, header and signature, which the server
    // checks before it stores anything.
    static qint64 minimumFirstChunk(const QByteArray& sealed);

private:
    Result<HttpReply> askStatus(const HttpHeaders& identity);
    Result<qint64> heldOffset(const HttpReply& reply, qint64 total) const;

    ClientDatabase& m_database;
    LinkSession& m_session;
    AdaptiveChunkSize& m_chunkSize;
    QList<qint64> m_resumedAt;
    int m_chunks = 0;
};

} // namespace kjzy
