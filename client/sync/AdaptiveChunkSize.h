#pragma once

#include <QtGlobal>

#include <optional>

namespace kjzy {

// Bounds of one AdaptiveChunkSize, in bytes.
struct ChunkSizeLimits
{
    qint64 initial = 64 * 1024;
    qint64 floor = 1024;
    qint64 cap = 4 * 1024 * 1024;
};

// How many bytes to put in the next request over a link that may drop connections after an unknown
// number of bytes (a township's mobile link, a middlebox that resets long transfers): start at
// `initial`, halve after a failure (not below `floor`), grow by half after two successes in a row,
// never above `cap` nor above 90% of the smallest size that failed since this object was made (one
// sync), so a link that always cuts at the same point is not probed again and again. Pure: no
// clock, no I/O.
class AdaptiveChunkSize
{
public:
    explicit AdaptiveChunkSize(ChunkSizeLimits limits = {});

    // The size to try next.
    qint64 current() const { return m_current; }
    // The largest size current() may reach from here on.
    qint64 ceiling() const;
    // The smallest size that failed so far, if any did.
    std::optional<qint64> smallestFailure() const { return m_smallestFailure; }
    const ChunkSizeLimits& limits() const { return m_limits; }

    // The last request went through.
    void succeeded();
    // A request of `size` bytes failed (cut, timed out, refused as too large).
    void failed(qint64 size);
    // A request of `size` bytes failed on the same link in another stream (the upload, for the
    // pull's pages): the ceiling comes down, the current size only as far as the ceiling.
    void failedElsewhere(qint64 size);

private:
    ChunkSizeLimits m_limits;
    qint64 m_current;
    int m_successesInARow = 0;
    std::optional<qint64> m_smallestFailure;
};

} // namespace kjzy
