#pragma once

#include "AdaptiveChunkSize.h"
#include "DeviceKeys.h"
#include "PinnedServer.h"
#include "RetryDeadline.h"
#include "clock/Clock.h"
#include "net/HttpLink.h"
#include "store/ClientDatabase.h"
#include "sync/PullRequest.h"

#include <functional>

namespace kjzy {

struct EnrollmentOutcome
{
    QString device;
    QString scope;
    QString role;
};

struct SyncSummary
{
    int changeSetsSent = 0;
    int changesSent = 0;
    int accepted = 0;
    int rejected = 0;
    int pages = 0;
    int recordsPulled = 0;
    qint64 bytesSent = 0;
    qint64 bytesReceived = 0;
    int requests = 0;
    int failures = 0;        // attempts that failed and were tried again
    int chunks = 0;          // upload requests (POST /v1/push/chunk)
    QList<qint64> resumedAt; // offsets the server held when asked after a failure or a cut run
};

// Where a sync stands, for a progress bar.
struct SyncProgress
{
    enum class Phase
    {
        Push,
        Pull
    };
    Phase phase = Phase::Push;
    qint64 bytesAcknowledged = 0; // bytes of the pending change sets the server said it holds
    qint64 bytesSent = 0;         // the same plus the chunk in flight
    qint64 bytesTotal = 0;        // bytes of all pending change sets
    int changeSetsDone = 0;
    int changeSetsTotal = 0;
    int pages = 0;
    int recordsPulled = 0;
};

struct SyncOptions
{
    qint64 timeoutMs = 180'000; // the whole sync, every retry included; then ErrorCode::Network
    // Records per pull page, at most. A page is one transaction here, and with 5,000 the commits
    // were a third of a first pull; 20,000 (the server's PullRequest::kMaxLimit) halved that but
    // took a province pull from 105 to 140 MB, so 10,000. On a poor link `pages` keeps the pages
    // small in bytes whatever this says.
    int pageSize = PullRequest::kMaxLimit / 2;
    HttpLinkOptions backoff; // initialBackoffMs and maxBackoffMs: waits between failed attempts
    ChunkSizeLimits chunks;  // upload chunk sizes
    ChunkSizeLimits pages{64 * 1024, 4096, 4 * 1024 * 1024}; // pull max_bytes (the server's floor is 4096)
    std::function<void(const SyncProgress&)> progress;
    RetryDeadline::Hooks retryHooks; // clock, sleep and randomness, for tests
};

// One device's conversation with the server: enrollment, then push (seal the outbox, send every
// unacknowledged change set in resumable chunks, apply the replies) and pull (pages since the
// cursor, bounded in bytes, until the end), retrying whatever the link breaks until the deadline.
// Every step is safe to repeat: a cut link leaves sealed change sets, the server's held chunks and
// the cursor where they were, and the next attempt or run goes on from there.
class SyncEngine
{
public:
    SyncEngine(ClientDatabase& database, const QString& databasePath, HttpLink& link, const Clock& clock);

    // Makes this device's keys, registers them with the one-time code, pins the server's keys.
    Result<EnrollmentOutcome> enroll(const QString& serverUrl, const QString& code);
    Result<SyncSummary> sync(const SyncOptions& options = {});
    Result<SyncSummary> sync(int pageSize);

private:
    ClientDatabase& m_database;
    QString m_databasePath;
    HttpLink& m_link;
    const Clock& m_clock;
};

} // namespace kjzy
