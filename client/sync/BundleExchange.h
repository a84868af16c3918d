#pragma once

#include "clock/Clock.h"
#include "store/ClientDatabase.h"

namespace kjzy {

struct BundleExportSummary
{
    QString bundleId;
    int changeSets = 0;
    int changes = 0;
    quint64 cursor = 0;
    QByteArray sealed; // the file's bytes: SealedEnvelope::toBytes() of kind Bundle
};

struct BundleImportSummary
{
    int replies = 0;        // change-set replies applied now
    int repliesSkipped = 0; // for change sets acknowledged before (an earlier import or sync)
    int accepted = 0;
    int rejected = 0;
    int pages = 0;
    int pagesSkipped = 0; // wholly before the cursor
    int records = 0;
};

// Carried bundles, the client's half (no link at all): export seals the outbox and packs every
// unacknowledged sealed change set (byte for byte what `kjzy sync` would push) and the pull
// cursor into one envelope signed by this device and sealed to the pinned server; import checks
// the server's reply bundle against the pinned key and this device BEFORE applying anything, then
// applies its change-set replies and pages as a network sync would. Both are safe to repeat.
class BundleExchange
{
public:
    BundleExchange(ClientDatabase& database, const QString& databasePath, const Clock& clock);

    Result<BundleExportSummary> exportBundle();
    Result<BundleImportSummary> importReply(QByteArrayView replyBytes);

    static constexpr qint64 kMaxReplyBytes = 1024LL * 1024 * 1024;

private:
    ClientDatabase& m_database;
    QString m_databasePath;
    const Clock& m_clock;
};

} // namespace kjzy
