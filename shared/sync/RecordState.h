#pragma once

#include "RecordClocks.h"
#include "model/FieldMap.h"

#include <QString>

namespace kjzy {

// A whole record as the registry holds it: its fields as CLI.md JSON (full values, "deleted" for a
// tombstone) and the stamp of every field. What a pull page carries.
struct RecordState
{
    QString entity;
    QString id;
    FieldMap data;
    RecordClocks clocks;

    bool isDeleted() const { return data.value(QStringLiteral("deleted")).toBool(false); }
    // The same record: same values and, field by field, the same stamps — whether a stamp is
    // written under "*" or under the field's own key is only how it is stored.
    bool equivalent(const RecordState& other) const
    {
        if (entity != other.entity || id != other.id || data != other.data)
            return false;
        for (auto it = data.constBegin(); it != data.constEnd(); ++it) {
            if (clocks.stampOf(it.key()) != other.clocks.stampOf(it.key()))
                return false;
        }
        return true;
    }
    bool operator==(const RecordState&) const = default;
};

// Names one record.
struct RecordKey
{
    QString entity;
    QString id;

    bool operator==(const RecordKey&) const = default;
};

// A volunteer id made offline for a person the registry already held, and the id that survives.
struct IdAlias
{
    QString fromId;
    QString toId;

    bool operator==(const IdAlias&) const = default;
};

} // namespace kjzy
