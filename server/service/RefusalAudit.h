#pragma once

#include "store/RegistryStore.h"

namespace kjzy {

// Every push or upload chunk the server refuses leaves exactly one audit_log row, in a transaction
// of its own after the refusal rolled back whatever it had begun: who claimed to send it (the
// claimed device id, or "unknown") and the error code with its reason. Reasons carry ids, never
// personal data. Server failures (database, disk, bugs) are not refusals and are not recorded.
class RefusalAudit
{
public:
    explicit RefusalAudit(RegistryStore& store);

    // Records `refusal` and hands it back for the caller to return. A server failure comes back
    // unrecorded; a failed audit write comes back as that failure, the refusal in its message.
    Error record(const QString& action, const QString& claimedDevice, const Error& refusal);

    static bool isRefusal(const Error& error);

    static inline const QString kPushRefused = QStringLiteral("push_refused");
    static inline const QString kChunkRefused = QStringLiteral("push_chunk_refused");
    static inline const QString kUnknownActor = QStringLiteral("unknown");

private:
    RegistryStore& m_store;
};

} // namespace kjzy
