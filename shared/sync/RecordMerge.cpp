#include "RecordMerge.h"

namespace kjzy {

MergeOutcome RecordMerge::apply(RecordState& target, const FieldMap& fields, const HlcTimestamp& stamp,
                                const QHash<QString, HlcTimestamp>& base)
{
    MergeOutcome outcome;
    if (target.data.isEmpty() && target.clocks.isEmpty()) {
        // A record created whole: one stamp stands for all its fields ("*"), as the client stores
        // it — sixteen copies of one stamp cost bytes in every row, page and commit.
        target.data = fields;
        target.clocks.setAll(stamp);
        outcome.applied = fields.keys();
        return outcome;
    }
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        const auto seen = base.constFind(it.key());
        applyField(target, it.key(), it.value(), stamp, seen != base.constEnd() ? &*seen : nullptr, outcome);
    }
    return outcome;
}

MergeOutcome RecordMerge::apply(RecordState& target, const RecordState& incoming)
{
    MergeOutcome outcome;
    if (target.data.isEmpty() && target.clocks.isEmpty()) {
        target.data = incoming.data;
        target.clocks = incoming.clocks;
        outcome.applied = incoming.data.keys();
        return outcome;
    }
    for (auto it = incoming.data.constBegin(); it != incoming.data.constEnd(); ++it)
        applyField(target, it.key(), it.value(), incoming.clocks.stampOf(it.key()), nullptr, outcome);
    return outcome;
}

void RecordMerge::applyField(RecordState& target, const QString& field, const FieldValue& value,
                             const HlcTimestamp& stamp, const HlcTimestamp* base, MergeOutcome& outcome)
{
    const HlcTimestamp current = target.clocks.stampOf(field);
    const FieldValue* present = target.data.find(field);
    const bool held = present && !current.isNull();
    if (held && stamp == current)
        return; // the same write seen again: idempotent
    const FieldValue old = present ? *present : FieldValue();
    const bool conflicting = held && old != value && stamp.device != current.device;
    if (!held || stamp > current) {
        target.data.insert(field, value);
        target.clocks.set(field, stamp);
        outcome.applied << field;
        // Replacing the very value the writer had seen is a correction, not a conflict.
        if (conflicting && !(base && *base == current))
            outcome.overwritten << OverwrittenValue{field, value, old, stamp, current};
    } else if (conflicting) {
        outcome.overwritten << OverwrittenValue{field, old, value, current, stamp};
    }
}

} // namespace kjzy
