#pragma once

#include "ChangeRecorder.h"
#include "ClientDatabase.h"
#include "model/Volunteer.h"

#include <optional>

namespace kjzy {

struct VolunteerFilter
{
    QString region; // a province, city or county code; empty: the whole database
    QString team;   // a team id; empty: any
};

// Volunteers in the local database. Every write is one transaction holding the row change, its
// memberships and its outbox entries; records outside the device's scope are refused.
class VolunteerStore
{
public:
    VolunteerStore(ClientDatabase& database, const Clock& clock);

    // Stores a validated volunteer; generates its id when empty. Returns the id.
    Result<QString> add(Volunteer volunteer);
    // Replaces the stored record with `volunteer` (same id); only changed fields reach the outbox.
    // Returns the JSON keys that changed.
    Result<QStringList> update(const Volunteer& volunteer);
    Status remove(const QString& id);

    Result<Volunteer> get(const QString& id);
    Result<std::optional<Volunteer>> findByIdNumber(const QString& idNumber);
    // The live record's id for an ID number, without loading it (one indexed lookup).
    Result<std::optional<QString>> idForIdNumber(const QString& idNumber);
    Result<QList<Volunteer>> list(const VolunteerFilter& filter = {});
    // Live volunteers per county-position code, for progress against the targets.
    Result<QHash<QString, int>> countsByCounty();

private:
    Status writeRow(const Volunteer& v, bool insert, const QString& now);
    Status writeMemberships(const QString& volunteerId, const QStringList& before, const QStringList& after);
    Result<QStringList> teamsOf(const QString& volunteerId);
    Status checkScope(const Volunteer& v);

    ClientDatabase& m_database;
    ChangeRecorder m_recorder;
};

} // namespace kjzy
