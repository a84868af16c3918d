#include "UploadService.h"

#include "sync/SyncCodec.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcUpload, "kjzy.server.upload")

namespace kjzy {

UploadService::UploadService(IngestService& ingest, UploadLimits limits)
    : m_ingest(ingest), m_store(ingest.store()), m_limits(limits)
{}

QString UploadService::timestamp(qint64 ms) const
{
    // Fixed-width UTC text: compares in time order as text, which the collection query relies on.
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

Result<UploadProgress> UploadService::chunk(const QString& device, const QString& changeSet, qint64 offset,
                                            qint64 total, QByteArrayView bytes)
{
    std::optional<UploadRecord> completed;
    auto received = receive(device, changeSet, offset, total, bytes, completed);
    if (!received && RefusalAudit::isRefusal(received.error()))
        return fail(m_ingest.refusals().record(RefusalAudit::kChunkRefused, device, received.error()));
    // The ingest runs after the chunk's commit: it audits its own refusals, each in a transaction of
    // its own, and a server killed in between keeps a complete upload that status() finishes.
    if (received && completed)
        return complete(*completed);
    return received;
}

Result<UploadProgress> UploadService::receive(const QString& device, const QString& changeSet, qint64 offset,
                                              qint64 total, QByteArrayView bytes,
                                              std::optional<UploadRecord>& completed)
{
    if (device.isEmpty() || changeSet.isEmpty() || offset < 0 || total <= 0)
        return fail(ErrorCode::Usage, QStringLiteral("分块上传缺少有效的设备、变更集、偏移或总长度"));
    if (total > m_ingest.limits().maxEnvelopeBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("数据包超过大小上限，已拒绝"));
    if (offset + bytes.size() > total)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("分块（偏移 %1，%2 字节）超出声明的总长度 %3，已拒绝")
                        .arg(offset)
                        .arg(bytes.size())
                        .arg(total));

    const QString now = timestamp(m_ingest.clock().nowMs());
    UploadProgress progress;
    std::optional<IngestResult> answered;
    const Status stored = m_store.transact([&]() -> Status {
        auto existing = m_store.upload(device, changeSet);
        if (!existing)
            return fail(existing.error());
        if (!*existing) {
            // A lost answer to the last chunk: the change set is in, answer it again.
            auto before = ingestedBefore(device, changeSet);
            if (!before)
                return fail(before.error());
            if (*before) {
                answered = std::move(**before);
                return {};
            }
            if (offset != 0)
                return {}; // held 0: the device starts from the beginning
            auto authenticated = m_ingest.authenticator().authenticatePrefix(bytes, total);
            if (!authenticated)
                return fail(authenticated.error());
            if (authenticated->header.senderDeviceId != device ||
                authenticated->header.changeSetId != changeSet)
                return fail(ErrorCode::Crypto,
                            QStringLiteral("分块上传的请求头与数据包头中的设备或变更集不一致，已拒绝"));
            auto collected = m_store.deleteUploadsUntouchedSince(
                timestamp(m_ingest.clock().nowMs() - m_limits.staleAfterMs));
            if (!collected)
                return fail(collected.error());
            if (*collected > 0)
                qCInfo(lcUpload) << "collected" << *collected << "stale uploads";
            auto open = m_store.uploadCount(device);
            if (!open)
                return fail(open.error());
            if (*open >= m_limits.maxOpenPerDevice)
                return fail(
                    ErrorCode::Conflict,
                    QStringLiteral("本设备已有 %1 个未完成的分块上传，达到上限；请先完成这些上传再开始新的")
                        .arg(*open));
            existing = UploadRecord{device, changeSet, total, 0, now, now};
            if (auto inserted = m_store.insertUpload(**existing); !inserted)
                return inserted;
        }
        const UploadRecord& upload = **existing;
        if (upload.total != total)
            return fail(ErrorCode::Conflict,
                        QStringLiteral("声明的总长度 %1 与已开始的上传（%2 字节）不一致，已拒绝")
                            .arg(total)
                            .arg(upload.total));
        progress.held = upload.held;
        if (offset != upload.held)
            return {}; // nothing stored; the device continues from what is held
        if (!bytes.isEmpty()) {
            if (auto appended = m_store.appendUploadChunk(device, changeSet, offset, bytes, now); !appended)
                return appended;
            progress.held = offset + bytes.size();
        }
        if (progress.held == total) {
            completed = upload;
            completed->held = total;
        }
        return {};
    });
    if (!stored)
        return fail(stored.error());
    if (answered)
        return UploadProgress{total, std::move(answered)};
    return progress;
}

Result<UploadProgress> UploadService::status(const QString& device, const QString& changeSet)
{
    if (device.isEmpty() || changeSet.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("上传进度查询缺少设备或变更集"));
    auto before = ingestedBefore(device, changeSet);
    if (!before)
        return fail(before.error());
    if (*before)
        return UploadProgress{0, std::move(**before)};
    auto upload = m_store.upload(device, changeSet);
    if (!upload)
        return fail(upload.error());
    if (!*upload)
        return UploadProgress{0, std::nullopt};
    if ((*upload)->held == (*upload)->total)
        return complete(**upload);
    return UploadProgress{(*upload)->held, std::nullopt};
}

Result<std::optional<IngestResult>> UploadService::ingestedBefore(const QString& device,
                                                                  const QString& changeSet)
{
    auto seen = m_store.changeSet(changeSet);
    if (!seen)
        return fail(seen.error());
    // Another device's change set under this id is not this device's business.
    if (!*seen || (*seen)->device != device)
        return std::optional<IngestResult>();
    auto known = m_store.device(device);
    if (!known)
        return fail(known.error());
    if (!*known)
        return fail(ErrorCode::Database, QStringLiteral("变更集 %1 的设备记录缺失").arg(changeSet));
    auto reply = SyncCodec::decodePushReply((*seen)->reply);
    if (!reply)
        return fail(ErrorCode::Database, QStringLiteral("已存回执无法读取：%1").arg(reply.error().message));
    reply->duplicate = true;
    return std::optional<IngestResult>(IngestResult{**known, *reply});
}

Result<UploadProgress> UploadService::complete(const UploadRecord& upload)
{
    auto bytes = m_store.uploadBytes(upload.device, upload.changeSet);
    if (!bytes)
        return fail(bytes.error());
    if (bytes->size() != upload.total)
        return fail(ErrorCode::Database, QStringLiteral("变更集 %1 的分块总长度 %2 与声明的 %3 不符")
                                             .arg(upload.changeSet)
                                             .arg(bytes->size())
                                             .arg(upload.total));
    auto ingested = m_ingest.ingest(*bytes);
    // A server failure keeps the chunks for the next attempt; an answer or a refusal ends the upload.
    if (!ingested && !RefusalAudit::isRefusal(ingested.error()))
        return fail(ingested.error());
    if (auto deleted = m_store.deleteUpload(upload.device, upload.changeSet); !deleted)
        return fail(deleted.error());
    if (!ingested)
        return fail(ingested.error());
    return UploadProgress{upload.total, std::move(*ingested)};
}

} // namespace kjzy
