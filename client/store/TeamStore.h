#pragma once

#include "ChangeRecorder.h"
#include "ClientDatabase.h"
#include "model/Team.h"

#include <optional>

namespace kjzy {

// Teams (科技志愿服务组织) in the local database; same transaction and scope rules as volunteers.
class TeamStore
{
public:
    TeamStore(ClientDatabase& database, const Clock& clock);

    Result<QString> add(Team team);
    Result<QStringList> update(const Team& team);
    // Refused while live sub-teams name it as parent; its memberships end with it.
    Status remove(const QString& id);

    Result<Team> get(const QString& id);
    Result<std::optional<Team>> findByName(const QString& name);
    Result<QList<Team>> list(const QString& region = {});

private:
    Status checkScope(const Team& team);
    Status checkParent(const Team& team);
    Status writeRow(const Team& t, bool insert, const QString& now);

    ClientDatabase& m_database;
    ChangeRecorder m_recorder;
};

} // namespace kjzy
