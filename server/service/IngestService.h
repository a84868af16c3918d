#pragma once

#include "PushAuthenticator.h"
#include "RefusalAudit.h"
#include "ServerKeys.h"
#include "clock/Clock.h"
#include "crypto/EnvelopeHeader.h"
#include "crypto/SealedEnvelope.h"
#include "store/RegistryStore.h"
#include "sync/Change.h"
#include "sync/PushReply.h"
#include "sync/SyncCodec.h"

namespace kjzy {

struct IngestLimits
{
    qint64 maxEnvelopeBytes = 64 * 1024 * 1024;
    // A stamp further ahead of the server's clock than this is clamped: a device whose clock runs
    // a year fast would otherwise win every merge for a year.
    qint64 maxClockSkewMs = 10 * 60 * 1000;
    SyncLimits codec;
};

struct IngestResult
{
    DeviceRecord device;
    PushReply reply;
};

// Takes in one sealed change set. The order of checks is the architecture's (no decryption
// oracle, no work for strangers): size → signature → device enrolled, not revoked, key epoch →
// replay (a change set seen before is answered with its stored reply) → decrypt → inner ids equal
// outer → per change: scope, re-validation, merge → log. Each failure is a typed error and changes
// nothing but one audit_log row (RefusalAudit); a refused change inside an authentic change set is
// answered in the reply instead.
class IngestService
{
public:
    IngestService(RegistryStore& store, const ServerKeys& keys, const Clock& clock, IngestLimits limits = {});

    Result<IngestResult> ingest(QByteArrayView envelopeBytes);
    // The reply sealed to the device and signed by the server.
    Result<QByteArray> sealReply(const IngestResult& result) const;

    // For the services built on the ingest (resumable uploads): the same store, keys, clock and
    // limits, and the same first checks.
    RegistryStore& store() const { return m_store; }
    const Clock& clock() const { return m_clock; }
    const IngestLimits& limits() const { return m_limits; }
    PushAuthenticator& authenticator() { return m_authenticator; }
    RefusalAudit& refusals() { return m_refusals; }

private:
    struct Context; // one change set being applied
    Result<IngestResult> ingestUnaudited(QByteArrayView envelopeBytes);
    Result<ChangeSet> openChangeSet(const SealedEnvelope& envelope, const EnvelopeHeader& header);
    Status apply(Context& context);
    // A refusal of one change is recorded in the reply and returns success; only store failures
    // abort the change set.
    Status applyRecord(Context& context, int index, const Change& change);
    Status applyMembership(Context& context, int index, const Change& change);
    Status writeConflicts(Context& context, const QString& entity, const QString& id,
                          const QList<struct OverwrittenValue>& overwritten);
    Result<QString> resolveAlias(const QString& volunteerId);
    Result<QByteArray> identityOf(const RecordState& record) const;
    Result<HlcTimestamp> clampStamp(Context& context, int index, const HlcTimestamp& stamp);

    RegistryStore& m_store;
    const ServerKeys& m_keys;
    const Clock& m_clock;
    IngestLimits m_limits;
    PushAuthenticator m_authenticator;
    RefusalAudit m_refusals;
};

} // namespace kjzy
