#include "crypto/BlindIndex.h"
#include "crypto/BoxKeyPair.h"
#include "crypto/Envelope.h"
#include "crypto/SecretBuffer.h"
#include "crypto/SigningKeyPair.h"
#include "crypto/Sodium.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sodium.h>
#include <sys/stat.h>

using namespace kjzy;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kLimit = 1024 * 1024;

QByteArray hex(const char* text)
{
    return QByteArray::fromHex(QByteArrayView(text).toByteArray());
}

EnvelopeHeader meta(quint64 sequence = 7)
{
    EnvelopeHeader header;
    header.senderDeviceId = u"设备-郑州-001"_s;
    header.keyEpoch = 3;
    header.changeSetId = u"cs-0001"_s;
    header.sequence = sequence;
    return header;
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    return bytes;
}

// The whole server-side pipeline: parse within the limit → verify → open.
Result<QByteArray> receive(QByteArrayView wire, QByteArrayView senderPublicKey, const BoxKeyPair& recipient,
                           qint64 limit = kLimit)
{
    auto envelope = SealedEnvelope::fromBytes(wire, limit);
    if (!envelope)
        return fail(envelope.error());
    auto header = Envelope::verify(*envelope, senderPublicKey);
    if (!header)
        return fail(header.error());
    return Envelope::open(*envelope, *header, recipient);
}

// Refusals must carry a code tests can rely on (STYLE.md 6): Crypto, or InvalidInput for parsing.
template <typename T> bool refused(const Result<T>& result)
{
    return !result &&
           (result.error().code == ErrorCode::Crypto || result.error().code == ErrorCode::InvalidInput);
}

// Builds a correctly signed envelope around a hand-made stream, for the stream-level refusals
// seal() itself can never produce.
SealedEnvelope envelopeAround(const QByteArray& ciphertext, const SecretBuffer& key,
                              const BoxKeyPair& recipient, const SigningKeyPair& sender)
{
    EnvelopeHeader header = meta();
    header.recipientKeyId = recipient.keyId();
    header.sealedKey = QByteArray(crypto_box_SEALBYTES + key.size(), Qt::Uninitialized);
    crypto_box_seal(reinterpret_cast<unsigned char*>(header.sealedKey.data()), key.data(),
                    quint64(key.size()),
                    reinterpret_cast<const unsigned char*>(recipient.publicKey().constData()));
    header.ciphertextHash = Sodium::hash256(ciphertext);
    SealedEnvelope envelope;
    envelope.header = header.toBytes();
    envelope.signature = sender.sign(envelope.header).value();
    envelope.ciphertext = ciphertext;
    return envelope;
}

// Pushes `chunks` with their tags into a fresh secretstream under `key`.
QByteArray stream(const SecretBuffer& key, const QList<std::pair<QByteArray, unsigned char>>& chunks)
{
    crypto_secretstream_xchacha20poly1305_state state;
    QByteArray out(crypto_secretstream_xchacha20poly1305_HEADERBYTES, Qt::Uninitialized);
    crypto_secretstream_xchacha20poly1305_init_push(&state, reinterpret_cast<unsigned char*>(out.data()),
                                                    key.data());
    for (const auto& [plain, tag] : chunks) {
        QByteArray cipher(plain.size() + crypto_secretstream_xchacha20poly1305_ABYTES, Qt::Uninitialized);
        crypto_secretstream_xchacha20poly1305_push(&state, reinterpret_cast<unsigned char*>(cipher.data()),
                                                   nullptr,
                                                   reinterpret_cast<const unsigned char*>(plain.constData()),
                                                   quint64(plain.size()), nullptr, 0, tag);
        out += cipher;
    }
    sodium_memzero(&state, sizeof state);
    return out;
}

int fileMode(const QString& path)
{
    struct stat info
    {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

} // namespace

class TestCrypto : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void initializeIsIdempotent();

    void blake2bKnownAnswer_data();
    void blake2bKnownAnswer();
    void ed25519KnownAnswer_data();
    void ed25519KnownAnswer();
    void x25519KnownAnswer_data();
    void x25519KnownAnswer();
    void x25519PublicKeyFromSecret();
    void keyIdIsSixteenHex();

    void secretBufferMove();
    void secretBufferFactories();

    void signAndVerify();
    void keyFileRoundTrip();
    void keyFileRefusals();

    void headerRoundTrip();
    void envelopeRoundTrip_data();
    void envelopeRoundTrip();
    void everyByteFlipRefused();
    void truncationRefused_data();
    void truncationRefused();
    void resignedByOtherDeviceRefused();
    void wrongRecipientRefused();
    void mislabelledRecipientRefused();
    void headerFromOtherEnvelopeRefused();
    void oversizedRefused();
    void missingFinalTagRefused();
    void dataAfterFinalTagRefused();
    void invalidIdsRefused();

    void blindIndex();
    void blindIndexRefusals();
};

void TestCrypto::initTestCase()
{
    const Status status = Sodium::initialize();
    QVERIFY2(status.has_value(), qPrintable(status ? QString() : status.error().message));
}

void TestCrypto::initializeIsIdempotent()
{
    QVERIFY(Sodium::initialize().has_value());
    QVERIFY(Sodium::initialize().has_value());
}

void TestCrypto::blake2bKnownAnswer_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("digest");
    QTest::newRow("empty") << QByteArray()
                           << hex("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    QTest::newRow("abc") << QByteArray("abc")
                         << hex("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

void TestCrypto::blake2bKnownAnswer()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, digest);
    QCOMPARE(Sodium::hash256(input), digest);
}

void TestCrypto::ed25519KnownAnswer_data()
{
    // RFC 8032 §7.1, TEST 1-3.
    QTest::addColumn<QByteArray>("seed");
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("signature");
    QTest::newRow("rfc8032-test1") << hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                                   << hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
                                   << QByteArray()
                                   << hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555f"
                                          "b8821590a33bacc61e39701cf9b46b"
                                          "d25bf5f0595bbe24655141438e7a100b");
    QTest::newRow("rfc8032-test2") << hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
                                   << hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
                                   << hex("72")
                                   << hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da08"
                                          "5ac1e43e15996e458f3613d0f11d8c"
                                          "387b2eaeb4302aeeb00d291612bb0c00");
    QTest::newRow("rfc8032-test3") << hex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7")
                                   << hex("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025")
                                   << hex("af82")
                                   << hex("6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18"
                                          "ff9b538d16f290ae67f760984dc659"
                                          "4a7c15e9716ed28dc027beceea1ec40a");
}

void TestCrypto::ed25519KnownAnswer()
{
    QFETCH(QByteArray, seed);
    QFETCH(QByteArray, publicKey);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, signature);
    auto pair = SigningKeyPair::fromSeed(seed);
    QVERIFY(pair.has_value());
    QCOMPARE(pair->publicKey(), publicKey);
    auto signed_ = pair->sign(message);
    QVERIFY(signed_.has_value());
    QCOMPARE(*signed_, signature);
    QVERIFY(SigningKeyPair::verify(publicKey, message, signature));
}

void TestCrypto::x25519KnownAnswer_data()
{
    // RFC 7748 §5.2.
    QTest::addColumn<QByteArray>("scalar");
    QTest::addColumn<QByteArray>("point");
    QTest::addColumn<QByteArray>("output");
    QTest::newRow("rfc7748-5.2-1") << hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")
                                   << hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")
                                   << hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    QTest::newRow("rfc7748-5.2-2") << hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d")
                                   << hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")
                                   << hex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

void TestCrypto::x25519KnownAnswer()
{
    QFETCH(QByteArray, scalar);
    QFETCH(QByteArray, point);
    QFETCH(QByteArray, output);
    QByteArray shared(crypto_scalarmult_BYTES, Qt::Uninitialized);
    QCOMPARE(crypto_scalarmult(reinterpret_cast<unsigned char*>(shared.data()),
                               reinterpret_cast<const unsigned char*>(scalar.constData()),
                               reinterpret_cast<const unsigned char*>(point.constData())),
             0);
    QCOMPARE(shared, output);
}

void TestCrypto::x25519PublicKeyFromSecret()
{
    // RFC 7748 §6.1: Alice's private key → public key, through the facade.
    auto alice =
        BoxKeyPair::fromSecret(hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    QVERIFY(alice.has_value());
    QCOMPARE(alice->publicKey(), hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
}

void TestCrypto::keyIdIsSixteenHex()
{
    const QByteArray publicKey = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const QString id = Sodium::keyId(publicKey);
    QCOMPARE(id, QString::fromLatin1(Sodium::hash256(publicKey).toHex().left(16)));
    QVERIFY(QRegularExpression(u"^[0-9a-f]{16}$"_s).match(id).hasMatch());
}

void TestCrypto::secretBufferMove()
{
    auto made = SecretBuffer::random(32);
    QVERIFY(made.has_value());
    const QByteArray copy = made->view().toByteArray();
    const unsigned char* address = made->data();

    SecretBuffer moved(std::move(*made));
    QCOMPARE(moved.size(), 32);
    QCOMPARE(moved.data(), address); // ownership moved, bytes not copied
    QVERIFY(moved.equals(copy));
    QVERIFY(made->isEmpty());
    QVERIFY(made->data() == nullptr);

    SecretBuffer assigned;
    assigned = std::move(moved);
    QCOMPARE(assigned.data(), address);
    QVERIFY(assigned.equals(copy));
    QVERIFY(moved.isEmpty());

    // Move-assigning over a live buffer frees the old one and takes the new one.
    auto other = SecretBuffer::random(16);
    QVERIFY(other.has_value());
    const unsigned char* otherAddress = other->data();
    assigned = std::move(*other);
    QCOMPARE(assigned.size(), 16);
    QCOMPARE(assigned.data(), otherAddress);

    static_assert(!std::is_copy_constructible_v<SecretBuffer>);
    static_assert(!std::is_copy_assignable_v<SecretBuffer>);
    static_assert(std::is_nothrow_move_constructible_v<SecretBuffer>);
}

void TestCrypto::secretBufferFactories()
{
    const QByteArray source("0123456789abcdef");
    auto copied = SecretBuffer::fromBytes(source);
    QVERIFY(copied.has_value());
    QVERIFY(copied->equals(source));
    QVERIFY(!copied->equals(QByteArray("0123456789abcdeF")));
    QVERIFY(!copied->equals(QByteArray("short")));

    auto zeroed = SecretBuffer::allocate(8);
    QVERIFY(zeroed.has_value());
    QVERIFY(zeroed->equals(QByteArray(8, '\0')));

    auto a = SecretBuffer::random(32);
    auto b = SecretBuffer::random(32);
    QVERIFY(a && b);
    QVERIFY(!a->equals(b->view()));

    for (const qsizetype size : {qsizetype(0), qsizetype(-1)}) {
        auto bad = SecretBuffer::allocate(size);
        QVERIFY(!bad.has_value());
        QCOMPARE(bad.error().code, ErrorCode::Crypto);
    }
    QVERIFY(!SecretBuffer::fromBytes(QByteArrayView()).has_value());
}

void TestCrypto::signAndVerify()
{
    auto pair = SigningKeyPair::generate();
    QVERIFY(pair.has_value());
    QCOMPARE(pair->publicKey().size(), 32);
    const QByteArray message("变更集");
    auto signature = pair->sign(message);
    QVERIFY(signature.has_value());
    QCOMPARE(signature->size(), 64);
    QVERIFY(SigningKeyPair::verify(pair->publicKey(), message, *signature));
    QVERIFY(!SigningKeyPair::verify(pair->publicKey(), QByteArray("other"), *signature));
    QVERIFY(!SigningKeyPair::verify(pair->publicKey().left(31), message, *signature));
    QVERIFY(!SigningKeyPair::verify(pair->publicKey(), message, signature->left(63)));
    QVERIFY(!SigningKeyPair::fromSeed(QByteArray(31, 'x')).has_value());
}

void TestCrypto::keyFileRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    auto signing = SigningKeyPair::generate();
    QVERIFY(signing.has_value());
    const QString signingPath = dir.filePath(u"device.key"_s);
    QVERIFY(signing->save(signingPath).has_value());
    QCOMPARE(fileMode(signingPath), 0600);
    QCOMPARE(QFile(signingPath).size(), qint64(QByteArrayView("kjzy/v1/ed25519-seed\n").size() + 32));
    auto loadedSigning = SigningKeyPair::load(signingPath);
    QVERIFY(loadedSigning.has_value());
    QCOMPARE(loadedSigning->publicKey(), signing->publicKey());
    QCOMPARE(loadedSigning->keyId(), signing->keyId());
    const QByteArray message("round trip");
    QVERIFY(SigningKeyPair::verify(signing->publicKey(), message, loadedSigning->sign(message).value()));

    auto box = BoxKeyPair::generate();
    QVERIFY(box.has_value());
    const QString boxPath = dir.filePath(u"server.key"_s);
    QVERIFY(box->save(boxPath).has_value());
    QCOMPARE(fileMode(boxPath), 0600);
    auto loadedBox = BoxKeyPair::load(boxPath);
    QVERIFY(loadedBox.has_value());
    QCOMPARE(loadedBox->publicKey(), box->publicKey());
    QVERIFY(loadedBox->secretKey().equals(box->secretKey().view()));
}

void TestCrypto::keyFileRefusals()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto signing = SigningKeyPair::generate();
    auto box = BoxKeyPair::generate();
    QVERIFY(signing && box);

    const QString path = dir.filePath(u"device.key"_s);
    QVERIFY(signing->save(path).has_value());

    // Never overwrite an existing key.
    auto again = signing->save(path);
    QVERIFY(!again.has_value());
    QCOMPARE(again.error().code, ErrorCode::Io);

    // A key of the other type is refused (magic and size differ).
    const QString boxPath = dir.filePath(u"server.key"_s);
    QVERIFY(box->save(boxPath).has_value());
    QCOMPARE(SigningKeyPair::load(boxPath).error().code, ErrorCode::Crypto);
    QCOMPARE(BoxKeyPair::load(path).error().code, ErrorCode::Crypto);

    // Group/other-readable key files are refused, like OpenSSH does.
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ReadGroup | QFileDevice::ReadOther));
    auto wide = SigningKeyPair::load(path);
    QVERIFY(!wide.has_value());
    QCOMPARE(wide.error().code, ErrorCode::Crypto);

    // Truncated file.
    const QString shortPath = dir.filePath(u"short.key"_s);
    {
        QFile file(shortPath);
        QVERIFY(file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        file.write("kjzy/v1/ed25519-seed\n0123");
    }
    QCOMPARE(SigningKeyPair::load(shortPath).error().code, ErrorCode::Crypto);

    QCOMPARE(SigningKeyPair::load(dir.filePath(u"missing.key"_s)).error().code, ErrorCode::NotFound);
    // Saving into a directory that does not exist fails cleanly.
    QCOMPARE(signing->save(dir.filePath(u"no/such/dir.key"_s)).error().code, ErrorCode::Io);
}

void TestCrypto::headerRoundTrip()
{
    EnvelopeHeader header = meta(0xFFFFFFFFFFFFFFF0ULL);
    header.keyEpoch = 0xFFFFFFFEu;
    header.recipientKeyId = u"0123456789abcdef"_s;
    header.sealedKey = QByteArray(crypto_box_SEALBYTES + 32, 'k');
    header.ciphertextHash = QByteArray(32, 'h');
    const QByteArray bytes = header.toBytes();
    QVERIFY(bytes.contains("kjzy/v1/push"));
    auto parsed = EnvelopeHeader::fromBytes(bytes);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->recipientKeyId, header.recipientKeyId);
    QCOMPARE(parsed->senderDeviceId, header.senderDeviceId);
    QCOMPARE(parsed->keyEpoch, header.keyEpoch);
    QCOMPARE(parsed->changeSetId, header.changeSetId);
    QCOMPARE(parsed->sequence, header.sequence);
    QCOMPARE(parsed->sealedKey, header.sealedKey);
    QCOMPARE(parsed->ciphertextHash, header.ciphertextHash);
    QCOMPARE(parsed->toBytes(), bytes);
    QCOMPARE(EnvelopeHeader::fromBytes(QByteArray(bytes + 'x')).error().code, ErrorCode::Crypto);

    // Invalid UTF-8 in an id would decode to U+FFFD and alias another header: refused.
    EnvelopeHeader broken = header;
    broken.changeSetId = u"cs-000"_s;
    QByteArray brokenBytes = broken.toBytes();
    const qsizetype at = brokenBytes.indexOf("cs-000") + 5;
    brokenBytes[at] = char(0xFF);
    QCOMPARE(EnvelopeHeader::fromBytes(brokenBytes).error().code, ErrorCode::Crypto);
}

void TestCrypto::envelopeRoundTrip_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("0") << qsizetype(0);
    QTest::newRow("1") << qsizetype(1);
    QTest::newRow("64KiB-1") << qsizetype(64 * 1024 - 1);
    QTest::newRow("64KiB") << qsizetype(64 * 1024);
    QTest::newRow("64KiB+1") << qsizetype(64 * 1024 + 1);
    QTest::newRow("300KiB") << qsizetype(300 * 1024);
}

void TestCrypto::envelopeRoundTrip()
{
    QFETCH(qsizetype, size);
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    const QByteArray plaintext = randomBytes(size);

    auto sealed = Envelope::seal(plaintext, meta(), recipient->publicKey(), *sender);
    QVERIFY(sealed.has_value());
    const qsizetype chunks = size == 0 ? 1 : (size + Envelope::kChunkBytes - 1) / Envelope::kChunkBytes;
    QCOMPARE(sealed->ciphertext.size(), crypto_secretstream_xchacha20poly1305_HEADERBYTES + size +
                                            chunks * crypto_secretstream_xchacha20poly1305_ABYTES);

    const QByteArray wire = sealed->toBytes();
    auto parsed = SealedEnvelope::fromBytes(wire, kLimit);
    QVERIFY(parsed.has_value());
    auto header = Envelope::verify(*parsed, sender->publicKey());
    QVERIFY2(header.has_value(), qPrintable(header ? QString() : header.error().message));
    QCOMPARE(header->recipientKeyId, recipient->keyId());
    QCOMPARE(header->senderDeviceId, meta().senderDeviceId);
    QCOMPARE(header->keyEpoch, meta().keyEpoch);
    QCOMPARE(header->changeSetId, meta().changeSetId);
    QCOMPARE(header->sequence, meta().sequence);
    auto opened = Envelope::open(*parsed, *header, *recipient);
    QVERIFY2(opened.has_value(), qPrintable(opened ? QString() : opened.error().message));
    QCOMPARE(*opened, plaintext);

    // Two seals of the same plaintext differ (fresh key per change set).
    auto second = Envelope::seal(plaintext, meta(), recipient->publicKey(), *sender);
    QVERIFY(second.has_value());
    QVERIFY(second->ciphertext != sealed->ciphertext);
}

void TestCrypto::everyByteFlipRefused()
{
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    auto sealed = Envelope::seal(QByteArray("small change set"), meta(), recipient->publicKey(), *sender);
    QVERIFY(sealed.has_value());
    const QByteArray wire = sealed->toBytes();
    QVERIFY(receive(wire, sender->publicKey(), *recipient).has_value());

    int checked = 0;
    for (qsizetype offset = 0; offset < wire.size(); ++offset) {
        for (const char mask : {char(0x01), char(0x80), char(0xFF)}) {
            QByteArray flipped = wire;
            flipped[offset] = char(flipped[offset] ^ mask);
            const auto result = receive(flipped, sender->publicKey(), *recipient);
            if (!refused(result))
                QFAIL(qPrintable(
                    u"flip at offset %1 (mask %2) was not refused"_s.arg(offset).arg(int(uchar(mask)))));
            ++checked;
        }
    }
    QCOMPARE(checked, int(wire.size()) * 3);
}

void TestCrypto::truncationRefused_data()
{
    QTest::addColumn<int>("keep"); // bytes kept; negative = from the end
    QTest::newRow("empty") << 0;
    QTest::newRow("1") << 1;
    QTest::newRow("3") << 3;
    QTest::newRow("4") << 4;
    QTest::newRow("40") << 40;
    QTest::newRow("200") << 200;
    QTest::newRow("all-17") << -17;
    QTest::newRow("all-8") << -8;
    QTest::newRow("all-1") << -1;
}

void TestCrypto::truncationRefused()
{
    QFETCH(int, keep);
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    auto sealed = Envelope::seal(randomBytes(100), meta(), recipient->publicKey(), *sender);
    QVERIFY(sealed.has_value());
    const QByteArray wire = sealed->toBytes();
    const QByteArray cut = keep >= 0 ? wire.left(keep) : wire.left(wire.size() + keep);
    QVERIFY(cut.size() < wire.size());
    QVERIFY(refused(receive(cut, sender->publicKey(), *recipient)));

    // Truncating the ciphertext inside a structurally valid envelope: the hash catches it.
    SealedEnvelope shortened = *sealed;
    shortened.ciphertext.chop(1);
    QVERIFY(refused(Envelope::verify(shortened, sender->publicKey())));
}

void TestCrypto::resignedByOtherDeviceRefused()
{
    auto sender = SigningKeyPair::generate();
    auto other = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && other && recipient);
    auto sealed = Envelope::seal(QByteArray("payload"), meta(), recipient->publicKey(), *sender);
    QVERIFY(sealed.has_value());

    // Another device strips the signature and signs the same header with its own key.
    SealedEnvelope resigned = *sealed;
    resigned.signature = other->sign(resigned.header).value();
    auto verdict = Envelope::verify(resigned, sender->publicKey());
    QVERIFY(!verdict.has_value());
    QCOMPARE(verdict.error().code, ErrorCode::Crypto);
    // And the original, checked against the other device's key, is refused too.
    QCOMPARE(Envelope::verify(*sealed, other->publicKey()).error().code, ErrorCode::Crypto);
}

void TestCrypto::wrongRecipientRefused()
{
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    auto stranger = BoxKeyPair::generate();
    QVERIFY(sender && recipient && stranger);
    auto sealed = Envelope::seal(QByteArray("payload"), meta(), recipient->publicKey(), *sender);
    QVERIFY(sealed.has_value());
    auto header = Envelope::verify(*sealed, sender->publicKey());
    QVERIFY(header.has_value());
    auto opened = Envelope::open(*sealed, *header, *stranger);
    QVERIFY(!opened.has_value());
    QCOMPARE(opened.error().code, ErrorCode::Crypto);
}

void TestCrypto::mislabelledRecipientRefused()
{
    // A header naming the stranger's key id over a key sealed to someone else: the key-id check
    // passes, so this exercises crypto_box_seal_open's own refusal.
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    auto stranger = BoxKeyPair::generate();
    QVERIFY(sender && recipient && stranger);
    auto sealed = Envelope::seal(QByteArray("payload"), meta(), recipient->publicKey(), *sender);
    QVERIFY(sealed.has_value());
    EnvelopeHeader header = EnvelopeHeader::fromBytes(sealed->header).value();
    header.recipientKeyId = stranger->keyId();
    SealedEnvelope relabelled = *sealed;
    relabelled.header = header.toBytes();
    relabelled.signature = sender->sign(relabelled.header).value();
    auto verified = Envelope::verify(relabelled, sender->publicKey());
    QVERIFY(verified.has_value());
    auto opened = Envelope::open(relabelled, *verified, *stranger);
    QVERIFY(!opened.has_value());
    QCOMPARE(opened.error().code, ErrorCode::Crypto);
}

void TestCrypto::headerFromOtherEnvelopeRefused()
{
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    auto first = Envelope::seal(QByteArray("first"), meta(1), recipient->publicKey(), *sender);
    auto second = Envelope::seal(QByteArray("second"), meta(2), recipient->publicKey(), *sender);
    QVERIFY(first && second);
    auto firstHeader = Envelope::verify(*first, sender->publicKey());
    QVERIFY(firstHeader.has_value());
    QCOMPARE(Envelope::open(*second, *firstHeader, *recipient).error().code, ErrorCode::Crypto);
}

void TestCrypto::oversizedRefused()
{
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    auto sealed = Envelope::seal(randomBytes(1000), meta(), recipient->publicKey(), *sender);
    QVERIFY(sealed.has_value());
    const QByteArray wire = sealed->toBytes();
    QVERIFY(SealedEnvelope::fromBytes(wire, wire.size()).has_value());
    auto tooBig = SealedEnvelope::fromBytes(wire, wire.size() - 1);
    QVERIFY(!tooBig.has_value());
    QCOMPARE(tooBig.error().code, ErrorCode::Crypto);
    // The limit comes first: even garbage is refused by size, not by parsing.
    QVERIFY(!SealedEnvelope::fromBytes(QByteArray(100, '\xFF'), 10).has_value());
    QVERIFY(!SealedEnvelope::fromBytes(QByteArray(1, 'x'), -1).has_value());
}

void TestCrypto::missingFinalTagRefused()
{
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    auto key = SecretBuffer::random(crypto_secretstream_xchacha20poly1305_KEYBYTES);
    QVERIFY(sender && recipient && key);

    const unsigned char message = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const QList<QList<std::pair<QByteArray, unsigned char>>> streams = {
        {},                                    // header only, no chunk at all
        {{QByteArray("only chunk"), message}}, // one chunk, not final
        {{randomBytes(Envelope::kChunkBytes), message}, {QByteArray("tail"), message}}, // two, none final
    };
    for (const auto& chunks : streams) {
        const SealedEnvelope envelope = envelopeAround(stream(*key, chunks), *key, *recipient, *sender);
        auto header = Envelope::verify(envelope, sender->publicKey());
        QVERIFY(header.has_value()); // signed correctly: only the stream itself is wrong
        auto opened = Envelope::open(envelope, *header, *recipient);
        QVERIFY(!opened.has_value());
        QCOMPARE(opened.error().code, ErrorCode::Crypto);
    }

    // Control: the same construction with the FINAL tag opens.
    const SealedEnvelope good =
        envelopeAround(stream(*key, {{QByteArray("done"), crypto_secretstream_xchacha20poly1305_TAG_FINAL}}),
                       *key, *recipient, *sender);
    auto header = Envelope::verify(good, sender->publicKey());
    QVERIFY(header.has_value());
    QCOMPARE(Envelope::open(good, *header, *recipient).value(), QByteArray("done"));
}

void TestCrypto::dataAfterFinalTagRefused()
{
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    auto key = SecretBuffer::random(crypto_secretstream_xchacha20poly1305_KEYBYTES);
    QVERIFY(sender && recipient && key);
    const SealedEnvelope envelope = envelopeAround(
        stream(*key, {{QByteArray("done"), crypto_secretstream_xchacha20poly1305_TAG_FINAL},
                      {QByteArray("extra"), crypto_secretstream_xchacha20poly1305_TAG_MESSAGE}}),
        *key, *recipient, *sender);
    auto header = Envelope::verify(envelope, sender->publicKey());
    QVERIFY(header.has_value());
    auto opened = Envelope::open(envelope, *header, *recipient);
    QVERIFY(!opened.has_value());
    QCOMPARE(opened.error().code, ErrorCode::Crypto);
}

void TestCrypto::invalidIdsRefused()
{
    auto sender = SigningKeyPair::generate();
    auto recipient = BoxKeyPair::generate();
    QVERIFY(sender && recipient);
    EnvelopeHeader noDevice = meta();
    noDevice.senderDeviceId.clear();
    QCOMPARE(Envelope::seal(QByteArray("x"), noDevice, recipient->publicKey(), *sender).error().code,
             ErrorCode::InvalidInput);
    EnvelopeHeader longId = meta();
    longId.changeSetId = QString(300, u'c');
    QCOMPARE(Envelope::seal(QByteArray("x"), longId, recipient->publicKey(), *sender).error().code,
             ErrorCode::InvalidInput);
    QCOMPARE(Envelope::seal(QByteArray("x"), meta(), recipient->publicKey().left(31), *sender).error().code,
             ErrorCode::Crypto);
}

void TestCrypto::blindIndex()
{
    auto key = SecretBuffer::random(BlindIndex::kKeyBytes);
    auto otherKey = SecretBuffer::random(BlindIndex::kKeyBytes);
    QVERIFY(key && otherKey);
    auto index = BlindIndex::create(std::move(*key));
    auto otherIndex = BlindIndex::create(std::move(*otherKey));
    QVERIFY(index && otherIndex);

    const QString id = u"11010519491231002X"_s;
    const QString a = index->compute(id).value();
    QCOMPARE(index->compute(id).value(), a);
    QVERIFY(QRegularExpression(u"^[0-9a-f]{64}$"_s).match(a).hasMatch());
    QVERIFY(otherIndex->compute(id).value() != a);
    QVERIFY(index->compute(u"110105194912310021"_s).value() != a);
    // Normalised first: full-width digits, lower-case x and spaces index alike.
    QCOMPARE(index->compute(u" １１０１０５１９４９１２３１００２x "_s).value(), a);
    // Keyed: not the plain BLAKE2b of the number.
    QVERIFY(a != QString::fromLatin1(Sodium::hash256(id.toUtf8()).toHex()));
}

void TestCrypto::blindIndexRefusals()
{
    auto shortKey = SecretBuffer::random(16);
    QVERIFY(shortKey.has_value());
    auto bad = BlindIndex::create(std::move(*shortKey));
    QVERIFY(!bad.has_value());
    QCOMPARE(bad.error().code, ErrorCode::Crypto);

    auto key = SecretBuffer::random(BlindIndex::kKeyBytes);
    QVERIFY(key.has_value());
    auto index = BlindIndex::create(std::move(*key));
    QVERIFY(index.has_value());
    QCOMPARE(index->compute(u"  "_s).error().code, ErrorCode::InvalidInput);
}

QTEST_GUILESS_MAIN(TestCrypto)
#include "TestCrypto.moc"
