#include "FieldValue.h"

#include <QJsonArray>

namespace kjzy {

FieldValue FieldValue::fromJson(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue& item : value.toArray())
            items << item.toString();
        return items;
    }
    case QJsonValue::Undefined:
        return {};
    default:
        return nullptr;
    }
}

QJsonValue FieldValue::toJson() const
{
    switch (m_kind) {
    case Kind::Undefined:
        return QJsonValue(QJsonValue::Undefined);
    case Kind::Null:
        return QJsonValue();
    case Kind::Bool:
        return m_bool;
    case Kind::Text:
        return m_text;
    case Kind::List:
        return QJsonArray::fromStringList(m_list);
    }
    return {};
}

const QString& FieldValue::text() const
{
    static const QString empty;
    return m_kind == Kind::Text ? m_text : empty;
}

bool FieldValue::operator==(const FieldValue& other) const
{
    if (m_kind != other.m_kind)
        return false;
    switch (m_kind) {
    case Kind::Bool:
        return m_bool == other.m_bool;
    case Kind::Text:
        return m_text == other.m_text;
    case Kind::List:
        return m_list == other.m_list;
    default:
        return true;
    }
}

} // namespace kjzy
