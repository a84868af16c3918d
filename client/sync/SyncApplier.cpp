#include "SyncApplier.h"

#include "LocalRecords.h"
#include "crypto/Envelope.h"
#include "crypto/SealedEnvelope.h"
#include "sync/Change.h"
#include "sync/RecordMerge.h"
#include "sync/SyncCodec.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace kjzy {

namespace {
constexpr qint64 kMaxMessageBytes = 512 * 1024 * 1024;
}

SyncApplier::SyncApplier(ClientDatabase& database, const DeviceKeys& keys, const PinnedServer& server,
                         const Clock& clock)
    : m_database(database), m_keys(keys), m_server(server), m_clock(clock)
{}

QString SyncApplier::nowIso() const
{
    return QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
}

Result<QByteArray> SyncApplier::openMessage(QByteArrayView bytes, EnvelopeKind kind, EnvelopeHeader& header)
{
    auto envelope = SealedEnvelope::fromBytes(bytes, kMaxMessageBytes);
    if (!envelope)
        return fail(envelope.error());
    auto verified = Envelope::verify(*envelope, m_server.signKey, kind);
    if (!verified)
        return fail(verified.error());
    header = *verified;
    if (header.recipientKeyId != m_keys.box().keyId())
        return fail(ErrorCode::Crypto, QStringLiteral("服务器回复不是发给本设备的，拒绝"));
    return Envelope::open(*envelope, header, m_keys.box());
}

Result<quint64> SyncApplier::pullCursor()
{
    auto cursor = m_database.setting(settings::kPullCursor);
    if (!cursor)
        return fail(cursor.error());
    return cursor->toULongLong();
}

Result<PushReply> SyncApplier::applyReply(const QString& changeSetId, QByteArrayView sealedReply)
{
    EnvelopeHeader header;
    auto plaintext = openMessage(sealedReply, EnvelopeKind::Reply, header);
    if (!plaintext)
        return fail(plaintext.error());
    auto reply = SyncCodec::decodePushReply(*plaintext);
    if (!reply)
        return fail(reply.error());
    if (header.changeSetId != changeSetId || reply->changeSetId != changeSetId)
        return fail(ErrorCode::Crypto, QStringLiteral("服务器回执与变更集 %1 不对应，拒绝").arg(changeSetId));

    SqliteConnection& sql = m_database.sql();
    auto transaction = SqliteTransaction::begin(sql);
    if (!transaction)
        return fail(transaction.error());
    const QString now = nowIso();
    // A rejection names its change by index; the change set holds its outbox rows in seq order.
    auto rows =
        sql.run(QStringLiteral("SELECT seq FROM outbox WHERE change_set = ? ORDER BY seq"), {changeSetId});
    if (!rows)
        return fail(rows.error());
    QList<qint64> seqs;
    while ((*rows)->next())
        seqs << (*rows)->value(0).toLongLong();
    for (const RejectedChange& rejected : reply->rejected) {
        if (rejected.index < 0 || rejected.index >= seqs.size())
            return fail(ErrorCode::Crypto, QStringLiteral("服务器回执中的退回序号超出范围"));
        auto stored =
            sql.run(QStringLiteral("INSERT OR REPLACE INTO rejected_changes(outbox_seq, change_set, entity, "
                                   "entity_id, reason, at) VALUES(?, ?, ?, ?, ?, ?)"),
                    {seqs[rejected.index], changeSetId, rejected.entity, rejected.id, rejected.reason, now});
        if (!stored)
            return fail(stored.error());
    }
    for (const ClampedStamp& clamped : reply->clamped) {
        if (clamped.index < 0 || clamped.index >= seqs.size())
            return fail(ErrorCode::Crypto, QStringLiteral("服务器回执中的时钟校正序号超出范围"));
        if (auto adopted = adoptClampedStamp(changeSetId, clamped); !adopted)
            return fail(adopted.error());
    }
    for (const auto& statement : {QStringLiteral("UPDATE outbox SET acked_at = ? WHERE change_set = ?"),
                                  QStringLiteral("UPDATE change_sets SET acked_at = ? WHERE id = ?")}) {
        if (auto done = sql.run(statement, {now, changeSetId}); !done)
            return fail(done.error());
    }
    LocalRecords records(m_database);
    for (const IdAlias& alias : reply->aliases) {
        if (auto folded = records.fold(alias.fromId, alias.toId, now); !folded)
            return fail(folded.error());
    }
    if (auto committed = transaction->commit(); !committed)
        return fail(committed.error());
    return reply;
}

Status SyncApplier::adoptClampedStamp(const QString& changeSetId, const ClampedStamp& clamped)
{
    SqliteConnection& sql = m_database.sql();
    auto row =
        sql.run(QStringLiteral("SELECT entity, entity_id, fields, hlc FROM outbox WHERE change_set = ? "
                               "ORDER BY seq LIMIT 1 OFFSET ?"),
                {changeSetId, clamped.index});
    if (!row)
        return fail(row.error());
    if (!(*row)->next())
        return {};
    const QString entityName = (*row)->value(0).toString();
    const QString id = (*row)->value(1).toString();
    const QJsonObject fields = QJsonDocument::fromJson((*row)->value(2).toString().toUtf8()).object();
    const auto original = HlcTimestamp::fromString((*row)->value(3).toString());
    (*row)->finish();
    LocalRecords records(m_database);
    auto local = records.load(entityName, id);
    if (!local)
        return fail(local.error());
    if (!*local || !original)
        return {};
    // The server holds these fields at the clamped stamp; so must this replica, or a later edit
    // from elsewhere would win on the server and lose here.
    RecordState state = **local;
    if (state.clocks.all() == *original && state.clocks.fields().isEmpty())
        state.clocks.setAll(clamped.stamp);
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (state.clocks.stampOf(it.key()) == *original)
            state.clocks.set(it.key(), clamped.stamp);
    }
    return records.save(state, nowIso());
}

Status SyncApplier::applyRecord(const RecordState& incoming, const QString& now)
{
    LocalRecords records(m_database);
    // Most of a first pull: nothing here to merge with and no offline twin to fold. Merging into
    // nothing gives the incoming record itself, so it is stored as it came.
    auto inserted = records.insertIfAbsent(incoming, now);
    if (!inserted)
        return fail(inserted.error());
    if (*inserted)
        return {};
    auto local = records.load(incoming.entity, incoming.id);
    if (!local)
        return fail(local.error());
    if (!*local && incoming.entity == entity::kVolunteer && !incoming.isDeleted()) {
        // A person this device registered offline under another id: the registry's id survives.
        auto twin = records.volunteerWithIdNumber(incoming.data.value(QStringLiteral("id_number")).toString(),
                                                  incoming.id);
        if (!twin)
            return fail(twin.error());
        if (*twin) {
            // The server never merged the twin (else this page would carry an alias for it): only
            // its changes still on their way there may join the registry's person. What it holds
            // beyond them was refused, and folding it in would keep values no other replica gets.
            auto pending = records.unacknowledgedFields(entity::kVolunteer, **twin);
            if (!pending)
                return fail(pending.error());
            if (auto folded = records.fold(**twin, incoming.id, now, *pending); !folded)
                return folded;
            local = records.load(incoming.entity, incoming.id);
            if (!local)
                return fail(local.error());
        }
    }
    RecordState merged = local->value_or(RecordState{incoming.entity, incoming.id, {}, {}});
    const MergeOutcome outcome = RecordMerge::apply(merged, incoming);
    if (*local && outcome.applied.isEmpty())
        return {};
    return records.save(merged, now);
}

Result<EnvelopeHeader> SyncApplier::checkMessage(QByteArrayView bytes, EnvelopeKind kind)
{
    EnvelopeHeader header;
    auto plaintext = openMessage(bytes, kind, header);
    if (!plaintext)
        return fail(plaintext.error());
    return header;
}

Result<PullPage> SyncApplier::openPage(QByteArrayView sealedPage)
{
    EnvelopeHeader header;
    auto plaintext = openMessage(sealedPage, EnvelopeKind::Pull, header);
    if (!plaintext)
        return fail(plaintext.error());
    auto page = SyncCodec::decodePullPage(*plaintext);
    if (!page)
        return fail(page.error());
    if (header.sequence != page->nextCursor)
        return fail(ErrorCode::Conflict, QStringLiteral("数据页内外游标 %1 与 %2 不一致，已忽略")
                                             .arg(header.sequence)
                                             .arg(page->nextCursor));
    return page;
}

Result<PullPage> SyncApplier::applyPage(QByteArrayView sealedPage)
{
    auto page = openPage(sealedPage);
    if (!page)
        return fail(page.error());
    auto cursor = pullCursor();
    if (!cursor)
        return fail(cursor.error());
    if (page->cursor != *cursor)
        return fail(
            ErrorCode::Conflict,
            QStringLiteral("数据页起点 %1 与本地游标 %2 不符，已忽略").arg(page->cursor).arg(*cursor));
    if (auto stored = storePage(*page); !stored)
        return fail(stored.error());
    return page;
}

Result<std::optional<PullPage>> SyncApplier::applyCarriedPage(QByteArrayView sealedPage)
{
    auto page = openPage(sealedPage);
    if (!page)
        return fail(page.error());
    auto cursor = pullCursor();
    if (!cursor)
        return fail(cursor.error());
    // Wholly before the cursor: everything in it was applied already (or superseded by a later
    // page that was), so it is skipped rather than applied twice.
    if (page->cursor < *cursor && page->nextCursor <= *cursor)
        return std::optional<PullPage>();
    if (page->cursor != *cursor)
        return fail(ErrorCode::Conflict, QStringLiteral("数据页 %1–%2 与本地游标 %3 不衔接，已停止导入")
                                             .arg(page->cursor)
                                             .arg(page->nextCursor)
                                             .arg(*cursor));
    if (auto stored = storePage(*page); !stored)
        return fail(stored.error());
    return std::optional<PullPage>(std::move(*page));
}

Status SyncApplier::storePage(const PullPage& page)
{
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    const QString now = nowIso();
    LocalRecords records(m_database);
    for (const IdAlias& alias : page.aliases) {
        if (auto folded = records.fold(alias.fromId, alias.toId, now); !folded)
            return fail(folded.error());
    }
    HlcTimestamp latest;
    for (const RecordState& incoming : page.records) {
        if (auto applied = applyRecord(incoming, now); !applied)
            return fail(applied.error());
        latest = std::max(latest, incoming.clocks.latest());
    }
    for (const RecordKey& departed : page.departures) {
        if (auto dropped = records.drop(departed.entity, departed.id); !dropped)
            return fail(dropped.error());
    }
    if (!latest.isNull()) {
        if (auto observed = m_database.observeStamp(latest, m_clock); !observed)
            return fail(observed.error());
    }
    if (auto saved = m_database.setSetting(settings::kPullCursor, QString::number(page.nextCursor)); !saved)
        return fail(saved.error());
    return transaction->commit();
}

} // namespace kjzy
