#include "SyncRoutes.h"

#include "service/EnrollmentService.h"
#include "service/IngestService.h"
#include "service/PullService.h"
#include "service/ServerKeys.h"
#include "service/UploadService.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace kjzy {

namespace {

const QByteArray kOctets = QByteArrayLiteral("application/octet-stream");
const QByteArray kJson = QByteArrayLiteral("application/json; charset=utf-8");

QByteArray base64(const QByteArray& bytes)
{
    return bytes.toBase64();
}

Result<QByteArray> fromBase64(const QJsonObject& json, const char* key)
{
    auto decoded = QByteArray::fromBase64Encoding(json.value(QLatin1StringView(key)).toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fail(ErrorCode::Usage,
                    QStringLiteral("注册请求中的 %1 不是有效的 base64").arg(QLatin1StringView(key)));
    return *decoded;
}

// A decimal header (offset, total); -1 when missing or not a number, which the service refuses.
qint64 decimalHeader(const ApiRequest& request, QByteArrayView name)
{
    bool ok = false;
    const qint64 value = request.header(name).trimmed().toLongLong(&ok);
    return ok ? value : -1;
}

QString textHeader(const ApiRequest& request, QByteArrayView name)
{
    return QString::fromUtf8(request.header(name)).trimmed();
}

Result<ApiResponse> progressResponse(IngestService& ingest, const Result<UploadProgress>& progress)
{
    if (!progress)
        return fail(progress.error());
    if (progress->ingested) {
        auto sealed = ingest.sealReply(*progress->ingested);
        if (!sealed)
            return fail(sealed.error());
        return ApiResponse{200, *sealed, kOctets};
    }
    // As a JSON number: an envelope is at most 64 MiB, far below 2^53.
    const QJsonObject answer{{QStringLiteral("offset"), double(progress->held)}};
    return ApiResponse{202, QJsonDocument(answer).toJson(QJsonDocument::Compact), kJson};
}

} // namespace

void SyncRoutes::install(ApiServer& server, EnrollmentService& enrollment, IngestService& ingest,
                         PullService& pull, UploadService& uploads, const ServerKeys& keys)
{
    server.route(QStringLiteral("POST"), QStringLiteral("/v1/push/chunk"),
                 [&ingest, &uploads](const ApiRequest& request) -> Result<ApiResponse> {
                     return progressResponse(ingest, uploads.chunk(textHeader(request, "x-kjzy-device"),
                                                                   textHeader(request, "x-kjzy-change-set"),
                                                                   decimalHeader(request, "x-kjzy-offset"),
                                                                   decimalHeader(request, "x-kjzy-total"),
                                                                   request.body));
                 });
    server.route(QStringLiteral("POST"), QStringLiteral("/v1/push/status"),
                 [&ingest, &uploads](const ApiRequest& request) -> Result<ApiResponse> {
                     return progressResponse(ingest,
                                             uploads.status(textHeader(request, "x-kjzy-device"),
                                                            textHeader(request, "x-kjzy-change-set")));
                 });

    server.route(QStringLiteral("GET"), QStringLiteral("/v1/health"),
                 [](const ApiRequest&) -> Result<ApiResponse> {
                     return ApiResponse{200, QByteArrayLiteral("ok"), QByteArrayLiteral("text/plain")};
                 });

    server.route(
        QStringLiteral("POST"), QStringLiteral("/v1/enroll"),
        [&enrollment, &keys](const ApiRequest& request) -> Result<ApiResponse> {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
            if (error.error != QJsonParseError::NoError || !document.isObject())
                return fail(ErrorCode::Usage, QStringLiteral("注册请求不是 JSON 对象"));
            const QJsonObject json = document.object();
            auto signKey = fromBase64(json, "sign_key");
            auto boxKey = fromBase64(json, "box_key");
            if (!signKey)
                return fail(signKey.error());
            if (!boxKey)
                return fail(boxKey.error());
            auto device = enrollment.enroll(json.value(QStringLiteral("code")).toString(),
                                            json.value(QStringLiteral("device")).toString(), *signKey,
                                            *boxKey, json.value(QStringLiteral("label")).toString());
            if (!device)
                return fail(device.error());
            const QJsonObject answer{
                {QStringLiteral("device"), device->id},
                {QStringLiteral("scope"), device->scope},
                {QStringLiteral("role"), device->role},
                {QStringLiteral("key_epoch"), int(device->keyEpoch)},
                {QStringLiteral("server_sign_key"), QString::fromLatin1(base64(keys.signing().publicKey()))},
                {QStringLiteral("server_box_key"), QString::fromLatin1(base64(keys.box().publicKey()))},
            };
            return ApiResponse{200, QJsonDocument(answer).toJson(QJsonDocument::Compact), kJson};
        });

    server.route(QStringLiteral("POST"), QStringLiteral("/v1/push"),
                 [&ingest](const ApiRequest& request) -> Result<ApiResponse> {
                     auto result = ingest.ingest(request.body);
                     if (!result)
                         return fail(result.error());
                     auto sealed = ingest.sealReply(*result);
                     if (!sealed)
                         return fail(sealed.error());
                     return ApiResponse{200, *sealed, kOctets};
                 });

    server.route(QStringLiteral("POST"), QStringLiteral("/v1/pull"),
                 [&pull](const ApiRequest& request) -> Result<ApiResponse> {
                     auto signature = QByteArray::fromBase64Encoding(request.header("x-kjzy-signature"),
                                                                     QByteArray::AbortOnBase64DecodingErrors);
                     if (!signature)
                         return fail(ErrorCode::Crypto, QStringLiteral("拉取请求缺少有效签名"));
                     auto page = pull.pull(request.body, *signature);
                     if (!page)
                         return fail(page.error());
                     return ApiResponse{200, *page, kOctets};
                 });
}

} // namespace kjzy
