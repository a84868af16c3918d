#pragma once

#include <QString>

#include <compare>
#include <optional>

namespace kjzy {

// A hybrid logical clock stamp: physical milliseconds, a logical counter and the device id that
// made it. Ordered by (ms, counter, device), which is the merge order "greatest (HLC, device) wins".
struct HlcTimestamp
{
    qint64 ms = 0;
    quint32 counter = 0;
    QString device;

    static constexpr quint32 kMaxCounter = 999999;

    // Fixed-width text "000001732870000000-000000-<device>": comparing the strings compares the
    // stamps, so SQL can ORDER BY and MAX() the stored column directly.
    QString toString() const;
    static std::optional<HlcTimestamp> fromString(QStringView text);
    bool isNull() const { return ms == 0 && counter == 0 && device.isEmpty(); }

    friend std::strong_ordering operator<=>(const HlcTimestamp& a, const HlcTimestamp& b);
    friend bool operator==(const HlcTimestamp& a, const HlcTimestamp& b) = default;
};

} // namespace kjzy
