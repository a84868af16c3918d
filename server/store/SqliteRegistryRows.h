#pragma once

#include "RegistryStore.h"
#include "storage/SqliteConnection.h"
#include "storage/SqliteStatement.h"

#include <optional>
#include <type_traits>

// How SqliteRegistryStore's rows map to the store's records: column lists, one reader per table
// and the select helpers. Kept apart so the store itself holds only its statements and rules.
namespace kjzy::registry_rows {

inline const QString kDeviceColumns = QStringLiteral("id, scope, role, label, sign_key, box_key, key_epoch, "
                                                     "enrolled_at, last_sequence, revoked_at, revoked_after");
inline const QString kCodeColumns = QStringLiteral(
    "selector, verifier_hash, scope, role, created_at, expires_at, failed_attempts, used_at, used_by");
// JSON travels as UTF-8 bytes both ways: bound as a blob and CAST to TEXT on the way in, read back
// CAST AS BLOB, so the hot ingest path converts no JSON to and from UTF-16.
inline const QString kRecordColumns = QStringLiteral(
    "entity, id, CAST(data AS BLOB), CAST(clocks AS BLOB), region, previous_region, identity, deleted, seq");
inline const QString kChangeSetColumns =
    QStringLiteral("id, device, sequence, received_at, changes, rejected, reply");

inline const QString kConflictColumns = QStringLiteral(
    "entity, entity_id, field, CAST(kept AS BLOB), CAST(lost AS BLOB), kept_stamp, lost_stamp, "
    "kept_device, lost_device, at, change_set");
inline const QString kClampColumns = QStringLiteral("device, change_set, original, clamped, at");
inline const QString kAliasColumns = QStringLiteral("from_id, to_id, region, seq");

// Nullable columns map to std::optional; NOT NULL columns are never read as NULL.
std::optional<QString> optionalText(const QVariant& value);
QVariant nullable(const std::optional<QString>& value);

DeviceRecord readDevice(const SqliteStatement& q);
EnrollmentCodeRecord readCode(const SqliteStatement& q);
StoredRecord readRecord(const SqliteStatement& q);
AliasRecord readAlias(const SqliteStatement& q);
ChangeSetRecord readChangeSet(const SqliteStatement& q);
ConflictRecord readConflict(const SqliteStatement& q);
ClampRecord readClamp(const SqliteStatement& q);

// Region codes (or ids) as one JSON array for json_each(), so any number of them binds to one `?`
// of one prepared statement. Empty strings are dropped: '' would match every unmoved record's
// previous_region.
QString jsonArray(const QStringList& values);
bool isDigits(const QString& text);

// All rows of a query, each mapped by `read`. A failed step is an error, not a short result.
template <typename Read>
auto selectAll(SqliteConnection& sql, const QString& text, const QVariantList& params, Read read)
    -> Result<QList<std::invoke_result_t<Read, const SqliteStatement&>>>
{
    auto q = sql.run(text, params);
    if (!q)
        return fail(q.error());
    QList<std::invoke_result_t<Read, const SqliteStatement&>> rows;
    while ((*q)->next())
        rows.append(read(**q));
    const std::optional<Error> error = (*q)->error();
    (*q)->finish();
    if (error)
        return fail(*error);
    return rows;
}

// The first row, if any ("no row" is not an error).
template <typename Read>
auto selectOne(SqliteConnection& sql, const QString& text, const QVariantList& params, Read read)
    -> Result<std::optional<std::invoke_result_t<Read, const SqliteStatement&>>>
{
    auto rows = selectAll(sql, text, params, read);
    if (!rows)
        return fail(rows.error());
    if (rows->isEmpty())
        return std::nullopt;
    return rows->first();
}

} // namespace kjzy::registry_rows
