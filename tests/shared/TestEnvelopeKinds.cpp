#include "crypto/BoxKeyPair.h"
#include "crypto/Envelope.h"
#include "crypto/SigningKeyPair.h"
#include "crypto/Sodium.h"

#include <QTest>
#include <QtEndian>

#include <sodium.h>

using namespace kjzy;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(kjzy::EnvelopeKind)

namespace {

constexpr qint64 kLimit = 1024 * 1024;

const char* kindName(EnvelopeKind kind)
{
    switch (kind) {
    case EnvelopeKind::Push:
        return "push";
    case EnvelopeKind::Reply:
        return "reply";
    case EnvelopeKind::Pull:
        return "pull";
    case EnvelopeKind::Bundle:
        return "bundle";
    case EnvelopeKind::BundleReply:
        return "bundle-reply";
    }
    return "?";
}

const EnvelopeKind kKinds[] = {EnvelopeKind::Push, EnvelopeKind::Reply, EnvelopeKind::Pull,
                               EnvelopeKind::Bundle, EnvelopeKind::BundleReply};

bool signedByDevice(EnvelopeKind kind)
{
    return kind == EnvelopeKind::Push || kind == EnvelopeKind::Bundle;
}

// Pushes and bundles are signed by a device; replies, pages and reply bundles by the server,
// naming itself by its key id.
EnvelopeHeader meta(EnvelopeKind kind)
{
    EnvelopeHeader header;
    header.kind = kind;
    header.senderDeviceId = signedByDevice(kind) ? u"设备-郑州-001"_s : u"0123456789abcdef"_s;
    header.keyEpoch = 2;
    header.changeSetId = u"5d0c6a8e-2f4b-4c1d-9e3a-7b6f1a2c3d4e"_s;
    header.sequence = 41;
    return header;
}

EnvelopeHeader fullHeader(EnvelopeKind kind)
{
    EnvelopeHeader header = meta(kind);
    header.recipientKeyId = u"fedcba9876543210"_s;
    header.sealedKey = QByteArray(crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES, 'k');
    header.ciphertextHash = QByteArray(Sodium::kHashBytes, 'h');
    return header;
}

// The header bytes with the leading length-prefixed magic replaced by `magic`.
QByteArray withMagic(const QByteArray& headerBytes, QByteArrayView magic)
{
    const quint32 oldLength = qFromBigEndian<quint32>(headerBytes.constData());
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian(quint32(magic.size()), out.data());
    out += magic;
    out += headerBytes.mid(4 + qsizetype(oldLength));
    return out;
}

template <typename T> QString errorText(const Result<T>& result)
{
    return result ? QString() : result.error().message;
}

} // namespace

class TestEnvelopeKinds : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void magicsAreDistinct();
    void existingKindsKeepTheirBytes();
    void sealAndVerifyEachKind_data();
    void sealAndVerifyEachKind();
    void mismatchedKindRefused_data();
    void mismatchedKindRefused();
    void defaultExpectsPush();
    void relabelledKindRefused();
    void headerRoundTripKeepsKind_data();
    void headerRoundTripKeepsKind();
    void unknownMagicRefused_data();
    void unknownMagicRefused();
    void signedUnknownMagicRefused();
};

void TestEnvelopeKinds::initTestCase()
{
    const Status status = Sodium::initialize();
    QVERIFY2(status.has_value(), qPrintable(status ? QString() : status.error().message));
}

void TestEnvelopeKinds::magicsAreDistinct()
{
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::Push), QByteArrayView("kjzy/v1/push"));
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::Reply), QByteArrayView("kjzy/v1/reply"));
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::Pull), QByteArrayView("kjzy/v1/pull"));
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::Push), EnvelopeHeader::kMagic);
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::Reply), EnvelopeHeader::kReplyMagic);
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::Pull), EnvelopeHeader::kPullMagic);
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::Bundle), QByteArrayView("kjzy/v1/bundle"));
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::BundleReply), QByteArrayView("kjzy/v1/bundle-reply"));
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::Bundle), EnvelopeHeader::kBundleMagic);
    QCOMPARE(EnvelopeHeader::magic(EnvelopeKind::BundleReply), EnvelopeHeader::kBundleReplyMagic);
    // Header bytes of different kinds differ even when every other field is equal (the sender
    // is held equal here on purpose, so only the magic tells them apart).
    for (EnvelopeKind a : kKinds) {
        for (EnvelopeKind b : kKinds) {
            if (a == b)
                continue;
            EnvelopeHeader first = fullHeader(a);
            EnvelopeHeader second = fullHeader(b);
            second.senderDeviceId = first.senderDeviceId;
            QVERIFY2(first.toBytes() != second.toBytes(), kindName(a));
            QVERIFY(EnvelopeHeader::magic(a) != EnvelopeHeader::magic(b));
        }
    }
}

void TestEnvelopeKinds::existingKindsKeepTheirBytes()
{
    // Devices in the field hold sealed change sets made before bundles existed: adding kinds must
    // not change a byte of the older kinds' headers. The expected bytes are spelled out by hand.
    EnvelopeHeader header;
    header.kind = EnvelopeKind::Push;
    header.recipientKeyId = u"fedcba9876543210"_s;
    header.senderDeviceId = u"d1"_s;
    header.keyEpoch = 1;
    header.changeSetId = u"c"_s;
    header.sequence = 7;
    header.sealedKey = QByteArray(crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES, 'k');
    header.ciphertextHash = QByteArray(Sodium::kHashBytes, 'h');
    const auto field = [](QByteArrayView bytes) -> QByteArray {
        QByteArray out(4, Qt::Uninitialized);
        qToBigEndian(quint32(bytes.size()), out.data());
        return out + bytes.toByteArray();
    };
    const QByteArray tail = field("fedcba9876543210") + field("d1") + field(QByteArray("\0\0\0\1", 4)) +
                            field("c") + field(QByteArray("\0\0\0\0\0\0\0\7", 8)) + field(header.sealedKey) +
                            field(header.ciphertextHash);
    QCOMPARE(header.toBytes(), field("kjzy/v1/push") + tail);
    header.kind = EnvelopeKind::Reply;
    QCOMPARE(header.toBytes(), field("kjzy/v1/reply") + tail);
    header.kind = EnvelopeKind::Pull;
    QCOMPARE(header.toBytes(), field("kjzy/v1/pull") + tail);
}

void TestEnvelopeKinds::sealAndVerifyEachKind_data()
{
    QTest::addColumn<EnvelopeKind>("kind");
    for (EnvelopeKind kind : kKinds)
        QTest::newRow(kindName(kind)) << kind;
}

void TestEnvelopeKinds::sealAndVerifyEachKind()
{
    QFETCH(EnvelopeKind, kind);
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    const QByteArray plaintext = QByteArray("第 ") + kindName(kind) + QByteArray(" 页");

    auto sealed = Envelope::seal(plaintext, meta(kind), recipient->publicKey(), *sender);
    QVERIFY2(sealed.has_value(), qPrintable(errorText(sealed)));
    QVERIFY(sealed->header.contains(EnvelopeHeader::magic(kind).toByteArray()));

    // Through the wire form, as a receiver sees it.
    auto parsed = SealedEnvelope::fromBytes(sealed->toBytes(), kLimit);
    QVERIFY2(parsed.has_value(), qPrintable(errorText(parsed)));
    auto header = Envelope::verify(*parsed, sender->publicKey(), kind);
    QVERIFY2(header.has_value(), qPrintable(errorText(header)));
    QCOMPARE(header->kind, kind);
    QCOMPARE(header->senderDeviceId, meta(kind).senderDeviceId);
    QCOMPARE(header->changeSetId, meta(kind).changeSetId);
    QCOMPARE(header->sequence, meta(kind).sequence);
    QCOMPARE(header->keyEpoch, meta(kind).keyEpoch);
    QCOMPARE(header->recipientKeyId, recipient->keyId());
    auto opened = Envelope::open(*parsed, *header, *recipient);
    QVERIFY2(opened.has_value(), qPrintable(errorText(opened)));
    QCOMPARE(*opened, plaintext);
}

void TestEnvelopeKinds::mismatchedKindRefused_data()
{
    QTest::addColumn<EnvelopeKind>("sealedAs");
    QTest::addColumn<EnvelopeKind>("expected");
    for (EnvelopeKind sealedAs : kKinds) {
        for (EnvelopeKind expected : kKinds) {
            if (sealedAs != expected)
                QTest::addRow("%s verified as %s", kindName(sealedAs), kindName(expected))
                    << sealedAs << expected;
        }
    }
}

void TestEnvelopeKinds::mismatchedKindRefused()
{
    QFETCH(EnvelopeKind, sealedAs);
    QFETCH(EnvelopeKind, expected);
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    auto sealed = Envelope::seal(QByteArray("payload"), meta(sealedAs), recipient->publicKey(), *sender);
    QVERIFY2(sealed.has_value(), qPrintable(errorText(sealed)));

    auto header = Envelope::verify(*sealed, sender->publicKey(), expected);
    QVERIFY(!header.has_value());
    QCOMPARE(header.error().code, ErrorCode::Crypto);
    // The signature itself is good: only the kind is wrong.
    QVERIFY(Envelope::verify(*sealed, sender->publicKey(), sealedAs).has_value());
}

void TestEnvelopeKinds::defaultExpectsPush()
{
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    for (EnvelopeKind kind : kKinds) {
        auto sealed = Envelope::seal(QByteArray("payload"), meta(kind), recipient->publicKey(), *sender);
        QVERIFY2(sealed.has_value(), qPrintable(errorText(sealed)));
        auto header = Envelope::verify(*sealed, sender->publicKey());
        if (kind == EnvelopeKind::Push) {
            QVERIFY2(header.has_value(), qPrintable(errorText(header)));
        } else {
            QVERIFY2(!header.has_value(), kindName(kind));
            QCOMPARE(header.error().code, ErrorCode::Crypto);
        }
    }
}

void TestEnvelopeKinds::relabelledKindRefused()
{
    // Someone rewrites the magic of a signed reply to make it pass as a pull page (or a push):
    // the signature covers the magic, so the envelope is refused under every expected kind.
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    auto sealed =
        Envelope::seal(QByteArray("payload"), meta(EnvelopeKind::Reply), recipient->publicKey(), *sender);
    QVERIFY2(sealed.has_value(), qPrintable(errorText(sealed)));
    for (EnvelopeKind target : kKinds) {
        if (target == EnvelopeKind::Reply)
            continue;
        SealedEnvelope relabelled = *sealed;
        relabelled.header = withMagic(sealed->header, EnvelopeHeader::magic(target));
        QVERIFY(EnvelopeHeader::fromBytes(relabelled.header).has_value()); // well formed, just not signed
        for (EnvelopeKind expected : kKinds) {
            auto header = Envelope::verify(relabelled, sender->publicKey(), expected);
            QVERIFY(!header.has_value());
            QCOMPARE(header.error().code, ErrorCode::Crypto);
        }
    }
}

void TestEnvelopeKinds::headerRoundTripKeepsKind_data()
{
    QTest::addColumn<EnvelopeKind>("kind");
    for (EnvelopeKind kind : kKinds)
        QTest::newRow(kindName(kind)) << kind;
}

void TestEnvelopeKinds::headerRoundTripKeepsKind()
{
    QFETCH(EnvelopeKind, kind);
    const EnvelopeHeader header = fullHeader(kind);
    const QByteArray bytes = header.toBytes();

    // The magic comes first, length-prefixed.
    const QByteArrayView magic = EnvelopeHeader::magic(kind);
    QCOMPARE(qFromBigEndian<quint32>(bytes.constData()), quint32(magic.size()));
    QCOMPARE(QByteArrayView(bytes).sliced(4, magic.size()), magic);

    auto parsed = EnvelopeHeader::fromBytes(bytes);
    QVERIFY2(parsed.has_value(), qPrintable(errorText(parsed)));
    QCOMPARE(parsed->kind, kind);
    QCOMPARE(parsed->recipientKeyId, header.recipientKeyId);
    QCOMPARE(parsed->senderDeviceId, header.senderDeviceId);
    QCOMPARE(parsed->keyEpoch, header.keyEpoch);
    QCOMPARE(parsed->changeSetId, header.changeSetId);
    QCOMPARE(parsed->sequence, header.sequence);
    QCOMPARE(parsed->sealedKey, header.sealedKey);
    QCOMPARE(parsed->ciphertextHash, header.ciphertextHash);
    QCOMPARE(parsed->toBytes(), bytes);
}

void TestEnvelopeKinds::unknownMagicRefused_data()
{
    QTest::addColumn<QByteArray>("magic");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("next version") << QByteArray("kjzy/v2/push");
    QTest::newRow("upper case") << QByteArray("KJZY/V1/PUSH");
    QTest::newRow("one letter off") << QByteArray("kjzy/v1/pusH");
    QTest::newRow("prefix of pull") << QByteArray("kjzy/v1/pul");
    QTest::newRow("reply with extra letter") << QByteArray("kjzy/v1/replyy");
    QTest::newRow("push with NUL") << QByteArray("kjzy/v1/push\0", 13);
    QTest::newRow("pull with space") << QByteArray("kjzy/v1/pull ");
    QTest::newRow("other kind name") << QByteArray("kjzy/v1/page");
    QTest::newRow("no version") << QByteArray("kjzy/push");
    QTest::newRow("prefix of bundle-reply") << QByteArray("kjzy/v1/bundle-repl");
    QTest::newRow("bundle plural") << QByteArray("kjzy/v1/bundles");
    QTest::newRow("bundle with NUL") << QByteArray("kjzy/v1/bundle\0", 15);
    QTest::newRow("bundle reply underscore") << QByteArray("kjzy/v1/bundle_reply");
    QTest::newRow("bundle then reply") << QByteArray("kjzy/v1/bundlereply");
}

void TestEnvelopeKinds::unknownMagicRefused()
{
    QFETCH(QByteArray, magic);
    for (EnvelopeKind kind : kKinds) {
        const QByteArray good = fullHeader(kind).toBytes();
        QVERIFY(EnvelopeHeader::fromBytes(good).has_value());
        auto parsed = EnvelopeHeader::fromBytes(withMagic(good, magic));
        QVERIFY2(!parsed.has_value(), kindName(kind));
        QCOMPARE(parsed.error().code, ErrorCode::Crypto);
    }
}

void TestEnvelopeKinds::signedUnknownMagicRefused()
{
    // A validly signed header with a magic no kind owns (a key used for something else, say) is
    // refused after the signature check, whatever kind is expected.
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    auto sealed =
        Envelope::seal(QByteArray("payload"), meta(EnvelopeKind::Push), recipient->publicKey(), *sender);
    QVERIFY2(sealed.has_value(), qPrintable(errorText(sealed)));
    SealedEnvelope foreign = *sealed;
    foreign.header = withMagic(sealed->header, "kjzy/v1/other");
    auto signature = sender->sign(foreign.header);
    QVERIFY(signature.has_value());
    foreign.signature = *signature;
    for (EnvelopeKind expected : kKinds) {
        auto header = Envelope::verify(foreign, sender->publicKey(), expected);
        QVERIFY(!header.has_value());
        QCOMPARE(header.error().code, ErrorCode::Crypto);
    }
}

QTEST_GUILESS_MAIN(TestEnvelopeKinds)
#include "TestEnvelopeKinds.moc"
