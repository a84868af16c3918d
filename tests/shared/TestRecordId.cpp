#include "clock/RecordId.h"

#include <QSet>
#include <QTest>
#include <QUuid>

using namespace kjzy;
using namespace Qt::StringLiterals;

namespace {
const QString kDeviceA = u"0b8e1f8c-1111-4c4c-8d8d-00000000000a"_s;
const QString kDeviceB = u"0b8e1f8c-1111-4c4c-8d8d-00000000000b"_s;
constexpr qint64 kT = 1'732'870'000'000;
} // namespace

class TestRecordId : public QObject
{
    Q_OBJECT

private slots:
    void creationIdIsAVersion8Uuid();
    void creationIdCarriesTheMilliseconds();
    void creationIdIsDeterministic();
    void creationIdsNeverRepeatOnOneDevice();
    void devicesGetDifferentIds();
    void randomIdsAreVersion4();
    void validity_data();
    void validity();
};

void TestRecordId::creationIdIsAVersion8Uuid()
{
    const QString id = RecordId::forCreation(HlcTimestamp{kT, 999'999, kDeviceA});
    QCOMPARE(id.size(), 36);
    QVERIFY(RecordId::isValid(id));
    const QByteArray bytes = QUuid::fromString(id).toRfc4122();
    QCOMPARE(quint8(bytes[6]) >> 4, 8); // version
    QCOMPARE(quint8(bytes[8]) >> 6, 2); // RFC 9562 variant
    QCOMPARE(id, id.toLower());         // the text form SyncWire sends as bytes
    QCOMPARE(QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces), id);
}

void TestRecordId::creationIdCarriesTheMilliseconds()
{
    const QByteArray bytes =
        QUuid::fromString(RecordId::forCreation(HlcTimestamp{kT, 7, kDeviceA})).toRfc4122();
    qint64 ms = 0;
    for (int i = 0; i < 6; ++i)
        ms = (ms << 8) | quint8(bytes[i]);
    QCOMPARE(ms, kT);
}

void TestRecordId::creationIdIsDeterministic()
{
    const HlcTimestamp stamp{kT, 12, kDeviceA};
    QCOMPARE(RecordId::forCreation(stamp), RecordId::forCreation(stamp));
    // The device hash is cached per thread: switching devices back and forth must not mix them.
    const QString a = RecordId::forCreation(stamp);
    const QString b = RecordId::forCreation(HlcTimestamp{kT, 12, kDeviceB});
    QCOMPARE(RecordId::forCreation(stamp), a);
    QCOMPARE(RecordId::forCreation(HlcTimestamp{kT, 12, kDeviceB}), b);
}

void TestRecordId::creationIdsNeverRepeatOnOneDevice()
{
    // Every counter bit and the low millisecond bits land in distinct places: walk the counter's
    // 20-bit range at a few milliseconds, and milliseconds across byte boundaries.
    QSet<QString> ids;
    QSet<QPair<qint64, quint32>> stamps;
    QList<quint32> counters{0, 1, 63, 64, 127, 128, 255, 256, 4095, 65'535, 65'536, 999'999};
    for (quint32 counter = 0; counter <= HlcTimestamp::kMaxCounter; counter += 97)
        counters << counter;
    for (qint64 ms : {kT, kT + 1, kT + 255, kT + 256, kT + 65'536}) {
        for (quint32 counter : counters) {
            stamps.insert({ms, counter});
            ids.insert(RecordId::forCreation(HlcTimestamp{ms, counter, kDeviceA}));
        }
    }
    QCOMPARE(ids.size(), stamps.size());
}

void TestRecordId::devicesGetDifferentIds()
{
    const HlcTimestamp a{kT, 5, kDeviceA};
    const HlcTimestamp b{kT, 5, kDeviceB};
    QVERIFY(RecordId::forCreation(a) != RecordId::forCreation(b));
    // The device part is the same for every id of one device (that is what compresses).
    QCOMPARE(RecordId::forCreation(a).right(12),
             RecordId::forCreation(HlcTimestamp{kT + 9, 5, kDeviceA}).right(12));
}

void TestRecordId::randomIdsAreVersion4()
{
    const QString id = RecordId::generate();
    QVERIFY(RecordId::isValid(id));
    QCOMPARE(QUuid::fromString(id).version(), QUuid::Random);
    QVERIFY(RecordId::generate() != id);
}

void TestRecordId::validity_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("v4") << u"7f1c9a52-3b6e-4d21-9a0f-5c8e2b7d4a13"_s << true;
    QTest::newRow("v8") << RecordId::forCreation(HlcTimestamp{kT, 0, kDeviceA}) << true;
    QTest::newRow("braced") << u"{7f1c9a52-3b6e-4d21-9a0f-5c8e2b7d4a13}"_s << false;
    QTest::newRow("short") << u"7f1c9a52-3b6e-4d21-9a0f-5c8e2b7d4a1"_s << false;
    QTest::newRow("not hex") << u"7f1c9a52-3b6e-4d21-9a0f-5c8e2b7d4azz"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestRecordId::validity()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QCOMPARE(RecordId::isValid(id), valid);
}

QTEST_GUILESS_MAIN(TestRecordId)
#include "TestRecordId.moc"
