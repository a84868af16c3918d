#pragma once

#include "core/Error.h"

#include <QByteArrayView>
#include <QCborValue>
#include <QList>
#include <QString>

#include <optional>

namespace kjzy {

// Reads the bulk of a change set or a pull page (thousands of records) element by element,
// straight into the caller's values. QCborValue::fromCbor built a tree of containers — one per
// record, row and stamp — and QCborStreamReader costs about 2,000 instructions per string in Qt
// 6.4; this reads the subset of CBOR (RFC 8949) the encoders write: definite-length integers,
// text, bytes, arrays and maps, false/true/null. Anything else, a length past the end, invalid
// UTF-8 or a container read past its items is malformed, returned as an error value.
class CborReader
{
public:
    enum class Type
    {
        Integer,
        Bytes,
        Text,
        Array,
        Map,
        Bool,
        Null,
        Other, // tags, floats, undefined, indefinite lengths: nothing the encoders write
        End,   // no more bytes, or no more items in the container entered last
    };

    // `data` must outlive the reader.
    explicit CborReader(QByteArrayView data) : m_data(data) {}

    Type type() const;
    bool isNull() const { return type() == Type::Null; }
    bool isArray() const { return type() == Type::Array; }
    bool isString() const { return type() == Type::Text; }
    bool isByteArray() const { return type() == Type::Bytes; }

    Result<qint64> integer();
    Result<bool> boolean();
    Status null();
    // Text of at most `maxChars` UTF-16 units, bytes of at most `maxBytes`.
    Result<QString> text(qsizetype maxChars);
    Result<QByteArray> bytes(qsizetype maxBytes);
    // Enters an array or a map of at most `maxItems` items / pairs; its items follow.
    Result<qsizetype> enterArray(qsizetype maxItems);
    Result<qsizetype> enterMap(qsizetype maxItems);
    // Leaves the container entered last; all its items must have been read.
    Status leave();
    // The next element whole, as QCborValue, for the parts a message holds once.
    Result<QCborValue> value();
    Status skip();
    qsizetype offset() const { return m_pos; }

private:
    struct Head
    {
        int major = 0;
        quint64 argument = 0;  // the value, length or item count
        qsizetype size = 0;    // bytes of the head itself
        bool definite = false; // false: indefinite length or a reserved encoding
    };
    // The head of the element at `pos`; nullopt when the bytes end inside it.
    std::optional<Head> headAt(qsizetype pos) const;
    // The head of the next element of the current container, counted as read.
    Result<Head> take(int major);
    Error malformed(const QString& what) const;

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    QList<quint64> m_itemsLeft; // per entered container (a map's pairs count twice)
};

} // namespace kjzy
