#pragma once

#include "ClientDatabase.h"

#include <optional>

namespace kjzy {

// What `kjzy status` reports (CLI.md): pending changes, rejected ones, last sync, identity.
struct RejectedChangeEntry
{
    QString entity;
    QString id;
    QString reason;
    QString at;
};

struct SyncStatus
{
    int pending = 0;  // outbox entries not yet acknowledged by the server
    int rejected = 0; // changes the server refused, waiting for a fix
    std::optional<QString> lastSync;
    std::optional<QString> server;
    std::optional<QString> device;
    QString region;
    QList<RejectedChangeEntry> rejections; // the newest first, at most kMaxListed
    static constexpr int kMaxListed = 200;

    static Result<SyncStatus> read(ClientDatabase& database);
};

} // namespace kjzy
