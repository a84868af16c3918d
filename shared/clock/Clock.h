#pragma once

#include <QtGlobal>

namespace kjzy {

// Wall-clock source, injected so HLC stamps and merges are testable.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // milliseconds since the Unix epoch
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
    static const SystemClock& instance();
};

// A clock that moves only when told to: for tests.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 ms = 0) : m_ms(ms) {}
    qint64 nowMs() const override { return m_ms; }
    void set(qint64 ms) { m_ms = ms; }
    void advance(qint64 ms) { m_ms += ms; }

private:
    qint64 m_ms;
};

} // namespace kjzy
