#include "ChunkedPush.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <algorithm>

namespace kjzy {

namespace {

const QByteArray kOctets = QByteArrayLiteral("application/octet-stream");
const QString kChunkPath = QStringLiteral("/v1/push/chunk");
const QString kStatusPath = QStringLiteral("/v1/push/status");
// The change set whose upload this device began last: a later run asks the server how far that one
// got before sending anything, instead of sending its first chunk again.
const QString kUploadStarted = QStringLiteral("upload_started");

constexpr int kStatusAccepted = 202;
constexpr int kMostStalls = 3;

} // namespace

ChunkedPush::ChunkedPush(ClientDatabase& database, LinkSession& session, AdaptiveChunkSize& chunkSize)
    : m_database(database), m_session(session), m_chunkSize(chunkSize)
{}

qint64 ChunkedPush::minimumFirstChunk(const QByteArray& sealed)
{
    // SealedEnvelope::toBytes(): u32 BE header length ‖ header ‖ u32 BE signature length ‖ signature.
    if (sealed.size() < 4)
        return sealed.size();
    const qint64 headerEnd = 4 + qint64(qFromBigEndian<quint32>(sealed.constData()));
    if (headerEnd + 4 > sealed.size())
        return sealed.size();
    const qint64 signatureEnd =
        headerEnd + 4 + qint64(qFromBigEndian<quint32>(sealed.constData() + headerEnd));
    return std::min<qint64>(signatureEnd, sealed.size());
}

Result<qint64> ChunkedPush::heldOffset(const HttpReply& reply, qint64 total) const
{
    const QJsonValue offset = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("offset"));
    const qint64 held = offset.toInteger(-1);
    if (reply.status != kStatusAccepted || !offset.isDouble() || held < 0 || held > total)
        return fail(ErrorCode::Network,
                    QStringLiteral("服务器 %1 对分块上传的应答无效（HTTP %2）")
                        .arg(m_session.link().baseUrl().toDisplayString(QUrl::RemoveUserInfo))
                        .arg(reply.status));
    return held;
}

Result<HttpReply> ChunkedPush::askStatus(const HttpHeaders& identity)
{
    return m_session.post(kStatusPath, {}, kOctets, identity);
}

Result<QByteArray> ChunkedPush::upload(const PendingChangeSet& changeSet, const QString& device,
                                       const Progress& progress)
{
    const QByteArray& sealed = changeSet.sealed;
    const qint64 total = sealed.size();
    const HttpHeaders identity{{QByteArrayLiteral("X-Kjzy-Device"), device.toUtf8()},
                               {QByteArrayLiteral("X-Kjzy-Change-Set"), changeSet.id.toUtf8()}};
    auto started = m_database.setting(kUploadStarted);
    if (!started)
        return fail(started.error());
    bool ask = *started == changeSet.id;
    if (!ask) {
        if (auto saved = m_database.setSetting(kUploadStarted, changeSet.id); !saved)
            return fail(saved.error());
    }
    const qint64 firstChunk = minimumFirstChunk(sealed);
    qint64 offset = 0;
    int stalled = 0; // answers in a row that took nothing
    for (;;) {
        if (ask) {
            auto reply = askStatus(identity);
            if (!reply) {
                if (auto stop = m_session.giveUpOrWait(reply.error()))
                    return fail(*stop);
                continue;
            }
            if (reply->status == 200)
                return reply->body; // ingested before: the stored reply
            auto held = heldOffset(*reply, total);
            if (!held)
                return fail(held.error());
            offset = *held;
            m_resumedAt.append(offset);
            ask = false;
            if (progress)
                progress(offset, 0);
        }

        qint64 length = std::min(m_chunkSize.current(), total - offset);
        if (offset == 0)
            length = std::min(total, std::max(length, firstChunk));
        HttpHeaders headers = identity;
        headers.append({QByteArrayLiteral("X-Kjzy-Offset"), QByteArray::number(offset)});
        headers.append({QByteArrayLiteral("X-Kjzy-Total"), QByteArray::number(total)});
        const qint64 base = offset;
        ++m_chunks;
        auto reply = m_session.post(kChunkPath, sealed.mid(offset, length), kOctets, headers,
                                    [&progress, base, length](qint64 done, qint64) {
                                        if (progress)
                                            progress(base, std::min(done, length));
                                    });
        if (!reply) {
            // A body limit in front of the server (nginx's client_max_body_size): smaller chunks
            // will pass, and nothing was stored, so no need to ask or to wait.
            if (m_session.link().lastStatus() == 413 &&
                length > std::max(firstChunk, m_chunkSize.limits().floor)) {
                m_chunkSize.failed(length);
                continue;
            }
            if (auto stop = m_session.giveUpOrWait(reply.error()))
                return fail(*stop);
            m_chunkSize.failed(length);
            ask = true;
            continue;
        }
        if (reply->status == 200)
            return reply->body;
        auto held = heldOffset(*reply, total);
        if (!held)
            return fail(held.error());
        if (length == 0 && *held == total)
            return fail(
                ErrorCode::Network,
                QStringLiteral("服务器 %1 已收到变更集 %2 的全部字节，却没有给出回执")
                    .arg(m_session.link().baseUrl().toDisplayString(QUrl::RemoveUserInfo), changeSet.id));
        if (*held == offset + length) {
            m_chunkSize.succeeded();
            m_session.progressed();
            stalled = 0;
        } else if (*held == offset && ++stalled >= kMostStalls) {
            // A server that keeps answering without taking the bytes would keep us here forever.
            return fail(
                ErrorCode::Network,
                QStringLiteral("服务器 %1 一再拒收变更集 %2 在第 %3 字节处的分块")
                    .arg(m_session.link().baseUrl().toDisplayString(QUrl::RemoveUserInfo), changeSet.id)
                    .arg(offset));
        }
        // Otherwise the server holds a different amount than we thought (an earlier chunk whose
        // answer was lost did arrive): its offset is the one that counts.
        offset = *held;
        if (progress)
            progress(offset, 0);
    }
}

} // namespace kjzy
