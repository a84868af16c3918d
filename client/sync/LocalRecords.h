#pragma once

#include "store/ClientDatabase.h"
#include "sync/RecordState.h"

#include <QSet>

#include <optional>

namespace kjzy {

// Records of the local database seen the way the merge sees them — synced fields as JSON plus the
// stamps of the row's clocks column — for applying what the server sends. Callers hold the
// transaction.
class LocalRecords
{
public:
    explicit LocalRecords(ClientDatabase& database) : m_database(database) {}

    Result<std::optional<RecordState>> load(const QString& entity, const QString& id);
    // Writes the row with its clocks in one statement; no outbox entry (the change came from the server).
    Status save(const RecordState& state, const QString& nowIso);
    // Stores a record as it came when this database holds nothing it could merge with: one INSERT
    // that does nothing when the id — or, for a volunteer, the live ID number (an offline twin) —
    // is here already. Most of a first pull takes only this. False: nothing was written, the
    // caller takes the merging path (load, fold a twin, merge, save).
    Result<bool> insertIfAbsent(const RecordState& state, const QString& nowIso);
    // The live volunteer holding an ID number, if any.
    Result<std::optional<QString>> volunteerWithIdNumber(const QString& idNumber, const QString& exceptId);
    // The record left this device's scope: its row and clocks go, without an outbox entry.
    Status drop(const QString& entity, const QString& id);
    // The person `fromId` is the person `toId`: merge the first into the second, move its
    // memberships and its unsent outbox entries over, and drop the first.
    // `carried`: when set, only these fields of `fromId` are merged (the rest of its state is
    // not something the server has or will have, see SyncApplier::applyRecord).
    Status fold(const QString& fromId, const QString& toId, const QString& nowIso,
                const std::optional<QSet<QString>>& carried = std::nullopt);
    // The fields of a record's changes the server has not acknowledged yet.
    Result<QSet<QString>> unacknowledgedFields(const QString& entity, const QString& id);

private:
    enum class Write
    {
        Upsert,
        InsertIfAbsent,
    };
    // Volunteers and teams: one statement over the entity's column list. True: a row was written.
    Result<bool> writeRow(const RecordState& state, const QString& nowIso, Write write);
    Result<bool> writeMembership(const RecordState& state, Write write);

    ClientDatabase& m_database;
};

} // namespace kjzy
