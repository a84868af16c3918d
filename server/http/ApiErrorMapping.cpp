#include "ApiErrorMapping.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace kjzy {

int ApiErrorMapping::statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
        return 422; // well-formed request whose content broke a rule
    case ErrorCode::Usage:
        return 400;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::OutOfScope:
        return 403; // authenticated, but the record lies outside the device's region
    case ErrorCode::Conflict:
        return 409;
    case ErrorCode::Auth:
    case ErrorCode::Crypto: // a bad signature is a failed proof of identity, not a server fault
        return 401;
    case ErrorCode::Network:
        return 502; // the server could not reach something it depends on
    case ErrorCode::SchemaTooNew:
    case ErrorCode::Database:
    case ErrorCode::Io:
    case ErrorCode::Internal:
        return 500;
    }
    return 500;
}

ApiResponse ApiErrorMapping::toResponse(const Error& error)
{
    return toResponse(statusFor(error.code), error);
}

ApiResponse ApiErrorMapping::toResponse(int status, const Error& error)
{
    QJsonObject body;
    body.insert(QStringLiteral("error"), errorCodeName(error.code));
    body.insert(QStringLiteral("message"), error.message);
    ApiResponse response;
    response.status = status;
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    response.contentType = jsonContentType();
    return response;
}

QByteArray ApiErrorMapping::jsonContentType()
{
    return QByteArrayLiteral("application/json; charset=utf-8");
}

} // namespace kjzy
