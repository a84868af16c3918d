#include "HlcTimestamp.h"

#include <algorithm>

namespace kjzy {

QString HlcTimestamp::toString() const
{
    constexpr qint64 kMaxMs = 999'999'999'999'999'999LL;
    if (ms < 0 || ms > kMaxMs || counter > kMaxCounter) // never made by the clock; kept readable
        return QStringLiteral("%1-%2-%3")
            .arg(ms, 18, 10, QLatin1Char('0'))
            .arg(counter, 6, 10, QLatin1Char('0'))
            .arg(device);
    // Digits written in place: three QString::arg passes were most of storing a record's clocks,
    // and every record of a pull stores them.
    QString text(26 + device.size(), Qt::Uninitialized);
    QChar* out = text.data();
    qint64 msLeft = ms;
    for (int i = 17; i >= 0; --i, msLeft /= 10)
        out[i] = QChar(u'0' + char16_t(msLeft % 10));
    out[18] = u'-';
    quint32 counterLeft = counter;
    for (int i = 24; i >= 19; --i, counterLeft /= 10)
        out[i] = QChar(u'0' + char16_t(counterLeft % 10));
    out[25] = u'-';
    std::copy(device.cbegin(), device.cend(), out + 26);
    return text;
}

std::optional<HlcTimestamp> HlcTimestamp::fromString(QStringView text)
{
    // 18 digits, '-', 6 digits, '-', device id (may itself contain dashes: it is a UUID).
    if (text.size() < 26 || text[18] != u'-' || text[25] != u'-')
        return std::nullopt;
    // Only the fixed-width digits toString() writes: QString::toLongLong would also take a sign and
    // surrounding spaces, and such text neither round-trips nor sorts like the stamp it names.
    const auto digitsOnly = [](QStringView digits) {
        return std::all_of(digits.begin(), digits.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    };
    if (!digitsOnly(text.first(18)) || !digitsOnly(text.sliced(19, 6)))
        return std::nullopt;
    bool okMs = false;
    bool okCounter = false;
    HlcTimestamp stamp;
    stamp.ms = text.first(18).toLongLong(&okMs);
    stamp.counter = text.sliced(19, 6).toUInt(&okCounter);
    stamp.device = text.sliced(26).toString();
    if (!okMs || !okCounter || stamp.ms < 0)
        return std::nullopt;
    return stamp;
}

std::strong_ordering operator<=>(const HlcTimestamp& a, const HlcTimestamp& b)
{
    if (auto c = a.ms <=> b.ms; c != 0)
        return c;
    if (auto c = a.counter <=> b.counter; c != 0)
        return c;
    const int d = QString::compare(a.device, b.device, Qt::CaseSensitive);
    return d < 0 ? std::strong_ordering::less
                 : (d > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

} // namespace kjzy
