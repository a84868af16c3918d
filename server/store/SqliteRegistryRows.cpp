#include "SqliteRegistryRows.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace kjzy::registry_rows {

std::optional<QString> optionalText(const QVariant& value)
{
    return value.isNull() ? std::nullopt : std::optional<QString>(value.toString());
}

QVariant nullable(const std::optional<QString>& value)
{
    return value ? QVariant(*value) : QVariant();
}

DeviceRecord readDevice(const SqliteStatement& q)
{
    DeviceRecord d;
    d.id = q.value(0).toString();
    d.scope = q.value(1).toString();
    d.role = q.value(2).toString();
    d.label = q.value(3).toString();
    d.signKey = q.value(4).toByteArray();
    d.boxKey = q.value(5).toByteArray();
    d.keyEpoch = quint32(q.value(6).toLongLong());
    d.enrolledAt = q.value(7).toString();
    d.lastSequence = q.value(8).toULongLong();
    d.revokedAt = optionalText(q.value(9));
    if (!q.value(10).isNull())
        d.revokedAfter = q.value(10).toULongLong();
    return d;
}

EnrollmentCodeRecord readCode(const SqliteStatement& q)
{
    return EnrollmentCodeRecord{q.value(0).toString(), q.value(1).toByteArray(), q.value(2).toString(),
                                q.value(3).toString(), q.value(4).toString(),    q.value(5).toString(),
                                q.value(6).toInt(),    optionalText(q.value(7)), q.value(8).toString()};
}

StoredRecord readRecord(const SqliteStatement& q)
{
    StoredRecord r;
    r.entity = q.value(0).toString();
    r.id = q.value(1).toString();
    r.data = q.value(2).toByteArray();
    r.clocks = q.value(3).toByteArray();
    r.region = q.value(4).toString();
    r.previousRegion = q.value(5).toString();
    r.identity = q.value(6).toByteArray(); // NULL reads as an empty array
    r.deleted = q.value(7).toLongLong() != 0;
    r.seq = q.value(8).toULongLong();
    return r;
}

AliasRecord readAlias(const SqliteStatement& q)
{
    return AliasRecord{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                       q.value(3).toULongLong()};
}

ChangeSetRecord readChangeSet(const SqliteStatement& q)
{
    return ChangeSetRecord{q.value(0).toString(),   q.value(1).toString(), q.value(2).toULongLong(),
                           q.value(3).toString(),   q.value(4).toInt(),    q.value(5).toInt(),
                           q.value(6).toByteArray()};
}

QString jsonArray(const QStringList& values)
{
    QJsonArray array;
    for (const QString& value : values) {
        if (!value.isEmpty())
            array.append(value);
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

bool isDigits(const QString& text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

ConflictRecord readConflict(const SqliteStatement& q)
{
    return ConflictRecord{q.value(0).toString(),    q.value(1).toString(),    q.value(2).toString(),
                          q.value(3).toByteArray(), q.value(4).toByteArray(), q.value(5).toString(),
                          q.value(6).toString(),    q.value(7).toString(),    q.value(8).toString(),
                          q.value(9).toString(),    q.value(10).toString()};
}

ClampRecord readClamp(const SqliteStatement& q)
{
    return ClampRecord{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                       q.value(3).toString(), q.value(4).toString()};
}

} // namespace kjzy::registry_rows
