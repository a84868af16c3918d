#include "clock/HybridLogicalClock.h"
#include "clock/RecordId.h"

#include <QSet>
#include <QTest>

using namespace kjzy;

class TestHybridLogicalClock : public QObject
{
    Q_OBJECT

private slots:
    void stampsFollowTheWallClock()
    {
        ManualClock clock(1'000);
        HybridLogicalClock hlc(QStringLiteral("dev-a"), clock);
        const auto a = hlc.now();
        QCOMPARE(a.ms, qint64(1'000));
        QCOMPARE(a.counter, 0u);
        QCOMPARE(a.device, QStringLiteral("dev-a"));
        clock.advance(5);
        const auto b = hlc.now();
        QCOMPARE(b.ms, qint64(1'005));
        QCOMPARE(b.counter, 0u);
        QVERIFY(a < b);
    }

    void sameMillisecondIncrementsTheCounter()
    {
        ManualClock clock(2'000);
        HybridLogicalClock hlc(QStringLiteral("dev-a"), clock);
        const auto a = hlc.now();
        const auto b = hlc.now();
        const auto c = hlc.now();
        QCOMPARE(b.counter, a.counter + 1);
        QCOMPARE(c.counter, a.counter + 2);
        QVERIFY(a < b && b < c);
    }

    void wallClockGoingBackwardsNeverReordersStamps()
    {
        ManualClock clock(10'000);
        HybridLogicalClock hlc(QStringLiteral("dev-a"), clock);
        const auto before = hlc.now();
        clock.set(4'000); // NTP step or a user fixing the date
        const auto after = hlc.now();
        QVERIFY(before < after);
        QCOMPARE(after.ms, qint64(10'000));
        QCOMPARE(after.counter, before.counter + 1);
    }

    void observingARemoteStampMovesPastIt()
    {
        ManualClock clock(1'000);
        HybridLogicalClock hlc(QStringLiteral("dev-a"), clock);
        hlc.now();
        const HlcTimestamp remote{50'000, 7, QStringLiteral("dev-b")};
        const auto seen = hlc.observe(remote);
        QCOMPARE(seen.ms, qint64(50'000));
        QCOMPARE(seen.counter, 8u);
        QVERIFY(remote < seen);
        const auto next = hlc.now();
        QVERIFY(seen < next);
    }

    void counterOverflowBorrowsAMillisecond()
    {
        ManualClock clock(1'000);
        HybridLogicalClock hlc(QStringLiteral("d"), clock,
                               HlcTimestamp{1'000, HlcTimestamp::kMaxCounter, QStringLiteral("d")});
        const auto next = hlc.now();
        QCOMPARE(next.ms, qint64(1'001));
        QCOMPARE(next.counter, 0u);
    }

    void resumesFromAPersistedStamp()
    {
        ManualClock clock(100);
        const HlcTimestamp persisted{9'000, 3, QStringLiteral("old-device-name")};
        HybridLogicalClock hlc(QStringLiteral("dev-a"), clock, persisted);
        const auto next = hlc.now();
        QCOMPARE(next.ms, qint64(9'000));
        QCOMPARE(next.counter, 4u);
        QCOMPARE(next.device, QStringLiteral("dev-a"));
    }

    void textFormRoundTripsAndSortsLikeTheStamps_data()
    {
        QTest::addColumn<qint64>("ms1");
        QTest::addColumn<uint>("c1");
        QTest::addColumn<QString>("d1");
        QTest::addColumn<qint64>("ms2");
        QTest::addColumn<uint>("c2");
        QTest::addColumn<QString>("d2");
        QTest::newRow("ms decides") << qint64(999) << 5u << QStringLiteral("z") << qint64(1000) << 0u
                                    << QStringLiteral("a");
        QTest::newRow("counter decides")
            << qint64(1000) << 9u << QStringLiteral("z") << qint64(1000) << 10u << QStringLiteral("a");
        QTest::newRow("device breaks ties")
            << qint64(1000) << 1u << QStringLiteral("a") << qint64(1000) << 1u << QStringLiteral("b");
        QTest::newRow("uuid devices")
            << qint64(1732870000000) << 0u << QStringLiteral("0b8e1f8c-1111-4c4c-8d8d-000000000001")
            << qint64(1732870000000) << 0u << QStringLiteral("0b8e1f8c-1111-4c4c-8d8d-000000000002");
    }

    void textFormRoundTripsAndSortsLikeTheStamps()
    {
        QFETCH(qint64, ms1);
        QFETCH(uint, c1);
        QFETCH(QString, d1);
        QFETCH(qint64, ms2);
        QFETCH(uint, c2);
        QFETCH(QString, d2);
        const HlcTimestamp a{ms1, c1, d1};
        const HlcTimestamp b{ms2, c2, d2};
        QVERIFY(a < b);
        QVERIFY(a.toString() < b.toString());
        QCOMPARE(HlcTimestamp::fromString(a.toString()), a);
        QCOMPARE(HlcTimestamp::fromString(b.toString()), b);
    }

    void textFormIsFixedWidth()
    {
        QCOMPARE((HlcTimestamp{1'767'600'000'123, 7, QStringLiteral("dev-a")}.toString()),
                 QStringLiteral("000001767600000123-000007-dev-a"));
        QCOMPARE((HlcTimestamp{0, 0, QString()}.toString()), QStringLiteral("000000000000000000-000000-"));
        QCOMPARE((HlcTimestamp{999'999'999'999'999'999, HlcTimestamp::kMaxCounter, QStringLiteral("设备")}
                      .toString()),
                 QStringLiteral("999999999999999999-999999-设备"));
    }

    void malformedTextIsRejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("short") << QStringLiteral("123-4-x");
        QTest::newRow("letters in ms") << QStringLiteral("00000000000000abcd-000000-dev");
        QTest::newRow("missing separator") << QStringLiteral("000000000000001000x000000-dev");
    }

    void malformedTextIsRejected()
    {
        QFETCH(QString, text);
        QVERIFY(!HlcTimestamp::fromString(text).has_value());
    }

    void recordIdsAreUniqueUuids()
    {
        QSet<QString> seen;
        for (int i = 0; i < 10'000; ++i) {
            const QString id = RecordId::generate();
            QVERIFY2(RecordId::isValid(id), qPrintable(id));
            QVERIFY(!seen.contains(id));
            seen.insert(id);
        }
        QVERIFY(!RecordId::isValid(QStringLiteral("not-a-uuid")));
    }
};

QTEST_APPLESS_MAIN(TestHybridLogicalClock)
#include "TestHybridLogicalClock.moc"
