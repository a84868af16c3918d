#pragma once

#include "ClientDatabase.h"
#include "clock/Clock.h"
#include "clock/HlcTimestamp.h"

#include "model/FieldMap.h"
#include "sync/RecordClocks.h"

#include <optional>

namespace kjzy {

// Writes the outbox entry and the field clocks of one local change, inside the caller's open
// transaction, so a change and its outbox entry commit or vanish together. One HLC stamp per
// change; the clock's high-water mark is persisted in the same transaction.
class ChangeRecorder
{
public:
    ChangeRecorder(ClientDatabase& database, const Clock& clock);

    // `fields`: JSON key -> new value, only the fields that changed.
    Result<HlcTimestamp> record(const QString& entity, const QString& entityId, const FieldMap& fields);
    // The same with the fields already written as a JSON object (`keys` are its keys): the import
    // path, where building a FieldMap per record cost more than storing it.
    // `newRecord`: the change creates the record with all its fields, so its clocks are stored as
    // {"*": stamp} — one stamp for every field — instead of 16 copies of it.
    // `stamp`: the stamp taken with nextStamp() for a record whose id was derived from it
    // (RecordId::forCreation); null = take the next one now.
    Result<HlcTimestamp> recordEncoded(const QString& entity, const QString& entityId,
                                       const QString& fieldsJson, const QStringList& keys,
                                       bool newRecord = false, const HlcTimestamp& stamp = {});
    // True when the server refused this record's creation (the outbox entry carrying its "*"
    // stamp is among the rejected changes): the server holds nothing of it, so a fix must send
    // the whole record again, not the changed fields (they would arrive as a record with no region).
    Result<bool> creationRefused(const QString& entity, const QString& entityId);
    // Sends the record again as a creation under a new stamp: its clocks become {"*": stamp}, as
    // the server will hold them, and the earlier refusals of it are cleared.
    Result<HlcTimestamp> recordRecreation(const QString& entity, const QString& entityId,
                                          const QString& fieldsJson, const QStringList& keys);
    // For a record about to be created: when `id` is empty, a new stamp from the device's clock and
    // `id` set to RecordId::forCreation(stamp), which lets the sync codec send the id implied by the
    // stamp (pass the stamp on to recordEncoded). A record that brings its own id keeps it: the
    // stamp returned is null and recordEncoded takes the next one.
    Result<HlcTimestamp> creationStamp(QString& id);
    // The key in a record's clocks that stands for every field without a stamp of its own.
    static QString allFieldsKey() { return QStringLiteral("*"); }
    // The entries of `after` whose value differs from `before`: what an edit sends.
    static FieldMap changedFields(const FieldMap& before, const FieldMap& after);
    // An ISO 8601 UTC time from the injected clock, for created_at/updated_at.
    QString nowIso() const;

private:
    // The stamps the record's row holds; none when the row has no clocks (or no row exists).
    Result<std::optional<RecordClocks>> heldClocks(const QString& entity, const QString& entityId);

    ClientDatabase& m_database;
    const Clock& m_clock;
};

} // namespace kjzy
