#include "OutboxSealer.h"

#include "clock/RecordId.h"
#include "crypto/Envelope.h"
#include "crypto/Sodium.h"
#include "sync/SyncCodec.h"

#include <QDateTime>
#include <QJsonDocument>

namespace kjzy {

OutboxSealer::OutboxSealer(ClientDatabase& database, const DeviceKeys& keys, const PinnedServer& server,
                           const Clock& clock)
    : m_database(database), m_keys(keys), m_server(server), m_clock(clock)
{}

Result<int> OutboxSealer::sealPending(int maxChanges)
{
    auto device = m_database.deviceId();
    if (!device)
        return fail(device.error());
    SqliteConnection& sql = m_database.sql();
    auto transaction = SqliteTransaction::begin(sql);
    if (!transaction)
        return fail(transaction.error());
    int sealedSets = 0;
    for (;;) {
        ChangeSet changeSet;
        changeSet.device = *device;
        qint64 lastSeq = 0;
        auto rows =
            sql.run(QStringLiteral("SELECT seq, entity, entity_id, fields, hlc, base FROM outbox "
                                   "WHERE change_set IS NULL AND acked_at IS NULL ORDER BY seq LIMIT ?"),
                    {maxChanges});
        if (!rows)
            return fail(rows.error());
        while ((*rows)->next()) {
            const auto stamp = HlcTimestamp::fromString((*rows)->value(4).toString());
            const QJsonDocument fields = QJsonDocument::fromJson((*rows)->value(3).toString().toUtf8());
            if (!stamp || !fields.isObject())
                return fail(ErrorCode::Database,
                            QStringLiteral("待同步记录 %1 已损坏").arg((*rows)->value(0).toLongLong()));
            lastSeq = (*rows)->value(0).toLongLong();
            Change change{
                (*rows)->value(1).toString(), (*rows)->value(2).toString(), fields.object(), *stamp, {}};
            const QJsonObject base = QJsonDocument::fromJson((*rows)->value(5).toString().toUtf8()).object();
            for (auto it = base.constBegin(); it != base.constEnd(); ++it) {
                if (const auto seen = HlcTimestamp::fromString(it.value().toString()))
                    change.base.insert(it.key(), *seen);
            }
            changeSet.changes.append(std::move(change));
        }
        if (changeSet.changes.isEmpty())
            break;
        auto last = sql.scalar(QStringLiteral("SELECT COALESCE(MAX(sequence), 0) FROM change_sets"));
        if (!last)
            return fail(last.error());
        changeSet.id = RecordId::generate();
        changeSet.sequence = last->toULongLong() + 1;
        EnvelopeHeader meta;
        meta.kind = EnvelopeKind::Push;
        meta.senderDeviceId = *device;
        meta.keyEpoch = m_server.keyEpoch;
        meta.changeSetId = changeSet.id;
        meta.sequence = changeSet.sequence;
        auto sealed = Envelope::seal(SyncCodec::encode(changeSet), meta, m_server.boxKey, m_keys.signing());
        if (!sealed)
            return fail(sealed.error());
        const QString now =
            QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
        auto stored = sql.run(
            QStringLiteral(
                "INSERT INTO change_sets(id, sequence, sealed, changes, created_at) VALUES(?, ?, ?, ?, ?)"),
            {changeSet.id, qint64(changeSet.sequence), sealed->toBytes(), int(changeSet.changes.size()),
             now});
        if (!stored)
            return fail(stored.error());
        auto marked = sql.run(QStringLiteral("UPDATE outbox SET change_set = ? WHERE change_set IS NULL "
                                             "AND acked_at IS NULL AND seq <= ?"),
                              {changeSet.id, lastSeq});
        if (!marked)
            return fail(marked.error());
        ++sealedSets;
    }
    if (auto committed = transaction->commit(); !committed)
        return fail(committed.error());
    return sealedSets;
}

Result<QList<PendingChangeSet>> OutboxSealer::unacknowledged()
{
    auto rows = m_database.sql().run(QStringLiteral(
        "SELECT id, sequence, sealed, changes FROM change_sets WHERE acked_at IS NULL ORDER BY sequence"));
    if (!rows)
        return fail(rows.error());
    QList<PendingChangeSet> pending;
    while ((*rows)->next())
        pending.append(PendingChangeSet{(*rows)->value(0).toString(), (*rows)->value(1).toULongLong(),
                                        (*rows)->value(2).toByteArray(), (*rows)->value(3).toInt()});
    return pending;
}

} // namespace kjzy
