#pragma once

#include "net/HttpLink.h"

#include <functional>

namespace kjzy {

// The time one sync may take, and the waits between its failed attempts: exponential backoff with
// equal jitter (HttpLink::backoffMs) that starts small again after every bit of progress, so a link
// that drops every few seconds is retried briskly while a link that stays down is asked less and
// less often, until the deadline. The clock, the sleep and the randomness are injectable for tests.
class RetryDeadline
{
public:
    struct Hooks
    {
        std::function<qint64()> nowMs;      // a monotonic clock; default QElapsedTimer
        std::function<void(int)> sleepMs;   // default: a local QEventLoop, so sockets keep running
        std::function<double()> unitRandom; // [0, 1); default QRandomGenerator::global()
    };

    // budgetMs <= 0: no time at all (every backOff() says stop).
    RetryDeadline(qint64 budgetMs, const HttpLinkOptions& backoff, Hooks hooks = {});

    qint64 budgetMs() const { return m_budgetMs; }
    qint64 elapsedMs() const;
    qint64 remainingMs() const;
    bool expired() const { return remainingMs() <= 0; }

    // After a failed attempt: waits before the next one and returns true, or returns false at once
    // when the wait would reach the deadline (no attempt could start in time).
    bool backOff();
    // An attempt moved the transfer forward: the next failure waits the shortest time again.
    void progressed() { m_failuresInARow = 0; }
    int failuresInARow() const { return m_failuresInARow; }
    // Every wait so far, in ms, for tests and logs.
    qint64 waitedMs() const { return m_waitedMs; }

private:
    qint64 m_budgetMs;
    HttpLinkOptions m_backoff;
    Hooks m_hooks;
    qint64 m_startMs;
    int m_failuresInARow = 0;
    qint64 m_waitedMs = 0;
};

} // namespace kjzy
