#pragma once

#include "SecretBuffer.h"
#include "core/Error.h"

#include <QByteArray>
#include <QString>

namespace kjzy {

// A device's Ed25519 signing key. The public key is an ordinary QByteArray (32 bytes); the secret
// (64 bytes: seed ‖ public key, libsodium's layout) lives only in a SecretBuffer (STYLE.md 11).
class SigningKeyPair
{
public:
    static Result<SigningKeyPair> generate();
    // Deterministic key pair from a 32-byte seed (RFC 8032 "secret key").
    static Result<SigningKeyPair> fromSeed(QByteArrayView seed);

    const QByteArray& publicKey() const { return m_publicKey; }
    QString keyId() const; // Sodium::keyId(publicKey())

    // 64-byte detached Ed25519 signature of `message`.
    Result<QByteArray> sign(QByteArrayView message) const;
    // False for wrong sizes as well as bad signatures; never throws, never partially succeeds.
    static bool verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);

    // Writes only the 32-byte seed (mode 0600, see KeyFile); the rest is derived on load.
    Status save(const QString& path) const;
    static Result<SigningKeyPair> load(const QString& path);

    static constexpr qsizetype kPublicKeyBytes = 32;
    static constexpr qsizetype kSeedBytes = 32;
    static constexpr qsizetype kSignatureBytes = 64;

private:
    SigningKeyPair(QByteArray publicKey, SecretBuffer secretKey);

    QByteArray m_publicKey;
    SecretBuffer m_secretKey;
};

} // namespace kjzy
