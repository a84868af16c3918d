#include "ChangeRecorder.h"

#include "core/JsonWriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace kjzy {

ChangeRecorder::ChangeRecorder(ClientDatabase& database, const Clock& clock)
    : m_database(database), m_clock(clock)
{}

QJsonObject ChangeRecorder::changedFields(const QJsonObject& before, const QJsonObject& after)
{
    QJsonObject changed;
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

Result<HlcTimestamp> ChangeRecorder::record(const QString& entity, const QString& entityId,
                                            const QJsonObject& fields)
{
    return recordEncoded(entity, entityId,
                         QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)),
                         fields.keys());
}

Result<HlcTimestamp> ChangeRecorder::recordEncoded(const QString& entity, const QString& entityId,
                                                   const QString& fieldsJson, const QStringList& keys,
                                                   bool newRecord)
{
    auto stamp = m_database.nextStamp(m_clock);
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
    auto inserted = sql.run(
        QStringLiteral("INSERT INTO outbox(entity, entity_id, fields, hlc, device) VALUES(?, ?, ?, ?, ?)"),
        {entity, entityId, fieldsJson, stampText, stamp->device});
    if (!inserted)
        return fail(inserted.error());
    // json_patch (RFC 7396) keeps the stamps of the fields this change did not touch.
    auto clocked =
        sql.run(QStringLiteral("INSERT INTO record_clocks(entity, entity_id, clocks) VALUES(?, ?, ?) "
                               "ON CONFLICT(entity, entity_id) DO UPDATE SET clocks = "
                               "json_patch(clocks, excluded.clocks)"),
                {entity, entityId, clocks.text()});
    if (!clocked)
        return fail(clocked.error());
    return *stamp;
}

} // namespace kjzy
