#include "BoxKeyPair.h"

#include "KeyFile.h"
#include "Sodium.h"

#include <sodium.h>

namespace kjzy {

namespace {

// Names the key type inside the file, so a signing key can never be loaded as a box key.
constexpr QByteArrayView kFileMagic("kjzy/v1/x25519-secret\n");

static_assert(BoxKeyPair::kPublicKeyBytes == crypto_box_PUBLICKEYBYTES);
static_assert(BoxKeyPair::kSecretKeyBytes == crypto_box_SECRETKEYBYTES);

} // namespace

BoxKeyPair::BoxKeyPair(QByteArray publicKey, SecretBuffer secretKey)
    : m_publicKey(std::move(publicKey)), m_secretKey(std::move(secretKey))
{}

Result<BoxKeyPair> BoxKeyPair::generate()
{
    auto secret = SecretBuffer::allocate(kSecretKeyBytes);
    if (!secret)
        return fail(secret.error());
    QByteArray publicKey(kPublicKeyBytes, Qt::Uninitialized);
    if (crypto_box_keypair(reinterpret_cast<unsigned char*>(publicKey.data()), secret->data()) != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("生成加密密钥失败"));
    return BoxKeyPair(std::move(publicKey), std::move(*secret));
}

Result<BoxKeyPair> BoxKeyPair::fromSecret(QByteArrayView secretBytes)
{
    if (secretBytes.size() != kSecretKeyBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("加密密钥长度不正确"));
    auto secret = SecretBuffer::fromBytes(secretBytes);
    if (!secret)
        return fail(secret.error());
    QByteArray publicKey(kPublicKeyBytes, Qt::Uninitialized);
    if (crypto_scalarmult_base(reinterpret_cast<unsigned char*>(publicKey.data()), secret->data()) != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("加密密钥无效"));
    return BoxKeyPair(std::move(publicKey), std::move(*secret));
}

QString BoxKeyPair::keyId() const
{
    return Sodium::keyId(m_publicKey);
}

Status BoxKeyPair::save(const QString& path) const
{
    return KeyFile::write(path, kFileMagic, m_secretKey);
}

Result<BoxKeyPair> BoxKeyPair::load(const QString& path)
{
    auto secret = KeyFile::read(path, kFileMagic, kSecretKeyBytes);
    if (!secret)
        return fail(secret.error());
    return fromSecret(secret->view());
}

} // namespace kjzy
