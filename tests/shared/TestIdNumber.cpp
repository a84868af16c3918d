#include "privacy/Masking.h"
#include "support/TestData.h"
#include "validation/IdNumber.h"

#include <QtTest>

using namespace kjzy;
using namespace kjzy::test;
using namespace Qt::StringLiterals;

namespace {

// Fixed "today": id_numbers.md §6 says never to depend on the real date in tests.
const QDate kToday(2026, 11, 29);

// Appends the check character the standard requires, so tests can build numbers with any body.
QString withCheck(const QString& first17)
{
    return first17 + IdNumber::checkCharacter(first17);
}

// Any run of 15+ ASCII digits of `raw` (the personal part) that still shows in `text`.
bool leaks(const QString& text, const QString& raw)
{
    const QString compact = IdNumber::normalize(raw);
    if (compact.size() < 15)
        return false;
    return text.contains(compact) || text.contains(raw.trimmed());
}

} // namespace

Q_DECLARE_METATYPE(kjzy::IdNumber::Rule)

class TestIdNumber : public QObject
{
    Q_OBJECT

private slots:
    void validCsv_data();
    void validCsv();
    void invalidCsv_data();
    void invalidCsv();
    void standardExamples_data();
    void standardExamples();
    void checkCharacter_data();
    void checkCharacter();
    void rules_data();
    void rules();
    void birthDateBounds_data();
    void birthDateBounds();
    void province_data();
    void province();
    void normalize_data();
    void normalize();
    void upgradeLegacy_data();
    void upgradeLegacy();
    void issueIsMasked_data();
    void issueIsMasked();
    void checksumMessageNamesExpectedChar();
    void ruleCodes_data();
    void ruleCodes();
};

void TestIdNumber::validCsv_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("genderZh");
    QTest::addColumn<QDate>("birthDate");
    QTest::addColumn<QString>("regionCode");

    const auto rows = readCsv(u"id_valid.csv"_s);
    QCOMPARE(rows.size(), 20);
    for (const auto& row : rows) {
        const QString number = row.value(u"id_number"_s);
        QTest::newRow(qPrintable(number + u' ' + row.value(u"note"_s)))
            << number << row.value(u"gender_zh"_s)
            << QDate::fromString(row.value(u"birthdate"_s), Qt::ISODate) << row.value(u"region_code"_s);
    }
}

void TestIdNumber::validCsv()
{
    QFETCH(QString, number);
    QFETCH(QString, genderZh);
    QFETCH(QDate, birthDate);
    QFETCH(QString, regionCode);
    QVERIFY(birthDate.isValid());

    for (const bool strict : {false, true}) {
        const auto result = strict ? IdNumber::parseStrict(number, kToday) : IdNumber::parse(number, kToday);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().toText()));
        QCOMPARE(result->number, number);
        QCOMPARE(result->gender, genderZh);
        QCOMPARE(result->birthDate, birthDate);
        QCOMPARE(result->addressCode, regionCode);
    }
}

void TestIdNumber::invalidCsv_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("strictRule");
    QTest::addColumn<bool>("acceptLenient");
    QTest::addColumn<QString>("canonical");

    const auto rows = readCsv(u"id_invalid.csv"_s);
    QCOMPARE(rows.size(), 20);
    for (const auto& row : rows) {
        QTest::newRow(qPrintable(row.value(u"reason"_s)))
            << row.value(u"input"_s) << u"id_number."_s + row.value(u"strict_error"_s)
            << (row.value(u"accept_after_normalisation"_s) == u"yes") << row.value(u"canonical"_s);
    }
}

void TestIdNumber::invalidCsv()
{
    QFETCH(QString, input);
    QFETCH(QString, strictRule);
    QFETCH(bool, acceptLenient);
    QFETCH(QString, canonical);

    const auto strict = IdNumber::parseStrict(input, kToday);
    QVERIFY(!strict.has_value());
    QCOMPARE(strict.error().rule, strictRule);
    QCOMPARE(strict.error().field, u"id_number"_s);
    QVERIFY(!strict.error().message.isEmpty());
    QVERIFY2(!leaks(strict.error().value, input), qPrintable(strict.error().value));

    const auto lenient = IdNumber::parse(input, kToday);
    QCOMPARE(lenient.has_value(), acceptLenient);
    if (acceptLenient) {
        QCOMPARE(lenient->number, canonical);
    } else {
        QVERIFY2(!leaks(lenient.error().value, input), qPrintable(lenient.error().value));
        if (strictRule == u"id_number.legacy15") {
            QCOMPARE(lenient.error().rule, strictRule);
            QCOMPARE(IdNumber::upgradeLegacy(input), std::optional<QString>(canonical));
            QVERIFY(IdNumber::parseStrict(canonical, kToday).has_value());
        }
    }
}

void TestIdNumber::standardExamples_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("rule"); // empty when accepted
    QTest::addColumn<QString>("genderZh");
    QTest::addColumn<QDate>("birthDate");

    // The two worked examples printed in GB 11643-1999.
    QTest::newRow("11010519491231002X")
        << u"11010519491231002X"_s << QString() << u"女"_s << QDate(1949, 12, 31);
    // Its check character is right, but 1880 is before the plausibility bound kMinBirthYear.
    QTest::newRow("440524188001010014")
        << u"440524188001010014"_s << u"id_number.date_too_early"_s << QString() << QDate();
}

void TestIdNumber::standardExamples()
{
    QFETCH(QString, number);
    QFETCH(QString, rule);
    QFETCH(QString, genderZh);
    QFETCH(QDate, birthDate);

    QCOMPARE(IdNumber::checkCharacter(QStringView(number).left(17)), number.back());
    const auto result = IdNumber::parseStrict(number, kToday);
    if (rule.isEmpty()) {
        QVERIFY(result.has_value());
        QCOMPARE(result->gender, genderZh);
        QCOMPARE(result->birthDate, birthDate);
        QCOMPARE(result->addressCode, number.left(6));
    } else {
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().rule, rule);
    }
}

void TestIdNumber::checkCharacter_data()
{
    QTest::addColumn<QString>("first17");
    QTest::addColumn<QChar>("expected");

    QTest::newRow("standard X") << u"11010519491231002"_s << QChar(u'X');
    QTest::newRow("standard 4") << u"44052418800101001"_s << QChar(u'4');
    // S = 0 -> index 0 -> '1'
    QTest::newRow("all zero") << u"00000000000000000"_s << QChar(u'1');
    QTest::newRow("csv row 1") << u"41010519500101013"_s << QChar(u'6');
    QTest::newRow("csv X") << u"41100219930418455"_s << QChar(u'X');
    QTest::newRow("16 digits") << u"4101051950010101"_s << QChar(u'\0');
    QTest::newRow("18 digits") << u"410105195001010136"_s << QChar(u'\0');
    QTest::newRow("letter") << u"4101051950010101A"_s << QChar(u'\0');
    QTest::newRow("full-width") << u"４１０１０５１９５００１０１０１３"_s << QChar(u'\0');
    QTest::newRow("empty") << QString() << QChar(u'\0');
}

void TestIdNumber::checkCharacter()
{
    QFETCH(QString, first17);
    QFETCH(QChar, expected);
    QCOMPARE(IdNumber::checkCharacter(first17), expected);
}

void TestIdNumber::rules_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("strict");
    QTest::addColumn<QString>("rule"); // empty when accepted

    QTest::newRow("empty lenient") << QString() << false << u"id_number.empty"_s;
    QTest::newRow("empty strict") << QString() << true << u"id_number.empty"_s;
    QTest::newRow("only spaces lenient") << u" \u3000\t"_s << false << u"id_number.empty"_s;
    QTest::newRow("only spaces strict") << u"  "_s << true << u"id_number.chars"_s;
    QTest::newRow("legacy 15 with spaces") << u" 410181600229085 "_s << false << u"id_number.legacy15"_s;
    QTest::newRow("15 with a letter") << u"41018160022908A"_s << false << u"id_number.chars"_s;
    QTest::newRow("hyphens kept") << u"410105-19500101-0136"_s << false << u"id_number.chars"_s;
    QTest::newRow("X inside short") << u"4101X5"_s << false << u"id_number.length"_s;
    QTest::newRow("lower x lenient") << u"41022519631130168x"_s << false << QString();
    QTest::newRow("lower x strict") << u"41022519631130168x"_s << true << u"id_number.chars"_s;
    QTest::newRow("tab inside") << u"410105\t195001010136"_s << false << QString();
    QTest::newRow("newline (spreadsheet cell)") << u"410105195001010136\n"_s << false << QString();
    // Order: length is checked before the province prefix and the date.
    QTest::newRow("length before province") << u"0010519500101013"_s << false << u"id_number.length"_s;
    QTest::newRow("province before date")
        << withCheck(u"00010519991301013"_s) << false << u"id_number.province"_s;
    QTest::newRow("date before checksum") << u"410105199902301230"_s << false << u"id_number.date_invalid"_s;
    QTest::newRow("leap 2000") << withCheck(u"41010520000229013"_s) << true << QString();
    QTest::newRow("leap 1904") << withCheck(u"41010519040229013"_s) << true << QString();
    QTest::newRow("no leap 1900") << withCheck(u"41010519000229013"_s) << true << u"id_number.date_invalid"_s;
    QTest::newRow("no leap 2023") << withCheck(u"41010520230229013"_s) << true << u"id_number.date_invalid"_s;
    QTest::newRow("month 00") << withCheck(u"41010519500001013"_s) << true << u"id_number.date_invalid"_s;
    QTest::newRow("day 32") << withCheck(u"41010519500132013"_s) << true << u"id_number.date_invalid"_s;
    QTest::newRow("year 0000") << withCheck(u"41010500000101013"_s) << true << u"id_number.date_invalid"_s;
    QTest::newRow("future 2099") << withCheck(u"41010520991231013"_s) << true << u"id_number.date_future"_s;
    QTest::newRow("checksum") << u"410105195001010137"_s << true << u"id_number.checksum"_s;
    QTest::newRow("X where digit expected") << u"41010519500101013X"_s << true << u"id_number.checksum"_s;
}

void TestIdNumber::rules()
{
    QFETCH(QString, input);
    QFETCH(bool, strict);
    QFETCH(QString, rule);

    const auto result = strict ? IdNumber::parseStrict(input, kToday) : IdNumber::parse(input, kToday);
    if (rule.isEmpty()) {
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().toText()));
        QCOMPARE(result->number.size(), 18);
    } else {
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().rule, rule);
        QCOMPARE(result.error().field, u"id_number"_s);
        QVERIFY(!result.error().message.isEmpty());
    }
}

void TestIdNumber::birthDateBounds_data()
{
    QTest::addColumn<QDate>("born");
    QTest::addColumn<QString>("rule");

    QTest::newRow("today") << kToday << QString();
    QTest::newRow("tomorrow") << kToday.addDays(1) << u"id_number.date_future"_s;
    QTest::newRow("next year") << kToday.addYears(1) << u"id_number.date_future"_s;
    QTest::newRow("1900-01-01") << QDate(1900, 1, 1) << QString();
    QTest::newRow("1899-12-31") << QDate(1899, 12, 31) << u"id_number.date_too_early"_s;
}

void TestIdNumber::birthDateBounds()
{
    QFETCH(QDate, born);
    QFETCH(QString, rule);

    const QString number = withCheck(u"410105"_s + born.toString(u"yyyyMMdd") + u"013"_s);
    const auto result = IdNumber::parseStrict(number, kToday);
    if (rule.isEmpty()) {
        QVERIFY(result.has_value());
        QCOMPARE(result->birthDate, born);
    } else {
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().rule, rule);
    }
    // A different `today` moves the bound: the same number is fine a year later.
    if (rule == u"id_number.date_future")
        QVERIFY(IdNumber::parseStrict(number, born).has_value());
}

void TestIdNumber::province_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<bool>("accepted");

    const QList<int> good{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
                          44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
    for (int p = 0; p <= 99; ++p) {
        const QString prefix = u"%1"_s.arg(p, 2, 10, QChar(u'0'));
        QTest::newRow(qPrintable(prefix)) << prefix << good.contains(p);
    }
}

void TestIdNumber::province()
{
    QFETCH(QString, prefix);
    QFETCH(bool, accepted);

    const auto result = IdNumber::parseStrict(withCheck(prefix + u"010519500101013"_s), kToday);
    QCOMPARE(result.has_value(), accepted);
    if (!accepted)
        QCOMPARE(result.error().rule, u"id_number.province"_s);
}

void TestIdNumber::normalize_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("canonical") << u"41022519631130168X"_s << u"41022519631130168X"_s;
    QTest::newRow("lower x") << u"41022519631130168x"_s << u"41022519631130168X"_s;
    QTest::newRow("full-width") << u"４１１００２１９９３０４１８４５５ｘ"_s << u"41100219930418455X"_s;
    QTest::newRow("ideographic space") << u"\u3000410105 1950\t0101 0136 "_s << u"410105195001010136"_s;
    QTest::newRow("hyphens stay") << u"410105-19500101-0136"_s << u"410105-19500101-0136"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestIdNumber::normalize()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(IdNumber::normalize(input), expected);
}

void TestIdNumber::upgradeLegacy_data()
{
    QTest::addColumn<QString>("fifteen");
    QTest::addColumn<QString>("expected"); // empty: no upgrade possible

    QTest::newRow("id_numbers.md example") << u"110105491231002"_s << u"11010519491231002X"_s;
    QTest::newRow("csv row") << u"410181600229085"_s << u"410181196002290855"_s;
    QTest::newRow("bad date 1960-02-30") << u"410181600230085"_s << QString();
    QTest::newRow("14 digits") << u"41018160022908"_s << QString();
    QTest::newRow("16 digits") << u"4101816002290851"_s << QString();
    QTest::newRow("letter") << u"41018160022908X"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestIdNumber::upgradeLegacy()
{
    QFETCH(QString, fifteen);
    QFETCH(QString, expected);

    const auto upgraded = IdNumber::upgradeLegacy(fifteen);
    if (expected.isEmpty()) {
        QVERIFY(!upgraded.has_value());
        return;
    }
    QCOMPARE(upgraded, std::optional<QString>(expected));
    // The 17th digit keeps its parity, so the gender survives the upgrade.
    QVERIFY(IdNumber::parseStrict(*upgraded, kToday).has_value());
}

void TestIdNumber::issueIsMasked_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("maskedValue");

    QTest::newRow("checksum") << u"410105195001010130"_s << u"410105********0130"_s;
    QTest::newRow("checksum X") << u"41900119680504159X"_s << u"419001********159X"_s;
    QTest::newRow("date") << u"410105199902301238"_s << u"410105********1238"_s;
    QTest::newRow("future") << u"411002209912310173"_s << u"411002********0173"_s;
    QTest::newRow("province") << u"001525200002295669"_s << u"001525********5669"_s;
    QTest::newRow("lenient lower x bad check") << u" 41022519631130167x "_s << u"410225********167X"_s;
    QTest::newRow("legacy 15") << u"410181600229085"_s << u"41***********85"_s;
    QTest::newRow("17") << u"41030519710910196"_s << u"41*************96"_s;
    QTest::newRow("19") << u"4104821979123127075"_s << u"41***************75"_s;
    QTest::newRow("hyphens") << u"411403-19980120-5292"_s << u"41****************92"_s;
    QTest::newRow("letter inside") << u"410526198A06013071"_s << u"410526********3071"_s;
    QTest::newRow("no digits") << u"无"_s << u"无"_s;
}

void TestIdNumber::issueIsMasked()
{
    QFETCH(QString, input);
    QFETCH(QString, maskedValue);

    const auto result = IdNumber::parse(input, kToday);
    QVERIFY(!result.has_value());
    const ValidationIssue& issue = result.error();
    QCOMPARE(issue.value, maskedValue);
    // Neither the value, nor the message, nor the printed line may carry the raw number.
    for (const QString& text : {issue.value, issue.message, issue.toText()}) {
        QVERIFY2(!leaks(text, input), qPrintable(text));
        QCOMPARE(Masking::scrub(text), text); // nothing left that looks like a number to mask
    }
}

void TestIdNumber::checksumMessageNamesExpectedChar()
{
    const auto result = IdNumber::parse(u"410105195001010130"_s, kToday);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().rule, u"id_number.checksum"_s);
    QVERIFY2(result.error().message.contains(u"应为 6"), qPrintable(result.error().message));

    const auto legacy = IdNumber::parse(u"410181600229085"_s, kToday);
    QCOMPARE(legacy.error().message, u"这是15位的一代身份证号码，已停止使用，请填写18位的二代身份证号码"_s);
}

void TestIdNumber::ruleCodes_data()
{
    QTest::addColumn<IdNumber::Rule>("rule");
    QTest::addColumn<QString>("code");

    QTest::newRow("empty") << IdNumber::Rule::Empty << u"id_number.empty"_s;
    QTest::newRow("legacy15") << IdNumber::Rule::Legacy15 << u"id_number.legacy15"_s;
    QTest::newRow("chars") << IdNumber::Rule::Chars << u"id_number.chars"_s;
    QTest::newRow("length") << IdNumber::Rule::Length << u"id_number.length"_s;
    QTest::newRow("province") << IdNumber::Rule::Province << u"id_number.province"_s;
    QTest::newRow("date_invalid") << IdNumber::Rule::DateInvalid << u"id_number.date_invalid"_s;
    QTest::newRow("date_future") << IdNumber::Rule::DateFuture << u"id_number.date_future"_s;
    QTest::newRow("date_too_early") << IdNumber::Rule::DateTooEarly << u"id_number.date_too_early"_s;
    QTest::newRow("checksum") << IdNumber::Rule::Checksum << u"id_number.checksum"_s;
}

void TestIdNumber::ruleCodes()
{
    QFETCH(IdNumber::Rule, rule);
    QFETCH(QString, code);
    QCOMPARE(IdNumber::ruleCode(rule), code);
}

QTEST_APPLESS_MAIN(TestIdNumber)
#include "TestIdNumber.moc"
