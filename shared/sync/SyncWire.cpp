#include "SyncWire.h"

#include "CborReader.h"
#include "clock/RecordId.h"

#include <algorithm>

#include <QJsonArray>
#include <QUuid>

namespace kjzy {

namespace {
constexpr qsizetype kUuidBytes = 16;
constexpr qsizetype kMaxIdChars = 200;
constexpr qsizetype kMaxFields = 64;
constexpr qsizetype kMaxTextChars = 4096;
constexpr qsizetype kMaxArrayItems = 64;
constexpr qsizetype kMaxShapes = 4096;
} // namespace

Error SyncWire::malformed(const QString& what)
{
    return Error::make(ErrorCode::InvalidInput, QStringLiteral("同步数据格式错误：%1").arg(what));
}

QCborValue SyncWire::encodeId(const QString& id)
{
    // A membership id joins two record ids: "<team>/<volunteer>".
    const qsizetype slash = id.indexOf(u'/');
    if (slash > 0)
        return QCborArray{encodeId(id.left(slash)), encodeId(id.mid(slash + 1))};
    const QUuid uuid = QUuid::fromString(id);
    if (!uuid.isNull() && uuid.toString(QUuid::WithoutBraces) == id)
        return QCborValue(uuid.toRfc4122());
    return QCborValue(id);
}

Result<QString> SyncWire::idFromBytes(const QByteArray& bytes)
{
    if (bytes.size() != kUuidBytes)
        return fail(malformed(QStringLiteral("记录编号长度错误")));
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

Result<QString> SyncWire::idFromText(const QString& id)
{
    if (id.isEmpty() || id.size() > kMaxIdChars || id.contains(u'/'))
        return fail(malformed(QStringLiteral("记录编号无效")));
    return id;
}

Result<QString> SyncWire::decodeId(const QCborValue& value)
{
    if (value.isByteArray())
        return idFromBytes(value.toByteArray());
    if (value.isString())
        return idFromText(value.toString());
    if (value.isArray() && value.toArray().size() == 2) {
        const QCborArray parts = value.toArray();
        if (parts.at(0).isArray() || parts.at(1).isArray())
            return fail(malformed(QStringLiteral("成员关系编号无效")));
        auto team = decodeId(parts.at(0));
        if (!team)
            return team;
        auto volunteer = decodeId(parts.at(1));
        if (!volunteer)
            return volunteer;
        return *team + u'/' + *volunteer;
    }
    return fail(malformed(QStringLiteral("记录编号类型错误")));
}

QCborValue SyncWire::encodeId(const QString& id, const HlcTimestamp& creation)
{
    if (!creation.isNull() && id.size() == 36 && id == RecordId::forCreation(creation))
        return QCborValue(nullptr);
    return encodeId(id);
}

Result<QString> SyncWire::decodeId(CborReader& reader)
{
    if (reader.isByteArray()) {
        auto bytes = reader.bytes(kUuidBytes);
        if (!bytes)
            return fail(malformed(QStringLiteral("记录编号长度错误")));
        return idFromBytes(*bytes);
    }
    if (reader.isString()) {
        auto text = reader.text(kMaxIdChars);
        if (!text)
            return fail(malformed(QStringLiteral("记录编号无效")));
        return idFromText(*text);
    }
    if (reader.isArray()) {
        // A membership: [team, volunteer], each a plain id.
        auto parts = reader.enterArray(2);
        if (!parts || *parts != 2 || reader.isArray())
            return fail(malformed(QStringLiteral("成员关系编号无效")));
        auto team = decodeId(reader);
        if (!team)
            return team;
        if (reader.isArray())
            return fail(malformed(QStringLiteral("成员关系编号无效")));
        auto volunteer = decodeId(reader);
        if (!volunteer)
            return volunteer;
        if (auto left = reader.leave(); !left)
            return fail(left.error());
        return *team + u'/' + *volunteer;
    }
    return fail(malformed(QStringLiteral("记录编号类型错误")));
}

Result<std::optional<QString>> SyncWire::decodeOptionalId(CborReader& reader)
{
    if (!reader.isNull()) {
        auto id = decodeId(reader);
        if (!id)
            return fail(id.error());
        return std::optional<QString>(*id);
    }
    if (auto skipped = reader.null(); !skipped)
        return fail(skipped.error());
    return std::optional<QString>();
}

Result<QString> SyncWire::idOrImplied(const std::optional<QString>& id, const HlcTimestamp& creation)
{
    if (id)
        return *id;
    if (creation.isNull())
        return fail(malformed(QStringLiteral("记录编号缺失")));
    return RecordId::forCreation(creation);
}

int SyncWire::entityCode(const QString& name)
{
    if (name == entity::kVolunteer)
        return 0;
    if (name == entity::kTeam)
        return 1;
    if (name == entity::kMembership)
        return 2;
    return -1;
}

Result<QString> SyncWire::entityName(const QCborValue& value)
{
    switch (value.isInteger() ? value.toInteger() : -1) {
    case 0:
        return entity::kVolunteer;
    case 1:
        return entity::kTeam;
    case 2:
        return entity::kMembership;
    default:
        return fail(malformed(QStringLiteral("未知的记录类型")));
    }
}

int SyncWire::ShapeTable::indexOf(const QStringList& keys)
{
    const QString joined = keys.join(u'\n');
    const auto found = m_index.constFind(joined);
    if (found != m_index.constEnd())
        return found.value();
    m_shapes << keys;
    m_index.insert(joined, int(m_shapes.size() - 1));
    return int(m_shapes.size() - 1);
}

QCborArray SyncWire::ShapeTable::toCbor() const
{
    QCborArray out;
    for (const QStringList& keys : m_shapes)
        out.append(QCborArray::fromStringList(keys));
    return out;
}

Result<SyncWire::ShapeTable> SyncWire::ShapeTable::fromCbor(const QCborValue& value)
{
    if (!value.isArray() || value.toArray().size() > kMaxShapes)
        return fail(malformed(QStringLiteral("字段表缺失或过大")));
    ShapeTable table;
    for (const QCborValue& shape : value.toArray()) {
        const QCborArray names = shape.toArray();
        if (!shape.isArray() || names.size() > kMaxFields)
            return fail(malformed(QStringLiteral("字段表格式错误")));
        QStringList keys;
        for (const QCborValue& name : names) {
            if (!name.isString() || name.toString().isEmpty() || name.toString().size() > 64 ||
                keys.contains(name.toString()))
                return fail(malformed(QStringLiteral("字段名无效")));
            keys << name.toString();
        }
        Template shapeTemplate;
        shapeTemplate.sortedKeys = keys;
        std::sort(shapeTemplate.sortedKeys.begin(), shapeTemplate.sortedKeys.end()); // FieldMap's order
        for (const QString& key : shapeTemplate.sortedKeys)
            shapeTemplate.order << int(keys.indexOf(key));
        table.m_shapes << keys;
        table.m_templates << shapeTemplate;
    }
    return table;
}

QCborArray SyncWire::encodeRow(const FieldMap& fields, ShapeTable& shapes)
{
    QCborArray row;
    row.append(shapes.indexOf(fields.keys()));
    for (const FieldMap::Entry& entry : fields.entries())
        row.append(encodeFieldValue(entry.second));
    return row;
}

Result<FieldMap> SyncWire::decodeRow(CborReader& reader, const ShapeTable& shapes)
{
    auto size = reader.enterArray(kMaxFields + 1);
    if (!size || *size == 0)
        return fail(malformed(QStringLiteral("字段行格式错误")));
    auto index = reader.integer();
    if (!index)
        return fail(malformed(QStringLiteral("字段行格式错误")));
    if (*index < 0 || *index >= shapes.m_templates.size())
        return fail(malformed(QStringLiteral("字段行引用了不存在的字段表")));
    const ShapeTable::Template& shape = shapes.m_templates.at(*index);
    if (*size != shape.order.size() + 1)
        return fail(malformed(QStringLiteral("字段行的值个数与字段表不符")));
    // Values come in the shape's order; the map wants its own (sorted) order.
    QList<FieldValue> values;
    values.reserve(shape.order.size());
    for (qsizetype i = 0; i < shape.order.size(); ++i) {
        auto field = decodeFieldValue(reader);
        if (!field)
            return fail(field.error());
        values.append(std::move(*field));
    }
    if (auto left = reader.leave(); !left)
        return fail(left.error());
    QList<FieldMap::Entry> entries;
    entries.reserve(shape.order.size());
    for (qsizetype position = 0; position < shape.order.size(); ++position)
        entries.emplace_back(shape.sortedKeys.at(position), std::move(values[shape.order.at(position)]));
    return FieldMap::fromSortedEntries(std::move(entries));
}

QCborValue SyncWire::encodeFieldValue(const FieldValue& value)
{
    switch (value.kind()) {
    case FieldValue::Kind::Bool:
        return QCborValue(value.toBool());
    case FieldValue::Kind::Text:
        return QCborValue(value.text());
    case FieldValue::Kind::List:
        return QCborArray::fromStringList(value.toStringList());
    case FieldValue::Kind::Null:
    case FieldValue::Kind::Undefined:
        break;
    }
    return QCborValue(nullptr);
}

Result<FieldValue> SyncWire::decodeFieldValue(CborReader& reader)
{
    // Only the shapes record fields have: text, booleans, null, lists of text.
    switch (reader.type()) {
    case CborReader::Type::Text: {
        auto text = reader.text(kMaxTextChars);
        if (!text)
            return fail(malformed(QStringLiteral("字段值过长")));
        return FieldValue(std::move(*text));
    }
    case CborReader::Type::Array: {
        auto size = reader.enterArray(kMaxArrayItems);
        if (!size)
            return fail(malformed(QStringLiteral("列表项过多")));
        QStringList list;
        list.reserve(*size);
        for (qsizetype i = 0; i < *size; ++i) {
            auto item = reader.text(kMaxTextChars);
            if (!item)
                return fail(malformed(QStringLiteral("列表项必须是文本")));
            list << *item;
        }
        if (auto left = reader.leave(); !left)
            return fail(left.error());
        return FieldValue(std::move(list));
    }
    case CborReader::Type::Bool: {
        auto flag = reader.boolean();
        if (!flag)
            return fail(flag.error());
        return FieldValue(*flag);
    }
    case CborReader::Type::Null: {
        if (auto none = reader.null(); !none)
            return fail(none.error());
        return FieldValue(nullptr);
    }
    default:
        break;
    }
    return fail(malformed(QStringLiteral("字段值类型不受支持")));
}

int SyncWire::DeviceTable::indexOf(const QString& device)
{
    const qsizetype index = m_devices.indexOf(device);
    if (index >= 0)
        return int(index);
    m_devices << device;
    return int(m_devices.size() - 1);
}

QCborArray SyncWire::DeviceTable::toCbor() const
{
    return QCborArray::fromStringList(m_devices);
}

Result<QStringList> SyncWire::decodeDevices(const QCborValue& value)
{
    if (!value.isArray())
        return fail(malformed(QStringLiteral("设备表缺失")));
    QStringList devices;
    for (const QCborValue& item : value.toArray()) {
        if (!item.isString() || item.toString().isEmpty() || item.toString().size() > kMaxIdChars)
            return fail(malformed(QStringLiteral("设备编号无效")));
        devices << item.toString();
    }
    return devices;
}

QCborArray SyncWire::encodeStamp(const HlcTimestamp& stamp, StampContext& context)
{
    return QCborArray{stamp.ms - context.baseMs, qint64(stamp.counter),
                      context.devices.indexOf(stamp.device)};
}

Result<HlcTimestamp> SyncWire::stampOf(qint64 baseMs, qint64 delta, qint64 counter, qint64 device,
                                       const QStringList& devices)
{
    // Bounds keep the arithmetic defined: ms stays within HLC's 18 digits. The base comes off the
    // wire as any non-negative CBOR integer, so it is bounded before the delta is added to it.
    constexpr qint64 kMaxMs = 999'999'999'999'999'999LL;
    if (baseMs < 0 || baseMs > kMaxMs || delta < -kMaxMs || delta > kMaxMs || baseMs + delta < 0 ||
        baseMs + delta > kMaxMs || counter < 0 || counter > HlcTimestamp::kMaxCounter || device < 0 ||
        device >= devices.size())
        return fail(malformed(QStringLiteral("时间戳超出范围")));
    return HlcTimestamp{baseMs + delta, quint32(counter), devices.at(device)};
}

Result<HlcTimestamp> SyncWire::decodeStamp(const QCborValue& value, qint64 baseMs, const QStringList& devices)
{
    const QCborArray parts = value.toArray();
    if (!value.isArray() || parts.size() != 3 || !parts.at(0).isInteger() || !parts.at(1).isInteger() ||
        !parts.at(2).isInteger())
        return fail(malformed(QStringLiteral("时间戳格式错误")));
    return stampOf(baseMs, parts.at(0).toInteger(), parts.at(1).toInteger(), parts.at(2).toInteger(),
                   devices);
}

Result<HlcTimestamp> SyncWire::decodeStamp(CborReader& reader, qint64 baseMs, const QStringList& devices)
{
    auto size = reader.enterArray(3);
    if (!size || *size != 3)
        return fail(malformed(QStringLiteral("时间戳格式错误")));
    auto delta = reader.integer();
    auto counter = delta ? reader.integer() : delta;
    auto device = counter ? reader.integer() : counter;
    if (!device || !reader.leave())
        return fail(malformed(QStringLiteral("时间戳格式错误")));
    return stampOf(baseMs, *delta, *counter, *device, devices);
}

QCborArray SyncWire::encodeClocks(const RecordClocks& clocks, StampContext& context)
{
    QCborMap fields;
    for (auto it = clocks.fields().constBegin(); it != clocks.fields().constEnd(); ++it)
        fields.insert(it.key(), encodeStamp(it.value(), context));
    return QCborArray{
        clocks.all().isNull() ? QCborValue(nullptr) : QCborValue(encodeStamp(clocks.all(), context)), fields};
}

Result<RecordClocks> SyncWire::decodeClocks(CborReader& reader, qint64 baseMs, const QStringList& devices)
{
    auto size = reader.enterArray(2);
    if (!size || *size != 2)
        return fail(malformed(QStringLiteral("字段时钟格式错误")));
    RecordClocks clocks;
    if (reader.isNull()) {
        if (auto skipped = reader.null(); !skipped)
            return fail(skipped.error());
    } else {
        auto all = decodeStamp(reader, baseMs, devices);
        if (!all)
            return fail(all.error());
        clocks.setAll(*all);
    }
    auto fields = reader.enterMap(kMaxFields);
    if (!fields)
        return fail(malformed(QStringLiteral("字段时钟格式错误或过多")));
    for (qsizetype i = 0; i < *fields; ++i) {
        auto field = reader.text(64);
        if (!field)
            return fail(malformed(QStringLiteral("字段时钟格式错误")));
        auto stamp = decodeStamp(reader, baseMs, devices);
        if (!stamp)
            return fail(malformed(QStringLiteral("字段时钟格式错误")));
        clocks.set(*field, *stamp);
    }
    if (auto left = reader.leave(); !left)
        return fail(left.error());
    if (auto left = reader.leave(); !left)
        return fail(left.error());
    return clocks;
}

Result<quint64> SyncWire::decodeUnsigned(const QCborValue& value, const QString& what)
{
    if (!value.isInteger() || value.toInteger() < 0)
        return fail(malformed(what));
    return quint64(value.toInteger());
}

} // namespace kjzy
