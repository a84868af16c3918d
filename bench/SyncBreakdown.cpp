#include "SyncBreakdown.h"

#include "crypto/Envelope.h"
#include "model/RecordJson.h"
#include "service/RecordPolicy.h"
#include "service/RegistryRecord.h"
#include "service/ServerKeys.h"
#include "store/ClientDatabase.h"
#include "store/SqliteRegistryStore.h"
#include "sync/DeviceKeys.h"
#include "sync/LocalRecords.h"
#include "sync/RecordMerge.h"
#include "sync/SyncCodec.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSet>

#include <functional>

namespace kjzy::bench {

namespace {

// Accumulates the time of each named step.
class Stopwatch
{
public:
    template <typename F> auto time(int slot, F&& work)
    {
        QElapsedTimer timer;
        timer.start();
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            m_ns[slot] += timer.nsecsElapsed();
        } else {
            auto result = work();
            m_ns[slot] += timer.nsecsElapsed();
            return result;
        }
    }
    double seconds(int slot) const { return double(m_ns[slot]) / 1e9; }

private:
    qint64 m_ns[16] = {};
};

Result<QByteArray> openEnvelope(Stopwatch& watch, int slot, const QByteArray& bytes,
                                const QByteArray& signKey, EnvelopeKind kind, const BoxKeyPair& recipient)
{
    return watch.time(slot, [&]() -> Result<QByteArray> {
        auto envelope = SealedEnvelope::fromBytes(bytes, qint64(bytes.size()));
        if (!envelope)
            return fail(envelope.error());
        auto header = Envelope::verify(*envelope, signKey, kind);
        if (!header)
            return fail(header.error());
        return Envelope::open(*envelope, *header, recipient);
    });
}

} // namespace

Result<QList<Phase>> SyncBreakdown::ingest(const QList<QByteArray>& sealedChangeSets,
                                           const QByteArray& deviceSignKey, const ServerKeys& keys,
                                           const QString& replicaPath)
{
    enum Slot
    {
        Envelope_,
        Decode,
        Fields,
        Lookups,
        Merge,
        Blind,
        Identity,
        Validate,
        RowData,
        RowClocks,
        Put,
        Reply
    };
    Stopwatch watch;
    auto store = SqliteRegistryStore::open(replicaPath);
    if (!store)
        return fail(store.error());
    const QDate today = QDateTime::currentDateTimeUtc().toOffsetFromUtc(8 * 3600).date();
    qint64 transactionNs = 0;
    for (const QByteArray& bytes : sealedChangeSets) {
        auto plaintext = openEnvelope(watch, Envelope_, bytes, deviceSignKey, EnvelopeKind::Push, keys.box());
        if (!plaintext)
            return fail(plaintext.error());
        auto changeSet = watch.time(Decode, [&] { return SyncCodec::decodeChangeSet(*plaintext); });
        if (!changeSet)
            return fail(changeSet.error());
        // IngestService::applyRecord's calls for a new volunteer, in its order.
        const auto applyAll = [&]() -> Status {
            for (const Change& change : std::as_const(changeSet->changes)) {
                const bool known = watch.time(Fields, [&] {
                    // IngestService rebuilds the allowed-field set for every change.
                    QStringList names = RecordJson::volunteerFields(Volunteer{}).keys();
                    names << QStringLiteral("deleted");
                    const QSet<QString> allowed(names.cbegin(), names.cend());
                    const QStringList keysOf = change.fields.keys();
                    return std::all_of(keysOf.cbegin(), keysOf.cend(),
                                       [&](const QString& k) { return allowed.contains(k); });
                });
                if (!known)
                    return fail(ErrorCode::Internal, QStringLiteral("unknown field"));
                auto found = watch.time(Lookups, [&]() -> Result<bool> {
                    auto alias = (*store)->alias(change.id);
                    if (!alias)
                        return fail(alias.error());
                    auto rows = (*store)->records(change.entity, {change.id});
                    if (!rows)
                        return fail(rows.error());
                    return !rows->isEmpty();
                });
                if (!found)
                    return fail(found.error());
                RecordState merged{change.entity, change.id, {}, {}};
                watch.time(Merge, [&] {
                    RecordState fresh = merged;
                    RecordMerge::apply(fresh, change.fields, change.stamp);
                    RecordMerge::apply(merged, change.fields, change.stamp, change.base);
                });
                const QString idNumber = merged.data.value(QStringLiteral("id_number")).toString();
                auto identity = watch.time(Blind, [&] {
                    (void)keys.identityIndex().compute(idNumber); // once for the fresh record
                    return keys.identityIndex().compute(idNumber);
                });
                if (!identity)
                    return fail(identity.error());
                const QByteArray identityBytes = identity->toLatin1();
                auto holder = watch.time(Identity, [&]() -> Result<bool> {
                    for (int i = 0; i < 2; ++i) {
                        auto held = (*store)->recordByIdentity(identityBytes);
                        if (!held)
                            return fail(held.error());
                    }
                    return true;
                });
                if (!holder)
                    return fail(holder.error());
                const QString problems =
                    watch.time(Validate, [&] { return RecordPolicy::validate(merged, today); });
                if (!problems.isEmpty())
                    return fail(ErrorCode::InvalidInput, problems);
                // RegistryRecord::fillRow, in its two halves.
                StoredRecord row;
                row.entity = merged.entity;
                row.id = merged.id;
                row.deleted = merged.isDeleted();
                row.region = RecordPolicy::regionOf(merged);
                row.identity = identityBytes;
                watch.time(RowData, [&] { row.data = RegistryRecord::dataText(merged.data); });
                watch.time(RowClocks, [&] { row.clocks = merged.clocks.toJsonText(); });
                auto put = watch.time(Put, [&] { return (*store)->putRecord(row); });
                if (!put)
                    return fail(put.error());
            }
            return {};
        };
        QElapsedTimer whole;
        whole.start();
        if (auto applied = (*store)->transact(applyAll); !applied)
            return fail(applied.error());
        transactionNs += whole.nsecsElapsed();
        PushReply reply;
        reply.changeSetId = changeSet->id;
        reply.sequence = changeSet->sequence;
        reply.accepted = int(changeSet->changes.size());
        watch.time(Reply, [&] { (void)SyncCodec::encode(reply); });
    }
    QList<Phase> phases{
        {QStringLiteral("envelope"), watch.seconds(Envelope_),
         QStringLiteral("size check, Ed25519 verify, unseal, decrypt")},
        {QStringLiteral("decode"), watch.seconds(Decode), QStringLiteral("inflate + CBOR -> ChangeSet")},
        {QStringLiteral("field_check"), watch.seconds(Fields),
         QStringLiteral("allowed-field set rebuilt per change")},
        {QStringLiteral("store_lookup"), watch.seconds(Lookups), QStringLiteral("alias + records() by id")},
        {QStringLiteral("merge"), watch.seconds(Merge),
         QStringLiteral("RecordMerge::apply x2 (fresh, merged)")},
        {QStringLiteral("blind_index"), watch.seconds(Blind),
         QStringLiteral("keyed BLAKE2b of the ID number x2")},
        {QStringLiteral("identity_lookup"), watch.seconds(Identity), QStringLiteral("recordByIdentity x2")},
        {QStringLiteral("validate"), watch.seconds(Validate),
         QStringLiteral("RecordPolicy::validate (VolunteerValidator)")},
        {QStringLiteral("row_data_json"), watch.seconds(RowData),
         QStringLiteral("fillRow: the record as JSON text")},
        {QStringLiteral("row_clocks_json"), watch.seconds(RowClocks),
         QStringLiteral("fillRow: its clocks as JSON text (one stamp per field)")},
        {QStringLiteral("store_put"), watch.seconds(Put), QStringLiteral("putRecord (insert + sequence)")},
    };
    // The transaction's own cost (BEGIN, COMMIT) is in what the steps inside it leave, with the
    // per-change copies and frees between the timed steps.
    double inside = 0;
    for (int slot = Fields; slot <= Put; ++slot)
        inside += watch.seconds(slot);
    phases << Phase{QStringLiteral("commit_and_rest"), double(transactionNs) / 1e9 - inside,
                    QStringLiteral("BEGIN/COMMIT (WAL, synchronous=FULL) + per-change copies and frees")};
    phases << Phase{QStringLiteral("reply_encode"), watch.seconds(Reply),
                    QStringLiteral("SyncCodec::encode(reply)")};
    return phases;
}

Result<QList<Phase>> SyncBreakdown::apply(const QList<QByteArray>& sealedPages,
                                          const QByteArray& serverSignKey, const DeviceKeys& keys,
                                          const QString& replicaPath)
{
    enum Slot
    {
        Envelope_,
        Decode,
        Insert,
        MergePath,
        Commit,
        ClocksJson
    };
    Stopwatch watch;
    auto database = ClientDatabase::open(replicaPath);
    if (!database)
        return fail(database.error());
    if (auto initialized = (*database)->initialize(QStringLiteral("410000")); !initialized)
        return fail(initialized.error());
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    LocalRecords records(**database);
    qint64 transactionNs = 0;
    for (const QByteArray& bytes : sealedPages) {
        auto plaintext = openEnvelope(watch, Envelope_, bytes, serverSignKey, EnvelopeKind::Pull, keys.box());
        if (!plaintext)
            return fail(plaintext.error());
        auto page = watch.time(Decode, [&] { return SyncCodec::decodePullPage(*plaintext); });
        if (!page)
            return fail(page.error());
        QElapsedTimer whole;
        whole.start();
        auto transaction = SqliteTransaction::begin((*database)->sql());
        if (!transaction)
            return fail(transaction.error());
        // SyncApplier::applyRecord's calls, in its order: a record new to this device is one
        // insert; anything already here (none in a fresh replica) takes load + merge + save.
        for (const RecordState& incoming : std::as_const(page->records)) {
            watch.time(ClocksJson, [&] { (void)incoming.clocks.toJsonString(); }); // the insert does it again
            auto inserted = watch.time(Insert, [&] { return records.insertIfAbsent(incoming, now); });
            if (!inserted)
                return fail(inserted.error());
            if (*inserted)
                continue;
            auto merged = watch.time(MergePath, [&]() -> Status {
                auto local = records.load(incoming.entity, incoming.id);
                if (!local)
                    return fail(local.error());
                RecordState state = local->value_or(RecordState{incoming.entity, incoming.id, {}, {}});
                RecordMerge::apply(state, incoming);
                return records.save(state, now);
            });
            if (!merged)
                return fail(merged.error());
        }
        auto committed = watch.time(Commit, [&] { return transaction->commit(); });
        if (!committed)
            return fail(committed.error());
        transactionNs += whole.nsecsElapsed();
    }
    double inside = watch.seconds(ClocksJson); // timed inside the transaction, outside the phases
    for (int slot = Insert; slot <= MergePath; ++slot)
        inside += watch.seconds(slot);
    return QList<Phase>{
        {QStringLiteral("envelope"), watch.seconds(Envelope_),
         QStringLiteral("Ed25519 verify, unseal, decrypt")},
        {QStringLiteral("decode"), watch.seconds(Decode), QStringLiteral("inflate + CBOR -> PullPage")},
        {QStringLiteral("local_insert"), watch.seconds(Insert),
         QStringLiteral("LocalRecords::insertIfAbsent (one INSERT: row with its clocks)")},
        {QStringLiteral("local_insert_clocks_json"), watch.seconds(ClocksJson),
         QStringLiteral("of local_insert: RecordClocks::toJsonString, one \"*\" stamp"), false},
        {QStringLiteral("merge_path"), watch.seconds(MergePath),
         QStringLiteral("load + merge + save of records already here (none in a fresh replica)")},
        {QStringLiteral("commit"), watch.seconds(Commit), QStringLiteral("COMMIT (WAL, synchronous=FULL)")},
        {QStringLiteral("rest"), double(transactionNs) / 1e9 - inside - watch.seconds(Commit),
         QStringLiteral("BEGIN + per-record copies and frees")},
    };
}

void SyncBreakdown::print(BenchReport& report, const QString& prefix, const QList<Phase>& phases,
                          double measured)
{
    double sum = 0;
    for (const Phase& phase : phases) {
        if (phase.counted)
            sum += phase.seconds;
        report.info(prefix + QStringLiteral("_phase_") + phase.name + QStringLiteral("_s"), phase.seconds,
                    QStringLiteral("s (%1% of measured: %2)")
                        .arg(100 * phase.seconds / measured, 0, 'f', 1)
                        .arg(phase.what),
                    3);
    }
    report.info(prefix + QStringLiteral("_phases_sum_s"), sum,
                QStringLiteral(
                    "s replayed step by step vs %1 s measured (the rest: copies, logging, the stored reply)")
                    .arg(measured, 0, 'f', 3),
                3);
}

} // namespace kjzy::bench
