#pragma once

#include "DeviceKeys.h"
#include "PinnedServer.h"

#include <memory>

namespace kjzy {

class ClientDatabase;

// What every conversation with the server needs once a device is enrolled: the pinned server
// keys, this device's key pairs and its id. Loading fails with the reason when the device was
// never enrolled or its key files are missing.
struct EnrolledDevice
{
    PinnedServer server;
    std::unique_ptr<DeviceKeys> keys;
    QString id;

    static Result<EnrolledDevice> load(ClientDatabase& database, const QString& databasePath);
};

} // namespace kjzy
