#include "RegistryRecord.h"

#include "core/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace kjzy {

Result<RecordState> RegistryRecord::toState(const StoredRecord& row)
{
    QJsonParseError error;
    const QJsonDocument data = QJsonDocument::fromJson(row.data, &error);
    if (error.error != QJsonParseError::NoError || !data.isObject())
        return fail(ErrorCode::Database, QStringLiteral("登记库记录 %1 的数据已损坏").arg(row.id));
    auto clocks = RecordClocks::fromJsonText(row.clocks);
    if (!clocks)
        return fail(ErrorCode::Database, QStringLiteral("登记库记录 %1 的字段时钟已损坏").arg(row.id));
    return RecordState{row.entity, row.id, data.object(), *clocks};
}

QByteArray RegistryRecord::dataText(const QJsonObject& data)
{
    // Record fields are text, booleans, null or lists of text (SyncWire::checkFieldValue): those
    // are written directly, in the object's key order, as QJsonDocument writes them; anything else
    // takes QJsonDocument. Serialising through QJsonDocument was a sixth of an ingest.
    JsonWriter json;
    json.beginObject();
    for (auto it = data.constBegin(); it != data.constEnd(); ++it) {
        const QJsonValue value = it.value();
        json.key(it.key());
        if (value.isString()) {
            json.value(value.toString());
        } else if (value.isBool()) {
            json.value(value.toBool());
        } else if (value.isNull()) {
            json.null();
        } else if (value.isArray()) {
            QStringList items;
            for (const QJsonValue& item : value.toArray()) {
                if (!item.isString())
                    return QJsonDocument(data).toJson(QJsonDocument::Compact);
                items << item.toString();
            }
            json.value(items);
        } else {
            return QJsonDocument(data).toJson(QJsonDocument::Compact);
        }
    }
    json.endObject();
    return json.text().toUtf8();
}

void RegistryRecord::fillRow(StoredRecord& row, const RecordState& state)
{
    row.entity = state.entity;
    row.id = state.id;
    row.data = dataText(state.data);
    row.clocks = state.clocks.toJsonText();
    row.deleted = state.isDeleted();
}

} // namespace kjzy
