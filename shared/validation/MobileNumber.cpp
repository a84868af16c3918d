#include "MobileNumber.h"

#include "core/TextNormalizer.h"
#include "privacy/Masking.h"

namespace kjzy {

namespace {

// mobile_numbers.md §2 step 2: the separators people type between digit groups. NFKC has already
// turned full-width forms (（）［］．／＋) into ASCII and U+2011 into U+2010.
bool isSeparator(QChar c)
{
    if (c.isSpace())
        return true;
    switch (c.unicode()) {
    case u'-':
    case u'\u2010': // hyphen
    case u'\u2011': // non-breaking hyphen
    case u'\u2012': // figure dash
    case u'\u2013': // en dash
    case u'\u2014': // em dash
    case u'\u2015': // horizontal bar
    case u'\u2212': // minus sign
    case u'.':
    case u'\u00B7': // middle dot, typed by Chinese IMEs
    case u'/':
    case u'(':
    case u')':
    case u'[':
    case u']':
        return true;
    default:
        return false;
    }
}

bool allAsciiDigits(QStringView s)
{
    for (const QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

// ^1[3-9][0-9]{9}$ (mobile_numbers.md §1): no 号段 allow-list, MIIT keeps adding blocks.
bool hasMobilePrefix(QStringView s)
{
    return s.size() >= 2 && s[0] == u'1' && s[1] >= u'3' && s[1] <= u'9';
}

// A mobile number is personal information (PIPL art. 4): anything with digits is masked; text
// without digits ("无", "同上") is shown so the clerk sees what was typed.
QString maskedValue(const QString& compact)
{
    for (const QChar c : compact) {
        if (c.isDigit())
            return Masking::mobile(compact);
    }
    return Masking::scrub(compact);
}

} // namespace

FieldResult<QString> MobileNumber::parse(const QString& raw, const QString& field)
{
    // §2 step 1–2: NFKC (full-width digits, ＋, （）, U+3000 become ASCII), then drop separators.
    const QString normalized = TextNormalizer::nfkc(raw);
    QString compact;
    compact.reserve(normalized.size());
    for (const QChar c : normalized) {
        if (!isSeparator(c))
            compact += c;
    }

    auto failWith = [&](const QString& rule, const QString& message) -> FieldResult<QString> {
        ValidationIssue issue;
        issue.field = field;
        issue.value = maskedValue(compact);
        issue.rule = rule;
        issue.message = message;
        return std::unexpected(std::move(issue));
    };

    // Only separators (e.g. "-" or "/" for "none" in a spreadsheet) counts as not filled in.
    if (compact.isEmpty())
        return failWith(QStringLiteral("mobile.empty"), QStringLiteral("没有填写手机号码"));

    // §2 step 3: country code. A bare 86 is a country code only when exactly 11 digits follow;
    // otherwise it may be the start of something else and is left for the checks below.
    QStringView digits(compact);
    if (digits.startsWith(u"+86"))
        digits = digits.mid(3);
    else if (digits.startsWith(u"0086"))
        digits = digits.mid(4);
    else if (digits.startsWith(u"86") && digits.size() == 13)
        digits = digits.mid(2);
    else if (digits.startsWith(u'+'))
        return failWith(
            QStringLiteral("mobile.foreign"),
            QStringLiteral("不是中国大陆手机号码（国际区号不是 +86）。港澳台及境外号码不能填在这里，"
                           "请填写11位大陆手机号码"));

    // §2 step 4: exactly 11 ASCII digits.
    if (!allAsciiDigits(digits))
        return failWith(QStringLiteral("mobile.chars"),
                        QStringLiteral("手机号码只能填写数字，其中有字母或其他符号；一格只能填一个号码"));

    if (digits.size() != 11) {
        // Landlines and a leading trunk 0 are common mistakes; name them so the clerk knows what
        // to fix (§2: rejected on purpose rather than guessed).
        if (digits.size() == 12 && digits.startsWith(u'0') && hasMobilePrefix(digits.mid(1)))
            return failWith(QStringLiteral("mobile.length"),
                            QStringLiteral("手机号码前面多了一个0，手机号码不加0，请去掉开头的0"));
        if (digits.startsWith(u'0'))
            return failWith(QStringLiteral("mobile.length"),
                            QStringLiteral("这像是带区号的固定电话号码，请填写11位手机号码"));
        return failWith(QStringLiteral("mobile.length"),
                        QStringLiteral("手机号码应为11位数字，现在是%1位，请核对是否多写或漏写了数字")
                            .arg(digits.size()));
    }

    if (!hasMobilePrefix(digits)) {
        if (digits.startsWith(u'0'))
            return failWith(QStringLiteral("mobile.prefix"),
                            QStringLiteral("这像是带区号的固定电话号码，请填写11位手机号码"));
        return failWith(QStringLiteral("mobile.prefix"),
                        QStringLiteral("手机号码应以13–19开头；10、11、12开头的是服务或短号码，"
                                       "请核对号码是否抄错"));
    }
    return digits.toString();
}

} // namespace kjzy
