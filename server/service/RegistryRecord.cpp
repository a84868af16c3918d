#include "RegistryRecord.h"

#include "core/JsonWriter.h"

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

QByteArray RegistryRecord::dataText(const FieldMap& data)
{
    return data.toJsonText().toUtf8();
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
