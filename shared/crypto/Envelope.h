#pragma once

#include "EnvelopeHeader.h"
#include "SealedEnvelope.h"
#include "core/Error.h"

namespace kjzy {

class BoxKeyPair;
class SigningKeyPair;

// Seal-and-sign for one change set (ARCHITECTURE.md, "Security notes"): a fresh random key
// encrypts the plaintext with crypto_secretstream_xchacha20poly1305 in 64 KiB chunks (the last
// tagged FINAL); the key is sealed to the recipient with crypto_box_seal; the device signs the
// header that binds both names, the sealed key and the ciphertext hash. The architecture also asks
// callers to repeat the device id and change-set id inside the plaintext and to compare them after
// open() ("inner ids equal outer").
//
// Server order: SealedEnvelope::fromBytes (size limit) → verify (signature first, no decryption
// oracle) → device status, key epoch, sequence → open.
class Envelope
{
public:
    // `meta` supplies kind, senderDeviceId, keyEpoch, changeSetId and sequence; seal() fills in
    // recipientKeyId, sealedKey and ciphertextHash itself.
    static Result<SealedEnvelope> seal(QByteArrayView plaintext, const EnvelopeHeader& meta,
                                       QByteArrayView recipientPublicKey, const SigningKeyPair& sender);
    // Checks the Ed25519 signature over the header bytes BEFORE parsing or decrypting anything,
    // then parses the header, checks its kind is `expected` and checks the ciphertext hash.
    static Result<EnvelopeHeader> verify(const SealedEnvelope& envelope, QByteArrayView senderPublicKey,
                                         EnvelopeKind expected = EnvelopeKind::Push);
    // Decrypts an envelope that verify() accepted, with `header` as verify() returned it. Requires
    // the FINAL tag on the last chunk and refuses any data after it.
    static Result<QByteArray> open(const SealedEnvelope& envelope, const EnvelopeHeader& header,
                                   const BoxKeyPair& recipient);

    static constexpr qsizetype kChunkBytes = 64 * 1024;
};

} // namespace kjzy
