#pragma once

#include <QString>
#include <QStringList>

namespace kjzy {

// Writes compact JSON text directly. QJsonObject builds a CBOR tree and sorts it, which cost more
// than the SQLite inserts on the import path; this writes what the caller gives, in its order.
class JsonWriter
{
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& key(QStringView name);
    JsonWriter& value(QStringView text);
    JsonWriter& value(bool flag);
    JsonWriter& value(const QStringList& texts);
    JsonWriter& null();
    const QString& text() const { return m_text; }

    static void appendEscaped(QString& out, QStringView text);

private:
    void separate();
    QString m_text;
    bool m_needComma = false;
};

} // namespace kjzy
