#include "IdNumber.h"

#include "core/TextNormalizer.h"
#include "privacy/Masking.h"

#include <array>

namespace kjzy {

namespace {

// GB 11643-1999 校验码 clause (ISO 7064:1983 MOD 11-2, id_numbers.md §2): W_i = 2^(18-i) mod 11
// for positions 1..17.
constexpr std::array<int, 17> kWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
// Check character indexed by S mod 11 (X stands for 10).
constexpr char16_t kCheckChars[] = u"10X98765432";

const QString kField = QStringLiteral("id_number");

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool allAsciiDigits(QStringView s)
{
    for (const QChar c : s) {
        if (!isAsciiDigit(c))
            return false;
    }
    return true;
}

int digitsToInt(QStringView s)
{
    int value = 0;
    for (const QChar c : s)
        value = value * 10 + (c.unicode() - u'0');
    return value;
}

// GB/T 2260 province-level codes; 71 Taiwan, 81 Hong Kong, 82 Macao. 83 is accepted because the
// residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证) use 810000/820000/
// 830000 with the same check character (id_numbers.md §3 step 5).
bool isProvincePrefix(int prefix)
{
    return (prefix >= 11 && prefix <= 15) || (prefix >= 21 && prefix <= 23) ||
           (prefix >= 31 && prefix <= 37) || (prefix >= 41 && prefix <= 46) ||
           (prefix >= 50 && prefix <= 54) || (prefix >= 61 && prefix <= 65) || prefix == 71 || prefix == 81 ||
           prefix == 82 || prefix == 83;
}

// The value quoted in an issue. An ID number is sensitive personal information (GB/T 35273-2020
// Annex B), so anything with digits in it is masked; text without digits ("无", "见附件") holds no
// number and is shown as typed so the clerk can see what is wrong.
QString maskedValue(const QString& value)
{
    for (const QChar c : value) {
        if (c.isDigit())
            return Masking::idNumber(value);
    }
    return Masking::scrub(value);
}

// Names the characters that are not allowed, for the message. Whitespace and full-width digits
// are described rather than shown, because they look like nothing or like ordinary digits.
QString describeBadChars(QStringView s)
{
    QStringList parts;
    auto add = [&parts](const QString& part) {
        if (!parts.contains(part))
            parts << part;
    };
    for (const QChar c : s) {
        if (isAsciiDigit(c) || c == u'X')
            continue;
        if (c.isSpace())
            add(QStringLiteral("空格"));
        else if (c.unicode() >= u'\uFF10' && c.unicode() <= u'\uFF19')
            add(QStringLiteral("全角数字"));
        else if (c == u'x')
            add(QStringLiteral("小写x"));
        else if (c.isDigit())
            add(QStringLiteral("非半角数字"));
        else
            add(QStringLiteral("「") + c + QStringLiteral("」"));
    }
    return parts.join(QStringLiteral("、"));
}

ValidationIssue makeIssue(const QString& value, IdNumber::Rule rule, QString message)
{
    ValidationIssue issue;
    issue.field = kField;
    issue.value = maskedValue(value);
    issue.rule = IdNumber::ruleCode(rule);
    issue.message = std::move(message);
    return issue;
}

// Validation order of id_numbers.md §3 (steps 2–7) on an already normalised (or strict raw) text.
FieldResult<IdNumberInfo> validate(const QString& s, QDate today)
{
    using Rule = IdNumber::Rule;
    auto failWith = [&s](Rule rule, QString message) -> FieldResult<IdNumberInfo> {
        return std::unexpected(makeIssue(s, rule, std::move(message)));
    };

    if (s.isEmpty())
        return failWith(Rule::Empty, QStringLiteral("没有填写身份证号码"));

    // id_numbers.md §5: first-generation numbers (15 digits, no check character) stopped being
    // valid ID on 2013-01-01; they are converted only when migrating old records (upgradeLegacy).
    if (s.size() == 15 && allAsciiDigits(s))
        return failWith(Rule::Legacy15,
                        QStringLiteral("这是15位的一代身份证号码，已停止使用，请填写18位的二代身份证号码"));

    // GB 11643-1999 号码的结构: 17 digits (本体码) and one check character 0-9 or X.
    for (const QChar c : s) {
        if (!isAsciiDigit(c) && c != u'X') {
            return failWith(Rule::Chars,
                            QStringLiteral("身份证号码只能由数字0–9和末位的X组成，其中有不允许的字符：%1。"
                                           "请删去后重新填写")
                                .arg(describeBadChars(s)));
        }
    }
    if (s.size() != 18) {
        return failWith(
            Rule::Length,
            QStringLiteral("身份证号码应为18位，现在是%1位，请核对是否多写或漏写了数字").arg(s.size()));
    }
    if (s.left(17).contains(u'X')) {
        return failWith(Rule::Chars,
                        QStringLiteral("字母X只能出现在身份证号码的最后一位（第18位），请核对号码是否抄错"));
    }

    // GB 11643-1999 地址码: a GB/T 2260 county code. Only the province prefix is checked
    // (id_numbers.md §1): the code records the first registration and may since have been abolished.
    if (!isProvincePrefix(digitsToInt(QStringView(s).left(2)))) {
        return failWith(
            Rule::Province,
            QStringLiteral("前两位「%1」不是有效的省级行政区代码，请核对号码是否抄错").arg(s.left(2)));
    }

    // GB 11643-1999 出生日期码: YYYYMMDD (GB/T 7408, Gregorian calendar); QDate applies the
    // Gregorian leap-year rules (2000-02-29 exists, 1900-02-29 does not). The date itself is never
    // quoted: the masked value hides it on purpose.
    const QStringView view(s);
    const QDate born(digitsToInt(view.mid(6, 4)), digitsToInt(view.mid(10, 2)), digitsToInt(view.mid(12, 2)));
    if (!born.isValid()) {
        return failWith(Rule::DateInvalid,
                        QStringLiteral("号码中的出生日期（第7–14位）不是真实存在的日期，请核对号码是否抄错"));
    }
    if (born > today) {
        return failWith(Rule::DateFuture,
                        QStringLiteral("号码中的出生日期（第7–14位）晚于今天，请核对号码是否抄错"));
    }
    if (born < QDate(IdNumber::kMinBirthYear, 1, 1)) {
        return failWith(Rule::DateTooEarly,
                        QStringLiteral("号码中的出生日期（第7–14位）早于%1年，请核对号码是否抄错")
                            .arg(IdNumber::kMinBirthYear));
    }

    const QChar expected = IdNumber::checkCharacter(view.left(17));
    if (s[17] != expected) {
        return failWith(
            Rule::Checksum,
            QStringLiteral("校验位不正确（按 GB 11643-1999 计算应为 %1），请核对号码是否抄错").arg(expected));
    }

    IdNumberInfo info;
    info.number = s;
    info.birthDate = born;
    // GB 11643-1999 顺序码: its last digit (position 17) is odd for men, even for women.
    info.gender = (s[16].unicode() - u'0') % 2 == 1 ? QStringLiteral("男") : QStringLiteral("女");
    info.addressCode = s.left(6);
    return info;
}

QDate effectiveToday(QDate today)
{
    // An invalid `today` would make every birth date "in the future"; fall back to the clock.
    return today.isValid() ? today : QDate::currentDate();
}

} // namespace

QString IdNumber::normalize(const QString& raw)
{
    // id_numbers.md §3 step 1: NFKC turns full-width digits and Ｘ into ASCII; all whitespace
    // (including U+3000) goes; upper case makes a typed x the standard's X. Hyphens stay.
    return TextNormalizer::removeWhitespace(TextNormalizer::nfkc(raw)).toUpper();
}

FieldResult<IdNumberInfo> IdNumber::parse(const QString& raw, QDate today)
{
    return validate(normalize(raw), effectiveToday(today));
}

FieldResult<IdNumberInfo> IdNumber::parseStrict(const QString& raw, QDate today)
{
    return validate(raw, effectiveToday(today));
}

QChar IdNumber::checkCharacter(QStringView first17)
{
    if (first17.size() != 17 || !allAsciiDigits(first17))
        return QChar(u'\0');
    // GB 11643-1999 校验码: S = Σ a_i·W_i, check = "10X98765432"[S mod 11] (id_numbers.md §2).
    int sum = 0;
    for (qsizetype i = 0; i < 17; ++i)
        sum += (first17[i].unicode() - u'0') * kWeights[static_cast<std::size_t>(i)];
    return QChar(kCheckChars[sum % 11]);
}

std::optional<QString> IdNumber::upgradeLegacy(const QString& fifteen)
{
    if (fifteen.size() != 15 || !allAsciiDigits(fifteen))
        return std::nullopt;
    // id_numbers.md §5: the 15-digit layout is address(6) YYMMDD(6) sequence(3); the century is
    // assumed to be the 1900s, and the check character is computed over the new 17-digit body.
    const QString body = fifteen.left(6) + QStringLiteral("19") + fifteen.mid(6);
    const QStringView view(body);
    const QDate born(digitsToInt(view.mid(6, 4)), digitsToInt(view.mid(10, 2)), digitsToInt(view.mid(12, 2)));
    if (!born.isValid())
        return std::nullopt;
    return body + checkCharacter(body);
}

QString IdNumber::ruleCode(Rule rule)
{
    switch (rule) {
    case Rule::Empty:
        return QStringLiteral("id_number.empty");
    case Rule::Legacy15:
        return QStringLiteral("id_number.legacy15");
    case Rule::Chars:
        return QStringLiteral("id_number.chars");
    case Rule::Length:
        return QStringLiteral("id_number.length");
    case Rule::Province:
        return QStringLiteral("id_number.province");
    case Rule::DateInvalid:
        return QStringLiteral("id_number.date_invalid");
    case Rule::DateFuture:
        return QStringLiteral("id_number.date_future");
    case Rule::DateTooEarly:
        return QStringLiteral("id_number.date_too_early");
    case Rule::Checksum:
        return QStringLiteral("id_number.checksum");
    }
    return QStringLiteral("id_number.unknown");
}

} // namespace kjzy
