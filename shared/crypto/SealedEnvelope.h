#pragma once

#include "core/Error.h"

#include <QByteArray>

namespace kjzy {

// The transport form of a push: the signed header bytes, the Ed25519 signature over them and the
// secretstream ciphertext. Produced by Envelope::seal, checked by Envelope::verify.
struct SealedEnvelope
{
    QByteArray header;     // EnvelopeHeader::toBytes(), exactly the bytes that were signed
    QByteArray signature;  // 64 bytes
    QByteArray ciphertext; // secretstream header ‖ chunks

    // u32 BE header length ‖ header ‖ u32 BE signature length ‖ signature ‖ u64 BE ciphertext
    // length ‖ ciphertext.
    QByteArray toBytes() const;
    // The size limit is checked before anything else (ARCHITECTURE.md: "parse within size limits"
    // first), then the framing; trailing bytes are refused. Nothing here is authenticated yet:
    // call Envelope::verify next. Every failure is ErrorCode::Crypto.
    static Result<SealedEnvelope> fromBytes(QByteArrayView bytes, qint64 maxBytes);
};

} // namespace kjzy
