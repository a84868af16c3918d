#pragma once

#include <QString>

#include <expected>

namespace kjzy {

// One error vocabulary for every library boundary. Codes are stable: tests assert them and the
// programs map them to exit codes (see ExitCode.h), so add new ones rather than repurpose.
enum class ErrorCode
{
    InvalidInput, // a value broke a validation rule
    NotFound,     // the named record does not exist
    OutOfScope,   // the record lies outside this device's region scope
    Conflict,     // e.g. a second live record for the same ID number
    Database,     // SQLite/SQL failure
    SchemaTooNew, // database written by a newer program
    Io,           // file system
    Usage,        // a caller passed arguments that make no sense
    Crypto,       // libsodium failure, bad signature, decryption failure
    Network,      // link down or broken
    Auth,         // enrollment refused, device revoked
    Internal,     // a broken invariant: a bug
};

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message; // user-facing (Chinese); never holds unmasked personal data

    static Error make(ErrorCode c, QString text) { return Error{c, std::move(text)}; }
};

template <typename T> using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

// Shorthand for `return fail(ErrorCode::X, msg);` inside functions returning Result<T>.
inline std::unexpected<Error> fail(ErrorCode code, QString message)
{
    return std::unexpected<Error>(Error{code, std::move(message)});
}

inline std::unexpected<Error> fail(Error error)
{
    return std::unexpected<Error>(std::move(error));
}

QString errorCodeName(ErrorCode code);

} // namespace kjzy
