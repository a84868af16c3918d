#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace kjzy {

// One field of a synced record: text, a list of text, a boolean, null (a team without a parent) or
// absent. The only shapes records have (SyncWire refuses any other on the wire), held as plain Qt
// values: a QJsonValue holding text costs a CBOR container per value, and a 250,000-person pull
// or push builds millions of them.
class FieldValue
{
public:
    enum class Kind : quint8
    {
        Undefined, // the field is absent
        Null,
        Bool,
        Text,
        List,
    };

    FieldValue() = default;
    FieldValue(std::nullptr_t) : m_kind(Kind::Null) {}
    FieldValue(bool value) : m_kind(Kind::Bool), m_bool(value) {}
    FieldValue(QString text) : m_kind(Kind::Text), m_text(std::move(text)) {}
    FieldValue(QLatin1StringView text) : FieldValue(QString(text)) {}
    // Without it a string literal would become a bool.
    FieldValue(const char* utf8) : FieldValue(QString::fromUtf8(utf8)) {}
    FieldValue(QStringList items) : m_kind(Kind::List), m_list(std::move(items)) {}

    // JSON from the outbox, the CLI and tests. Numbers and objects are no field's shape; they
    // become null (SyncWire and the validators refuse what must not travel).
    static FieldValue fromJson(const QJsonValue& value);
    QJsonValue toJson() const;

    Kind kind() const { return m_kind; }
    bool isUndefined() const { return m_kind == Kind::Undefined; }
    bool isNull() const { return m_kind == Kind::Null; }
    bool isBool() const { return m_kind == Kind::Bool; }
    bool isString() const { return m_kind == Kind::Text; }
    bool isArray() const { return m_kind == Kind::List; }

    // As QJsonValue's: the default when the value has another kind.
    bool toBool(bool defaultValue = false) const { return m_kind == Kind::Bool ? m_bool : defaultValue; }
    QString toString() const { return m_kind == Kind::Text ? m_text : QString(); }
    QStringList toStringList() const { return m_kind == Kind::List ? m_list : QStringList(); }
    // The text without a copy (empty unless text).
    const QString& text() const;

    bool operator==(const FieldValue& other) const;

private:
    Kind m_kind = Kind::Undefined;
    bool m_bool = false;
    QString m_text;
    QStringList m_list;
};

} // namespace kjzy
