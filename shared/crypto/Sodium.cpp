#include "Sodium.h"

#include <sodium.h>

namespace kjzy {

namespace {

// Published vectors, kept as hex so they can be compared with the documents they come from.
// BLAKE2b-256("abc") (RFC 7693 defines BLAKE2b; the 256-bit digest of "abc" is the common KAT).
constexpr char kBlake2bAbc[] = "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319";
// RFC 8032 §7.1, TEST 1 (empty message).
constexpr char kEd25519Seed[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr char kEd25519Public[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr char kEd25519Signature[] = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e0652249015"
                                     "55fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
// RFC 7748 §5.2, first X25519 vector.
constexpr char kX25519Scalar[] = "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4";
constexpr char kX25519U[] = "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c";
constexpr char kX25519Out[] = "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552";

QByteArray fromHex(const char* hex)
{
    return QByteArray::fromHex(QByteArrayView(hex).toByteArray());
}

const unsigned char* bytes(const QByteArray& array)
{
    return reinterpret_cast<const unsigned char*>(array.constData());
}

Status selfTest()
{
    const auto failed = [](const QString& what) {
        return fail(ErrorCode::Crypto, QStringLiteral("加密库自检失败（%1），程序不能继续运行").arg(what));
    };

    if (Sodium::hash256(QByteArrayView("abc")) != fromHex(kBlake2bAbc))
        return failed(QStringLiteral("BLAKE2b"));

    // Ed25519: seed → public key, sign, verify, and a tampered message must not verify.
    const QByteArray seed = fromHex(kEd25519Seed);
    unsigned char publicKey[crypto_sign_PUBLICKEYBYTES];
    unsigned char secretKey[crypto_sign_SECRETKEYBYTES];
    if (crypto_sign_seed_keypair(publicKey, secretKey, bytes(seed)) != 0) {
        sodium_memzero(secretKey, sizeof secretKey);
        return failed(QStringLiteral("Ed25519 密钥"));
    }
    unsigned char signature[crypto_sign_BYTES];
    const int signRc = crypto_sign_detached(signature, nullptr, nullptr, 0, secretKey);
    // The secret is a public test vector, but wipe it anyway: one habit, no exceptions.
    sodium_memzero(secretKey, sizeof secretKey);
    if (signRc != 0 ||
        QByteArrayView(publicKey, sizeof publicKey) != QByteArrayView(fromHex(kEd25519Public)) ||
        QByteArrayView(signature, sizeof signature) != QByteArrayView(fromHex(kEd25519Signature)))
        return failed(QStringLiteral("Ed25519 签名"));
    if (crypto_sign_verify_detached(signature, nullptr, 0, publicKey) != 0)
        return failed(QStringLiteral("Ed25519 验证"));
    const unsigned char tampered[1] = {0};
    if (crypto_sign_verify_detached(signature, tampered, sizeof tampered, publicKey) == 0)
        return failed(QStringLiteral("Ed25519 篡改检测"));

    // X25519 scalar multiplication.
    const QByteArray scalar = fromHex(kX25519Scalar);
    const QByteArray point = fromHex(kX25519U);
    unsigned char shared[crypto_scalarmult_BYTES];
    if (crypto_scalarmult(shared, bytes(scalar), bytes(point)) != 0 ||
        QByteArrayView(shared, sizeof shared) != QByteArrayView(fromHex(kX25519Out)))
        return failed(QStringLiteral("X25519"));

    return {};
}

Status initializeOnce()
{
    // sodium_init() returns 0 on first success, 1 when already initialised, -1 on failure.
    if (sodium_init() < 0)
        return fail(ErrorCode::Crypto, QStringLiteral("加密库初始化失败，程序不能继续运行"));
    return selfTest();
}

} // namespace

Status Sodium::initialize()
{
    // A function-local static is initialised exactly once, even with concurrent callers.
    static const Status outcome = initializeOnce();
    return outcome;
}

QByteArray Sodium::hash256(QByteArrayView data)
{
    QByteArray digest(kHashBytes, Qt::Uninitialized);
    // crypto_generichash only fails for out-of-range output/key sizes, which are constants here.
    crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), size_t(digest.size()),
                       reinterpret_cast<const unsigned char*>(data.data()), quint64(data.size()), nullptr, 0);
    return digest;
}

QString Sodium::keyId(QByteArrayView publicKey)
{
    return QString::fromLatin1(hash256(publicKey).toHex().left(kKeyIdChars));
}

} // namespace kjzy
