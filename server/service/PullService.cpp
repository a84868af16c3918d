#include "PullService.h"

#include "RecordPolicy.h"
#include "RegistryRecord.h"
#include "crypto/Envelope.h"
#include "sync/SyncCodec.h"

namespace kjzy {

PullService::PullService(RegistryStore& store, const ServerKeys& keys) : m_store(store), m_keys(keys) {}

Result<QByteArray> PullService::pull(QByteArrayView body, QByteArrayView signature)
{
    auto request = PullRequest::fromBody(body);
    if (!request)
        return fail(request.error());
    auto device = m_store.device(request->device);
    if (!device)
        return fail(device.error());
    if (!*device)
        return fail(ErrorCode::Auth, QStringLiteral("设备 %1 未注册，拒绝").arg(request->device.left(64)));
    if (!SigningKeyPair::verify((*device)->signKey, PullRequest::signingMessage(body), signature))
        return fail(ErrorCode::Crypto, QStringLiteral("拉取请求签名无效，拒绝"));
    if ((*device)->revokedAt)
        return fail(ErrorCode::Auth, QStringLiteral("设备 %1 已被吊销，拒绝").arg((*device)->id));
    auto built = page(**device, request->cursor, request->limit);
    if (!built)
        return fail(built.error());
    return sealPage(**device, *built);
}

Result<PullPage> PullService::page(const DeviceRecord& device, quint64 cursor, int limit)
{
    const ScopeFilter scope = RecordPolicy::scopeFilter(device.scope);
    PullPage page;
    page.cursor = cursor;
    // Read the end of the log first: rows written while the page is built land above it and come
    // with the next page instead of being skipped.
    auto last = m_store.lastSequence();
    if (!last)
        return fail(last.error());
    auto rows = m_store.recordsSince(cursor, scope, limit);
    if (!rows)
        return fail(rows.error());
    page.more = rows->size() == limit;
    page.nextCursor = page.more ? rows->last().seq : std::max(cursor, *last);
    page.records.reserve(rows->size());
    for (const StoredRecord& row : *rows) {
        if (row.seq > page.nextCursor)
            break;
        auto state = RegistryRecord::toState(row);
        if (!state)
            return fail(state.error());
        page.records.append(std::move(*state));
    }
    auto aliases = m_store.aliasesSince(cursor, page.nextCursor, scope);
    if (!aliases)
        return fail(aliases.error());
    for (const AliasRecord& alias : *aliases)
        page.aliases << IdAlias{alias.fromId, alias.toId};
    auto departures = m_store.departuresSince(cursor, page.nextCursor, scope);
    if (!departures)
        return fail(departures.error());
    for (const DepartureRecord& departure : *departures) {
        // A move inside what the device sees (between two counties of a city device) is no departure.
        auto current = m_store.records(departure.entity, {departure.id});
        if (!current)
            return fail(current.error());
        const auto row = current->constFind(departure.id);
        if (row != current->constEnd() &&
            (row->region.startsWith(scope.prefix) || scope.ancestors.contains(row->region)))
            continue;
        page.departures << RecordKey{departure.entity, departure.id};
    }
    return page;
}

Result<QByteArray> PullService::sealPage(const DeviceRecord& device, const PullPage& page) const
{
    EnvelopeHeader meta;
    meta.kind = EnvelopeKind::Pull;
    meta.senderDeviceId = m_keys.signing().keyId();
    meta.keyEpoch = device.keyEpoch;
    meta.changeSetId = QStringLiteral("pull-%1-%2").arg(page.cursor).arg(page.nextCursor);
    meta.sequence = page.nextCursor;
    auto sealed = Envelope::seal(SyncCodec::encode(page), meta, device.boxKey, m_keys.signing());
    if (!sealed)
        return fail(sealed.error());
    return sealed->toBytes();
}

} // namespace kjzy
