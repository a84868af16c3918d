#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QString>

namespace kjzy {

// The signed part of a push envelope (ARCHITECTURE.md, "Seal and sign, binding both names").
// Signing this header binds the recipient, the sender device, the key epoch, the change set, the
// sequence number, the sealed stream key and the ciphertext hash together, so an envelope can be
// neither forwarded to another recipient nor re-signed by another device unnoticed.
// What an envelope carries; its own domain-separation magic, so a signed message of one kind can
// never be accepted as another (a reply replayed as a pull page, say).
enum class EnvelopeKind
{
    Push,  // "kjzy/v1/push": a device's change set, signed by the device, sealed to the server
    Reply, // "kjzy/v1/reply": the server's answer to a change set, sealed to the device
    Pull,  // "kjzy/v1/pull": a page of the server's log, sealed to the device
    // Carried bundles (no link at all): a file of sealed change sets and the pull cursor, signed by
    // the device and sealed to the server; and the server's reply file, sealed to the device.
    Bundle,      // "kjzy/v1/bundle"
    BundleReply, // "kjzy/v1/bundle-reply"
};

struct EnvelopeHeader
{
    EnvelopeKind kind = EnvelopeKind::Push;
    QString recipientKeyId; // Sodium::keyId of the recipient's X25519 public key (16 hex)
    QString senderDeviceId; // the server's key id for replies and pages
    quint32 keyEpoch = 0;
    QString changeSetId;
    quint64 sequence = 0;      // per-device, strictly increasing (replay check on the server)
    QByteArray sealedKey;      // crypto_box_seal of the 32-byte secretstream key
    QByteArray ciphertextHash; // BLAKE2b-256 of SealedEnvelope::ciphertext

    // Canonical serialisation: the domain-separation magic of the kind followed by every field,
    // each as a 4-byte big-endian length and its bytes (integers as fixed-width big-endian). Length
    // prefixes make the encoding injective: no two headers serialise to the same bytes.
    QByteArray toBytes() const;
    // Strict inverse of toBytes(): wrong magic, lengths, trailing bytes or invalid UTF-8 are
    // refused (ErrorCode::Crypto). Parsing unauthenticated bytes is bounded and allocation-light.
    static Result<EnvelopeHeader> fromBytes(QByteArrayView bytes);

    static constexpr QByteArrayView kMagic = "kjzy/v1/push";
    static constexpr QByteArrayView kReplyMagic = "kjzy/v1/reply";
    static constexpr QByteArrayView kPullMagic = "kjzy/v1/pull";
    static constexpr QByteArrayView kBundleMagic = "kjzy/v1/bundle";
    static constexpr QByteArrayView kBundleReplyMagic = "kjzy/v1/bundle-reply";
    static QByteArrayView magic(EnvelopeKind kind);
    static constexpr qsizetype kMaxIdBytes = 256; // device id and change-set id, UTF-8
};

} // namespace kjzy
