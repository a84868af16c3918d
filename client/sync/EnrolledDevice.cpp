#include "EnrolledDevice.h"

#include "store/ClientDatabase.h"

namespace kjzy {

Result<EnrolledDevice> EnrolledDevice::load(ClientDatabase& database, const QString& databasePath)
{
    auto server = PinnedServer::load(database);
    if (!server)
        return fail(server.error());
    auto keys = DeviceKeys::load(DeviceKeys::directoryFor(databasePath));
    if (!keys)
        return fail(keys.error());
    auto device = database.deviceId();
    if (!device)
        return fail(device.error());
    return EnrolledDevice{std::move(*server), std::move(*keys), *device};
}

} // namespace kjzy
