#include "Error.h"

namespace kjzy {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
        return QStringLiteral("invalid_input");
    case ErrorCode::NotFound:
        return QStringLiteral("not_found");
    case ErrorCode::OutOfScope:
        return QStringLiteral("out_of_scope");
    case ErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ErrorCode::Database:
        return QStringLiteral("database");
    case ErrorCode::SchemaTooNew:
        return QStringLiteral("schema_too_new");
    case ErrorCode::Io:
        return QStringLiteral("io");
    case ErrorCode::Usage:
        return QStringLiteral("usage");
    case ErrorCode::Crypto:
        return QStringLiteral("crypto");
    case ErrorCode::Network:
        return QStringLiteral("network");
    case ErrorCode::Auth:
        return QStringLiteral("auth");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("unknown");
}

} // namespace kjzy
