// The plaintext codec of carried bundles: round trips, and strict refusal of everything else
// (wrong format, missing, extra or mistyped keys, oversized input or entries, duplicates,
// trailing bytes, non-canonical encodings). Random inputs are seeded; the seed is printed.
#include "sync/BundleCodec.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QRandomGenerator>
#include <QTest>

using namespace kjzy;
using namespace Qt::StringLiterals;

namespace {

Bundle sampleBundle()
{
    return Bundle{u"6f1c2b8e-4a3d-4e5f-9a1b-2c3d4e5f6a7b"_s,
                  u"设备-金水-01"_s,
                  4711,
                  {QByteArray(300, 'a'), QByteArray("\x00\x01\x02", 3), QByteArray(70'000, 'z')}};
}

BundleReply sampleReply()
{
    return BundleReply{u"6f1c2b8e-4a3d-4e5f-9a1b-2c3d4e5f6a7b"_s,
                       u"设备-金水-01"_s,
                       4711,
                       5000,
                       {{u"cs-1"_s, QByteArray(120, 'r')}, {u"cs-2"_s, QByteArray("reply two")}},
                       {QByteArray(2000, 'p'), QByteArray("page two")}};
}

// The bundle's CBOR map, for building variants by hand.
QCborMap bundleMap()
{
    return QCborValue::fromCbor(BundleCodec::encode(sampleBundle())).toMap();
}

QCborMap replyMap()
{
    return QCborValue::fromCbor(BundleCodec::encode(sampleReply())).toMap();
}

QByteArray cbor(const QCborMap& map)
{
    return QCborValue(map).toCbor();
}

} // namespace

class TestBundleCodec : public QObject
{
    Q_OBJECT

private slots:
    void bundleRoundTrip();
    void emptyBundleRoundTrip();
    void replyRoundTrip();
    void encodingIsDeterministic();
    void bundleVariantsRefused_data();
    void bundleVariantsRefused();
    void replyVariantsRefused_data();
    void replyVariantsRefused();
    void formatsAreNotInterchangeable();
    void trailingBytesRefused();
    void sizeLimitsApply();
    void everyTruncationRefused();
    void randomBytesRefused();
};

void TestBundleCodec::bundleRoundTrip()
{
    const Bundle bundle = sampleBundle();
    auto decoded = BundleCodec::decodeBundle(BundleCodec::encode(bundle));
    QVERIFY2(decoded.has_value(), qPrintable(decoded ? QString() : decoded.error().message));
    QCOMPARE(decoded->id, bundle.id);
    QCOMPARE(decoded->device, bundle.device);
    QCOMPARE(decoded->cursor, bundle.cursor);
    QCOMPARE(decoded->changeSets, bundle.changeSets); // byte-exact, in order
    QVERIFY(*decoded == bundle);
}

void TestBundleCodec::emptyBundleRoundTrip()
{
    // Nothing pending: a bundle that only asks for the pull.
    const Bundle bundle{u"b"_s, u"d"_s, 0, {}};
    auto decoded = BundleCodec::decodeBundle(BundleCodec::encode(bundle));
    QVERIFY(decoded.has_value());
    QVERIFY(*decoded == bundle);
}

void TestBundleCodec::replyRoundTrip()
{
    const BundleReply reply = sampleReply();
    auto decoded = BundleCodec::decodeReply(BundleCodec::encode(reply));
    QVERIFY2(decoded.has_value(), qPrintable(decoded ? QString() : decoded.error().message));
    QVERIFY(*decoded == reply);
    const BundleReply empty{u"b"_s, u"d"_s, 7, 7, {}, {}};
    auto decodedEmpty = BundleCodec::decodeReply(BundleCodec::encode(empty));
    QVERIFY(decodedEmpty.has_value());
    QVERIFY(*decodedEmpty == empty);
}

void TestBundleCodec::encodingIsDeterministic()
{
    QCOMPARE(BundleCodec::encode(sampleBundle()), BundleCodec::encode(sampleBundle()));
    QCOMPARE(BundleCodec::encode(sampleReply()), BundleCodec::encode(sampleReply()));
    Bundle other = sampleBundle();
    other.changeSets.swapItemsAt(0, 1);
    QVERIFY(BundleCodec::encode(other) != BundleCodec::encode(sampleBundle()));
}

void TestBundleCodec::bundleVariantsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const auto with = [](int key, const QCborValue& value) {
        QCborMap map = bundleMap();
        map.insert(key, value);
        return cbor(map);
    };
    const auto without = [](int key) {
        QCborMap map = bundleMap();
        map.remove(key);
        return cbor(map);
    };
    QTest::newRow("empty input") << QByteArray();
    QTest::newRow("not a map") << QCborValue(QCborArray{1, 2}).toCbor();
    QTest::newRow("next version") << with(0, u"kjzy-bundle/2"_s);
    QTest::newRow("reply format") << with(0, u"kjzy-bundle-reply/1"_s);
    QTest::newRow("format as bytes") << with(0, QByteArray("kjzy-bundle/1"));
    for (int key = 0; key <= 4; ++key)
        QTest::addRow("key %d missing", key) << without(key);
    QTest::newRow("extra key") << with(5, 1);
    QTest::newRow("text key") << [] {
        QCborMap map = bundleMap();
        map.insert(u"x"_s, 1);
        return cbor(map);
    }();
    QTest::newRow("empty id") << with(1, u""_s);
    QTest::newRow("id too long") << with(1, QString(257, u'a'));
    QTest::newRow("id as integer") << with(1, 5);
    QTest::newRow("empty device") << with(2, u""_s);
    QTest::newRow("device as bytes") << with(2, QByteArray("d"));
    QTest::newRow("negative cursor") << with(3, -1);
    QTest::newRow("cursor as text") << with(3, u"12"_s);
    QTest::newRow("cursor as float") << with(3, 1.5);
    QTest::newRow("change sets not an array") << with(4, QByteArray("x"));
    QTest::newRow("change set as text") << with(4, QCborArray{u"text"_s});
    QTest::newRow("empty change set") << with(4, QCborArray{QByteArray()});
    QTest::newRow("change set nested") << with(4, QCborArray{QCborArray{QByteArray("x")}});
}

void TestBundleCodec::bundleVariantsRefused()
{
    QFETCH(QByteArray, bytes);
    auto decoded = BundleCodec::decodeBundle(bytes);
    QVERIFY(!decoded.has_value());
    QCOMPARE(decoded.error().code, ErrorCode::Crypto);
}

void TestBundleCodec::replyVariantsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const auto with = [](int key, const QCborValue& value) {
        QCborMap map = replyMap();
        map.insert(key, value);
        return cbor(map);
    };
    const auto without = [](int key) {
        QCborMap map = replyMap();
        map.remove(key);
        return cbor(map);
    };
    QTest::newRow("bundle format") << with(0, u"kjzy-bundle/1"_s);
    for (int key = 0; key <= 6; ++key)
        QTest::addRow("key %d missing", key) << without(key);
    QTest::newRow("extra key") << with(7, 0);
    QTest::newRow("next cursor below cursor") << with(4, 4000);
    QTest::newRow("reply not a pair") << with(5, QCborArray{QCborArray{u"cs-1"_s}});
    QTest::newRow("reply triple") << with(5, QCborArray{QCborArray{u"cs-1"_s, QByteArray("r"), 1}});
    QTest::newRow("reply id empty") << with(5, QCborArray{QCborArray{u""_s, QByteArray("r")}});
    QTest::newRow("reply bytes as text") << with(5, QCborArray{QCborArray{u"cs-1"_s, u"r"_s}});
    QTest::newRow("reply bytes empty") << with(5, QCborArray{QCborArray{u"cs-1"_s, QByteArray()}});
    QTest::newRow("duplicate reply") << with(
        5, QCborArray{QCborArray{u"cs-1"_s, QByteArray("a")}, QCborArray{u"cs-1"_s, QByteArray("b")}});
    QTest::newRow("reply entry not an array") << with(5, QCborArray{QByteArray("r")});
    QTest::newRow("page as text") << with(6, QCborArray{u"page"_s});
    QTest::newRow("pages not an array") << with(6, QCborMap{});
}

void TestBundleCodec::replyVariantsRefused()
{
    QFETCH(QByteArray, bytes);
    auto decoded = BundleCodec::decodeReply(bytes);
    QVERIFY(!decoded.has_value());
    QCOMPARE(decoded.error().code, ErrorCode::Crypto);
}

void TestBundleCodec::formatsAreNotInterchangeable()
{
    QVERIFY(!BundleCodec::decodeReply(BundleCodec::encode(sampleBundle())).has_value());
    QVERIFY(!BundleCodec::decodeBundle(BundleCodec::encode(sampleReply())).has_value());
}

void TestBundleCodec::trailingBytesRefused()
{
    QByteArray bytes = BundleCodec::encode(sampleBundle());
    QVERIFY(BundleCodec::decodeBundle(bytes).has_value());
    QVERIFY(!BundleCodec::decodeBundle(QByteArray(bytes + QByteArray(1, '\0'))).has_value());
    QVERIFY(!BundleCodec::decodeBundle(QByteArray(bytes + bytes)).has_value());
    // The same map spelled with an indefinite-length array is another encoding: refused.
    QByteArray reply = BundleCodec::encode(sampleReply());
    QVERIFY(!BundleCodec::decodeReply(QByteArray(reply + QByteArray("\xff", 1))).has_value());
    const QByteArray indefinite = QByteArray::fromHex("bf") + QByteArray::fromHex("00") +
                                  QCborValue(u"kjzy-bundle/1"_s).toCbor() + QByteArray::fromHex("ff");
    QVERIFY(!BundleCodec::decodeBundle(indefinite).has_value());
}

void TestBundleCodec::sizeLimitsApply()
{
    const QByteArray bytes = BundleCodec::encode(sampleBundle());
    BundleLimits tight;
    tight.maxBytes = bytes.size() - 1;
    QVERIFY(!BundleCodec::decodeBundle(bytes, tight).has_value());
    tight.maxBytes = bytes.size();
    QVERIFY(BundleCodec::decodeBundle(bytes, tight).has_value());

    BundleLimits entry;
    entry.maxEntryBytes = 69'999; // the largest change set is 70,000 bytes
    QVERIFY(!BundleCodec::decodeBundle(bytes, entry).has_value());
    entry.maxEntryBytes = 70'000;
    QVERIFY(BundleCodec::decodeBundle(bytes, entry).has_value());

    BundleLimits count;
    count.maxEntries = 2; // three change sets
    QVERIFY(!BundleCodec::decodeBundle(bytes, count).has_value());
    count.maxEntries = 3;
    QVERIFY(BundleCodec::decodeBundle(bytes, count).has_value());

    const QByteArray reply = BundleCodec::encode(sampleReply());
    BundleLimits replies;
    replies.maxEntries = 1; // two replies, two pages
    QVERIFY(!BundleCodec::decodeReply(reply, replies).has_value());
}

void TestBundleCodec::everyTruncationRefused()
{
    const QByteArray bytes = BundleCodec::encode(Bundle{u"b"_s, u"d"_s, 3, {QByteArray(40, 'c')}});
    for (qsizetype length = 0; length < bytes.size(); ++length)
        QVERIFY2(!BundleCodec::decodeBundle(bytes.left(length)).has_value(),
                 qPrintable(QString::number(length)));
    const QByteArray reply = BundleCodec::encode(sampleReply());
    for (qsizetype length = 0; length < reply.size(); length += 7)
        QVERIFY2(!BundleCodec::decodeReply(reply.left(length)).has_value(),
                 qPrintable(QString::number(length)));
}

void TestBundleCodec::randomBytesRefused()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    const QByteArray good = BundleCodec::encode(sampleBundle());
    for (int round = 0; round < 500; ++round) {
        // Flip one byte of a good encoding: either refused, or (a flip inside a change set's bytes)
        // decoded to a bundle that differs from the original. Never the original itself.
        QByteArray bytes = good;
        const qsizetype at = qsizetype(random.bounded(quint32(bytes.size())));
        bytes[at] = char(bytes[at] ^ char(1 + random.bounded(255)));
        auto decoded = BundleCodec::decodeBundle(bytes);
        QVERIFY2(!decoded || !(*decoded == sampleBundle()),
                 qPrintable(u"seed %1 round %2 offset %3"_s.arg(seed).arg(round).arg(at)));
        // Pure noise never decodes.
        QByteArray noise(int(random.bounded(1, 200)), Qt::Uninitialized);
        for (char& c : noise)
            c = char(random.bounded(256));
        QVERIFY2(!BundleCodec::decodeBundle(noise).has_value(),
                 qPrintable(u"seed %1 round %2"_s.arg(seed).arg(round)));
    }
}

QTEST_GUILESS_MAIN(TestBundleCodec)
#include "TestBundleCodec.moc"
