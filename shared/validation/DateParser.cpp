#include "DateParser.h"

#include "core/TextNormalizer.h"

#include <QRegularExpression>

#include <cmath>

namespace kjzy {

namespace {

// Serial of 9999-12-31, the last date a spreadsheet can hold.
constexpr double kMaxSerial = 2958465.0;

// Date formats. The separator must be the same twice (2021-5/1 is more likely a typo than a date).
// Spreadsheets export dates as "2021-05-01 00:00:00", "2021-05-01T00:00:00" or "2021/5/1 0:00",
// so an optional time of day is allowed after the date and checked, then ignored.
const QRegularExpression& separatedPattern()
{
    static const QRegularExpression re(
        QStringLiteral("^([0-9]{4})([-./])([0-9]{1,2})\\2([0-9]{1,2})"
                       "(?:[T ]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\\.[0-9]{1,9})?)?)?$"));
    return re;
}

// 2021年5月1日, 日 optional; the spaces some people put around the characters are tolerated.
const QRegularExpression& chinesePattern()
{
    static const QRegularExpression re(
        QStringLiteral("^([0-9]{4})\\s*年\\s*([0-9]{1,2})\\s*月\\s*([0-9]{1,2})\\s*(?:日|号)?$"));
    return re;
}

const QRegularExpression& compactPattern()
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{4})([0-9]{2})([0-9]{2})$"));
    return re;
}

// Up to five digits: beyond that a number is a compact date (8 digits) or nonsense. A serial of
// five digits already reaches 2173, far past any date this registry records.
const QRegularExpression& serialPattern()
{
    static const QRegularExpression re(QStringLiteral("^[0-9]{1,5}(?:\\.[0-9]+)?$"));
    return re;
}

std::optional<QDate> makeDate(const QString& y, const QString& m, const QString& d)
{
    // QDate applies the proleptic Gregorian calendar: 2000-02-29 exists, 1900-02-29 does not.
    const QDate date(y.toInt(), m.toInt(), d.toInt());
    if (!date.isValid())
        return std::nullopt;
    return date;
}

bool validTimeOfDay(const QRegularExpressionMatch& m)
{
    if (m.captured(5).isEmpty())
        return true; // no time part
    const int seconds = m.captured(7).isEmpty() ? 0 : m.captured(7).toInt();
    return m.captured(5).toInt() < 24 && m.captured(6).toInt() < 60 && seconds < 60;
}

} // namespace

std::optional<QDate> DateParser::parse(const QString& raw)
{
    // NFKC turns full-width digits, ／, ． and U+3000 into ASCII; the patterns then take ASCII
    // digits only.
    const QString text = TextNormalizer::nfkc(raw).trimmed();
    if (text.isEmpty())
        return std::nullopt;

    if (const auto m = separatedPattern().match(text); m.hasMatch()) {
        if (!validTimeOfDay(m))
            return std::nullopt;
        return makeDate(m.captured(1), m.captured(3), m.captured(4));
    }
    if (const auto m = chinesePattern().match(text); m.hasMatch())
        return makeDate(m.captured(1), m.captured(2), m.captured(3));
    if (const auto m = compactPattern().match(text); m.hasMatch())
        return makeDate(m.captured(1), m.captured(2), m.captured(3));
    if (serialPattern().match(text).hasMatch()) {
        bool ok = false;
        const double serial = text.toDouble(&ok);
        if (!ok)
            return std::nullopt;
        return fromSpreadsheetSerial(serial);
    }
    return std::nullopt;
}

std::optional<QDate> DateParser::fromSpreadsheetSerial(double serial)
{
    // The negated comparison also rejects NaN.
    if (!(serial >= 1.0 && serial < kMaxSerial + 1.0))
        return std::nullopt;
    // The fraction is the time of day; the date is the whole part.
    const auto day = static_cast<qint64>(std::floor(serial));
    // Excel's 1900 date system copies Lotus 1-2-3, which treated 1900 as a leap year: serial 60 is
    // the non-existent 1900-02-29, and serials from 61 on are one day ahead of a true day count.
    if (day == 60)
        return std::nullopt;
    if (day < 60)
        return QDate(1899, 12, 31).addDays(day); // serial 1 = 1900-01-01
    return QDate(1899, 12, 30).addDays(day);     // serial 61 = 1900-03-01
}

} // namespace kjzy
