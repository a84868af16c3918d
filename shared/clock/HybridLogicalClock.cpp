#include "HybridLogicalClock.h"

#include <algorithm>

namespace kjzy {

HybridLogicalClock::HybridLogicalClock(QString deviceId, const Clock& clock, HlcTimestamp last)
    : m_deviceId(std::move(deviceId)), m_clock(clock), m_last(std::move(last))
{
    m_last.device = m_deviceId;
}

HlcTimestamp HybridLogicalClock::advance(qint64 ms, quint32 counter)
{
    // The counter is printed in six digits; past that, borrow a millisecond rather than wrap.
    if (counter > HlcTimestamp::kMaxCounter) {
        ++ms;
        counter = 0;
    }
    m_last = HlcTimestamp{ms, counter, m_deviceId};
    return m_last;
}

HlcTimestamp HybridLogicalClock::now()
{
    const qint64 physical = m_clock.nowMs();
    if (physical > m_last.ms)
        return advance(physical, 0);
    return advance(m_last.ms, m_last.counter + 1);
}

HlcTimestamp HybridLogicalClock::observe(const HlcTimestamp& received)
{
    const qint64 physical = m_clock.nowMs();
    const qint64 ms = std::max({physical, m_last.ms, received.ms});
    quint32 counter = 0;
    if (ms == m_last.ms && ms == received.ms)
        counter = std::max(m_last.counter, received.counter) + 1;
    else if (ms == m_last.ms)
        counter = m_last.counter + 1;
    else if (ms == received.ms)
        counter = received.counter + 1;
    return advance(ms, counter);
}

} // namespace kjzy
