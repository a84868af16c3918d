#include "SyncWire.h"

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

Result<QString> SyncWire::decodeId(const QCborValue& value)
{
    if (value.isByteArray()) {
        const QByteArray bytes = value.toByteArray();
        if (bytes.size() != kUuidBytes)
            return fail(malformed(QStringLiteral("记录编号长度错误")));
        return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
    }
    if (value.isString()) {
        const QString id = value.toString();
        if (id.isEmpty() || id.size() > kMaxIdChars || id.contains(u'/'))
            return fail(malformed(QStringLiteral("记录编号无效")));
        return id;
    }
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

Result<QString> SyncWire::decodeId(const QCborValue& value, const HlcTimestamp& creation)
{
    if (!value.isNull())
        return decodeId(value);
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

Result<FieldMap> SyncWire::decodeRow(const QCborValue& value, const ShapeTable& shapes)
{
    const QCborArray row = value.toArray();
    if (!value.isArray() || row.isEmpty() || !row.at(0).isInteger())
        return fail(malformed(QStringLiteral("字段行格式错误")));
    const qint64 index = row.at(0).toInteger();
    if (index < 0 || index >= shapes.m_templates.size())
        return fail(malformed(QStringLiteral("字段行引用了不存在的字段表")));
    const ShapeTable::Template& shape = shapes.m_templates.at(index);
    if (row.size() != shape.order.size() + 1)
        return fail(malformed(QStringLiteral("字段行的值个数与字段表不符")));
    QList<FieldMap::Entry> entries;
    entries.reserve(shape.order.size());
    for (qsizetype position = 0; position < shape.order.size(); ++position) {
        auto field = decodeFieldValue(row.at(shape.order.at(position) + 1));
        if (!field)
            return fail(field.error());
        entries.emplace_back(shape.sortedKeys.at(position), std::move(*field));
    }
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

Result<FieldValue> SyncWire::decodeFieldValue(const QCborValue& v)
{
    // Only the shapes record fields have: text, booleans, null, lists of text.
    if (v.isString()) {
        QString text = v.toString();
        if (text.size() > kMaxTextChars)
            return fail(malformed(QStringLiteral("字段值过长")));
        return FieldValue(std::move(text));
    }
    if (v.isArray()) {
        const QCborArray items = v.toArray();
        if (items.size() > kMaxArrayItems)
            return fail(malformed(QStringLiteral("列表项过多")));
        QStringList list;
        list.reserve(items.size());
        for (const QCborValue& item : items) {
            if (!item.isString() || item.toString().size() > kMaxTextChars)
                return fail(malformed(QStringLiteral("列表项必须是文本")));
            list << item.toString();
        }
        return FieldValue(std::move(list));
    }
    if (v.isBool())
        return FieldValue(v.toBool());
    if (v.isNull())
        return FieldValue(nullptr);
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

Result<HlcTimestamp> SyncWire::decodeStamp(const QCborValue& value, qint64 baseMs, const QStringList& devices)
{
    const QCborArray parts = value.toArray();
    if (!value.isArray() || parts.size() != 3 || !parts.at(0).isInteger() || !parts.at(1).isInteger() ||
        !parts.at(2).isInteger())
        return fail(malformed(QStringLiteral("时间戳格式错误")));
    const qint64 delta = parts.at(0).toInteger();
    const qint64 counter = parts.at(1).toInteger();
    const qint64 device = parts.at(2).toInteger();
    // Bounds keep the arithmetic defined: ms stays within HLC's 18 digits. The base comes off the
    // wire as any non-negative CBOR integer, so it is bounded before the delta is added to it.
    constexpr qint64 kMaxMs = 999'999'999'999'999'999LL;
    if (baseMs < 0 || baseMs > kMaxMs || delta < -kMaxMs || delta > kMaxMs || baseMs + delta < 0 ||
        baseMs + delta > kMaxMs || counter < 0 || counter > HlcTimestamp::kMaxCounter || device < 0 ||
        device >= devices.size())
        return fail(malformed(QStringLiteral("时间戳超出范围")));
    return HlcTimestamp{baseMs + delta, quint32(counter), devices.at(device)};
}

QCborArray SyncWire::encodeClocks(const RecordClocks& clocks, StampContext& context)
{
    QCborMap fields;
    for (auto it = clocks.fields().constBegin(); it != clocks.fields().constEnd(); ++it)
        fields.insert(it.key(), encodeStamp(it.value(), context));
    return QCborArray{
        clocks.all().isNull() ? QCborValue(nullptr) : QCborValue(encodeStamp(clocks.all(), context)), fields};
}

Result<RecordClocks> SyncWire::decodeClocks(const QCborValue& value, qint64 baseMs,
                                            const QStringList& devices)
{
    const QCborArray parts = value.toArray();
    if (!value.isArray() || parts.size() != 2 || !parts.at(1).isMap())
        return fail(malformed(QStringLiteral("字段时钟格式错误")));
    RecordClocks clocks;
    if (!parts.at(0).isNull()) {
        auto all = decodeStamp(parts.at(0), baseMs, devices);
        if (!all)
            return fail(all.error());
        clocks.setAll(*all);
    }
    const QCborMap fields = parts.at(1).toMap();
    if (fields.size() > kMaxFields)
        return fail(malformed(QStringLiteral("字段时钟过多")));
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        auto stamp = decodeStamp(it.value(), baseMs, devices);
        if (!it.key().isString() || !stamp)
            return fail(malformed(QStringLiteral("字段时钟格式错误")));
        clocks.set(it.key().toString(), *stamp);
    }
    return clocks;
}

Result<quint64> SyncWire::decodeUnsigned(const QCborValue& value, const QString& what)
{
    if (!value.isInteger() || value.toInteger() < 0)
        return fail(malformed(what));
    return quint64(value.toInteger());
}

} // namespace kjzy
