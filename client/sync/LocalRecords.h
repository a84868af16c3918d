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
    // Which of a page's volunteers and teams this database holds, and which of its ID numbers a
    // live volunteer holds: two queries per page instead of three look-ups per record, so a record
    // known to be new here skips them. Over-approximations are harmless (the record takes the
    // full path); a miss is not, so callers add every id and ID number they write to it.
    struct Presence
    {
        QSet<QString> volunteers;
        QSet<QString> teams;
        QSet<QString> liveIdNumbers;
        bool isNew(const RecordState& incoming) const;
        void noteWritten(const RecordState& record);
    };
    Result<Presence> presenceOf(const QList<RecordState>& records);

    explicit LocalRecords(ClientDatabase& database) : m_database(database) {}

    Result<std::optional<RecordState>> load(const QString& entity, const QString& id);
    // Writes the row with its clocks in one statement; no outbox entry (the change came from the server).
    Status save(const RecordState& state, const QString& nowIso);
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
    // Volunteers and teams: one upsert over the entity's column list.
    Status saveRow(const RecordState& state, const QString& nowIso);
    Status saveMembership(const RecordState& state);

    ClientDatabase& m_database;
};

} // namespace kjzy
