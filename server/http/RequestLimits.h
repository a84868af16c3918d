#pragma once

#include <QtGlobal>

#include <chrono>

namespace kjzy {

// What the server's transport accepts from one connection, enforced by RequestGuard before
// QHttpServer (Qt 6.4) buffers anything: it has no limits of its own.
struct RequestLimits
{
    // A whole-body POST /v1/push carries one sealed envelope of up to 64 MiB; chunked uploads stay
    // at 4 MiB or less per request, so 64 MiB is the largest body any route needs.
    static constexpr qint64 DefaultMaxBodyBytes = 64LL * 1024 * 1024;
    // Request line and headers together; our client sends well under 1 KiB.
    static constexpr qint64 DefaultMaxHeadBytes = 16 * 1024;

    qint64 maxBodyBytes = DefaultMaxBodyBytes;
    qint64 maxHeadBytes = DefaultMaxHeadBytes;
    // A connection that moves no byte in either direction for this long is closed.
    std::chrono::milliseconds idleTimeout = std::chrono::seconds(30);
    // From the first byte of a request head to its blank line (slowloris).
    std::chrono::milliseconds headTimeout = std::chrono::seconds(15);
    // Connections held at once; the next one gets 503 and is closed.
    int maxConnections = 256;
};

} // namespace kjzy
