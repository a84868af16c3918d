#pragma once

#include "store/ClientDatabase.h"

#include <QByteArray>

namespace kjzy {

// What enrollment pinned about the server: its public keys and this device's key epoch. Every
// reply and page must be signed by exactly this key.
struct PinnedServer
{
    QString url;
    QByteArray signKey;
    QByteArray boxKey;
    quint32 keyEpoch = 1;

    // Auth error "not enrolled" when the database has no pinned server.
    static Result<PinnedServer> load(ClientDatabase& database);
    Status save(ClientDatabase& database) const;
};

} // namespace kjzy
