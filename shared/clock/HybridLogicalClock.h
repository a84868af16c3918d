#pragma once

#include "Clock.h"
#include "HlcTimestamp.h"

namespace kjzy {

// Hybrid logical clock (Kulkarni et al., 2014): stamps never go backwards on one device even when
// the wall clock does, and a received stamp pushes the local clock past it, so causally later
// edits always sort later. The stamp carries this device's id to break ties.
class HybridLogicalClock
{
public:
    HybridLogicalClock(QString deviceId, const Clock& clock, HlcTimestamp last = {});

    HlcTimestamp now();                                 // a local event (an edit)
    HlcTimestamp observe(const HlcTimestamp& received); // a stamp from elsewhere
    const HlcTimestamp& last() const { return m_last; }
    const QString& deviceId() const { return m_deviceId; }

private:
    HlcTimestamp advance(qint64 ms, quint32 counter);

    QString m_deviceId;
    const Clock& m_clock;
    HlcTimestamp m_last;
};

} // namespace kjzy
