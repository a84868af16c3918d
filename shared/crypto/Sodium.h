#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace kjzy {

// Entry point of the libsodium facade (STYLE.md item 10). `initialize()` must succeed before any
// other crypto class is used; the programs refuse to start when it fails.
class Sodium
{
public:
    // sodium_init() plus known-answer self-tests (BLAKE2b-256, Ed25519 RFC 8032 test 1,
    // X25519 RFC 7748 §5.2). Idempotent and thread-safe: the first outcome is cached and returned
    // on every later call, so a failed self-test can never be "retried into" success.
    static Status initialize();

    // Unkeyed BLAKE2b-256 (crypto_generichash, 32-byte output).
    static QByteArray hash256(QByteArrayView data);
    // First 16 hex characters of BLAKE2b-256 of a public key: names a key in headers and file
    // listings without repeating the key itself.
    static QString keyId(QByteArrayView publicKey);

    static constexpr qsizetype kHashBytes = 32;
    static constexpr qsizetype kKeyIdChars = 16;
};

} // namespace kjzy
