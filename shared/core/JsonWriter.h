#pragma once

#include <QString>
#include <QStringList>

namespace kjzy {

// Writes compact JSON text directly. QJsonObject builds a CBOR tree and sorts it, which cost more
// than the SQLite inserts on the import path; this writes what the caller gives, in its order.
// Characters go straight into the buffer: QString::append(QChar), out of line in Qt, cost ~120
// instructions per quote and comma, a tenth of an ingest.
class JsonWriter
{
public:
    // Room for `chars` UTF-16 units, so a writer that knows its size grows the text once.
    void reserve(qsizetype chars);
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& key(QStringView name);
    JsonWriter& value(QStringView text);
    JsonWriter& value(bool flag);
    JsonWriter& value(const QStringList& texts);
    JsonWriter& null();
    // The text written so far.
    const QString& text() const;

private:
    void separate();
    // Room for `chars` more units; returns where they go.
    char16_t* grow(qsizetype chars);
    void put(char16_t c) { *grow(1) = c; }
    void put(QStringView text);
    void putEscaped(QStringView text);

    mutable QString m_text; // m_used units of text, then spare room (cut off by text())
    qsizetype m_used = 0;
    bool m_needComma = false;
};

} // namespace kjzy
