#pragma once

#include "IngestService.h"

#include <optional>

namespace kjzy {

struct UploadLimits
{
    int maxOpenPerDevice = 8;
    // An upload nobody touched for this long is collected when any new upload starts.
    qint64 staleAfterMs = 7LL * 24 * 3600 * 1000;
};

// Where a resumable push stands: the bytes the server holds, or, once the change set went through
// the ingest, its result (the route seals the reply).
struct UploadProgress
{
    qint64 held = 0;
    std::optional<IngestResult> ingested;
};

// Resumable pushes (COMMON protocol "POST /v1/push/chunk" and "/v1/push/status"). An upload is
// (device, change set): the exact bytes of the sealed envelope, received in chunks, one
// transaction per chunk in the registry. The first chunk must carry the header and signature and
// pass PushAuthenticator before a byte is stored, so strangers get no storage; the complete
// envelope goes through IngestService::ingest like a whole push, every check again, and the chunks
// are deleted. Chunks after the first are not authenticated on their own (they are not signed):
// anything wrong in them fails the ingest's ciphertext hash and the upload is dropped.
class UploadService
{
public:
    explicit UploadService(IngestService& ingest, UploadLimits limits = {});

    // Bytes [offset, offset + bytes.size()) of an envelope of `total` bytes. An offset other than
    // the bytes held stores nothing and answers the bytes held. Refusals are typed errors, each
    // with one audit_log row and nothing else written.
    Result<UploadProgress> chunk(const QString& device, const QString& changeSet, qint64 offset, qint64 total,
                                 QByteArrayView bytes);
    // The stored reply when the change set was ingested, else the bytes held (0 if unknown).
    Result<UploadProgress> status(const QString& device, const QString& changeSet);

private:
    // Stores one chunk in one transaction; `completed` is set when it was the last one.
    Result<UploadProgress> receive(const QString& device, const QString& changeSet, qint64 offset,
                                   qint64 total, QByteArrayView bytes,
                                   std::optional<UploadRecord>& completed);
    // The device's accepted change set, if `changeSet` is one.
    Result<std::optional<IngestResult>> ingestedBefore(const QString& device, const QString& changeSet);
    // Assembles a complete upload, ingests it and deletes it (kept only when the server failed).
    Result<UploadProgress> complete(const UploadRecord& upload);
    QString timestamp(qint64 ms) const;

    IngestService& m_ingest;
    RegistryStore& m_store;
    UploadLimits m_limits;
};

} // namespace kjzy
