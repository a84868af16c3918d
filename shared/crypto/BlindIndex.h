#pragma once

#include "SecretBuffer.h"
#include "core/Error.h"

#include <QString>

namespace kjzy {

// Keyed BLAKE2b-256 of a normalised ID number, for dedupe and lookup without storing the number
// (ARCHITECTURE.md, "ID numbers"). Keyed because an 18-digit ID has only ≈10^11 plausible values
// (region × birth date × sequence × check digit): an unkeyed hash is brute-forced in hours.
class BlindIndex
{
public:
    // Takes ownership of a 32-byte key (crypto_generichash_KEYBYTES).
    static Result<BlindIndex> create(SecretBuffer key);

    // 64 lower-case hex characters. The number is normalised first (IdNumber::normalize: NFKC,
    // whitespace removed, upper-case X), so "１１０…x" and "110…X" index alike.
    Result<QString> compute(const QString& idNumber) const;

    static constexpr qsizetype kKeyBytes = 32;
    static constexpr qsizetype kHexChars = 64;

private:
    explicit BlindIndex(SecretBuffer key);

    SecretBuffer m_key;
};

} // namespace kjzy
