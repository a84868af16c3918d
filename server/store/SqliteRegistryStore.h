#pragma once

#include "RegistryStore.h"
#include "clock/Clock.h"
#include "storage/SqliteConnection.h"

#include <memory>
#include <optional>

namespace kjzy {

// The registry in one SQLite file (migrations/server). Every statement is prepared once by the
// connection and bound by parameter.
//
// Global sequence numbers: the highest one is read (MAX(seq) over records and aliases, two index
// look-ups) once per outermost transaction, on the first putRecord/putAlias, and counted up in
// memory from there. Reading it under the transaction's write lock (BEGIN IMMEDIATE) keeps it
// right when another connection wrote in between, and forgetting it on every rollback (savepoints
// included) keeps a rolled-back number from being handed out twice or skipped past silently.
class SqliteRegistryStore final : public RegistryStore
{
public:
    // Opens (creating when missing) and migrates to the server schema. A database written by a
    // newer program is refused (SchemaTooNew). `clock` stamps audit entries.
    static Result<std::unique_ptr<SqliteRegistryStore>> open(const QString& path,
                                                             const Clock& clock = SystemClock::instance());

    Status transact(const std::function<Status()>& work) override;

    Result<std::optional<QString>> setting(const QString& key) override;
    Status setSetting(const QString& key, const QString& value) override;

    Status insertDevice(const DeviceRecord& device) override;
    Result<std::optional<DeviceRecord>> device(const QString& id) override;
    Result<QList<DeviceRecord>> devices() override;
    Status setLastSequence(const QString& deviceId, quint64 sequence) override;
    Status revokeDevice(const QString& deviceId, const QString& at) override;

    Status insertCode(const EnrollmentCodeRecord& code) override;
    Result<std::optional<EnrollmentCodeRecord>> code(const QString& selector) override;
    Status addFailedAttempt(const QString& selector) override;
    Status markCodeUsed(const QString& selector, const QString& deviceId, const QString& at) override;

    Result<std::optional<ChangeSetRecord>> changeSet(const QString& id) override;
    Status insertChangeSet(const ChangeSetRecord& changeSet) override;

    Result<QHash<QString, StoredRecord>> records(const QString& entity, const QStringList& ids) override;
    Result<std::optional<StoredRecord>> recordByIdentity(const QByteArray& identity) override;
    Result<quint64> putRecord(StoredRecord& record) override;
    Result<std::optional<AliasRecord>> alias(const QString& fromId) override;
    Result<quint64> putAlias(AliasRecord& alias) override;
    Result<QList<StoredRecord>> recordsSince(quint64 cursor, const ScopeFilter& scope, int limit) override;
    Result<QList<AliasRecord>> aliasesSince(quint64 cursor, quint64 upTo, const ScopeFilter& scope) override;
    Result<quint64> lastSequence() override;
    Result<QList<StoredRecord>> liveRecords(const QString& entity, const QString& regionPrefix) override;
    Result<quint64> putDeparture(DepartureRecord& departure) override;
    Result<QList<DepartureRecord>> departuresSince(quint64 cursor, quint64 upTo,
                                                   const ScopeFilter& scope) override;
    Result<QList<StoredRecord>> membershipsOf(const QString& volunteerId) override;
    Result<QHash<QString, int>> liveVolunteerCounts() override;

    Status addConflict(const ConflictRecord& conflict) override;
    Result<QList<ConflictRecord>> conflicts() override;
    Status addClamp(const ClampRecord& clamp) override;
    Result<QList<ClampRecord>> clamps() override;
    Result<std::optional<QString>> lastClamp(const QString& device) override;
    Result<std::optional<UploadRecord>> upload(const QString& device, const QString& changeSet) override;
    Result<int> uploadCount(const QString& device) override;
    Status insertUpload(const UploadRecord& upload) override;
    Status appendUploadChunk(const QString& device, const QString& changeSet, qint64 offset,
                             QByteArrayView bytes, const QString& at) override;
    Result<QByteArray> uploadBytes(const QString& device, const QString& changeSet) override;
    Status deleteUpload(const QString& device, const QString& changeSet) override;
    Result<int> deleteUploadsUntouchedSince(const QString& before) override;

    Status addAudit(const QString& actor, const QString& action, const QString& entity, const QString& detail,
                    int rows) override;

private:
    SqliteRegistryStore(std::unique_ptr<SqliteConnection> connection, const Clock& clock);

    // The highest sequence number stored, read from the tables.
    Result<quint64> storedMaxSequence();
    // The next global sequence number; call inside a transaction.
    Result<quint64> nextSequence();
    Status writeRecord(StoredRecord& record);
    Status writeAlias(AliasRecord& alias);
    // Runs one write statement and returns the number of rows it changed.
    Result<int> write(const QString& sql, const QVariantList& params);
    // Runs one write statement; `unchanged` is the outcome when it changed no row (an INSERT …
    // ON CONFLICT DO NOTHING that met a duplicate, an UPDATE of a missing row).
    Status writeSome(const QString& sql, const QVariantList& params, Error unchanged);
    Result<bool> exists(const QString& sql, const QVariantList& params);

    std::unique_ptr<SqliteConnection> m_sql;
    const Clock& m_clock;
    // Last sequence number handed out in the current outermost transaction; empty outside one and
    // after any rollback.
    std::optional<quint64> m_lastSequence;
};

} // namespace kjzy
