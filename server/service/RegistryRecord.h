#pragma once

#include "store/RegistryStore.h"
#include "sync/RecordState.h"

namespace kjzy {

// Converts between the store's rows (JSON text) and the records the merge works on.
class RegistryRecord
{
public:
    static Result<RecordState> toState(const StoredRecord& row);
    // Fills data, clocks and deleted of `row` from `state`; region, identity and seq are the
    // caller's.
    static void fillRow(StoredRecord& row, const RecordState& state);
    // The compact JSON text of a record's fields, byte for byte what QJsonDocument writes.
    static QByteArray dataText(const FieldMap& data);
};

} // namespace kjzy
