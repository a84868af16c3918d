#include "ChangeRecorder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace kjzy {

namespace {

QString jsonText(const QJsonValue& value)
{
    // Wrap in an array to serialise scalars too, then strip the brackets.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

} // namespace

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
    auto stamp = m_database.nextStamp(m_clock);
    if (!stamp)
        return fail(stamp.error());
    const QString stampText = stamp->toString();
    const QString& device = stamp->device;

    SqliteConnection& sql = m_database.sql();
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        auto inserted =
            sql.run(QStringLiteral("INSERT INTO outbox(entity, entity_id, field, value, hlc, device) "
                                   "VALUES(?, ?, ?, ?, ?, ?)"),
                    {entity, entityId, it.key(), jsonText(it.value()), stampText, device});
        if (!inserted)
            return fail(inserted.error());
        auto clocked = sql.run(
            QStringLiteral("INSERT INTO field_clocks(entity, entity_id, field, hlc) VALUES(?, ?, ?, ?) "
                           "ON CONFLICT(entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc"),
            {entity, entityId, it.key(), stampText});
        if (!clocked)
            return fail(clocked.error());
    }
    return *stamp;
}

} // namespace kjzy
