#include "PullRequest.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace kjzy {

QByteArray PullRequest::toBody() const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("device"), device},
                                     {QStringLiteral("cursor"), QString::number(cursor)},
                                     {QStringLiteral("limit"), limit}})
        .toJson(QJsonDocument::Compact);
}

Result<PullRequest> PullRequest::fromBody(QByteArrayView body)
{
    const auto malformed = [] { return fail(ErrorCode::Usage, QStringLiteral("拉取请求格式错误")); };
    if (body.size() > kMaxBodyBytes)
        return malformed();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return malformed();
    const QJsonObject json = document.object();
    PullRequest request;
    bool cursorOk = false;
    request.device = json.value(QStringLiteral("device")).toString();
    // The cursor travels as text: JSON numbers are doubles and lose integers above 2^53.
    request.cursor = json.value(QStringLiteral("cursor")).toString().toULongLong(&cursorOk);
    request.limit = json.value(QStringLiteral("limit")).toInt(-1);
    if (request.device.isEmpty() || !cursorOk || request.limit < 1 || request.limit > kMaxLimit)
        return malformed();
    return request;
}

QByteArray PullRequest::signingMessage(QByteArrayView body)
{
    return QByteArrayLiteral("kjzy/v1/pull-request\n") + body.toByteArray();
}

} // namespace kjzy
