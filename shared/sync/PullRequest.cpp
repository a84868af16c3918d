#include "PullRequest.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace kjzy {

QByteArray PullRequest::toBody() const
{
    QJsonObject json{{QStringLiteral("device"), device},
                     {QStringLiteral("cursor"), QString::number(cursor)},
                     {QStringLiteral("limit"), limit}};
    // Absent means "the server's default", which keeps bodies of older clients byte-identical.
    if (maxBytes > 0)
        json.insert(QStringLiteral("max_bytes"), double(maxBytes));
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
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
    const QJsonValue maxBytes = json.value(QStringLiteral("max_bytes"));
    if (!maxBytes.isUndefined()) {
        const double requested = maxBytes.toDouble(-1);
        if (!maxBytes.isDouble() || requested < 0 || requested != std::floor(requested))
            return malformed();
        request.maxBytes = effectiveMaxBytes(qint64(std::min(requested, double(kMaxMaxBytes))));
    } else {
        request.maxBytes = kDefaultMaxBytes;
    }
    return request;
}

qint64 PullRequest::effectiveMaxBytes(qint64 requested)
{
    if (requested <= 0)
        return kDefaultMaxBytes;
    return std::clamp(requested, kMinMaxBytes, kMaxMaxBytes);
}

QByteArray PullRequest::signingMessage(QByteArrayView body)
{
    return QByteArrayLiteral("kjzy/v1/pull-request\n") + body.toByteArray();
}

} // namespace kjzy
