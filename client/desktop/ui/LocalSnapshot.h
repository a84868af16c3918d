#pragma once

#include "core/Error.h"
#include "model/Team.h"
#include "model/Volunteer.h"

namespace kjzy::desktop {

// Everything the main window shows, read in one go on a worker thread through its own
// connection (SQLite connections belong to the thread that opened them).
struct LocalSnapshot
{
    QString region; // the device's scope
    QList<Team> teams;
    QList<Volunteer> volunteers;

    static Result<LocalSnapshot> load(const QString& databasePath);
};

} // namespace kjzy::desktop
