#include "PullService.h"

#include "RecordPolicy.h"
#include "RegistryRecord.h"
#include "crypto/Envelope.h"
#include "sync/SyncCodec.h"

#include <algorithm>

namespace kjzy {

namespace {

// One item of a page in log order; `estimate` is its size before compression, an upper bound
// good enough to start the search for how many items fit.
struct PageItem
{
    enum Kind
    {
        Record,
        Alias,
        Departure
    };
    quint64 seq = 0;
    Kind kind = Record;
    qsizetype index = 0;
    qint64 estimate = 0;
};

// How many page sizes the search seals at most before it settles for the largest that fitted.
constexpr int kMaxSealAttempts = 6;

} // namespace

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
    auto built = sealedPage(**device, request->cursor, request->limit, request->maxBytes);
    if (!built)
        return fail(built.error());
    return std::move(built->sealed);
}

Result<PullPage> PullService::page(const DeviceRecord& device, quint64 cursor, int limit, qint64 maxBytes)
{
    auto built = sealedPage(device, cursor, limit, maxBytes);
    if (!built)
        return fail(built.error());
    return std::move(built->page);
}

Result<SealedPullPage> PullService::sealedPage(const DeviceRecord& device, quint64 cursor, int limit,
                                               qint64 maxBytes)
{
    maxBytes = PullRequest::effectiveMaxBytes(maxBytes);
    const ScopeFilter scope = RecordPolicy::scopeFilter(device.scope);
    // Read the end of the log first: rows written while the page is built land above it and come
    // with the next page instead of being skipped.
    auto last = m_store.lastSequence();
    if (!last)
        return fail(last.error());
    auto rows = m_store.recordsSince(cursor, scope, limit);
    if (!rows)
        return fail(rows.error());
    const bool moreRecords = rows->size() == limit;
    const quint64 upTo = moreRecords ? rows->last().seq : std::max(cursor, *last);

    QList<RecordState> records;
    QList<PageItem> items;
    records.reserve(rows->size());
    for (const StoredRecord& row : *rows) {
        if (row.seq > upTo)
            break;
        auto state = RegistryRecord::toState(row);
        if (!state)
            return fail(state.error());
        items << PageItem{row.seq, PageItem::Record, records.size(),
                          qint64(row.id.size() + row.data.size() + row.clocks.size() + 16)};
        records.append(std::move(*state));
    }
    auto aliasRows = m_store.aliasesSince(cursor, upTo, scope);
    if (!aliasRows)
        return fail(aliasRows.error());
    QList<IdAlias> aliases;
    for (const AliasRecord& alias : *aliasRows) {
        items << PageItem{alias.seq, PageItem::Alias, aliases.size(),
                          qint64(alias.fromId.size() + alias.toId.size() + 8)};
        aliases << IdAlias{alias.fromId, alias.toId};
    }
    auto departureRows = m_store.departuresSince(cursor, upTo, scope);
    if (!departureRows)
        return fail(departureRows.error());
    QList<RecordKey> departures;
    for (const DepartureRecord& departure : *departureRows) {
        // A move inside what the device sees (between two counties of a city device) is no departure.
        auto current = m_store.records(departure.entity, {departure.id});
        if (!current)
            return fail(current.error());
        const auto row = current->constFind(departure.id);
        if (row != current->constEnd() &&
            (row->region.startsWith(scope.prefix) || scope.ancestors.contains(row->region)))
            continue;
        items << PageItem{departure.seq, PageItem::Departure, departures.size(),
                          qint64(departure.id.size() + 8)};
        departures << RecordKey{departure.entity, departure.id};
    }
    std::sort(items.begin(), items.end(), [](const PageItem& a, const PageItem& b) { return a.seq < b.seq; });

    // The page of the first `count` items in log order: the cursor moves to the last of them, or to
    // where the whole range ends when all of them fit.
    const auto assemble = [&](qsizetype count) {
        PullPage page;
        page.cursor = cursor;
        const bool cut = count < items.size();
        page.more = cut || moreRecords;
        page.nextCursor = cut ? (count > 0 ? items.at(count - 1).seq : cursor) : upTo;
        for (qsizetype i = 0; i < count; ++i) {
            const PageItem& item = items.at(i);
            if (item.kind == PageItem::Record)
                page.records << records.at(item.index);
            else if (item.kind == PageItem::Alias)
                page.aliases << aliases.at(item.index);
            else
                page.departures << departures.at(item.index);
        }
        return page;
    };
    const auto seal = [&](qsizetype count) -> Result<SealedPullPage> {
        PullPage page = assemble(count);
        auto sealed = sealPage(device, page);
        if (!sealed)
            return fail(sealed.error());
        return SealedPullPage{std::move(page), std::move(*sealed)};
    };
    if (items.isEmpty())
        return seal(0);

    // Sealed size grows with the items but compression makes it unknowable in advance: estimate,
    // seal, measure, and re-estimate with the measured ratio, keeping the largest page that fitted.
    QList<qint64> estimated(items.size() + 1, 0); // estimated[n]: the first n items together
    for (qsizetype i = 0; i < items.size(); ++i)
        estimated[i + 1] = estimated[i] + items.at(i).estimate;
    auto empty = seal(0);
    if (!empty)
        return fail(empty.error());
    const qint64 overhead = empty->sealed.size();
    const auto largestFitting = [&](double ratio, qsizetype low, qsizetype high) {
        // estimated[] rises with n: the last n in [low, high] whose estimate fits, or low.
        const auto fits = [&](qsizetype n) {
            return double(overhead) + ratio * double(estimated[n]) <= double(maxBytes);
        };
        qsizetype found = low;
        while (low <= high) {
            const qsizetype middle = low + (high - low) / 2;
            if (fits(middle)) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    };

    std::optional<SealedPullPage> best;
    qsizetype low = 1;
    qsizetype high = items.size();
    qsizetype count = largestFitting(1.0, low, high);
    for (int attempt = 0; attempt < kMaxSealAttempts && low <= high; ++attempt) {
        auto candidate = seal(count);
        if (!candidate)
            return fail(candidate.error());
        const qint64 size = candidate->sealed.size();
        if (size > maxBytes && count == 1) {
            // One item alone goes out whatever its size: it could never go otherwise.
            best = std::move(*candidate);
            break;
        }
        if (size <= maxBytes) {
            best = std::move(*candidate);
            low = count + 1;
        } else {
            high = count - 1;
        }
        if (low > high)
            break;
        // A little pessimism in the measured ratio keeps the next guess on the fitting side.
        const double ratio = 1.05 * double(std::max<qint64>(size - overhead, 1)) /
                             double(std::max<qint64>(estimated[count], 1));
        count = std::clamp(largestFitting(ratio, low, high), low, high);
    }
    if (best)
        return std::move(*best);
    // Every guess was too large: halve until a page fits or one item is left.
    for (count = std::max<qsizetype>(high, 1);; count = std::max<qsizetype>(count / 2, 1)) {
        auto candidate = seal(count);
        if (!candidate)
            return fail(candidate.error());
        if (candidate->sealed.size() <= maxBytes || count == 1)
            return candidate;
    }
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
