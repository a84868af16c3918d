#include "SqliteRegistryStore.h"

#include "ServerMigrations.h"
#include "SqliteRegistryRows.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace kjzy {

using namespace registry_rows;

SqliteRegistryStore::SqliteRegistryStore(std::unique_ptr<SqliteConnection> connection, const Clock& clock)
    : m_sql(std::move(connection)), m_clock(clock)
{}

Result<std::unique_ptr<SqliteRegistryStore>> SqliteRegistryStore::open(const QString& path,
                                                                       const Clock& clock)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(ErrorCode::Io, QStringLiteral("无法创建目录 %1").arg(info.absolutePath()));
    auto connection = SqliteConnection::open(path);
    if (!connection)
        return fail(connection.error());
    if (auto migrated = ServerMigrations::migrator().migrate(**connection); !migrated)
        return fail(migrated.error());
    return std::unique_ptr<SqliteRegistryStore>(new SqliteRegistryStore(std::move(*connection), clock));
}

Result<int> SqliteRegistryStore::write(const QString& sql, const QVariantList& params)
{
    auto q = m_sql->run(sql, params);
    if (!q)
        return fail(q.error());
    return (*q)->changes();
}

Status SqliteRegistryStore::writeSome(const QString& sql, const QVariantList& params, Error unchanged)
{
    auto changed = write(sql, params);
    if (!changed)
        return fail(changed.error());
    if (*changed == 0)
        return fail(std::move(unchanged));
    return {};
}

Result<bool> SqliteRegistryStore::exists(const QString& sql, const QVariantList& params)
{
    auto found = m_sql->scalar(sql, params);
    if (!found)
        return fail(found.error());
    return !found->isNull();
}

Status SqliteRegistryStore::transact(const std::function<Status()>& work)
{
    const bool outermost = m_sql->transactionDepth() == 0;
    if (outermost)
        m_lastSequence.reset(); // another connection may have written since: read it afresh
    if (auto begun = m_sql->begin(); !begun)
        return begun;
    Status outcome = work();
    if (outcome) {
        outcome = m_sql->commit();
        if (outcome) {
            if (outermost)
                m_lastSequence.reset();
            return outcome;
        }
    }
    m_sql->rollback();
    // Numbers handed out inside the rolled-back part are gone; re-read rather than guess.
    m_lastSequence.reset();
    return outcome;
}

Result<std::optional<QString>> SqliteRegistryStore::setting(const QString& key)
{
    auto value = m_sql->scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    if (!value)
        return fail(value.error());
    return optionalText(*value);
}

Status SqliteRegistryStore::setSetting(const QString& key, const QString& value)
{
    return writeSome(QStringLiteral("INSERT INTO settings(key, value) VALUES(?, ?) "
                                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                     {key, value}, Error{ErrorCode::Internal, QStringLiteral("设置 %1 未写入").arg(key)});
}

Status SqliteRegistryStore::insertDevice(const DeviceRecord& d)
{
    return writeSome(QStringLiteral("INSERT INTO devices(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                    "ON CONFLICT DO NOTHING")
                         .arg(kDeviceColumns),
                     {d.id, d.scope, d.role, d.label, d.signKey, d.boxKey, qlonglong(d.keyEpoch),
                      d.enrolledAt, qlonglong(d.lastSequence), nullable(d.revokedAt),
                      d.revokedAfter ? QVariant(qlonglong(*d.revokedAfter)) : QVariant()},
                     Error{ErrorCode::Conflict, QStringLiteral("设备 %1 已登记").arg(d.id)});
}

Result<std::optional<DeviceRecord>> SqliteRegistryStore::device(const QString& id)
{
    return selectOne(*m_sql, QStringLiteral("SELECT %1 FROM devices WHERE id = ?").arg(kDeviceColumns), {id},
                     readDevice);
}

Result<QList<DeviceRecord>> SqliteRegistryStore::devices()
{
    return selectAll(*m_sql,
                     QStringLiteral("SELECT %1 FROM devices ORDER BY enrolled_at, id").arg(kDeviceColumns),
                     {}, readDevice);
}

Status SqliteRegistryStore::setLastSequence(const QString& deviceId, quint64 sequence)
{
    return writeSome(QStringLiteral("UPDATE devices SET last_sequence = ? WHERE id = ?"),
                     {qlonglong(sequence), deviceId},
                     Error{ErrorCode::NotFound, QStringLiteral("设备 %1 未登记").arg(deviceId)});
}

Status SqliteRegistryStore::revokeDevice(const QString& deviceId, const QString& at)
{
    // Only the first revocation counts: revoked_after must stay the sequence number at that moment.
    auto changed = write(QStringLiteral("UPDATE devices SET revoked_at = ?, revoked_after = last_sequence "
                                        "WHERE id = ? AND revoked_at IS NULL"),
                         {at, deviceId});
    if (!changed)
        return fail(changed.error());
    if (*changed > 0)
        return {};
    auto known = exists(QStringLiteral("SELECT 1 FROM devices WHERE id = ?"), {deviceId});
    if (!known)
        return fail(known.error());
    if (!*known)
        return fail(ErrorCode::NotFound, QStringLiteral("设备 %1 未登记").arg(deviceId));
    return {};
}

Status SqliteRegistryStore::insertCode(const EnrollmentCodeRecord& c)
{
    // The enrollment service draws a new selector on Conflict.
    return writeSome(QStringLiteral("INSERT INTO enrollment_codes(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                    "ON CONFLICT DO NOTHING")
                         .arg(kCodeColumns),
                     {c.selector, c.verifierHash, c.scope, c.role, c.createdAt, c.expiresAt, c.failedAttempts,
                      nullable(c.usedAt), c.usedBy},
                     Error{ErrorCode::Conflict, QStringLiteral("注册码编号 %1 已存在").arg(c.selector)});
}

Result<std::optional<EnrollmentCodeRecord>> SqliteRegistryStore::code(const QString& selector)
{
    return selectOne(*m_sql,
                     QStringLiteral("SELECT %1 FROM enrollment_codes WHERE selector = ?").arg(kCodeColumns),
                     {selector}, readCode);
}

Status SqliteRegistryStore::addFailedAttempt(const QString& selector)
{
    return writeSome(
        QStringLiteral(
            "UPDATE enrollment_codes SET failed_attempts = failed_attempts + 1 WHERE selector = ?"),
        {selector}, Error{ErrorCode::NotFound, QStringLiteral("注册码编号 %1 不存在").arg(selector)});
}

Status SqliteRegistryStore::markCodeUsed(const QString& selector, const QString& deviceId, const QString& at)
{
    // "used_at IS NULL" makes one-time use hold in the data itself, whatever the caller checked.
    auto changed = write(QStringLiteral("UPDATE enrollment_codes SET used_at = ?, used_by = ? "
                                        "WHERE selector = ? AND used_at IS NULL"),
                         {at, deviceId, selector});
    if (!changed)
        return fail(changed.error());
    if (*changed > 0)
        return {};
    auto known = exists(QStringLiteral("SELECT 1 FROM enrollment_codes WHERE selector = ?"), {selector});
    if (!known)
        return fail(known.error());
    if (!*known)
        return fail(ErrorCode::NotFound, QStringLiteral("注册码编号 %1 不存在").arg(selector));
    return fail(ErrorCode::Conflict, QStringLiteral("注册码已使用"));
}

Result<std::optional<ChangeSetRecord>> SqliteRegistryStore::changeSet(const QString& id)
{
    return selectOne(*m_sql, QStringLiteral("SELECT %1 FROM change_sets WHERE id = ?").arg(kChangeSetColumns),
                     {id}, readChangeSet);
}

Status SqliteRegistryStore::insertChangeSet(const ChangeSetRecord& c)
{
    // A replay: the same change-set id, or another id under a sequence number the device already used.
    return writeSome(
        QStringLiteral("INSERT INTO change_sets(%1) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
            .arg(kChangeSetColumns),
        {c.id, c.device, qlonglong(c.sequence), c.receivedAt, c.changes, c.rejected, c.reply},
        Error{ErrorCode::Conflict,
              QStringLiteral("同步批次 %1（设备 %2 第 %3 批）已接收过").arg(c.id, c.device).arg(c.sequence)});
}

Result<QHash<QString, StoredRecord>> SqliteRegistryStore::records(const QString& entity,
                                                                  const QStringList& ids)
{
    QHash<QString, StoredRecord> found;
    if (ids.isEmpty())
        return found;
    // One id (every change of an ingest) is a primary-key look-up: json_each's virtual table cost
    // more than the look-up itself.
    if (ids.size() == 1) {
        static const QString one =
            QStringLiteral("SELECT %1 FROM records WHERE entity = ? AND id = ?").arg(kRecordColumns);
        auto row = selectOne(*m_sql, one, {entity, ids.first()}, readRecord);
        if (!row)
            return fail(row.error());
        if (*row)
            found.insert((*row)->id, std::move(**row));
        return found;
    }
    // The ids bind as one JSON array: one prepared statement for any number of them.
    static const QString sql =
        QStringLiteral("SELECT %1 FROM records WHERE entity = ? AND id IN (SELECT value FROM json_each(?))")
            .arg(kRecordColumns);
    auto rows = selectAll(*m_sql, sql, {entity, jsonArray(ids)}, readRecord);
    if (!rows)
        return fail(rows.error());
    found.reserve(rows->size());
    for (StoredRecord& row : *rows)
        found.insert(row.id, std::move(row));
    return found;
}

Result<std::optional<StoredRecord>> SqliteRegistryStore::recordByIdentity(const QByteArray& identity)
{
    if (identity.isEmpty())
        return std::nullopt;
    // "identity = ?" implies "identity IS NOT NULL": the partial index records_identity answers it.
    static const QString sql =
        QStringLiteral("SELECT %1 FROM records WHERE identity = ? AND deleted = 0").arg(kRecordColumns);
    return selectOne(*m_sql, sql, {identity}, readRecord);
}

Result<quint64> SqliteRegistryStore::storedMaxSequence()
{
    // Each MAX is one look-up at the end of a unique index on seq.
    auto max = m_sql->scalar(QStringLiteral("SELECT max(coalesce((SELECT max(seq) FROM records), 0), "
                                            "coalesce((SELECT max(seq) FROM aliases), 0), "
                                            "coalesce((SELECT max(seq) FROM departures), 0))"));
    if (!max)
        return fail(max.error());
    return max->toULongLong();
}

Result<quint64> SqliteRegistryStore::nextSequence()
{
    if (m_sql->transactionDepth() == 0)
        return fail(ErrorCode::Internal, QStringLiteral("全局序号只能在事务中分配"));
    if (!m_lastSequence) {
        auto stored = storedMaxSequence();
        if (!stored)
            return fail(stored.error());
        m_lastSequence = *stored;
    }
    return *m_lastSequence + 1;
}

Result<quint64> SqliteRegistryStore::lastSequence()
{
    if (m_sql->transactionDepth() > 0 && m_lastSequence)
        return *m_lastSequence;
    return storedMaxSequence();
}

Status SqliteRegistryStore::writeRecord(StoredRecord& record)
{
    auto seq = nextSequence();
    if (!seq)
        return fail(seq.error());
    // One statement for new and existing rows. Not INSERT OR REPLACE: REPLACE would also delete
    // another live volunteer holding this identity. A new row refused by a unique index is skipped
    // (the last ON CONFLICT), an update refused by one aborts; either way the refusal is explained
    // below, so a second live record for one ID number comes back as a typed Conflict.
    static const QString upsert = QStringLiteral(
        "INSERT INTO records(entity, id, data, clocks, region, previous_region, identity, deleted, seq) "
        "VALUES(?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?, ?) "
        "ON CONFLICT(entity, id) DO UPDATE SET data = excluded.data, clocks = excluded.clocks, "
        "region = excluded.region, previous_region = excluded.previous_region, identity = excluded.identity, "
        "deleted = excluded.deleted, seq = excluded.seq "
        "ON CONFLICT DO NOTHING");
    const Result<int> written = write(
        upsert, {record.entity, record.id, record.data, record.clocks, record.region, record.previousRegion,
                 record.identity.isEmpty() ? QVariant() : QVariant(record.identity), int(record.deleted),
                 qlonglong(*seq)});
    if (written && *written > 0) {
        m_lastSequence = *seq;
        record.seq = *seq;
        return {};
    }
    // Rare path: find out which unique index refused the row.
    m_lastSequence.reset();
    if (!record.deleted) {
        auto holder = recordByIdentity(record.identity);
        if (!holder)
            return fail(holder.error());
        if (*holder && ((*holder)->entity != record.entity || (*holder)->id != record.id))
            return fail(ErrorCode::Conflict,
                        QStringLiteral("该身份证号已登记给另一名在册志愿者（%1）").arg((*holder)->id));
    }
    if (!written)
        return fail(written.error());
    return fail(ErrorCode::Internal, QStringLiteral("全局序号 %1 已被占用").arg(*seq));
}

Result<quint64> SqliteRegistryStore::putRecord(StoredRecord& record)
{
    const Status done =
        m_sql->transactionDepth() > 0 ? writeRecord(record) : transact([&] { return writeRecord(record); });
    if (!done)
        return fail(done.error());
    return record.seq;
}

Result<std::optional<AliasRecord>> SqliteRegistryStore::alias(const QString& fromId)
{
    return selectOne(*m_sql, QStringLiteral("SELECT %1 FROM aliases WHERE from_id = ?").arg(kAliasColumns),
                     {fromId}, readAlias);
}

Status SqliteRegistryStore::writeAlias(AliasRecord& alias)
{
    auto seq = nextSequence();
    if (!seq)
        return fail(seq.error());
    // An alias may be re-pointed (the surviving id merged again); it then moves to the pull's end.
    if (auto ok = write(QStringLiteral("INSERT INTO aliases(from_id, to_id, region, seq) VALUES(?, ?, ?, ?) "
                                       "ON CONFLICT(from_id) DO UPDATE SET to_id = excluded.to_id, "
                                       "region = excluded.region, seq = excluded.seq"),
                        {alias.fromId, alias.toId, alias.region, qlonglong(*seq)});
        !ok) {
        m_lastSequence.reset();
        return fail(ok.error());
    }
    m_lastSequence = *seq;
    alias.seq = *seq;
    return {};
}

Result<quint64> SqliteRegistryStore::putAlias(AliasRecord& alias)
{
    const Status done =
        m_sql->transactionDepth() > 0 ? writeAlias(alias) : transact([&] { return writeAlias(alias); });
    if (!done)
        return fail(done.error());
    return alias.seq;
}

Result<QList<StoredRecord>> SqliteRegistryStore::recordsSince(quint64 cursor, const ScopeFilter& scope,
                                                              int limit)
{
    if (limit < 1)
        return fail(ErrorCode::Usage, QStringLiteral("每页记录数必须大于 0"));
    // Walks records_seq from the cursor and stops after `limit` visible rows. substr() = prefix
    // rather than LIKE: no pattern characters to escape, and an empty prefix matches everything.
    // Only where a record is now counts: the region it left learns of the move from departures.
    static const QString sql = QStringLiteral("SELECT %1 FROM records WHERE seq > ? AND ("
                                              "substr(region, 1, ?) = ? "
                                              "OR region IN (SELECT value FROM json_each(?))) "
                                              "ORDER BY seq LIMIT ?")
                                   .arg(kRecordColumns);
    return selectAll(
        *m_sql, sql,
        {qlonglong(cursor), scope.prefix.size(), scope.prefix, jsonArray(scope.ancestors), limit},
        readRecord);
}

Result<QList<AliasRecord>> SqliteRegistryStore::aliasesSince(quint64 cursor, quint64 upTo,
                                                             const ScopeFilter& scope)
{
    return selectAll(
        *m_sql,
        QStringLiteral("SELECT %1 FROM aliases WHERE seq > ? AND seq <= ? "
                       "AND (substr(region, 1, ?) = ? OR region IN (SELECT value FROM json_each(?))) "
                       "ORDER BY seq")
            .arg(kAliasColumns),
        {qlonglong(cursor), qlonglong(upTo), scope.prefix.size(), scope.prefix, jsonArray(scope.ancestors)},
        readAlias);
}

Result<QList<StoredRecord>> SqliteRegistryStore::liveRecords(const QString& entity,
                                                             const QString& regionPrefix)
{
    if (regionPrefix.isEmpty())
        return selectAll(*m_sql,
                         QStringLiteral("SELECT %1 FROM records WHERE entity = ? AND deleted = 0 ORDER BY id")
                             .arg(kRecordColumns),
                         {entity}, readRecord);
    if (!isDigits(regionPrefix))
        return fail(ErrorCode::Usage, QStringLiteral("地区代码前缀“%1”只能由数字组成").arg(regionPrefix));
    // A range on records_region: every code starting with "4101" lies in ["4101", "4102"); for a
    // last digit 9 the bound is ':' (the character after '9').
    QString upper = regionPrefix;
    upper.back() = QChar(upper.back().unicode() + 1);
    return selectAll(*m_sql,
                     QStringLiteral("SELECT %1 FROM records WHERE entity = ? AND deleted = 0 "
                                    "AND region >= ? AND region < ? ORDER BY id")
                         .arg(kRecordColumns),
                     {entity, regionPrefix, upper}, readRecord);
}

Result<quint64> SqliteRegistryStore::putDeparture(DepartureRecord& departure)
{
    const auto writeDeparture = [&]() -> Status {
        auto seq = nextSequence();
        if (!seq)
            return fail(seq.error());
        if (auto ok =
                write(QStringLiteral("INSERT INTO departures(seq, entity, id, region) VALUES(?, ?, ?, ?)"),
                      {qlonglong(*seq), departure.entity, departure.id, departure.region});
            !ok) {
            m_lastSequence.reset();
            return fail(ok.error());
        }
        m_lastSequence = *seq;
        departure.seq = *seq;
        return {};
    };
    const Status done = m_sql->transactionDepth() > 0 ? writeDeparture() : transact(writeDeparture);
    if (!done)
        return fail(done.error());
    return departure.seq;
}

Result<QList<DepartureRecord>> SqliteRegistryStore::departuresSince(quint64 cursor, quint64 upTo,
                                                                    const ScopeFilter& scope)
{
    return selectAll(
        *m_sql,
        QStringLiteral("SELECT entity, id, region, seq FROM departures WHERE seq > ? AND seq <= ? "
                       "AND (substr(region, 1, ?) = ? OR region IN (SELECT value FROM json_each(?))) "
                       "ORDER BY seq"),
        {qlonglong(cursor), qlonglong(upTo), scope.prefix.size(), scope.prefix, jsonArray(scope.ancestors)},
        [](const SqliteStatement& q) {
            return DepartureRecord{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                   q.value(3).toULongLong()};
        });
}

Result<QList<StoredRecord>> SqliteRegistryStore::membershipsOf(const QString& volunteerId)
{
    // A scan of the memberships: it runs only when a volunteer moves to another region.
    return selectAll(*m_sql,
                     QStringLiteral("SELECT %1 FROM records WHERE entity = 'membership' "
                                    "AND substr(id, instr(id, '/') + 1) = ? ORDER BY id")
                         .arg(kRecordColumns),
                     {volunteerId}, readRecord);
}

Result<QHash<QString, int>> SqliteRegistryStore::liveVolunteerCounts()
{
    auto rows = selectAll(
        *m_sql,
        QStringLiteral("SELECT region, count(*) FROM records "
                       "WHERE entity = 'volunteer' AND deleted = 0 GROUP BY region"),
        {}, [](const SqliteStatement& q) { return std::pair(q.value(0).toString(), q.value(1).toInt()); });
    if (!rows)
        return fail(rows.error());
    QHash<QString, int> counts;
    for (const auto& [region, count] : *rows)
        counts.insert(region, count);
    return counts;
}

Status SqliteRegistryStore::addConflict(const ConflictRecord& c)
{
    return writeSome(
        QStringLiteral("INSERT INTO conflicts(entity, entity_id, field, kept, lost, kept_stamp, lost_stamp, "
                       "kept_device, lost_device, at, change_set) "
                       "VALUES(?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?, ?, ?)"),
        {c.entity, c.entityId, c.field, c.kept, c.lost, c.keptStamp, c.lostStamp, c.keptDevice, c.lostDevice,
         c.at, c.changeSet},
        Error{ErrorCode::Internal, QStringLiteral("冲突记录未写入")});
}

Result<QList<ConflictRecord>> SqliteRegistryStore::conflicts()
{
    return selectAll(*m_sql, QStringLiteral("SELECT %1 FROM conflicts ORDER BY id").arg(kConflictColumns), {},
                     readConflict);
}

Status SqliteRegistryStore::addClamp(const ClampRecord& c)
{
    return writeSome(QStringLiteral("INSERT INTO clock_clamps(device, change_set, original, clamped, at) "
                                    "VALUES(?, ?, ?, ?, ?)"),
                     {c.device, c.changeSet, c.original, c.clamped, c.at},
                     Error{ErrorCode::Internal, QStringLiteral("时间戳校正记录未写入")});
}

Result<QList<ClampRecord>> SqliteRegistryStore::clamps()
{
    return selectAll(*m_sql, QStringLiteral("SELECT %1 FROM clock_clamps ORDER BY id").arg(kClampColumns), {},
                     readClamp);
}

Result<std::optional<QString>> SqliteRegistryStore::lastClamp(const QString& device)
{
    auto clamped = m_sql->scalar(
        QStringLiteral("SELECT clamped FROM clock_clamps WHERE device = ? ORDER BY id DESC LIMIT 1"),
        {device});
    if (!clamped)
        return fail(clamped.error());
    return clamped->isNull() ? std::optional<QString>() : std::optional<QString>(clamped->toString());
}

Result<std::optional<UploadRecord>> SqliteRegistryStore::upload(const QString& device,
                                                                const QString& changeSet)
{
    return selectOne(
        *m_sql,
        QStringLiteral("SELECT device, change_set, total, held, started_at, updated_at FROM uploads "
                       "WHERE device = ? AND change_set = ?"),
        {device, changeSet}, [](const SqliteStatement& q) {
            return UploadRecord{q.value(0).toString(),   q.value(1).toString(), q.value(2).toLongLong(),
                                q.value(3).toLongLong(), q.value(4).toString(), q.value(5).toString()};
        });
}

Result<int> SqliteRegistryStore::uploadCount(const QString& device)
{
    auto count = m_sql->scalar(QStringLiteral("SELECT count(*) FROM uploads WHERE device = ?"), {device});
    if (!count)
        return fail(count.error());
    return count->toInt();
}

Status SqliteRegistryStore::insertUpload(const UploadRecord& u)
{
    return writeSome(
        QStringLiteral("INSERT INTO uploads(device, change_set, total, held, started_at, updated_at) "
                       "VALUES(?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING"),
        {u.device, u.changeSet, u.total, u.startedAt, u.updatedAt},
        Error{ErrorCode::Conflict, QStringLiteral("变更集 %1 的分块上传已开始").arg(u.changeSet)});
}

Status SqliteRegistryStore::appendUploadChunk(const QString& device, const QString& changeSet, qint64 offset,
                                              QByteArrayView bytes, const QString& at)
{
    const auto append = [&]() -> Status {
        // "held = offset" keeps the chunks contiguous whatever the caller checked.
        if (auto moved = writeSome(
                QStringLiteral("UPDATE uploads SET held = ?, updated_at = ? "
                               "WHERE device = ? AND change_set = ? AND held = ?"),
                {offset + bytes.size(), at, device, changeSet, offset},
                Error{ErrorCode::Conflict, QStringLiteral("分块偏移 %1 与已收到的字节数不符").arg(offset)});
            !moved)
            return moved;
        return writeSome(QStringLiteral("INSERT INTO upload_chunks(device, change_set, offset, bytes) "
                                        "VALUES(?, ?, ?, ?) ON CONFLICT DO NOTHING"),
                         {device, changeSet, offset, bytes.toByteArray()},
                         Error{ErrorCode::Conflict, QStringLiteral("偏移 %1 处的分块已存在").arg(offset)});
    };
    return m_sql->transactionDepth() > 0 ? append() : transact(append);
}

Result<QByteArray> SqliteRegistryStore::uploadBytes(const QString& device, const QString& changeSet)
{
    auto chunks = selectAll(*m_sql,
                            QStringLiteral("SELECT offset, bytes FROM upload_chunks "
                                           "WHERE device = ? AND change_set = ? ORDER BY offset"),
                            {device, changeSet}, [](const SqliteStatement& q) {
                                return std::pair(q.value(0).toLongLong(), q.value(1).toByteArray());
                            });
    if (!chunks)
        return fail(chunks.error());
    QByteArray bytes;
    qsizetype size = 0;
    for (const auto& [offset, chunk] : *chunks)
        size += chunk.size();
    bytes.reserve(size);
    for (const auto& [offset, chunk] : *chunks) {
        if (offset != bytes.size())
            return fail(ErrorCode::Database, QStringLiteral("变更集 %1 的分块不连续").arg(changeSet));
        bytes.append(chunk);
    }
    return bytes;
}

Status SqliteRegistryStore::deleteUpload(const QString& device, const QString& changeSet)
{
    const auto remove = [&]() -> Status {
        if (auto chunks =
                write(QStringLiteral("DELETE FROM upload_chunks WHERE device = ? AND change_set = ?"),
                      {device, changeSet});
            !chunks)
            return fail(chunks.error());
        if (auto header = write(QStringLiteral("DELETE FROM uploads WHERE device = ? AND change_set = ?"),
                                {device, changeSet});
            !header)
            return fail(header.error());
        return {};
    };
    return m_sql->transactionDepth() > 0 ? remove() : transact(remove);
}

Result<int> SqliteRegistryStore::deleteUploadsUntouchedSince(const QString& before)
{
    int deleted = 0;
    const auto remove = [&]() -> Status {
        if (auto chunks =
                write(QStringLiteral("DELETE FROM upload_chunks WHERE (device, change_set) IN "
                                     "(SELECT device, change_set FROM uploads WHERE updated_at < ?)"),
                      {before});
            !chunks)
            return fail(chunks.error());
        auto headers = write(QStringLiteral("DELETE FROM uploads WHERE updated_at < ?"), {before});
        if (!headers)
            return fail(headers.error());
        deleted = *headers;
        return {};
    };
    if (auto done = m_sql->transactionDepth() > 0 ? remove() : transact(remove); !done)
        return fail(done.error());
    return deleted;
}

Status SqliteRegistryStore::addAudit(const QString& actor, const QString& action, const QString& entity,
                                     const QString& detail, int rows)
{
    const QString at = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
    return writeSome(QStringLiteral("INSERT INTO audit_log(at, actor, action, entity, detail, row_count) "
                                    "VALUES(?, ?, ?, ?, ?, ?)"),
                     {at, actor, action, entity, detail, rows},
                     Error{ErrorCode::Internal, QStringLiteral("审计记录未写入")});
}

} // namespace kjzy
