#include "BundleExchange.h"

#include "DeviceKeys.h"
#include "EnrolledDevice.h"
#include "OutboxSealer.h"
#include "PinnedServer.h"
#include "SyncApplier.h"
#include "clock/RecordId.h"
#include "crypto/Envelope.h"
#include "crypto/SealedEnvelope.h"
#include "sync/BundleCodec.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBundleExchange, "kjzy.client.bundle")

namespace kjzy {

BundleExchange::BundleExchange(ClientDatabase& database, const QString& databasePath, const Clock& clock)
    : m_database(database), m_databasePath(databasePath), m_clock(clock)
{}

Result<BundleExportSummary> BundleExchange::exportBundle()
{
    auto enrolled = EnrolledDevice::load(m_database, m_databasePath);
    if (!enrolled)
        return fail(enrolled.error());
    const PinnedServer& server = enrolled->server;
    DeviceKeys& keys = *enrolled->keys;
    const QString& device = enrolled->id;

    OutboxSealer sealer(m_database, keys, server, m_clock);
    if (auto sealed = sealer.sealPending(); !sealed)
        return fail(sealed.error());
    auto pending = sealer.unacknowledged();
    if (!pending)
        return fail(pending.error());
    SyncApplier applier(m_database, keys, server, m_clock);
    auto cursor = applier.pullCursor();
    if (!cursor)
        return fail(cursor.error());

    BundleExportSummary summary;
    Bundle bundle{RecordId::generate(), device, *cursor, {}};
    for (const PendingChangeSet& changeSet : *pending) {
        bundle.changeSets.append(changeSet.sealed);
        ++summary.changeSets;
        summary.changes += changeSet.changes;
    }
    EnvelopeHeader meta;
    meta.kind = EnvelopeKind::Bundle;
    meta.senderDeviceId = device;
    meta.keyEpoch = server.keyEpoch;
    meta.changeSetId = bundle.id;
    meta.sequence = bundle.cursor;
    auto sealed = Envelope::seal(BundleCodec::encode(bundle), meta, server.boxKey, keys.signing());
    if (!sealed)
        return fail(sealed.error());
    summary.bundleId = bundle.id;
    summary.cursor = bundle.cursor;
    summary.sealed = sealed->toBytes();
    return summary;
}

Result<BundleImportSummary> BundleExchange::importReply(QByteArrayView replyBytes)
{
    auto enrolled = EnrolledDevice::load(m_database, m_databasePath);
    if (!enrolled)
        return fail(enrolled.error());
    const PinnedServer& server = enrolled->server;
    DeviceKeys& keys = *enrolled->keys;
    const QString& device = enrolled->id;

    // The outer envelope first: signed by the pinned server, sealed to this device's key.
    auto envelope = SealedEnvelope::fromBytes(replyBytes, kMaxReplyBytes);
    if (!envelope)
        return fail(envelope.error());
    auto header = Envelope::verify(*envelope, server.signKey, EnvelopeKind::BundleReply);
    if (!header)
        return fail(header.error());
    if (header->recipientKeyId != keys.box().keyId())
        return fail(ErrorCode::Crypto, QStringLiteral("回执数据包不是发给本设备的，拒绝"));
    auto plaintext = Envelope::open(*envelope, *header, keys.box());
    if (!plaintext)
        return fail(plaintext.error());
    auto reply = BundleCodec::decodeReply(*plaintext);
    if (!reply)
        return fail(reply.error());
    if (reply->device != device || reply->bundleId != header->changeSetId ||
        reply->nextCursor != header->sequence)
        return fail(ErrorCode::Crypto, QStringLiteral("回执数据包内外编号不一致或不是本设备的，拒绝"));

    // Every inner message checked before the first is applied: a bad one leaves nothing half done.
    SyncApplier applier(m_database, keys, server, m_clock);
    QList<bool> acknowledged;
    for (const BundleReplyEntry& entry : reply->replies) {
        auto inner = applier.checkMessage(entry.sealedReply, EnvelopeKind::Reply);
        if (!inner)
            return fail(inner.error());
        if (inner->changeSetId != entry.changeSetId)
            return fail(ErrorCode::Crypto, QStringLiteral("回执数据包中的回执与变更集编号不符，拒绝"));
        auto acked = m_database.sql().run(
            QStringLiteral("SELECT acked_at IS NOT NULL FROM change_sets WHERE id = ?"), {entry.changeSetId});
        if (!acked)
            return fail(acked.error());
        if (!(*acked)->next())
            return fail(ErrorCode::Crypto, QStringLiteral("回执数据包中的变更集 %1 不是本设备导出的，拒绝")
                                               .arg(entry.changeSetId.left(64)));
        acknowledged << (*acked)->value(0).toBool();
    }
    for (const QByteArray& page : reply->pages) {
        if (auto inner = applier.checkMessage(page, EnvelopeKind::Pull); !inner)
            return fail(inner.error());
    }
    // Pages starting after the local cursor would leave a gap (a reply to a bundle exported from
    // a later copy of this database, say): refused before anything is applied.
    auto cursor = applier.pullCursor();
    if (!cursor)
        return fail(cursor.error());
    if (reply->cursor > *cursor)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("回执从游标 %1 开始，本地游标是 %2，中间缺少数据；请重新导出数据包")
                        .arg(reply->cursor)
                        .arg(*cursor));

    BundleImportSummary summary;
    for (qsizetype i = 0; i < reply->replies.size(); ++i) {
        const BundleReplyEntry& entry = reply->replies.at(i);
        if (acknowledged.at(i)) {
            ++summary.repliesSkipped;
            continue;
        }
        auto applied = applier.applyReply(entry.changeSetId, entry.sealedReply);
        if (!applied)
            return fail(applied.error());
        ++summary.replies;
        summary.accepted += applied->accepted;
        summary.rejected += int(applied->rejected.size());
    }
    for (const QByteArray& sealedPage : reply->pages) {
        auto page = applier.applyCarriedPage(sealedPage);
        if (!page)
            return fail(page.error());
        if (!*page) {
            ++summary.pagesSkipped;
            continue;
        }
        ++summary.pages;
        summary.records += int((*page)->records.size());
    }
    const QString now = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODate);
    if (auto saved = m_database.setSetting(settings::kLastSync, now); !saved)
        return fail(saved.error());
    qCInfo(lcBundleExchange) << "reply bundle imported:" << summary.replies << "replies," << summary.pages
                             << "pages," << summary.repliesSkipped << "replies and" << summary.pagesSkipped
                             << "pages seen before";
    return summary;
}

} // namespace kjzy
