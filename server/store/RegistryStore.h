#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace kjzy {

// A device enrolled with a one-time code; its public keys are pinned at enrollment.
struct DeviceRecord
{
    QString id;
    QString scope; // region code
    QString role;  // county | city | province
    QString label;
    QByteArray signKey; // Ed25519 public key
    QByteArray boxKey;  // X25519 public key
    quint32 keyEpoch = 1;
    QString enrolledAt;
    quint64 lastSequence = 0;
    std::optional<QString> revokedAt;
    std::optional<quint64> revokedAfter; // last accepted sequence at revocation
};

struct EnrollmentCodeRecord
{
    QString selector;
    QByteArray verifierHash;
    QString scope;
    QString role;
    QString createdAt;
    QString expiresAt;
    int failedAttempts = 0;
    std::optional<QString> usedAt;
    QString usedBy;
};

// One registry row: the record as CLI.md JSON (full values) and the stamps of its fields.
struct StoredRecord
{
    QString entity; // volunteer | team | membership
    QString id;
    QByteArray data;        // compact JSON object
    QByteArray clocks;      // compact JSON object {"*": stamp, field: stamp}
    QString region;         // most specific region code
    QString previousRegion; // the region before the last move (kept for audit; not for visibility)
    QByteArray identity;    // volunteers: blind index of the ID number; empty otherwise
    bool deleted = false;
    quint64 seq = 0; // assigned by putRecord()
};

struct AliasRecord
{
    QString fromId;
    QString toId;
    QString region;
    quint64 seq = 0; // assigned by putAlias()
};

// A record left `region` (moved elsewhere): the devices of that region drop their copy.
struct DepartureRecord
{
    QString entity;
    QString id;
    QString region;
    quint64 seq = 0; // assigned by putDeparture()
};

struct ChangeSetRecord
{
    QString id;
    QString device;
    quint64 sequence = 0;
    QString receivedAt;
    int changes = 0;
    int rejected = 0;
    QByteArray reply; // plaintext reply, re-sealed when a duplicate arrives
};

struct ConflictRecord
{
    QString entity;
    QString entityId;
    QString field;
    QByteArray kept; // JSON value text
    QByteArray lost;
    QString keptStamp;
    QString lostStamp;
    QString keptDevice;
    QString lostDevice;
    QString at;
    QString changeSet;
};

struct ClampRecord
{
    QString device;
    QString changeSet;
    QString original;
    QString clamped;
    QString at;
};

// A resumable push being received (migration 3): the envelope of one change set of one device,
// arriving in chunks. `held` bytes arrived, contiguous from offset 0.
struct UploadRecord
{
    QString device;
    QString changeSet;
    qint64 total = 0; // declared envelope size
    qint64 held = 0;
    QString startedAt;
    QString updatedAt;
};

// Which rows a device may see: records whose region starts with `prefix`, and records whose region
// is exactly one of `ancestors` (a city-level team is visible to its counties). Departures and
// aliases are matched the same way on the region they name.
struct ScopeFilter
{
    QString prefix; // "41" province, "4101" city, "410105" county; empty: everything
    QStringList ancestors;
};

// The server's storage, kept narrow so that a PostgreSQL implementation can follow the SQLite one:
// plain rows in, plain rows out, no policy. Services decide; the store remembers.
class RegistryStore
{
public:
    virtual ~RegistryStore() = default;

    // Runs `work` in one transaction: committed when it succeeds, rolled back when it fails
    // (the failure is returned unchanged). Nested calls join the outer transaction.
    virtual Status transact(const std::function<Status()>& work) = 0;

    virtual Result<std::optional<QString>> setting(const QString& key) = 0;
    virtual Status setSetting(const QString& key, const QString& value) = 0;

    virtual Status insertDevice(const DeviceRecord& device) = 0;
    virtual Result<std::optional<DeviceRecord>> device(const QString& id) = 0;
    virtual Result<QList<DeviceRecord>> devices() = 0;
    virtual Status setLastSequence(const QString& deviceId, quint64 sequence) = 0;
    // Records revokedAt and revokedAfter = the device's last_sequence. NotFound for unknown ids.
    virtual Status revokeDevice(const QString& deviceId, const QString& at) = 0;

    virtual Status insertCode(const EnrollmentCodeRecord& code) = 0;
    virtual Result<std::optional<EnrollmentCodeRecord>> code(const QString& selector) = 0;
    virtual Status addFailedAttempt(const QString& selector) = 0;
    virtual Status markCodeUsed(const QString& selector, const QString& deviceId, const QString& at) = 0;

    virtual Result<std::optional<ChangeSetRecord>> changeSet(const QString& id) = 0;
    virtual Status insertChangeSet(const ChangeSetRecord& changeSet) = 0;

    // Rows for the given ids of one entity (missing ids are simply absent).
    virtual Result<QHash<QString, StoredRecord>> records(const QString& entity, const QStringList& ids) = 0;
    // The live volunteer holding this blind index, if any.
    virtual Result<std::optional<StoredRecord>> recordByIdentity(const QByteArray& identity) = 0;
    // Inserts or replaces the row and stamps it with the next global sequence number (returned and
    // written to record.seq).
    virtual Result<quint64> putRecord(StoredRecord& record) = 0;
    virtual Result<std::optional<AliasRecord>> alias(const QString& fromId) = 0;
    virtual Result<quint64> putAlias(AliasRecord& alias) = 0;
    virtual Result<quint64> putDeparture(DepartureRecord& departure) = 0;
    // Departures with cursor < seq <= upTo from regions visible through `scope`, in sequence order.
    virtual Result<QList<DepartureRecord>> departuresSince(quint64 cursor, quint64 upTo,
                                                           const ScopeFilter& scope) = 0;
    // Records changed after `cursor` visible through `scope`, in sequence order, at most `limit`.
    virtual Result<QList<StoredRecord>> recordsSince(quint64 cursor, const ScopeFilter& scope, int limit) = 0;
    // Aliases with cursor < seq <= upTo visible through `scope`, in sequence order.
    virtual Result<QList<AliasRecord>> aliasesSince(quint64 cursor, quint64 upTo,
                                                    const ScopeFilter& scope) = 0;
    // The highest global sequence number handed out so far (0 for an empty registry).
    virtual Result<quint64> lastSequence() = 0;
    // Live rows of one entity whose region starts with `regionPrefix` (empty: all), by id.
    virtual Result<QList<StoredRecord>> liveRecords(const QString& entity, const QString& regionPrefix) = 0;
    // Every membership row (live or ended) of one volunteer: they follow the volunteer's region.
    virtual Result<QList<StoredRecord>> membershipsOf(const QString& volunteerId) = 0;
    // Live volunteers per region code.
    virtual Result<QHash<QString, int>> liveVolunteerCounts() = 0;

    virtual Status addConflict(const ConflictRecord& conflict) = 0;
    virtual Result<QList<ConflictRecord>> conflicts() = 0;
    virtual Status addClamp(const ClampRecord& clamp) = 0;
    virtual Result<QList<ClampRecord>> clamps() = 0;
    // The stamp the device's last clamp produced (HLC text), if it was ever clamped.
    virtual Result<std::optional<QString>> lastClamp(const QString& device) = 0;
    // Resumable pushes. Callers run one chunk per transaction; the bytes are opaque here.
    virtual Result<std::optional<UploadRecord>> upload(const QString& device, const QString& changeSet) = 0;
    virtual Result<int> uploadCount(const QString& device) = 0;
    // The header row, held = 0. Conflict when the upload exists.
    virtual Status insertUpload(const UploadRecord& upload) = 0;
    // Stores `bytes` at `offset` and moves held to offset + size and updated_at to `at`. Conflict
    // unless offset equals the bytes held (a chunk that arrived twice is the caller's business).
    virtual Status appendUploadChunk(const QString& device, const QString& changeSet, qint64 offset,
                                     QByteArrayView bytes, const QString& at) = 0;
    // The stored chunks concatenated in offset order.
    virtual Result<QByteArray> uploadBytes(const QString& device, const QString& changeSet) = 0;
    // Deletes the upload and its chunks (nothing to delete is no error).
    virtual Status deleteUpload(const QString& device, const QString& changeSet) = 0;
    // Deletes every upload last touched before `before` (ISO-8601 UTC text); returns how many.
    virtual Result<int> deleteUploadsUntouchedSince(const QString& before) = 0;

    virtual Status addAudit(const QString& actor, const QString& action, const QString& entity,
                            const QString& detail, int rows) = 0;
};

} // namespace kjzy
