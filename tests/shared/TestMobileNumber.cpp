#include "support/TestData.h"
#include "validation/MobileNumber.h"

#include <QtTest>

using namespace kjzy;
using namespace kjzy::test;
using namespace Qt::StringLiterals;

namespace {

// The input's digits (ASCII or full-width) in one string, to check an issue does not repeat them.
QString digitsOf(const QString& raw)
{
    QString out;
    for (const QChar c : raw.normalized(QString::NormalizationForm_KC)) {
        if (c >= u'0' && c <= u'9')
            out += c;
    }
    return out;
}

} // namespace

class TestMobileNumber : public QObject
{
    Q_OBJECT

private slots:
    void validCsv_data();
    void validCsv();
    void invalidCsv_data();
    void invalidCsv();
    void parse_data();
    void parse();
    void fieldName();
    void issueIsMasked_data();
    void issueIsMasked();
};

void TestMobileNumber::validCsv_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("normalised");

    const auto rows = readCsv(u"mobile_valid.csv"_s);
    QCOMPARE(rows.size(), 10);
    for (const auto& row : rows)
        QTest::newRow(qPrintable(row.value(u"note"_s)))
            << row.value(u"input"_s) << row.value(u"normalised"_s);
}

void TestMobileNumber::validCsv()
{
    QFETCH(QString, input);
    QFETCH(QString, normalised);

    const auto result = MobileNumber::parse(input);
    QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().toText()));
    QCOMPARE(*result, normalised);
}

void TestMobileNumber::invalidCsv_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("rule");

    const auto rows = readCsv(u"mobile_invalid.csv"_s);
    QCOMPARE(rows.size(), 10);
    for (const auto& row : rows)
        QTest::newRow(qPrintable(row.value(u"reason"_s))) << row.value(u"input"_s) << row.value(u"rule"_s);
}

void TestMobileNumber::invalidCsv()
{
    QFETCH(QString, input);
    QFETCH(QString, rule);

    const auto result = MobileNumber::parse(input);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().rule, rule);
    QCOMPARE(result.error().field, u"mobile"_s);
    QVERIFY(!result.error().message.isEmpty());
}

void TestMobileNumber::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // the 11 digits, or the rule code

    // mobile_numbers.md §2 step 2: every listed separator.
    QTest::newRow("hyphen-minus") << u"139-0371-0000"_s << u"13903710000"_s;
    QTest::newRow("U+2010 hyphen") << u"139\u20100371\u20100000"_s << u"13903710000"_s;
    QTest::newRow("U+2011 nb hyphen") << u"139\u20110371\u20110000"_s << u"13903710000"_s;
    QTest::newRow("U+2012 figure dash") << u"139\u20120371\u20120000"_s << u"13903710000"_s;
    QTest::newRow("U+2013 en dash") << u"139\u20130371\u20130000"_s << u"13903710000"_s;
    QTest::newRow("U+2014 em dash") << u"139\u20140371\u20140000"_s << u"13903710000"_s;
    QTest::newRow("U+2015 bar") << u"139\u20150371\u20150000"_s << u"13903710000"_s;
    QTest::newRow("U+2212 minus") << u"139\u22120371\u22120000"_s << u"13903710000"_s;
    QTest::newRow("middle dot") << u"139·0371·0000"_s << u"13903710000"_s;
    QTest::newRow("slash") << u"139/0371/0000"_s << u"13903710000"_s;
    QTest::newRow("square brackets") << u"[139]03710000"_s << u"13903710000"_s;
    QTest::newRow("full-width brackets and plus")
        << u"（＋８６）１３９０３７１００００"_s << u"13903710000"_s;
    QTest::newRow("full-width hyphen") << u"139－0371－0000"_s << u"13903710000"_s;
    QTest::newRow("tab and newline") << u"\t139 0371\n0000\r\n"_s << u"13903710000"_s;
    QTest::newRow("0086 no separator") << u"008613903710000"_s << u"13903710000"_s;
    QTest::newRow("all second digits 3") << u"13000000000"_s << u"13000000000"_s;
    QTest::newRow("second digit 9") << u"19000000000"_s << u"19000000000"_s;

    // §2 step 3: bare 86 only when exactly 11 digits follow.
    QTest::newRow("86 + 10 digits") << u"861390371000"_s << u"mobile.length"_s;
    QTest::newRow("11 digits starting 86") << u"86139037100"_s << u"mobile.prefix"_s;
    QTest::newRow("+86 (0) trunk") << u"+86 (0) 139 0371 0000"_s << u"mobile.length"_s;
    QTest::newRow("+1") << u"+1 415 555 2671"_s << u"mobile.foreign"_s;
    QTest::newRow("+853 full-width") << u"＋８５３ ６６１２ ３４５６"_s << u"mobile.foreign"_s;
    QTest::newRow("+886") << u"+886912345678"_s << u"mobile.foreign"_s;
    QTest::newRow("plus inside") << u"139+03710000"_s << u"mobile.chars"_s;
    QTest::newRow("two numbers") << u"13903710000、13903710001"_s << u"mobile.chars"_s;
    QTest::newRow("two numbers with space") << u"13903710000 13903710001"_s << u"mobile.length"_s;
    QTest::newRow("IP prefix 17951") << u"1795113903710000"_s << u"mobile.length"_s;
    QTest::newRow("letters") << u"无"_s << u"mobile.chars"_s;
    QTest::newRow("Arabic-Indic digits")
        << u"\u0661\u0663\u0669\u0660\u0663\u0667\u0661\u0660\u0660\u0660\u0660"_s << u"mobile.chars"_s;
    QTest::newRow("second digit 1") << u"11903710000"_s << u"mobile.prefix"_s;
    QTest::newRow("11-digit landline") << u"0371-6512345"_s << u"mobile.prefix"_s;
    QTest::newRow("empty") << QString() << u"mobile.empty"_s;
    QTest::newRow("spaces") << u" \u3000 "_s << u"mobile.empty"_s;
    QTest::newRow("dash for none") << u"-"_s << u"mobile.empty"_s;
}

void TestMobileNumber::parse()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    const auto result = MobileNumber::parse(input);
    if (expected.startsWith(u"mobile.")) {
        QVERIFY2(!result.has_value(), qPrintable(result ? *result : QString()));
        QCOMPARE(result.error().rule, expected);
    } else {
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().toText()));
        QCOMPARE(*result, expected);
    }
}

void TestMobileNumber::fieldName()
{
    // 管理员手机号 on the team form reuses the rules under its own key.
    const auto result = MobileNumber::parse(u"12903710000"_s, u"admin_mobile"_s);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().field, u"admin_mobile"_s);
    QCOMPARE(result.error().rule, u"mobile.prefix"_s);
    QVERIFY(result.error().toText().startsWith(u"管理员手机号"));
}

void TestMobileNumber::issueIsMasked_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("maskedValue");

    QTest::newRow("prefix") << u"12903710000"_s << u"129****0000"_s;
    QTest::newRow("full-width prefix") << u"１２９０３７１００００"_s << u"129****0000"_s;
    QTest::newRow("12 digits") << u"139 0371 00001"_s << u"**********01"_s;
    QTest::newRow("foreign") << u"+852 9123 4567"_s << u"**********67"_s;
    QTest::newRow("letter") << u"139-0371-000a"_s << u"139****000a"_s;
    QTest::newRow("no digits") << u"无"_s << u"无"_s;
}

void TestMobileNumber::issueIsMasked()
{
    QFETCH(QString, input);
    QFETCH(QString, maskedValue);

    const auto result = MobileNumber::parse(input);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().value, maskedValue);
    const QString digits = digitsOf(input);
    if (digits.size() >= 8) {
        const QString line = result.error().toText();
        QVERIFY2(!line.contains(digits), qPrintable(line));
        QVERIFY2(!line.contains(digits.left(7)), qPrintable(line)); // 号段 + area block stay hidden
    }
}

QTEST_APPLESS_MAIN(TestMobileNumber)
#include "TestMobileNumber.moc"
