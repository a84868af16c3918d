#include "ServerError.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace kjzy {

namespace {

// Codes a proxy or an older server may send without our JSON body.
ErrorCode codeForStatus(int status)
{
    switch (status) {
    case 400:
        return ErrorCode::Usage;
    case 401:
    case 403:
        return ErrorCode::Auth;
    case 404:
        return ErrorCode::NotFound;
    case 409:
        return ErrorCode::Conflict;
    case 413:
    case 422:
        return ErrorCode::InvalidInput;
    default:
        return ErrorCode::Network;
    }
}

} // namespace

std::optional<ErrorCode> errorCodeFromName(QStringView name)
{
    // Walk the enum through errorCodeName() itself so the two directions cannot drift apart; codes
    // are appended, never renumbered (Error.h), and errorCodeName() says "unknown" past the last.
    const QString unknown = QStringLiteral("unknown");
    for (int value = 0;; ++value) {
        const auto code = static_cast<ErrorCode>(value);
        const QString candidate = errorCodeName(code);
        if (candidate == unknown)
            return std::nullopt;
        if (candidate == name)
            return code;
    }
}

Error serverErrorFromReply(int status, const QByteArray& body, const QString& serverUrl)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QString name = json.value(QStringLiteral("error")).toString();
    const QString message = json.value(QStringLiteral("message")).toString();
    const std::optional<ErrorCode> code = errorCodeFromName(name);
    if (code && !message.isEmpty())
        return Error{*code, message};
    if (!message.isEmpty())
        return Error{codeForStatus(status), message};
    return Error{codeForStatus(status),
                 QStringLiteral("服务器 %1 拒绝了请求（HTTP %2）").arg(serverUrl).arg(status)};
}

} // namespace kjzy
