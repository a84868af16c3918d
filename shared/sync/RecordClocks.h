#pragma once

#include "clock/HlcTimestamp.h"
#include "core/Error.h"

#include <QHash>
#include <QJsonObject>

namespace kjzy {

// The stamp of the value each field of one record holds. The key "*" stands for every field
// without a stamp of its own, so a record created whole carries one stamp instead of sixteen.
// Stored as the JSON object {"*": "<hlc text>", "name": "<hlc text>"} (client record_clocks and the
// server's records.clocks use the same text).
class RecordClocks
{
public:
    static QString allFieldsKey() { return QStringLiteral("*"); }

    // A null stamp for a field nothing has written yet.
    HlcTimestamp stampOf(const QString& field) const;
    void set(const QString& field, const HlcTimestamp& stamp);
    // Every field now holds a value of `stamp` (a record created whole).
    void setAll(const HlcTimestamp& stamp);
    bool isEmpty() const { return m_all.isNull() && m_fields.isEmpty(); }
    // The greatest stamp of any field: when the record last changed.
    HlcTimestamp latest() const;

    const HlcTimestamp& all() const { return m_all; }
    const QHash<QString, HlcTimestamp>& fields() const { return m_fields; }

    QJsonObject toJson() const;
    QByteArray toJsonText() const;
    // The same text as a QString, for a TEXT column bound as one.
    QString toJsonString() const;
    static Result<RecordClocks> fromJson(const QJsonObject& json);
    static Result<RecordClocks> fromJsonText(QByteArrayView text);

    bool operator==(const RecordClocks&) const = default;

private:
    HlcTimestamp m_all;
    QHash<QString, HlcTimestamp> m_fields;
};

} // namespace kjzy
