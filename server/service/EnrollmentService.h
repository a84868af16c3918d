#pragma once

#include "clock/Clock.h"
#include "core/Error.h"
#include "crypto/SecretBuffer.h"
#include "store/RegistryStore.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace kjzy {

// A fresh one-time code. `code` exists only here: the registry keeps a keyed hash of its verifier.
struct IssuedCode
{
    QString code; // e.g. "K7Q2-XF3M-9RTA-C8WD-HJ5N", shown once to the coordinator
    QString selector;
    QString scope;
    QString role;
    QString createdAt;
    QString expiresAt;
};

// What a valid code grants.
struct RedeemedCode
{
    QString selector;
    QString scope;
    QString role;
};

// One-time enrollment codes and the devices they enrolled.
//
// A code is SELECTOR-VERIFIER in Crockford base32 (digits and letters without I, L, O, U), read in
// groups of four: 4 characters (20 bits) of selector that find the row, then 16 characters
// (80 bits, randombytes_buf) of verifier. Only BLAKE2b(key = a 32-byte server secret,
// "kjzy/v1/enrollment-code" ‖ selector ‖ verifier) is stored, so a copy of the database alone
// neither shows a code nor lets one be guessed offline; the selector in the hash binds each hash to
// its row. Five wrong verifiers lock a code, which leaves an online guess 5 tries at 2^-80 each.
//
// Timestamps are ISO 8601 UTC with milliseconds ("2026-01-05T08:00:00.000Z"), like every time the
// registry stores. Methods taking `now` use it as the current time; the overloads without it read
// the injected clock.
class EnrollmentService
{
public:
    static constexpr int kDefaultExpiryHours = 72;
    static constexpr int kMaxExpiryHours = 720; // 30 days
    static constexpr int kMaxFailedAttempts = 5;
    static constexpr int kSelectorChars = 4;  // 20 bits
    static constexpr int kVerifierChars = 16; // 80 bits
    static constexpr int kBitsPerChar = 5;
    static constexpr qsizetype kKeyBytes = 32;
    static constexpr qsizetype kPublicKeyBytes = 32;
    static constexpr qsizetype kMaxLabelChars = 64;

    // `codeKey` (32 bytes, loaded by the caller) is copied into the service's own locked memory.
    // Store and clock must outlive the service.
    EnrollmentService(RegistryStore& store, const SecretBuffer& codeKey,
                      const Clock& clock = SystemClock::instance());

    // A new code for a device of `role` (county | city | province, else Usage) scoped to `scope`:
    // a county or functional zone (or 济源 419001) for county, a city (济源 included) for city,
    // 410000 for province (else InvalidInput). `expiresHours` must lie in 1..720 (else Usage).
    Result<IssuedCode> issue(const QString& scope, const QString& role,
                             int expiresHours = kDefaultExpiryHours);

    // Checks a code without using it up: case, dashes and spaces are ignored and the Crockford
    // look-alikes O→0, I/L→1 are read as digits. A malformed code is InvalidInput (nothing is
    // looked up); otherwise refusals are Auth: 注册码无效 (unknown selector or wrong verifier,
    // which counts against the code), 注册码已使用, 注册码已过期, 注册码因多次输入错误已锁定.
    // A counted wrong try is committed even though the call fails, so call this (and enroll)
    // outside any transaction of the caller's: an outer rollback would erase the count.
    Result<RedeemedCode> redeem(const QString& code, const QString& now);
    Result<RedeemedCode> redeem(const QString& code);

    // Redeems `code` and, in the same transaction, enrolls the device under `deviceId` with the given
    // public keys (Ed25519 and X25519, 32 bytes each, else InvalidInput) and marks the code used by
    // it, so two devices can never enroll with one code. `deviceId` is the id the client made at
    // `kjzy init` (a UUID, else InvalidInput): its HLC stamps, made offline before enrollment,
    // already carry it. An id already enrolled is a Conflict and leaves the code unused. Empty: a
    // new id is generated.
    Result<DeviceRecord> enroll(const QString& code, const QString& deviceId, const QByteArray& signKey,
                                const QByteArray& boxKey, const QString& label, const QString& now);
    Result<DeviceRecord> enroll(const QString& code, const QString& deviceId, const QByteArray& signKey,
                                const QByteArray& boxKey, const QString& label);

    Result<QList<DeviceRecord>> devices();
    // Refuses the device's change sets above its last accepted sequence number from now on.
    // NotFound for unknown ids; revoking a revoked device changes nothing.
    Status revoke(const QString& deviceId, const QString& now);
    Status revoke(const QString& deviceId);

    static QString timestamp(qint64 msSinceEpoch);

private:
    struct ParsedCode
    {
        QString selector;
        QByteArray verifier; // canonical characters
    };
    static Result<ParsedCode> parse(const QString& code);
    static Status checkScope(const QString& scope, const QString& role);
    static Status checkDeviceKeys(const QByteArray& signKey, const QByteArray& boxKey);
    Result<QByteArray> verifierHash(const QString& selector, QByteArrayView verifier) const;
    // Validates the code inside the current transaction (counting a wrong verifier).
    Result<RedeemedCode> check(const ParsedCode& code, qint64 nowMs);
    // One transaction: check, then `use` the valid code. An Auth refusal commits (so a counted try
    // stays counted) and is returned afterwards; any other failure rolls everything back.
    Result<RedeemedCode> redeemWith(const QString& code, const QString& now,
                                    const std::function<Status(const RedeemedCode&)>& use);

    RegistryStore& m_store;
    const Clock& m_clock;
    SecretBuffer m_codeKey; // empty when copying failed: every hash then fails with Crypto
};

} // namespace kjzy
