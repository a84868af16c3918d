#pragma once

#include "ServerKeys.h"
#include "store/RegistryStore.h"
#include "sync/PullPage.h"
#include "sync/PullRequest.h"

namespace kjzy {

// Serves the log to devices: the records in a device's scope changed after its cursor, as whole
// current states, in pages encrypted to the device and signed by the server.
class PullService
{
public:
    PullService(RegistryStore& store, const ServerKeys& keys);

    // `body` is PullRequest::toBody(), `signature` the device's Ed25519 signature over
    // PullRequest::signingMessage(body). Returns the sealed page.
    Result<QByteArray> pull(QByteArrayView body, QByteArrayView signature);
    Result<PullPage> page(const DeviceRecord& device, quint64 cursor, int limit);
    Result<QByteArray> sealPage(const DeviceRecord& device, const PullPage& page) const;

private:
    RegistryStore& m_store;
    const ServerKeys& m_keys;
};

} // namespace kjzy
