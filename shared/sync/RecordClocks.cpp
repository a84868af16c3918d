#include "RecordClocks.h"

#include "core/JsonWriter.h"

#include <QJsonDocument>

#include <algorithm>

namespace kjzy {

HlcTimestamp RecordClocks::stampOf(const QString& field) const
{
    const auto it = m_fields.constFind(field);
    return it != m_fields.constEnd() ? *it : m_all;
}

void RecordClocks::set(const QString& field, const HlcTimestamp& stamp)
{
    if (field == allFieldsKey()) {
        setAll(stamp);
        return;
    }
    m_fields.insert(field, stamp);
}

void RecordClocks::setAll(const HlcTimestamp& stamp)
{
    m_all = stamp;
    m_fields.clear();
}

HlcTimestamp RecordClocks::latest() const
{
    HlcTimestamp latest = m_all;
    for (const HlcTimestamp& stamp : m_fields)
        latest = std::max(latest, stamp);
    return latest;
}

QJsonObject RecordClocks::toJson() const
{
    QJsonObject json;
    if (!m_all.isNull())
        json.insert(allFieldsKey(), m_all.toString());
    for (auto it = m_fields.constBegin(); it != m_fields.constEnd(); ++it)
        json.insert(it.key(), it.value().toString());
    return json;
}

QString RecordClocks::toJsonString() const
{
    // Written directly, keys in QJsonObject's order ("*" sorts first), so the text is what
    // QJsonDocument wrote before: building the QJsonObject cost more than storing the row.
    if (m_fields.isEmpty() && !m_all.isNull()) {
        // Every record of a first pull: one stamp, whose text needs no escaping unless its
        // device id does (ids are UUIDs; anything else takes the escaping writer below).
        const QString stamp = m_all.toString();
        const bool plain = std::all_of(stamp.cbegin(), stamp.cend(), [](QChar c) {
            return c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\';
        });
        if (plain)
            return QStringView(u"{\"*\":\"") + stamp + QStringView(u"\"}");
    }
    JsonWriter json;
    json.beginObject();
    if (!m_all.isNull())
        json.key(allFieldsKey()).value(m_all.toString());
    QStringList keys = m_fields.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString& key : keys)
        json.key(key).value(m_fields.value(key).toString());
    json.endObject();
    return json.text();
}

QByteArray RecordClocks::toJsonText() const
{
    return toJsonString().toUtf8();
}

Result<RecordClocks> RecordClocks::fromJson(const QJsonObject& json)
{
    RecordClocks clocks;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        const auto stamp = HlcTimestamp::fromString(it.value().toString());
        if (!stamp)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("字段时钟格式错误：字段 %1 的时间戳无法解析").arg(it.key()));
        if (it.key() == allFieldsKey())
            clocks.m_all = *stamp;
        else
            clocks.m_fields.insert(it.key(), *stamp);
    }
    return clocks;
}

Result<RecordClocks> RecordClocks::fromJsonText(QByteArrayView text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(ErrorCode::InvalidInput, QStringLiteral("字段时钟不是 JSON 对象"));
    return fromJson(document.object());
}

} // namespace kjzy
