#include "validation/DateParser.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace kjzy;
using namespace Qt::StringLiterals;

class TestDateParser : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void serial_data();
    void serial();
};

void TestDateParser::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QDate>("expected"); // invalid QDate: must be rejected

    const QDate may1(2021, 5, 1);
    QTest::newRow("ISO") << u"2021-05-01"_s << may1;
    QTest::newRow("ISO single digits") << u"2021-5-1"_s << may1;
    QTest::newRow("dots") << u"2021.5.1"_s << may1;
    QTest::newRow("dots padded") << u"2021.05.01"_s << may1;
    QTest::newRow("slashes") << u"2021/5/1"_s << may1;
    QTest::newRow("Chinese") << u"2021年5月1日"_s << may1;
    QTest::newRow("Chinese padded") << u"2021年05月01日"_s << may1;
    QTest::newRow("Chinese without 日") << u"2021年5月1"_s << may1;
    QTest::newRow("Chinese with 号") << u"2021年5月1号"_s << may1;
    QTest::newRow("Chinese spaced") << u"2021 年 5 月 1 日"_s << may1;
    QTest::newRow("compact") << u"20210501"_s << may1;
    QTest::newRow("ISO T time") << u"2021-05-01T00:00:00"_s << may1;
    QTest::newRow("ISO space time") << u"2021-05-01 00:00:00"_s << may1;
    QTest::newRow("ISO time with ms") << u"2021-05-01T13:45:30.250"_s << may1;
    QTest::newRow("slash time no seconds") << u"2021/5/1 8:30"_s << may1;
    QTest::newRow("serial") << u"44317"_s << may1;
    QTest::newRow("serial with fraction") << u"44317.5"_s << may1;
    QTest::newRow("surrounding space") << u"  2021-05-01\u3000"_s << may1;
    QTest::newRow("full-width digits") << u"２０２１年５月１日"_s << may1;
    QTest::newRow("full-width separators") << u"２０２１／５／１"_s << may1;
    QTest::newRow("leap 2000") << u"2000-02-29"_s << QDate(2000, 2, 29);
    QTest::newRow("leap 2024 compact") << u"20240229"_s << QDate(2024, 2, 29);
    QTest::newRow("serial 1") << u"1"_s << QDate(1900, 1, 1);
    QTest::newRow("serial 61") << u"61"_s << QDate(1900, 3, 1);

    QTest::newRow("empty") << QString() << QDate();
    QTest::newRow("spaces") << u"   "_s << QDate();
    QTest::newRow("text") << u"去年"_s << QDate();
    QTest::newRow("no leap 2021") << u"2021-02-29"_s << QDate();
    QTest::newRow("no leap 1900") << u"1900-02-29"_s << QDate();
    QTest::newRow("month 13") << u"2021-13-01"_s << QDate();
    QTest::newRow("day 0") << u"2021-05-00"_s << QDate();
    QTest::newRow("day 31 in April") << u"2021年4月31日"_s << QDate();
    QTest::newRow("compact invalid") << u"20210230"_s << QDate();
    QTest::newRow("year 0000") << u"0000-01-01"_s << QDate();
    QTest::newRow("mixed separators") << u"2021-5/1"_s << QDate();
    QTest::newRow("two-digit year") << u"21-5-1"_s << QDate();
    QTest::newRow("year and month only") << u"2021-05"_s << QDate();
    QTest::newRow("day first") << u"01/05/2021"_s << QDate();
    QTest::newRow("hour 24") << u"2021-05-01 24:00:00"_s << QDate();
    QTest::newRow("minute 60") << u"2021-05-01T10:60"_s << QDate();
    QTest::newRow("time zone") << u"2021-05-01T00:00:00+08:00"_s << QDate();
    QTest::newRow("serial 0") << u"0"_s << QDate();
    QTest::newRow("serial 60 (1900-02-29)") << u"60"_s << QDate();
    QTest::newRow("negative") << u"-44317"_s << QDate();
    QTest::newRow("six digits") << u"443170"_s << QDate();
    QTest::newRow("trailing junk") << u"2021-05-01x"_s << QDate();
}

void TestDateParser::parse()
{
    QFETCH(QString, input);
    QFETCH(QDate, expected);

    const auto result = DateParser::parse(input);
    if (!expected.isValid()) {
        QVERIFY2(!result.has_value(), qPrintable(result ? result->toString(Qt::ISODate) : QString()));
        return;
    }
    QVERIFY(result.has_value());
    QCOMPARE(*result, expected);
}

void TestDateParser::serial_data()
{
    QTest::addColumn<double>("serial");
    QTest::addColumn<QDate>("expected"); // invalid QDate: must be rejected

    // Excel 1900 date system: serial 1 = 1900-01-01, 60 = the fictitious 1900-02-29.
    QTest::newRow("1") << 1.0 << QDate(1900, 1, 1);
    QTest::newRow("59") << 59.0 << QDate(1900, 2, 28);
    QTest::newRow("60") << 60.0 << QDate();
    QTest::newRow("60.5") << 60.5 << QDate();
    QTest::newRow("61") << 61.0 << QDate(1900, 3, 1);
    QTest::newRow("25569 Unix epoch") << 25569.0 << QDate(1970, 1, 1);
    QTest::newRow("36526") << 36526.0 << QDate(2000, 1, 1);
    QTest::newRow("44317") << 44317.0 << QDate(2021, 5, 1);
    QTest::newRow("44317.999") << 44317.999 << QDate(2021, 5, 1);
    QTest::newRow("2958465") << 2958465.0 << QDate(9999, 12, 31);
    QTest::newRow("2958466") << 2958466.0 << QDate();
    QTest::newRow("0") << 0.0 << QDate();
    QTest::newRow("0.5") << 0.5 << QDate();
    QTest::newRow("-1") << -1.0 << QDate();
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QDate();
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << QDate();
}

void TestDateParser::serial()
{
    QFETCH(double, serial);
    QFETCH(QDate, expected);

    const auto result = DateParser::fromSpreadsheetSerial(serial);
    if (!expected.isValid()) {
        QVERIFY(!result.has_value());
        return;
    }
    QVERIFY(result.has_value());
    QCOMPARE(*result, expected);
}

QTEST_APPLESS_MAIN(TestDateParser)
#include "TestDateParser.moc"
