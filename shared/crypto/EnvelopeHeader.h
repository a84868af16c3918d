#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QString>

namespace kjzy {

// The signed part of a push envelope (ARCHITECTURE.md, "Seal and sign, binding both names").
// Signing this header binds the recipient, the sender device, the key epoch, the change set, the
// sequence number, the sealed stream key and the ciphertext hash together, so an envelope can be
// neither forwarded to another recipient nor re-signed by another device unnoticed.
struct EnvelopeHeader
{
    QString recipientKeyId; // Sodium::keyId of the recipient's X25519 public key (16 hex)
    QString senderDeviceId;
    quint32 keyEpoch = 0;
    QString changeSetId;
    quint64 sequence = 0;      // per-device, strictly increasing (replay check on the server)
    QByteArray sealedKey;      // crypto_box_seal of the 32-byte secretstream key
    QByteArray ciphertextHash; // BLAKE2b-256 of SealedEnvelope::ciphertext

    // Canonical serialisation: the domain-separation magic "kjzy/v1/push" followed by every field,
    // each as a 4-byte big-endian length and its bytes (integers as fixed-width big-endian). Length
    // prefixes make the encoding injective: no two headers serialise to the same bytes.
    QByteArray toBytes() const;
    // Strict inverse of toBytes(): wrong magic, lengths, trailing bytes or invalid UTF-8 are
    // refused (ErrorCode::Crypto). Parsing unauthenticated bytes is bounded and allocation-light.
    static Result<EnvelopeHeader> fromBytes(QByteArrayView bytes);

    static constexpr QByteArrayView kMagic = "kjzy/v1/push";
    static constexpr qsizetype kMaxIdBytes = 256; // device id and change-set id, UTF-8
};

} // namespace kjzy
