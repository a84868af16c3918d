#pragma once

#include "Bundle.h"
#include "core/Error.h"

namespace kjzy {

// Bounds for decoding a bundle's plaintext. It was decrypted from an envelope whose signature was
// checked, but a buggy or compromised device must still not make the server allocate without bound.
struct BundleLimits
{
    qint64 maxBytes = 1024LL * 1024 * 1024;    // the whole plaintext
    qint64 maxEntryBytes = 64LL * 1024 * 1024; // one sealed change set, reply or page
    qsizetype maxEntries = 100'000;            // change sets, replies or pages
};

// The plaintext of the two bundle envelopes: CBOR maps with small integer keys, not compressed
// (their entries are ciphertext). Key 0 names the format:
//   bundle        {0:"kjzy-bundle/1", 1:bundle id, 2:device, 3:cursor, 4:[sealed change set...]}
//   bundle reply  {0:"kjzy-bundle-reply/1", 1:bundle id, 2:device, 3:cursor, 4:next cursor,
//                  5:[[change-set id, sealed reply]...], 6:[sealed page...]}
// Decoding is strict: exactly these keys and types, ids non-empty and bounded, no duplicate
// replies, no bytes after the map, and the bytes must be exactly what encode() writes (one
// encoding per message). Every failure is ErrorCode::Crypto, like a malformed envelope.
class BundleCodec
{
public:
    static QByteArray encode(const Bundle& bundle);
    static Result<Bundle> decodeBundle(QByteArrayView bytes, const BundleLimits& limits = {});

    static QByteArray encode(const BundleReply& reply);
    static Result<BundleReply> decodeReply(QByteArrayView bytes, const BundleLimits& limits = {});
};

} // namespace kjzy
