#include "BundleService.h"

#include "PushAuthenticator.h"

#include "PullService.h"
#include "crypto/Envelope.h"
#include "crypto/SealedEnvelope.h"

#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcBundle, "kjzy.server.bundle")

namespace kjzy {

struct BundleService::Verified
{
    DeviceRecord device;
    EnvelopeHeader header;
    Bundle bundle;
};

BundleService::BundleService(RegistryStore& store, const ServerKeys& keys, const Clock& clock,
                             IngestLimits limits)
    : m_store(store), m_keys(keys), m_clock(clock), m_limits(limits)
{}

Result<BundleImport> BundleService::importBundle(QByteArrayView bundleBytes, const QString& actor)
{
    auto verified = verify(bundleBytes);
    Status checked = verified ? verifyChangeSets(*verified) : Status(fail(verified.error()));
    Result<BundleImport> outcome = checked ? apply(*verified) : Result<BundleImport>(fail(checked.error()));
    if (!outcome) {
        // The claimed sender is unauthenticated when the outer check failed: named only for the
        // record, cut short.
        QString claimed;
        if (auto envelope = SealedEnvelope::fromBytes(bundleBytes, kMaxBundleBytes)) {
            if (auto header = EnvelopeHeader::fromBytes(envelope->header))
                claimed = header->senderDeviceId.left(64);
        }
        const QString detail =
            QStringLiteral("设备 %1：%2")
                .arg(claimed.isEmpty() ? QStringLiteral("（未知）") : claimed, outcome.error().message);
        if (auto audited = m_store.addAudit(actor, QStringLiteral("bundle-refused"), QStringLiteral("bundle"),
                                            detail, 0);
            !audited)
            qCWarning(lcBundle).noquote() << "audit of a refused bundle failed:" << audited.error().message;
        return outcome;
    }
    const QString detail =
        QStringLiteral("设备 %1：%2 个变更集（%3 条更改，接受 %4，退回 %5，%6 个已收过），%7 页")
            .arg(outcome->device)
            .arg(outcome->changeSets)
            .arg(outcome->changes)
            .arg(outcome->accepted)
            .arg(outcome->rejected)
            .arg(outcome->duplicates)
            .arg(outcome->pages);
    if (auto audited = m_store.addAudit(actor, QStringLiteral("bundle-import"), QStringLiteral("bundle"),
                                        detail, outcome->changes);
        !audited)
        return fail(audited.error());
    return outcome;
}

Result<BundleService::Verified> BundleService::verify(QByteArrayView bundleBytes)
{
    auto envelope = SealedEnvelope::fromBytes(bundleBytes, kMaxBundleBytes);
    if (!envelope)
        return fail(envelope.error());
    auto sender = PushAuthenticator(m_store, m_keys, kMaxBundleBytes).authenticateBundle(*envelope);
    if (!sender)
        return fail(sender.error());
    const DeviceRecord& device = sender->device;
    const EnvelopeHeader& header = sender->header;
    auto plaintext = Envelope::open(*envelope, header, m_keys.box());
    if (!plaintext)
        return fail(plaintext.error());
    BundleLimits limits;
    limits.maxEntryBytes = m_limits.maxEnvelopeBytes;
    auto bundle = BundleCodec::decodeBundle(*plaintext, limits);
    if (!bundle)
        return fail(bundle.error());
    // Inner equals outer: the signed header and the encrypted body name the same bundle and device.
    if (bundle->device != header.senderDeviceId || bundle->id != header.changeSetId ||
        bundle->cursor != header.sequence)
        return fail(ErrorCode::Crypto, QStringLiteral("数据包内外编号不一致，已拒绝"));
    return Verified{device, header, std::move(*bundle)};
}

Status BundleService::verifyChangeSets(const Verified& verified)
{
    const DeviceRecord& device = verified.device;
    QSet<QString> ids;
    quint64 previous = 0;
    int index = 0;
    for (const QByteArray& bytes : verified.bundle.changeSets) {
        ++index;
        const auto refuse = [&](ErrorCode code, const QString& why) {
            return fail(code,
                        QStringLiteral("数据包中第 %1 个变更集%2，整个数据包已拒绝").arg(index).arg(why));
        };
        auto envelope = SealedEnvelope::fromBytes(bytes, m_limits.maxEnvelopeBytes);
        if (!envelope)
            return refuse(ErrorCode::Crypto, QStringLiteral("格式不正确"));
        // Signed by the bundle's own device: a change set of another device inside is refused.
        auto header = Envelope::verify(*envelope, device.signKey, EnvelopeKind::Push);
        if (!header)
            return refuse(ErrorCode::Crypto, QStringLiteral("签名无效或不是本设备的"));
        if (header->senderDeviceId != device.id)
            return refuse(ErrorCode::Crypto, QStringLiteral("的发送设备与数据包不符"));
        if (header->recipientKeyId != m_keys.box().keyId())
            return refuse(ErrorCode::Crypto, QStringLiteral("不是发给本服务器的"));
        if (header->keyEpoch != device.keyEpoch)
            return refuse(ErrorCode::Auth, QStringLiteral("的密钥版本已失效"));
        if (ids.contains(header->changeSetId) || header->sequence <= previous)
            return refuse(ErrorCode::Crypto, QStringLiteral("重复或序号未递增"));
        ids.insert(header->changeSetId);
        previous = header->sequence;
        // Replay checks IngestService would make one by one, made for all before any is applied.
        auto seen = m_store.changeSet(header->changeSetId);
        if (!seen)
            return fail(seen.error());
        if (*seen) {
            if ((*seen)->device != device.id || (*seen)->sequence != header->sequence)
                return refuse(ErrorCode::Crypto, QStringLiteral("的编号已被使用"));
        } else if (header->sequence <= device.lastSequence) {
            return refuse(ErrorCode::Crypto, QStringLiteral("的序号不大于已接收的序号，疑为重放"));
        }
    }
    return {};
}

Result<BundleImport> BundleService::apply(const Verified& verified)
{
    BundleImport import;
    import.device = verified.device.id;
    IngestService ingest(m_store, m_keys, m_clock, m_limits);
    QList<BundleReplyEntry> replies;
    // One transaction for the whole bundle: a store failure half-way leaves the registry as before.
    const Status applied = m_store.transact([&]() -> Status {
        for (const QByteArray& bytes : verified.bundle.changeSets) {
            auto result = ingest.ingest(bytes);
            if (!result)
                return fail(result.error());
            auto sealed = ingest.sealReply(*result);
            if (!sealed)
                return fail(sealed.error());
            replies.append(BundleReplyEntry{result->reply.changeSetId, *sealed});
            ++import.changeSets;
            import.duplicates += result->reply.duplicate ? 1 : 0;
            import.accepted += result->reply.accepted;
            import.rejected += int(result->reply.rejected.size());
        }
        return {};
    });
    if (!applied)
        return fail(applied.error());
    import.changes = import.accepted + import.rejected;

    BundleReply reply;
    reply.bundleId = verified.bundle.id;
    reply.device = verified.device.id;
    reply.cursor = verified.bundle.cursor;
    reply.replies = std::move(replies);
    auto pages = pull(verified.device, verified.bundle.cursor, import, reply.nextCursor);
    if (!pages)
        return fail(pages.error());
    reply.pages = std::move(*pages);

    EnvelopeHeader meta;
    meta.kind = EnvelopeKind::BundleReply;
    meta.senderDeviceId = m_keys.signing().keyId();
    meta.keyEpoch = verified.device.keyEpoch;
    meta.changeSetId = verified.bundle.id;
    meta.sequence = reply.nextCursor;
    auto sealed = Envelope::seal(BundleCodec::encode(reply), meta, verified.device.boxKey, m_keys.signing());
    if (!sealed)
        return fail(sealed.error());
    import.sealedReply = sealed->toBytes();
    qCInfo(lcBundle).noquote() << "bundle" << verified.bundle.id << "from" << verified.device.id
                               << "change sets" << import.changeSets << "pages" << import.pages;
    return import;
}

Result<QList<QByteArray>> BundleService::pull(const DeviceRecord& device, quint64 cursor,
                                              BundleImport& import, quint64& nextCursor)
{
    PullService pullService(m_store, m_keys);
    QList<QByteArray> pages;
    for (bool more = true; more;) {
        auto page = pullService.page(device, cursor, kPageLimit);
        if (!page)
            return fail(page.error());
        auto sealed = pullService.sealPage(device, *page);
        if (!sealed)
            return fail(sealed.error());
        pages.append(*sealed);
        ++import.pages;
        import.records += int(page->records.size());
        more = page->more;
        if (more && page->nextCursor <= cursor)
            return fail(ErrorCode::Internal, QStringLiteral("拉取游标没有前进"));
        cursor = page->nextCursor;
    }
    nextCursor = cursor;
    return pages;
}

} // namespace kjzy
