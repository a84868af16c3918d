#include "ChangeRecorder.h"

#include "RecordRow.h"

#include "clock/RecordId.h"
#include "core/JsonWriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace kjzy {

ChangeRecorder::ChangeRecorder(ClientDatabase& database, const Clock& clock)
    : m_database(database), m_clock(clock)
{}

FieldMap ChangeRecorder::changedFields(const FieldMap& before, const FieldMap& after)
{
    FieldMap changed;
    for (auto it = after.constBegin(); it != after.constEnd(); ++it) {
        if (before.value(it.key()) != it.value())
            changed.insert(it.key(), it.value());
    }
    return changed;
}

QString ChangeRecorder::nowIso() const
{
    return QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
}

Result<HlcTimestamp> ChangeRecorder::creationStamp(QString& id)
{
    if (!id.isEmpty())
        return HlcTimestamp{};
    auto stamp = m_database.nextStamp(m_clock);
    if (!stamp)
        return fail(stamp.error());
    id = RecordId::forCreation(*stamp);
    return *stamp;
}

Result<std::optional<RecordClocks>> ChangeRecorder::heldClocks(const QString& entity, const QString& entityId)
{
    const RecordRow row = RecordRow::of(entity, entityId);
    auto held = m_database.sql().scalar(
        QStringLiteral("SELECT clocks FROM %1 WHERE %2").arg(row.table, row.keyCondition), row.key);
    if (!held)
        return fail(held.error());
    if (held->isNull())
        return std::optional<RecordClocks>();
    auto parsed = RecordClocks::fromJsonText(held->toString().toUtf8());
    if (!parsed)
        return fail(parsed.error());
    return std::optional<RecordClocks>(*parsed);
}

Result<HlcTimestamp> ChangeRecorder::record(const QString& entity, const QString& entityId,
                                            const FieldMap& fields)
{
    return recordEncoded(entity, entityId, fields.toJsonText(), fields.keys());
}

Result<HlcTimestamp> ChangeRecorder::recordEncoded(const QString& entity, const QString& entityId,
                                                   const QString& fieldsJson, const QStringList& keys,
                                                   bool newRecord, const HlcTimestamp& given)
{
    auto stamp = given.isNull() ? m_database.nextStamp(m_clock) : Result<HlcTimestamp>(given);
    if (!stamp)
        return fail(stamp.error());
    const QString stampText = stamp->toString();

    // One outbox row per change: its fields as one JSON object, all under this change's stamp.
    JsonWriter clocks;
    clocks.beginObject();
    if (newRecord) {
        clocks.key(allFieldsKey()).value(stampText);
    } else {
        for (const QString& key : keys)
            clocks.key(key).value(stampText);
    }
    clocks.endObject();
    SqliteConnection& sql = m_database.sql();
    // What the edit overwrote: the stamps the changed fields held here (see migration 0006).
    QVariant base;
    if (!newRecord) {
        auto clocksHeld = heldClocks(entity, entityId);
        if (!clocksHeld)
            return fail(clocksHeld.error());
        if (*clocksHeld) {
            JsonWriter seen;
            seen.beginObject();
            for (const QString& key : keys) {
                if (const HlcTimestamp was = (*clocksHeld)->stampOf(key); !was.isNull())
                    seen.key(key).value(was.toString());
            }
            seen.endObject();
            base = seen.text();
        }
    }
    auto inserted = sql.run(
        QStringLiteral(
            "INSERT INTO outbox(entity, entity_id, fields, hlc, device, base) VALUES(?, ?, ?, ?, ?, ?)"),
        {entity, entityId, fieldsJson, stampText, stamp->device, base});
    if (!inserted)
        return fail(inserted.error());
    // json_patch (RFC 7396) keeps the stamps of the fields this change did not touch; a creation
    // (or a re-creation after a refusal) replaces them all with its one "*" stamp. The caller has
    // written the row already, so exactly one row takes the stamps.
    const RecordRow row = RecordRow::of(entity, entityId);
    QVariantList params{clocks.text()};
    params << row.key;
    auto clocked = sql.run(
        (newRecord ? QStringLiteral("UPDATE %1 SET clocks = ? WHERE %2")
                   : QStringLiteral("UPDATE %1 SET clocks = json_patch(coalesce(clocks, '{}'), ?) WHERE %2"))
            .arg(row.table, row.keyCondition),
        params);
    if (!clocked)
        return fail(clocked.error());
    if ((*clocked)->changes() != 1)
        return fail(ErrorCode::Internal,
                    QStringLiteral("记录 %1/%2 不在本地数据库中，无法记下修改").arg(entity, entityId));
    // A new edit of a record is the fix for the server's earlier refusal: the refusal goes, and
    // comes back with the next reply if the edit is refused again.
    if (!newRecord) {
        auto cleared =
            sql.run(QStringLiteral("DELETE FROM rejected_changes WHERE entity = ? AND entity_id = ?"),
                    {entity, entityId});
        if (!cleared)
            return fail(cleared.error());
    }
    return *stamp;
}

Result<bool> ChangeRecorder::creationRefused(const QString& entity, const QString& entityId)
{
    auto held = heldClocks(entity, entityId);
    if (!held)
        return fail(held.error());
    if (!*held || (*held)->all().isNull())
        return false;
    auto refused = m_database.sql().scalar(
        QStringLiteral("SELECT EXISTS(SELECT 1 FROM rejected_changes r JOIN outbox o ON o.seq = r.outbox_seq "
                       "WHERE o.entity = ? AND o.entity_id = ? AND o.hlc = ?)"),
        {entity, entityId, (*held)->all().toString()});
    if (!refused)
        return fail(refused.error());
    return refused->toInt() != 0;
}

Result<HlcTimestamp> ChangeRecorder::recordRecreation(const QString& entity, const QString& entityId,
                                                      const QString& fieldsJson, const QStringList& keys)
{
    auto stamp = recordEncoded(entity, entityId, fieldsJson, keys, true);
    if (!stamp)
        return stamp;
    auto cleared = m_database.sql().run(
        QStringLiteral("DELETE FROM rejected_changes WHERE entity = ? AND entity_id = ?"),
        {entity, entityId});
    if (!cleared)
        return fail(cleared.error());
    return stamp;
}

} // namespace kjzy
