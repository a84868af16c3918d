#include "BundleCodec.h"

#include "crypto/EnvelopeHeader.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QSet>

namespace kjzy {

namespace {

const QString kBundleFormat = QStringLiteral("kjzy-bundle/1");
const QString kReplyFormat = QStringLiteral("kjzy-bundle-reply/1");

Error malformed(const QString& what)
{
    return Error::make(ErrorCode::Crypto, QStringLiteral("数据包内容格式错误：%1").arg(what));
}

// The map with exactly the keys 0..keys-1 and the expected format name.
Result<QCborMap> unpack(QByteArrayView bytes, const QString& format, int keys, const BundleLimits& limits)
{
    if (qint64(bytes.size()) > limits.maxBytes)
        return fail(malformed(QStringLiteral("超过大小上限")));
    const QByteArray copy = bytes.toByteArray();
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(copy, &error);
    if (error.error != QCborError::NoError || !value.isMap())
        return fail(malformed(QStringLiteral("不是有效的 CBOR 映射")));
    QCborMap map = value.toMap();
    // Re-encoding must give the very bytes: refuses trailing data, indefinite lengths and any
    // second spelling of the same message.
    if (value.toCbor() != copy)
        return fail(malformed(QStringLiteral("编码不规范或有多余数据")));
    if (map.size() != keys)
        return fail(malformed(QStringLiteral("键的数目不对")));
    for (int key = 0; key < keys; ++key) {
        if (!map.contains(key))
            return fail(malformed(QStringLiteral("缺少键 %1").arg(key)));
    }
    if (!map.value(0).isString() || map.value(0).toString() != format)
        return fail(malformed(QStringLiteral("格式无法识别，应为“%1”").arg(format)));
    return map;
}

Result<QString> takeId(const QCborValue& value, const QString& what)
{
    if (!value.isString())
        return fail(malformed(what));
    const QString text = value.toString();
    const qsizetype bytes = text.toUtf8().size();
    if (bytes == 0 || bytes > EnvelopeHeader::kMaxIdBytes)
        return fail(malformed(what));
    return text;
}

Result<quint64> takeUnsigned(const QCborValue& value, const QString& what)
{
    if (!value.isInteger() || value.toInteger() < 0)
        return fail(malformed(what));
    return quint64(value.toInteger());
}

Result<QCborArray> takeArray(const QCborValue& value, const BundleLimits& limits, const QString& what)
{
    if (!value.isArray())
        return fail(malformed(what));
    QCborArray array = value.toArray();
    if (array.size() > limits.maxEntries)
        return fail(malformed(QStringLiteral("%1条目过多").arg(what)));
    return array;
}

Result<QByteArray> takeBytes(const QCborValue& value, const BundleLimits& limits, const QString& what)
{
    if (!value.isByteArray())
        return fail(malformed(what));
    QByteArray bytes = value.toByteArray();
    if (bytes.isEmpty() || qint64(bytes.size()) > limits.maxEntryBytes)
        return fail(malformed(what));
    return bytes;
}

Result<QList<QByteArray>> takeByteList(const QCborValue& value, const BundleLimits& limits,
                                       const QString& what)
{
    auto array = takeArray(value, limits, what);
    if (!array)
        return fail(array.error());
    QList<QByteArray> out;
    out.reserve(array->size());
    for (const QCborValue& item : *array) {
        auto bytes = takeBytes(item, limits, what);
        if (!bytes)
            return fail(bytes.error());
        out.append(std::move(*bytes));
    }
    return out;
}

QCborArray byteList(const QList<QByteArray>& items)
{
    QCborArray array;
    for (const QByteArray& item : items)
        array.append(item);
    return array;
}

} // namespace

QByteArray BundleCodec::encode(const Bundle& bundle)
{
    QCborMap map;
    map.insert(0, kBundleFormat);
    map.insert(1, bundle.id);
    map.insert(2, bundle.device);
    map.insert(3, qint64(bundle.cursor));
    map.insert(4, byteList(bundle.changeSets));
    return QCborValue(map).toCbor();
}

Result<Bundle> BundleCodec::decodeBundle(QByteArrayView bytes, const BundleLimits& limits)
{
    auto map = unpack(bytes, kBundleFormat, 5, limits);
    if (!map)
        return fail(map.error());
    auto id = takeId(map->value(1), QStringLiteral("数据包编号"));
    if (!id)
        return fail(id.error());
    auto device = takeId(map->value(2), QStringLiteral("设备编号"));
    if (!device)
        return fail(device.error());
    auto cursor = takeUnsigned(map->value(3), QStringLiteral("游标"));
    if (!cursor)
        return fail(cursor.error());
    auto changeSets = takeByteList(map->value(4), limits, QStringLiteral("变更集"));
    if (!changeSets)
        return fail(changeSets.error());
    return Bundle{*id, *device, *cursor, std::move(*changeSets)};
}

QByteArray BundleCodec::encode(const BundleReply& reply)
{
    QCborArray replies;
    for (const BundleReplyEntry& entry : reply.replies)
        replies.append(QCborArray{entry.changeSetId, entry.sealedReply});
    QCborMap map;
    map.insert(0, kReplyFormat);
    map.insert(1, reply.bundleId);
    map.insert(2, reply.device);
    map.insert(3, qint64(reply.cursor));
    map.insert(4, qint64(reply.nextCursor));
    map.insert(5, replies);
    map.insert(6, byteList(reply.pages));
    return QCborValue(map).toCbor();
}

Result<BundleReply> BundleCodec::decodeReply(QByteArrayView bytes, const BundleLimits& limits)
{
    auto map = unpack(bytes, kReplyFormat, 7, limits);
    if (!map)
        return fail(map.error());
    auto id = takeId(map->value(1), QStringLiteral("数据包编号"));
    if (!id)
        return fail(id.error());
    auto device = takeId(map->value(2), QStringLiteral("设备编号"));
    if (!device)
        return fail(device.error());
    auto cursor = takeUnsigned(map->value(3), QStringLiteral("游标"));
    if (!cursor)
        return fail(cursor.error());
    auto nextCursor = takeUnsigned(map->value(4), QStringLiteral("下一游标"));
    if (!nextCursor)
        return fail(nextCursor.error());
    if (*nextCursor < *cursor)
        return fail(malformed(QStringLiteral("下一游标小于游标")));
    auto replies = takeArray(map->value(5), limits, QStringLiteral("回执"));
    if (!replies)
        return fail(replies.error());
    auto pages = takeByteList(map->value(6), limits, QStringLiteral("数据页"));
    if (!pages)
        return fail(pages.error());

    BundleReply reply{*id, *device, *cursor, *nextCursor, {}, std::move(*pages)};
    QSet<QString> seen;
    for (const QCborValue& item : *replies) {
        const QCborArray pair = item.toArray();
        if (!item.isArray() || pair.size() != 2)
            return fail(malformed(QStringLiteral("回执条目")));
        auto changeSetId = takeId(pair.at(0), QStringLiteral("回执的变更集编号"));
        if (!changeSetId)
            return fail(changeSetId.error());
        auto sealed = takeBytes(pair.at(1), limits, QStringLiteral("回执"));
        if (!sealed)
            return fail(sealed.error());
        if (seen.contains(*changeSetId))
            return fail(malformed(QStringLiteral("变更集 %1 的回执重复").arg(changeSetId->left(64))));
        seen.insert(*changeSetId);
        reply.replies.append(BundleReplyEntry{*changeSetId, std::move(*sealed)});
    }
    return reply;
}

} // namespace kjzy
