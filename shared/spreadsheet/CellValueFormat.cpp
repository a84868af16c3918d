#include "CellValueFormat.h"

#include <QDate>
#include <QTime>

#include <charconv>
#include <cmath>

namespace kjzy {

namespace {

constexpr double kMaxPlainInteger = 1e15;
constexpr int kSecondsPerDay = 86'400;
constexpr double kLastSerial = 2'958'466.0; // 10000-01-01 in the 1900 system

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

} // namespace

QString CellValueFormat::numberText(double value)
{
    if (!std::isfinite(value))
        return QString();
    if (value == std::trunc(value) && std::fabs(value) <= kMaxPlainInteger)
        return QString::number(static_cast<qint64>(value));

    // Shortest round-trip digits, in scientific form: "-d.ddde+XX".
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    if (result.ec != std::errc())
        return QString::number(value, 'g', 17);
    const std::string_view text(buffer, result.ptr);
    const std::size_t ePos = text.find('e');
    const bool negative = text.front() == '-';
    std::string_view mantissa = text.substr(negative ? 1 : 0, ePos - (negative ? 1 : 0));
    int exponent = 0;
    std::from_chars(text.data() + ePos + 1 + (text[ePos + 1] == '+' ? 1 : 0), text.data() + text.size(),
                    exponent);

    QString out;
    if (exponent < -5 || exponent >= 15) {
        out = QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
        out.replace(u'e', u'E');
        return out;
    }
    std::string digits;
    digits.reserve(mantissa.size());
    for (const char c : mantissa) {
        if (c != '.')
            digits.push_back(c);
    }
    std::string plain;
    if (negative)
        plain.push_back('-');
    if (exponent >= 0) {
        const std::size_t integerDigits = static_cast<std::size_t>(exponent) + 1;
        if (digits.size() <= integerDigits) {
            plain += digits;
            plain.append(integerDigits - digits.size(), '0');
        } else {
            plain.append(digits, 0, integerDigits);
            plain.push_back('.');
            plain.append(digits, integerDigits);
        }
    } else {
        plain += "0.";
        plain.append(static_cast<std::size_t>(-exponent - 1), '0');
        plain += digits;
    }
    return QString::fromLatin1(plain.data(), static_cast<qsizetype>(plain.size()));
}

bool CellValueFormat::serialToIso(double serial, bool date1904, QString* out)
{
    if (!std::isfinite(serial) || serial < 0 || serial >= kLastSerial)
        return false;
    const qint64 totalSeconds = std::llround(serial * kSecondsPerDay);
    const qint64 days = totalSeconds / kSecondsPerDay;
    const int seconds = static_cast<int>(totalSeconds % kSecondsPerDay);
    const QString time = QTime(0, 0).addSecs(seconds).toString(Qt::ISODate);

    QString date;
    if (date1904) {
        date = QDate(1904, 1, 1).addDays(days).toString(Qt::ISODate);
    } else if (days == 0) {
        *out = time; // a time of day: Excel's day 0 ("1900-01-00") is no date
        return true;
    } else if (days == 60) {
        date = QStringLiteral("1900-02-29"); // Lotus 1-2-3's phantom leap day, kept by Excel
    } else if (days < 60) {
        date = QDate(1899, 12, 31).addDays(days).toString(Qt::ISODate);
    } else {
        date = QDate(1899, 12, 30).addDays(days).toString(Qt::ISODate);
    }
    *out = seconds == 0 ? date : date + u'T' + time;
    return true;
}

bool CellValueFormat::parseReference(QStringView reference, int* row, int* column)
{
    const qsizetype n = reference.size();
    qsizetype i = 0;
    int col = 0;
    while (i < n && i < 4) {
        const char16_t c = reference[i].unicode();
        if (c >= u'A' && c <= u'Z')
            col = col * 26 + (c - u'A' + 1);
        else if (c >= u'a' && c <= u'z')
            col = col * 26 + (c - u'a' + 1);
        else
            break;
        ++i;
    }
    if (i == 0 || i > 3 || col > kMaxExcelColumns || i == n)
        return false;
    qint64 r = 0;
    for (; i < n; ++i) {
        const char16_t c = reference[i].unicode();
        if (c < u'0' || c > u'9')
            return false;
        r = r * 10 + (c - u'0');
        if (r > kMaxExcelRows)
            return false;
    }
    if (r < 1)
        return false;
    *row = static_cast<int>(r);
    *column = col;
    return true;
}

bool CellValueFormat::parseIndex(QStringView text, qint64* value)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 15)
        return false;
    qint64 v = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < u'0' || u > u'9')
            return false;
        v = v * 10 + (u - u'0');
    }
    *value = v;
    return true;
}

QString CellValueFormat::columnName(int column)
{
    QString name;
    while (column > 0) {
        const int rest = (column - 1) % 26;
        name.prepend(QChar(u'A' + rest));
        column = (column - 1) / 26;
    }
    return name;
}

QString CellValueFormat::referenceName(int row, int column)
{
    return columnName(column) + QString::number(row);
}

void CellValueFormat::decodeEscapes(QString& text)
{
    qsizetype pos = text.indexOf(u"_x");
    if (pos < 0)
        return;
    QString out;
    out.reserve(text.size());
    qsizetype copied = 0;
    while (pos >= 0) {
        if (pos + 7 <= text.size() && text[pos + 6] == u'_') {
            int code = 0;
            bool ok = true;
            for (int k = 2; k < 6; ++k) {
                const int h = hexValue(text[pos + k]);
                if (h < 0) {
                    ok = false;
                    break;
                }
                code = code * 16 + h;
            }
            if (ok) {
                out.append(QStringView(text).mid(copied, pos - copied));
                out.append(QChar(static_cast<char16_t>(code)));
                copied = pos + 7;
                pos = text.indexOf(u"_x", copied);
                continue;
            }
        }
        pos = text.indexOf(u"_x", pos + 1);
    }
    out.append(QStringView(text).mid(copied));
    text = std::move(out);
}

} // namespace kjzy
