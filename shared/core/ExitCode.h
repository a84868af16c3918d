#pragma once

#include "Error.h"

namespace kjzy {

// Exit codes of both programs, fixed by the command-line contract (CLI.md).
enum class ExitCode : int
{
    Ok = 0,
    Refused = 1, // invalid input, rejected changes, failed validation
    Usage = 2,   // unknown command or option, missing argument
    Network = 3, // server unreachable or link broke; safe to retry
    Auth = 4,    // authentication, signature, decryption, enrollment
};

inline ExitCode exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Usage:
        return ExitCode::Usage;
    case ErrorCode::Network:
        return ExitCode::Network;
    case ErrorCode::Auth:
    case ErrorCode::Crypto:
        return ExitCode::Auth;
    default:
        return ExitCode::Refused;
    }
}

} // namespace kjzy
