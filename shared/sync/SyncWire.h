#pragma once

#include "Change.h"
#include "RecordClocks.h"
#include "core/Error.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QStringList>

namespace kjzy {

// Compact CBOR pieces the sync codecs share. Record ids are random UUIDs: as 16 raw bytes they
// take less than half of their 36-character text (and random bytes do not compress). Entities are
// small integers. Stamps are [ms - base, counter, device index into a table] so the device id is written
// once per message, not once per field.
class SyncWire
{
public:
    static QCborValue encodeId(const QString& id);
    static Result<QString> decodeId(const QCborValue& value);

    static int entityCode(const QString& entity); // -1 when unknown
    static Result<QString> entityName(const QCborValue& value);

    // Field values are JSON values (strings, booleans, arrays of strings, null).
    static QCborMap encodeFields(const QJsonObject& fields);
    static Result<QJsonObject> decodeFields(const QCborValue& value);

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
    static Result<QStringList> decodeDevices(const QCborValue& value);

    // [all-fields stamp or null, {field: stamp}]
    static QCborArray encodeClocks(const RecordClocks& clocks, StampContext& context);
    static Result<RecordClocks> decodeClocks(const QCborValue& value, qint64 baseMs,
                                             const QStringList& devices);

    static Error malformed(const QString& what);
    // Unsigned integer fields: CBOR integers that fit, else an error.
    static Result<quint64> decodeUnsigned(const QCborValue& value, const QString& what);
};

} // namespace kjzy
