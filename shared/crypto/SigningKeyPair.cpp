#include "SigningKeyPair.h"

#include "KeyFile.h"
#include "Sodium.h"

#include <sodium.h>

namespace kjzy {

namespace {

// Names the key type inside the file, so a box key can never be loaded as a signing key.
constexpr QByteArrayView kFileMagic("kjzy/v1/ed25519-seed\n");

static_assert(SigningKeyPair::kPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(SigningKeyPair::kSeedBytes == crypto_sign_SEEDBYTES);
static_assert(SigningKeyPair::kSignatureBytes == crypto_sign_BYTES);

const unsigned char* bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char*>(view.data());
}

} // namespace

SigningKeyPair::SigningKeyPair(QByteArray publicKey, SecretBuffer secretKey)
    : m_publicKey(std::move(publicKey)), m_secretKey(std::move(secretKey))
{}

Result<SigningKeyPair> SigningKeyPair::generate()
{
    auto seed = SecretBuffer::random(kSeedBytes);
    if (!seed)
        return fail(seed.error());
    return fromSeed(seed->view());
}

Result<SigningKeyPair> SigningKeyPair::fromSeed(QByteArrayView seed)
{
    if (seed.size() != kSeedBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("签名密钥种子长度不正确"));
    auto secret = SecretBuffer::allocate(crypto_sign_SECRETKEYBYTES);
    if (!secret)
        return fail(secret.error());
    QByteArray publicKey(kPublicKeyBytes, Qt::Uninitialized);
    if (crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(publicKey.data()), secret->data(),
                                 bytes(seed)) != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("生成签名密钥失败"));
    return SigningKeyPair(std::move(publicKey), std::move(*secret));
}

QString SigningKeyPair::keyId() const
{
    return Sodium::keyId(m_publicKey);
}

Result<QByteArray> SigningKeyPair::sign(QByteArrayView message) const
{
    if (m_secretKey.size() != crypto_sign_SECRETKEYBYTES)
        return fail(ErrorCode::Internal, QStringLiteral("签名密钥不可用"));
    QByteArray signature(kSignatureBytes, Qt::Uninitialized);
    if (crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, bytes(message),
                             quint64(message.size()), m_secretKey.data()) != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("签名失败"));
    return signature;
}

bool SigningKeyPair::verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    if (publicKey.size() != kPublicKeyBytes || signature.size() != kSignatureBytes)
        return false;
    return crypto_sign_verify_detached(bytes(signature), bytes(message), quint64(message.size()),
                                       bytes(publicKey)) == 0;
}

Status SigningKeyPair::save(const QString& path) const
{
    auto seed = SecretBuffer::allocate(kSeedBytes);
    if (!seed)
        return fail(seed.error());
    if (crypto_sign_ed25519_sk_to_seed(seed->data(), m_secretKey.data()) != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("导出签名密钥失败"));
    return KeyFile::write(path, kFileMagic, *seed);
}

Result<SigningKeyPair> SigningKeyPair::load(const QString& path)
{
    auto seed = KeyFile::read(path, kFileMagic, kSeedBytes);
    if (!seed)
        return fail(seed.error());
    return fromSeed(seed->view());
}

} // namespace kjzy
