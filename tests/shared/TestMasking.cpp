#include "privacy/LogScrubber.h"
#include "privacy/Masking.h"

#include <QtTest>

using namespace kjzy;
using namespace Qt::StringLiterals;

namespace {

QStringList g_captured;

void capturingHandler(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_captured << message;
}

} // namespace

class TestMasking : public QObject
{
    Q_OBJECT

private slots:
    void idNumber_data();
    void idNumber();
    void mobile_data();
    void mobile();
    void scrub_data();
    void scrub();
    void logScrubber();
};

void TestMasking::idNumber_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    // CLI.md: 18 characters show the address code and the last four.
    QTest::newRow("18 digits") << u"410105195001010136"_s << u"410105********0136"_s;
    QTest::newRow("18 with X") << u"41022519631130168X"_s << u"410225********168X"_s;
    // Other lengths: at most two characters at each end, never more than half.
    QTest::newRow("15 legacy") << u"410181600229085"_s << u"41***********85"_s;
    QTest::newRow("17 digits") << u"41030519710910196"_s << u"41*************96"_s;
    QTest::newRow("19 digits") << u"4104821979123127075"_s << u"41***************75"_s;
    QTest::newRow("8") << u"12345678"_s << u"12****78"_s;
    QTest::newRow("7") << u"1234567"_s << u"1*****7"_s;
    QTest::newRow("4") << u"1234"_s << u"1**4"_s;
    QTest::newRow("3") << u"123"_s << u"***"_s;
    QTest::newRow("1") << u"1"_s << u"*"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestMasking::idNumber()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const QString masked = Masking::idNumber(input);
    QCOMPARE(masked, expected);
    QCOMPARE(masked.size(), input.size());
}

void TestMasking::mobile_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("11 digits") << u"13800138000"_s << u"138****8000"_s;
    QTest::newRow("12 digits") << u"013903710000"_s << u"**********00"_s;
    QTest::newRow("10 digits") << u"1390371000"_s << u"********00"_s;
    QTest::newRow("4") << u"1234"_s << u"**34"_s;
    QTest::newRow("3") << u"123"_s << u"**3"_s;
    QTest::newRow("2") << u"12"_s << u"*2"_s;
    QTest::newRow("1") << u"1"_s << u"*"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestMasking::mobile()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Masking::mobile(input), expected);
}

void TestMasking::scrub_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain text") << u"导入完成：共 300 行，拒绝 12 行"_s
                                << u"导入完成：共 300 行，拒绝 12 行"_s;
    QTest::newRow("id 18") << u"id=410105195001010136 rejected"_s << u"id=410105********0136 rejected"_s;
    QTest::newRow("id 18 X") << u"身份证41022519631130168X重复"_s << u"身份证410225********168X重复"_s;
    QTest::newRow("id 18 lower x") << u"41022519631130168x;"_s << u"410225********168x;"_s;
    // An X glued to more letters is not a check character, but the 17 digits are still masked.
    QTest::newRow("id 17 + Xa") << u"41022519631130168Xa"_s << u"41*************68Xa"_s;
    QTest::newRow("id 15") << u"old 410181600229085 ok"_s << u"old 41***********85 ok"_s;
    QTest::newRow("id 17") << u"[41030519710910196]"_s << u"[41*************96]"_s;
    QTest::newRow("id full-width") << u"号码４１０１０５１９５００１０１０１３６。"_s
                                   << u"号码４１０１０５********０１３６。"_s;
    QTest::newRow("id full-width X") << u"４１１００２１９９３０４１８４５５Ｘ"_s
                                     << u"４１１００２********４５５Ｘ"_s;
    QTest::newRow("id grouped 6-8-4") << u"410825 19901001 4181"_s << u"410825 ******** 4181"_s;
    QTest::newRow("mobile") << u"手机13903710000。"_s << u"手机139****0000。"_s;
    QTest::newRow("mobile full-width") << u"１８９３７１００００４"_s << u"１８９****０００４"_s;
    QTest::newRow("mobile +86") << u"+8613337100008"_s << u"+86133****0008"_s;
    QTest::newRow("mobile grouped 3-4-4") << u"tel 176 3710 0005"_s << u"tel 176 **** 0005"_s;
    QTest::newRow("mobile dashed 3-4-4") << u"139-0371-0001"_s << u"139-****-0001"_s;
    QTest::newRow("two numbers") << u"13903710000,410105195001010136"_s
                                 << u"139****0000,410105********0136"_s;
    // Not mobile numbers: wrong first digit, or part of a longer run.
    QTest::newRow("11 digits not starting 1") << u"23903710000"_s << u"23903710000"_s;
    QTest::newRow("12 digits") << u"139037100001"_s << u"139037100001"_s;
    QTest::newRow("14 digits") << u"20261129120000"_s << u"20261129120000"_s;
    QTest::newRow("dates stay") << u"2021-05-01 12:00:00"_s << u"2021-05-01 12:00:00"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestMasking::scrub()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Masking::scrub(input), expected);
}

void TestMasking::logScrubber()
{
    // The capturing handler stands in for whatever was installed before (stderr, a log file).
    const QtMessageHandler original = qInstallMessageHandler(&capturingHandler);
    LogScrubber::install();
    LogScrubber::install(); // a second call must not chain the scrubber to itself

    g_captured.clear();
    qWarning("rejected row: id 410105195001010136, mobile 13903710000");
    qWarning() << u"身份证 41022519631130168X"_s;
    qInstallMessageHandler(original);

    QCOMPARE(g_captured.size(), 2);
    QVERIFY2(!g_captured[0].contains(u"410105195001010136"), qPrintable(g_captured[0]));
    QVERIFY(g_captured[0].contains(u"410105********0136"));
    QVERIFY(!g_captured[0].contains(u"13903710000"));
    QVERIFY(g_captured[0].contains(u"139****0000"));
    QVERIFY2(!g_captured[1].contains(u"41022519631130168X"), qPrintable(g_captured[1]));
    QVERIFY(g_captured[1].contains(u"410225********168X"));
}

QTEST_GUILESS_MAIN(TestMasking)
#include "TestMasking.moc"
