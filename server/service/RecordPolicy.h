#pragma once

#include "store/RegistryStore.h"
#include "sync/RecordState.h"

#include <QDate>

namespace kjzy {

// The rules a record must satisfy before the registry takes it, applied to the record as it would
// be after the merge — the server never trusts a client's validation.
class RecordPolicy
{
public:
    // The record's most specific region code (a membership has none of its own: empty).
    static QString regionOf(const RecordState& record);
    // Empty when the record is acceptable; otherwise every broken rule, joined, in Chinese.
    static QString validate(const RecordState& record, QDate today);
    // The rows a device with this scope may see.
    static ScopeFilter scopeFilter(const QString& scope);
    static bool inScope(const QString& scope, const QString& region);
};

} // namespace kjzy
