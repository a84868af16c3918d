#include "SyncCodec.h"

#include "CborReader.h"
#include "Compression.h"
#include "SyncWire.h"

namespace kjzy {

namespace {

const QString kChangeSetFormat = QStringLiteral("kjzy-cs/2");
const QString kPullPageFormat = QStringLiteral("kjzy-pull/2");
const QString kReplyFormat = QStringLiteral("kjzy-reply/1");

QByteArray pack(const QCborMap& map)
{
    return Compression::compress(QCborValue(map).toCbor());
}

Result<QCborMap> unpack(QByteArrayView bytes, const QString& format, const SyncLimits& limits)
{
    auto inflated = Compression::decompress(bytes, limits.maxInflatedBytes);
    if (!inflated)
        return fail(inflated.error());
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(*inflated, &error);
    if (error.error != QCborError::NoError || !value.isMap())
        return fail(SyncWire::malformed(QStringLiteral("不是有效的 CBOR 映射")));
    const QCborMap map = value.toMap();
    if (map.value(0).toString() != format)
        return fail(SyncWire::malformed(
            QStringLiteral("格式“%1”无法识别，应为“%2”").arg(map.value(0).toString().left(32), format)));
    return map;
}

// A message whose bulk (records or changes, key `bulkKey`) is left in place for a CborReader: the
// rest of the map as QCborValues, the bulk as its byte range in the inflated message.
struct Unpacked
{
    QByteArray inflated;
    QCborMap header;
    std::optional<std::pair<qsizetype, qsizetype>> bulk; // [begin, end) in `inflated`

    QByteArrayView bulkBytes() const
    {
        return QByteArrayView(inflated).sliced(bulk->first, bulk->second - bulk->first);
    }
};

Result<Unpacked> unpackStreamed(QByteArrayView bytes, const QString& format, const SyncLimits& limits,
                                qint64 bulkKey)
{
    auto inflated = Compression::decompress(bytes, limits.maxInflatedBytes);
    if (!inflated)
        return fail(inflated.error());
    Unpacked out;
    out.inflated = std::move(*inflated);
    const Error notAMap = SyncWire::malformed(QStringLiteral("不是有效的 CBOR 映射"));
    CborReader reader(out.inflated);
    constexpr qsizetype kMaxHeaderKeys = 64;
    auto pairs = reader.enterMap(kMaxHeaderKeys);
    if (!pairs)
        return fail(notAMap);
    for (qsizetype i = 0; i < *pairs; ++i) {
        auto key = reader.value();
        if (!key)
            return fail(notAMap);
        if (key->isInteger() && key->toInteger() == bulkKey) {
            if (out.bulk)
                return fail(notAMap);
            const qint64 begin = reader.offset();
            if (auto skipped = reader.skip(); !skipped)
                return fail(notAMap);
            out.bulk = std::pair<qsizetype, qsizetype>(begin, reader.offset());
            continue;
        }
        auto value = reader.value();
        if (!value)
            return fail(notAMap);
        out.header.insert(*key, *value);
    }
    if (!reader.leave())
        return fail(notAMap);
    if (out.header.value(0).toString() != format)
        return fail(SyncWire::malformed(QStringLiteral("格式“%1”无法识别，应为“%2”")
                                            .arg(out.header.value(0).toString().left(32), format)));
    return out;
}

// Enters the bulk array, bounded like boundedArray().
Result<qsizetype> enterBulk(CborReader& reader, const SyncLimits& limits, const QString& what)
{
    if (!reader.isArray())
        return fail(SyncWire::malformed(what));
    auto size = reader.enterArray(limits.maxItems);
    if (!size)
        return fail(SyncWire::malformed(QStringLiteral("%1条目过多").arg(what)));
    return size;
}

Result<QCborArray> boundedArray(const QCborValue& value, const SyncLimits& limits, const QString& what)
{
    if (!value.isArray())
        return fail(SyncWire::malformed(what));
    QCborArray array = value.toArray();
    if (array.size() > limits.maxItems)
        return fail(SyncWire::malformed(QStringLiteral("%1条目过多").arg(what)));
    return array;
}

QCborArray encodeAliases(const QList<IdAlias>& aliases)
{
    QCborArray out;
    for (const IdAlias& alias : aliases)
        out.append(QCborArray{SyncWire::encodeId(alias.fromId), SyncWire::encodeId(alias.toId)});
    return out;
}

Result<QList<IdAlias>> decodeAliases(const QCborValue& value, const SyncLimits& limits)
{
    auto array = boundedArray(value, limits, QStringLiteral("编号映射"));
    if (!array)
        return fail(array.error());
    QList<IdAlias> aliases;
    for (const QCborValue& item : *array) {
        const QCborArray pair = item.toArray();
        if (pair.size() != 2)
            return fail(SyncWire::malformed(QStringLiteral("编号映射格式错误")));
        auto from = SyncWire::decodeId(pair.at(0));
        auto to = SyncWire::decodeId(pair.at(1));
        if (!from || !to)
            return fail(SyncWire::malformed(QStringLiteral("编号映射格式错误")));
        aliases << IdAlias{*from, *to};
    }
    return aliases;
}

// The smallest stamp in a message is its base, so every delta is small and non-negative.
template <typename Range, typename StampOf> qint64 baseOf(const Range& items, StampOf stampOf)
{
    qint64 base = 0;
    bool first = true;
    for (const auto& item : items) {
        for (const HlcTimestamp& stamp : stampOf(item)) {
            if (stamp.isNull())
                continue;
            base = first ? stamp.ms : std::min(base, stamp.ms);
            first = false;
        }
    }
    return base;
}

Result<qint64> decodeBase(const QCborValue& value)
{
    auto base = SyncWire::decodeUnsigned(value, QStringLiteral("基准时间缺失"));
    if (!base)
        return fail(base.error());
    return qint64(*base);
}

} // namespace

QByteArray SyncCodec::encode(const ChangeSet& changeSet)
{
    SyncWire::StampContext context;
    context.baseMs = baseOf(changeSet.changes, [](const Change& c) { return QList<HlcTimestamp>{c.stamp}; });
    // The sender is device 0, so a change's stamp names it with one byte.
    context.devices.indexOf(changeSet.device);
    SyncWire::ShapeTable shapes;
    QCborArray changes;
    for (const Change& change : changeSet.changes) {
        QCborArray item{SyncWire::entityCode(change.entity), SyncWire::encodeId(change.id, change.stamp),
                        SyncWire::encodeStamp(change.stamp, context),
                        SyncWire::encodeRow(change.fields, shapes)};
        if (!change.base.isEmpty()) {
            QCborMap base;
            for (auto it = change.base.constBegin(); it != change.base.constEnd(); ++it)
                base.insert(it.key(), SyncWire::encodeStamp(it.value(), context));
            item.append(base);
        }
        changes.append(item);
    }
    QCborMap map;
    map.insert(0, kChangeSetFormat);
    map.insert(1, SyncWire::encodeId(changeSet.id));
    map.insert(2, changeSet.device);
    map.insert(3, qint64(changeSet.sequence));
    map.insert(4, context.baseMs);
    map.insert(5, context.devices.toCbor());
    map.insert(6, changes);
    map.insert(7, shapes.toCbor());
    return pack(map);
}

Result<ChangeSet> SyncCodec::decodeChangeSet(QByteArrayView bytes, const SyncLimits& limits)
{
    auto message = unpackStreamed(bytes, kChangeSetFormat, limits, 6);
    if (!message)
        return fail(message.error());
    const QCborMap& map = message->header;
    ChangeSet changeSet;
    auto id = SyncWire::decodeId(map.value(1));
    auto sequence = SyncWire::decodeUnsigned(map.value(3), QStringLiteral("序号缺失"));
    auto baseMs = decodeBase(map.value(4));
    auto devices = SyncWire::decodeDevices(map.value(5));
    auto shapes = SyncWire::ShapeTable::fromCbor(map.value(7));
    if (!id || !sequence || !baseMs || !devices || !message->bulk || !map.value(2).isString())
        return fail(SyncWire::malformed(QStringLiteral("变更集头部不完整")));
    if (!shapes)
        return fail(shapes.error());
    changeSet.id = *id;
    changeSet.device = map.value(2).toString();
    changeSet.sequence = *sequence;
    CborReader reader(message->bulkBytes());
    auto count = enterBulk(reader, limits, QStringLiteral("变更"));
    if (!count)
        return fail(SyncWire::malformed(QStringLiteral("变更集头部不完整")));
    changeSet.changes.reserve(*count);
    for (qsizetype i = 0; i < *count; ++i) {
        const auto malformedChange = [&] {
            return SyncWire::malformed(QStringLiteral("第 %1 条变更格式错误").arg(i + 1));
        };
        auto parts = reader.enterArray(5);
        if (!parts || *parts < 4)
            return fail(malformedChange());
        auto code = reader.integer();
        if (!code)
            return fail(malformedChange());
        auto entity = SyncWire::entityName(QCborValue(*code));
        if (!entity)
            return fail(entity.error());
        auto writtenId = SyncWire::decodeOptionalId(reader);
        if (!writtenId)
            return fail(writtenId.error());
        auto stamp = SyncWire::decodeStamp(reader, *baseMs, *devices);
        if (!stamp)
            return fail(stamp.error());
        auto recordId = SyncWire::idOrImplied(*writtenId, *stamp);
        if (!recordId)
            return fail(recordId.error());
        auto fields = SyncWire::decodeRow(reader, *shapes);
        if (!fields)
            return fail(fields.error());
        Change change{*entity, *recordId, std::move(*fields), *stamp, {}};
        if (*parts == 5) {
            auto baseValue = reader.value();
            if (!baseValue || !baseValue->isMap())
                return fail(malformedChange());
            const QCborMap base = baseValue->toMap();
            if (base.size() > change.fields.size())
                return fail(SyncWire::malformed(QStringLiteral("变更的原值时钟过多")));
            for (auto it = base.constBegin(); it != base.constEnd(); ++it) {
                auto seen = SyncWire::decodeStamp(it.value(), *baseMs, *devices);
                if (!it.key().isString() || !seen)
                    return fail(SyncWire::malformed(QStringLiteral("变更的原值时钟格式错误")));
                change.base.insert(it.key().toString(), *seen);
            }
        }
        if (!reader.leave())
            return fail(malformedChange());
        changeSet.changes.append(std::move(change));
    }
    if (!reader.leave())
        return fail(SyncWire::malformed(QStringLiteral("变更集格式错误")));
    return changeSet;
}

QByteArray SyncCodec::encode(const PullPage& page)
{
    SyncWire::StampContext context;
    context.baseMs = baseOf(page.records, [](const RecordState& r) {
        QList<HlcTimestamp> stamps{r.clocks.all()};
        stamps += r.clocks.fields().values();
        return stamps;
    });
    SyncWire::ShapeTable shapes;
    QCborArray records;
    for (const RecordState& record : page.records)
        records.append(QCborArray{
            SyncWire::entityCode(record.entity), SyncWire::encodeId(record.id, record.clocks.all()),
            SyncWire::encodeRow(record.data, shapes), SyncWire::encodeClocks(record.clocks, context)});
    QCborMap map;
    map.insert(0, kPullPageFormat);
    map.insert(1, qint64(page.cursor));
    map.insert(2, qint64(page.nextCursor));
    map.insert(3, page.more);
    map.insert(4, context.baseMs);
    map.insert(5, context.devices.toCbor());
    map.insert(6, records);
    map.insert(7, encodeAliases(page.aliases));
    QCborArray departures;
    for (const RecordKey& key : page.departures)
        departures.append(QCborArray{SyncWire::entityCode(key.entity), SyncWire::encodeId(key.id)});
    map.insert(8, departures);
    map.insert(9, shapes.toCbor());
    return pack(map);
}

Result<PullPage> SyncCodec::decodePullPage(QByteArrayView bytes, const SyncLimits& limits)
{
    auto message = unpackStreamed(bytes, kPullPageFormat, limits, 6);
    if (!message)
        return fail(message.error());
    const QCborMap& map = message->header;
    auto cursor = SyncWire::decodeUnsigned(map.value(1), QStringLiteral("游标缺失"));
    auto next = SyncWire::decodeUnsigned(map.value(2), QStringLiteral("下一游标缺失"));
    auto base = decodeBase(map.value(4));
    auto devices = SyncWire::decodeDevices(map.value(5));
    auto aliases = decodeAliases(map.value(7), limits);
    auto shapes = SyncWire::ShapeTable::fromCbor(map.value(9));
    if (!cursor || !next || !base || !devices || !message->bulk || !map.value(3).isBool())
        return fail(SyncWire::malformed(QStringLiteral("数据页头部不完整")));
    if (!shapes)
        return fail(shapes.error());
    if (!aliases)
        return fail(aliases.error());
    PullPage page{*cursor, *next, map.value(3).toBool(), {}, *aliases, {}};
    auto departures = boundedArray(map.value(8), limits, QStringLiteral("迁出记录"));
    if (!departures)
        return fail(departures.error());
    for (const QCborValue& item : *departures) {
        const QCborArray parts = item.toArray();
        auto entity = SyncWire::entityName(parts.at(0));
        auto id = SyncWire::decodeId(parts.at(1));
        if (parts.size() != 2 || !entity || !id)
            return fail(SyncWire::malformed(QStringLiteral("迁出记录格式错误")));
        page.departures.append(RecordKey{*entity, *id});
    }
    CborReader reader(message->bulkBytes());
    auto count = enterBulk(reader, limits, QStringLiteral("记录"));
    if (!count)
        return fail(SyncWire::malformed(QStringLiteral("数据页头部不完整")));
    page.records.reserve(*count);
    for (qsizetype i = 0; i < *count; ++i) {
        const auto malformedRecord = [&] {
            return SyncWire::malformed(QStringLiteral("第 %1 条记录格式错误").arg(i + 1));
        };
        auto parts = reader.enterArray(4);
        if (!parts || *parts != 4)
            return fail(malformedRecord());
        auto code = reader.integer();
        if (!code)
            return fail(malformedRecord());
        auto entity = SyncWire::entityName(QCborValue(*code));
        if (!entity)
            return fail(entity.error());
        auto writtenId = SyncWire::decodeOptionalId(reader);
        if (!writtenId)
            return fail(writtenId.error());
        auto data = SyncWire::decodeRow(reader, *shapes);
        if (!data)
            return fail(data.error());
        auto clocks = SyncWire::decodeClocks(reader, *base, *devices);
        if (!clocks)
            return fail(clocks.error());
        auto id = SyncWire::idOrImplied(*writtenId, clocks->all());
        if (!id)
            return fail(id.error());
        if (!reader.leave())
            return fail(malformedRecord());
        page.records.append(RecordState{*entity, *id, std::move(*data), std::move(*clocks)});
    }
    if (!reader.leave())
        return fail(SyncWire::malformed(QStringLiteral("数据页格式错误")));
    return page;
}

QByteArray SyncCodec::encode(const PushReply& reply)
{
    SyncWire::StampContext context;
    context.baseMs =
        baseOf(reply.clamped, [](const ClampedStamp& c) { return QList<HlcTimestamp>{c.stamp}; });
    QCborArray rejected;
    for (const RejectedChange& r : reply.rejected)
        rejected.append(QCborArray{r.index, r.entity, SyncWire::encodeId(r.id), r.reason});
    QCborArray clamped;
    for (const ClampedStamp& c : reply.clamped)
        clamped.append(QCborArray{c.index, SyncWire::encodeStamp(c.stamp, context)});
    QCborMap map;
    map.insert(0, kReplyFormat);
    map.insert(1, SyncWire::encodeId(reply.changeSetId));
    map.insert(2, qint64(reply.sequence));
    map.insert(3, reply.accepted);
    map.insert(4, rejected);
    map.insert(5, encodeAliases(reply.aliases));
    map.insert(6, context.baseMs);
    map.insert(7, context.devices.toCbor());
    map.insert(8, clamped);
    return pack(map);
}

Result<PushReply> SyncCodec::decodePushReply(QByteArrayView bytes, const SyncLimits& limits)
{
    auto map = unpack(bytes, kReplyFormat, limits);
    if (!map)
        return fail(map.error());
    auto id = SyncWire::decodeId(map->value(1));
    auto sequence = SyncWire::decodeUnsigned(map->value(2), QStringLiteral("序号缺失"));
    auto accepted = SyncWire::decodeUnsigned(map->value(3), QStringLiteral("接受数缺失"));
    auto rejected = boundedArray(map->value(4), limits, QStringLiteral("退回"));
    auto aliases = decodeAliases(map->value(5), limits);
    auto base = decodeBase(map->value(6));
    auto devices = SyncWire::decodeDevices(map->value(7));
    auto clamped = boundedArray(map->value(8), limits, QStringLiteral("时钟校正"));
    if (!id || !sequence || !accepted || !rejected || !base || !devices || !clamped)
        return fail(SyncWire::malformed(QStringLiteral("回执头部不完整")));
    if (!aliases)
        return fail(aliases.error());
    PushReply reply;
    reply.changeSetId = *id;
    reply.sequence = *sequence;
    reply.accepted = int(std::min<quint64>(*accepted, quint64(limits.maxItems)));
    reply.aliases = *aliases;
    for (const QCborValue& item : *rejected) {
        const QCborArray parts = item.toArray();
        auto recordId = SyncWire::decodeId(parts.at(2));
        if (parts.size() != 4 || !parts.at(0).isInteger() || !parts.at(1).isString() || !recordId ||
            !parts.at(3).isString())
            return fail(SyncWire::malformed(QStringLiteral("退回条目格式错误")));
        reply.rejected.append(RejectedChange{int(parts.at(0).toInteger()), parts.at(1).toString(), *recordId,
                                             parts.at(3).toString()});
    }
    for (const QCborValue& item : *clamped) {
        const QCborArray parts = item.toArray();
        if (parts.size() != 2 || !parts.at(0).isInteger())
            return fail(SyncWire::malformed(QStringLiteral("时钟校正条目格式错误")));
        auto stamp = SyncWire::decodeStamp(parts.at(1), *base, *devices);
        if (!stamp)
            return fail(stamp.error());
        reply.clamped.append(ClampedStamp{int(parts.at(0).toInteger()), *stamp});
    }
    return reply;
}

} // namespace kjzy
