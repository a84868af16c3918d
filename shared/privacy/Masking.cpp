#include "Masking.h"

#include <QRegularExpression>

#include <algorithm>

namespace kjzy {

namespace {

// Full-width digits (U+FF10–U+FF19) count as digits: people paste numbers typed with a Chinese
// IME, and a log line must not leak a number just because it is written in full-width form.
bool isDigitChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'\uFF10' && u <= u'\uFF19');
}

bool isOneChar(QChar c)
{
    return c == u'1' || c == u'\uFF11';
}

// GB 11643-1999 §5: the check character may be X (written x or full-width Ｘ/ｘ by users).
bool isCheckX(QChar c)
{
    return c == u'X' || c == u'x' || c == u'\uFF38' || c == u'\uFF58';
}

// A Latin letter or digit, ASCII or full-width, after a check character X means the X belongs to
// a longer token (e.g. a hex string). CJK text right after a number is common and does not count.
bool continuesToken(QChar c)
{
    const char16_t u = c.unicode();
    const bool ascii = (u >= u'0' && u <= u'9') || (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z');
    const bool fullWidth = (u >= u'\uFF10' && u <= u'\uFF19') || (u >= u'\uFF21' && u <= u'\uFF3A') ||
                           (u >= u'\uFF41' && u <= u'\uFF5A');
    return ascii || fullWidth;
}

QString stars(qsizetype n)
{
    return QString(std::max<qsizetype>(n, 0), u'*');
}

// Numbers typed in groups (ID 6-8-4, mobile 3-4-4, separated by one space or hyphen) are not one
// digit run, so the run scan in scrub() misses them; these patterns catch the usual groupings.
const QRegularExpression& groupedIdPattern()
{
    static const QRegularExpression re(QStringLiteral(
        "(?<![0-9０-９])([0-9０-９]{6})([ \\-])[0-9０-９]{8}([ \\-])([0-9０-９]{3}[0-9０-９XxＸｘ])"
        "(?![0-9０-９XxＸｘ])"));
    return re;
}

const QRegularExpression& groupedMobilePattern()
{
    static const QRegularExpression re(QStringLiteral(
        "(?<![0-9０-９])([1１][0-9０-９]{2})([ \\-])[0-9０-９]{4}([ \\-])([0-9０-９]{4})(?![0-9０-９])"));
    return re;
}

QString replaceGroups(const QString& text, const QRegularExpression& re, qsizetype middleStars)
{
    if (!re.match(text).hasMatch())
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += m.captured(1) + m.captured(2) + stars(middleStars) + m.captured(3) + m.captured(4);
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

} // namespace

QString Masking::idNumber(const QString& idNumber)
{
    const qsizetype n = idNumber.size();
    // 18 characters: keep the address code (1–6) and the last four, hide the birth date (7–14),
    // the usual display form (GB/T 35273-2020 Annex B treats the number as sensitive).
    if (n == 18)
        return idNumber.left(6) + stars(8) + idNumber.right(4);
    // Anything else may be a mistyped number: reveal at most two characters at each end and never
    // more than half of it.
    const qsizetype keep = std::min<qsizetype>(2, n / 4);
    return idNumber.left(keep) + stars(n - 2 * keep) + idNumber.right(keep);
}

QString Masking::mobile(const QString& mobile)
{
    const qsizetype n = mobile.size();
    // 11 digits: the 号段 (first three) and the last four, the form operators print on bills.
    if (n == 11)
        return mobile.left(3) + stars(4) + mobile.right(4);
    // Other lengths: only the last two, and never more than half.
    const qsizetype keep = std::min<qsizetype>(2, n / 2);
    return stars(n - keep) + mobile.right(keep);
}

QString Masking::scrub(const QString& text)
{
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (!isDigitChar(text[i])) {
            out += text[i];
            ++i;
            continue;
        }
        // Take the whole digit run so that part of a longer number is never treated as a match.
        qsizetype j = i;
        while (j < n && isDigitChar(text[j]))
            ++j;
        const qsizetype len = j - i;
        if (len == 17 && j < n && isCheckX(text[j]) && !(j + 1 < n && continuesToken(text[j + 1]))) {
            // 17 digits + X: an 18-character ID number whose check character is X.
            out += idNumber(text.mid(i, 18));
            i = j + 1;
            continue;
        }
        const QString run = text.mid(i, len);
        if (len >= 15 && len <= 18) {
            // 18-digit numbers and 15-digit first-generation numbers (GB 11643-1999 §5 of
            // id_numbers.md); 16/17 digits are ID numbers with a digit missing.
            out += idNumber(run);
        } else if (len == 11 && isOneChar(run[0])) {
            out += mobile(run); // mainland mobile numbers are 11 digits starting with 1
        } else if (len == 13 && (run[0] == u'8' || run[0] == u'\uFF18') &&
                   (run[1] == u'6' || run[1] == u'\uFF16') && isOneChar(run[2])) {
            // "+8613903710000": the country code glued to a mobile number.
            out += run.left(2) + mobile(run.mid(2));
        } else {
            out += run;
        }
        i = j;
    }
    out = replaceGroups(out, groupedIdPattern(), 8);
    out = replaceGroups(out, groupedMobilePattern(), 4);
    return out;
}

} // namespace kjzy
