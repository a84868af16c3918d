#pragma once

#include "Change.h"
#include "RecordClocks.h"
#include "core/Error.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QHash>
#include <QStringList>

#include <optional>

namespace kjzy {

class CborReader;

// Compact CBOR pieces the sync codecs share. Record ids are UUIDs: as 16 raw bytes they take less
// than half of their 36-character text, and an id derived from its creation stamp takes one. Entities are
// small integers. Stamps are [ms - base, counter, device index into a table] so the device id is written
// once per message, not once per field.
class SyncWire
{
public:
    static QCborValue encodeId(const QString& id);
    static Result<QString> decodeId(const QCborValue& value);
    // An id a record took from its creation stamp (RecordId::forCreation) is written as null and
    // the reader derives it from the stamp that travels beside it: one byte instead of 17.
    static QCborValue encodeId(const QString& id, const HlcTimestamp& creation);
    // The bulk of a message (its records or changes) is read with a CborReader. An id written as
    // null is the one implied by a stamp that comes after it: decodeOptionalId() gives nullopt,
    // and idOrImplied() makes it once the stamp is read.
    static Result<QString> decodeId(CborReader& reader);
    static Result<std::optional<QString>> decodeOptionalId(CborReader& reader);
    static Result<QString> idOrImplied(const std::optional<QString>& id, const HlcTimestamp& creation);

    static int entityCode(const QString& entity); // -1 when unknown
    static Result<QString> entityName(const QCborValue& value);

    // Records of one kind carry the same field names: a message lists each set of names once (a
    // shape) and writes a record's fields as [shape index, value…] in the shape's order, so the
    // names are not repeated per record (they cost more than a CSV's commas, even compressed).
    class ShapeTable
    {
    public:
        int indexOf(const QStringList& keys);
        QCborArray toCbor() const;
        static Result<ShapeTable> fromCbor(const QCborValue& value);
        const QList<QStringList>& shapes() const { return m_shapes; }

    private:
        friend class SyncWire;
        // Decoding only: per shape, its keys in FieldMap's (sorted) order and for each the index of
        // the key in the shape, so a row becomes a FieldMap without a search or a shift per key.
        struct Template
        {
            QStringList sortedKeys;
            QList<int> order;
        };
        QList<QStringList> m_shapes;
        QHash<QString, int> m_index; // names joined by '\n' -> index
        QList<Template> m_templates;
    };
    static QCborArray encodeRow(const FieldMap& fields, ShapeTable& shapes);
    static Result<FieldMap> decodeRow(CborReader& reader, const ShapeTable& shapes);

    // Devices are numbered in order of first use.
    class DeviceTable
    {
    public:
        int indexOf(const QString& device);
        const QStringList& devices() const { return m_devices; }
        QCborArray toCbor() const;

    private:
        QStringList m_devices;
    };
    // Milliseconds are written relative to a base the message carries once: a small integer
    // instead of eight bytes per stamp.
    struct StampContext
    {
        qint64 baseMs = 0;
        DeviceTable devices;
    };
    static QCborArray encodeStamp(const HlcTimestamp& stamp, StampContext& context);
    static Result<HlcTimestamp> decodeStamp(const QCborValue& value, qint64 baseMs,
                                            const QStringList& devices);
    static Result<HlcTimestamp> decodeStamp(CborReader& reader, qint64 baseMs, const QStringList& devices);
    static Result<QStringList> decodeDevices(const QCborValue& value);

    // [all-fields stamp or null, {field: stamp}]
    static QCborArray encodeClocks(const RecordClocks& clocks, StampContext& context);
    static Result<RecordClocks> decodeClocks(CborReader& reader, qint64 baseMs, const QStringList& devices);

    static Error malformed(const QString& what);
    // A stamp from its wire parts, within the bounds that keep its arithmetic defined.
    static Result<HlcTimestamp> stampOf(qint64 baseMs, qint64 delta, qint64 counter, qint64 device,
                                        const QStringList& devices);
    static Result<QString> idFromBytes(const QByteArray& bytes);
    static Result<QString> idFromText(const QString& text);
    // Field values are text, booleans, null or lists of text, each within size bounds.
    static QCborValue encodeFieldValue(const FieldValue& value);
    static Result<FieldValue> decodeFieldValue(CborReader& reader);
    // Unsigned integer fields: CBOR integers that fit, else an error.
    static Result<quint64> decodeUnsigned(const QCborValue& value, const QString& what);
};

} // namespace kjzy
