#pragma once

#include "ServerKeys.h"
#include "store/RegistryStore.h"
#include "sync/PullPage.h"
#include "sync/PullRequest.h"

namespace kjzy {

// A page and the sealed bytes it goes out as.
struct SealedPullPage
{
    PullPage page;
    QByteArray sealed;
};

// Serves the log to devices: the records in a device's scope changed after its cursor, as whole
// current states, in pages encrypted to the device and signed by the server.
//
// A page holds at most `limit` records and, sealed, at most `maxBytes` bytes unless a single item
// alone is larger (then it goes alone): a link that drops every few seconds still carries each
// page whole. Records, aliases and departures share the global sequence, so a page is the items
// with cursor < seq <= nextCursor and nothing else; the next page starts right after it.
class PullService
{
public:
    PullService(RegistryStore& store, const ServerKeys& keys);

    // `body` is PullRequest::toBody(), `signature` the device's Ed25519 signature over
    // PullRequest::signingMessage(body). Returns the sealed page.
    Result<QByteArray> pull(QByteArrayView body, QByteArrayView signature);
    Result<PullPage> page(const DeviceRecord& device, quint64 cursor, int limit,
                          qint64 maxBytes = PullRequest::kDefaultMaxBytes);
    Result<SealedPullPage> sealedPage(const DeviceRecord& device, quint64 cursor, int limit,
                                      qint64 maxBytes = PullRequest::kDefaultMaxBytes);
    Result<QByteArray> sealPage(const DeviceRecord& device, const PullPage& page) const;

private:
    RegistryStore& m_store;
    const ServerKeys& m_keys;
};

} // namespace kjzy
