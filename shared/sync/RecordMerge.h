#pragma once

#include "RecordState.h"

#include <QList>
#include <QStringList>

namespace kjzy {

// A value that lost a merge: kept for the conflict log, from which a coordinator can restore it.
struct OverwrittenValue
{
    QString field;
    FieldValue kept;
    FieldValue lost;
    HlcTimestamp keptStamp;
    HlcTimestamp lostStamp;

    bool operator==(const OverwrittenValue&) const = default;
};

struct MergeOutcome
{
    QStringList applied;                 // fields the incoming side won
    QList<OverwrittenValue> overwritten; // values that lost, either side
};

// The merge rule both sides apply (ARCHITECTURE.md §7): per field, the value with the greatest
// (HLC, device) wins; a delete is the field "deleted" and merges like any other. Because the order
// of stamps is total and the rule looks at nothing else, applying the same writes in any order on
// any replica ends in the same record — the convergence property.
//
// A losing value is reported as overwritten when the two values differ, came from different
// devices, and the writer had not seen the value it replaced (`base`: the stamps the writer's
// edit started from; a value it had seen and then changed is a correction, not a conflict).
class RecordMerge
{
public:
    // `fields` written together at `stamp` (one outbox change) into `target`.
    static MergeOutcome apply(RecordState& target, const FieldMap& fields, const HlcTimestamp& stamp,
                              const QHash<QString, HlcTimestamp>& base = {});
    // Every field of `incoming` at its own stamp (a pulled record).
    static MergeOutcome apply(RecordState& target, const RecordState& incoming);

private:
    static void applyField(RecordState& target, const QString& field, const FieldValue& value,
                           const HlcTimestamp& stamp, const HlcTimestamp* base, MergeOutcome& outcome);
};

} // namespace kjzy
