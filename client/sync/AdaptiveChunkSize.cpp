#include "AdaptiveChunkSize.h"

#include <algorithm>

namespace kjzy {

namespace {
constexpr int kSuccessesToGrow = 2;
}

AdaptiveChunkSize::AdaptiveChunkSize(ChunkSizeLimits limits) : m_limits(limits)
{
    m_limits.floor = std::max<qint64>(1, m_limits.floor);
    m_limits.cap = std::max(m_limits.floor, m_limits.cap);
    m_limits.initial = std::clamp(m_limits.initial, m_limits.floor, m_limits.cap);
    m_current = m_limits.initial;
}

qint64 AdaptiveChunkSize::ceiling() const
{
    if (!m_smallestFailure)
        return m_limits.cap;
    // 90%: a link that cut a request of N bytes will most likely cut the next one of N bytes too,
    // and one a little smaller leaves room for the HTTP headers that travel with it.
    return std::clamp(*m_smallestFailure * 9 / 10, m_limits.floor, m_limits.cap);
}

void AdaptiveChunkSize::succeeded()
{
    if (++m_successesInARow < kSuccessesToGrow)
        return;
    m_successesInARow = 0;
    m_current = std::min(ceiling(), m_current + m_current / 2);
}

void AdaptiveChunkSize::failed(qint64 size)
{
    m_successesInARow = 0;
    if (size > 0)
        m_smallestFailure = m_smallestFailure ? std::min(*m_smallestFailure, size) : size;
    m_current = std::clamp(m_current / 2, m_limits.floor, ceiling());
}

void AdaptiveChunkSize::failedElsewhere(qint64 size)
{
    if (size <= 0)
        return;
    m_smallestFailure = m_smallestFailure ? std::min(*m_smallestFailure, size) : size;
    m_current = std::min(m_current, ceiling());
}

} // namespace kjzy
