#pragma once

#include "IngestService.h"
#include "ServerKeys.h"
#include "clock/Clock.h"
#include "store/RegistryStore.h"
#include "sync/Bundle.h"
#include "sync/BundleCodec.h"

namespace kjzy {

// What one imported bundle did, and the sealed reply bundle to carry back to the device.
struct BundleImport
{
    QString device;
    int changeSets = 0;
    int duplicates = 0; // change sets the server had seen before: answered with their stored reply
    int changes = 0;
    int accepted = 0;
    int rejected = 0;
    int pages = 0;
    int records = 0;
    QByteArray sealedReply; // SealedEnvelope::toBytes() of kind BundleReply, sealed to the device
};

// `kjzy-server import-bundle`: applies a carried bundle exactly as the network pushes it holds,
// then answers with the device's pull. Order of checks (nothing is written before all pass):
// size → outer signature by an enrolled, unrevoked device at its key epoch, sealed to this server,
// kind Bundle → decrypt → inner device equals outer sender → EVERY inner change set verified
// (signature by the same device, kind Push, recipient, key epoch, no duplicate, increasing
// sequences, no replay under another id) → all change sets ingested through IngestService in one
// transaction → pages from the bundle's cursor via PullService. Refusals are recorded in the
// audit log (the only write a refused bundle makes).
class BundleService
{
public:
    BundleService(RegistryStore& store, const ServerKeys& keys, const Clock& clock, IngestLimits limits = {});

    // `actor` is who ran the import (the audit log's actor).
    Result<BundleImport> importBundle(QByteArrayView bundleBytes, const QString& actor);

    static constexpr qint64 kMaxBundleBytes = 1024LL * 1024 * 1024;
    static constexpr int kPageLimit = 5000;

private:
    struct Verified; // an authenticated, decrypted bundle and the device that sent it
    Result<Verified> verify(QByteArrayView bundleBytes);
    Status verifyChangeSets(const Verified& bundle);
    Result<BundleImport> apply(const Verified& bundle);
    Result<QList<QByteArray>> pull(const DeviceRecord& device, quint64 cursor, BundleImport& import,
                                   quint64& nextCursor);

    RegistryStore& m_store;
    const ServerKeys& m_keys;
    const Clock& m_clock;
    IngestLimits m_limits;
};

} // namespace kjzy
