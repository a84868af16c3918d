#pragma once

#include "SecretBuffer.h"
#include "core/Error.h"

#include <QByteArray>
#include <QString>

namespace kjzy {

// An X25519 key pair for crypto_box_seal (the server's envelope key). Public key 32 bytes in a
// QByteArray; the 32-byte secret only in a SecretBuffer (STYLE.md item 11).
class BoxKeyPair
{
public:
    static Result<BoxKeyPair> generate();
    // Rebuilds the pair from a 32-byte secret (public key = scalarmult_base(secret)).
    static Result<BoxKeyPair> fromSecret(QByteArrayView secret);

    const QByteArray& publicKey() const { return m_publicKey; }
    const SecretBuffer& secretKey() const { return m_secretKey; }
    QString keyId() const; // Sodium::keyId(publicKey())

    Status save(const QString& path) const; // mode 0600, see KeyFile
    static Result<BoxKeyPair> load(const QString& path);

    static constexpr qsizetype kPublicKeyBytes = 32;
    static constexpr qsizetype kSecretKeyBytes = 32;

private:
    BoxKeyPair(QByteArray publicKey, SecretBuffer secretKey);

    QByteArray m_publicKey;
    SecretBuffer m_secretKey;
};

} // namespace kjzy
