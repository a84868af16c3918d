#include "ClientDatabase.h"

#include "ClientMigrations.h"
#include "clock/HybridLogicalClock.h"
#include "clock/RecordId.h"
#include "reference/RegionTable.h"

#include <QDir>
#include <QFileInfo>

namespace kjzy {

ClientDatabase::ClientDatabase(std::unique_ptr<SqliteConnection> connection)
    : m_connection(std::move(connection))
{
    m_connection->setBeforeCommit([this]() -> Status {
        if (!m_stampDirty || !m_lastStamp)
            return {};
        if (auto saved = setSetting(settings::kHlc, m_lastStamp->toString()); !saved)
            return saved;
        m_stampDirty = false;
        return {};
    });
}

Result<std::unique_ptr<ClientDatabase>> ClientDatabase::open(const QString& path)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(ErrorCode::Io, QStringLiteral("无法创建目录 %1").arg(info.absolutePath()));
    auto connection = SqliteConnection::open(path);
    if (!connection)
        return fail(connection.error());
    if (auto migrated = ClientMigrations::migrator().migrate(**connection); !migrated)
        return fail(migrated.error());
    return std::unique_ptr<ClientDatabase>(new ClientDatabase(std::move(*connection)));
}

Result<QString> ClientDatabase::setting(const QString& key) const
{
    auto value = m_connection->scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    if (!value)
        return fail(value.error());
    return value->toString();
}

Status ClientDatabase::setSetting(const QString& key, const QString& value)
{
    auto done = m_connection->run(QStringLiteral("INSERT INTO settings(key, value) VALUES(?, ?) "
                                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                                  {key, value});
    if (!done)
        return fail(done.error());
    return {};
}

Result<QString> ClientDatabase::region() const
{
    if (!m_region.isEmpty())
        return m_region;
    auto region = setting(settings::kRegion);
    if (!region)
        return region;
    if (region->isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("本地数据库 %1 尚未初始化：请先运行 kjzy init --region 地区代码")
                        .arg(m_connection->path()));
    m_region = *region;
    return region;
}

Result<QString> ClientDatabase::deviceId() const
{
    return setting(settings::kDeviceId);
}

bool ClientDatabase::isInitialized() const
{
    auto region = setting(settings::kRegion);
    return region && !region->isEmpty();
}

Status ClientDatabase::initialize(const QString& regionCode)
{
    const Region* region = RegionTable::henan().find(regionCode);
    if (!region) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("地区代码“%1”不是河南省的省、市、县（区）代码（GB/T 2260 六位代码，"
                                   "如 410000 河南省、410100 郑州市、410105 金水区）")
                        .arg(regionCode));
    }
    auto existing = setting(settings::kRegion);
    if (!existing)
        return fail(existing.error());
    if (!existing->isEmpty()) {
        if (*existing == regionCode)
            return {};
        return fail(ErrorCode::Conflict,
                    QStringLiteral("本地数据库已初始化为“%1”（%2），不能改为“%3”：请另建数据库（--db 路径）")
                        .arg(RegionTable::henan().displayName(*existing, true), *existing,
                             RegionTable::henan().displayName(regionCode, true)));
    }
    auto transaction = SqliteTransaction::begin(*m_connection);
    if (!transaction)
        return fail(transaction.error());
    if (auto ok = setSetting(settings::kRegion, regionCode); !ok)
        return ok;
    if (auto ok = setSetting(settings::kDeviceId, RecordId::generate()); !ok)
        return ok;
    return transaction->commit();
}

} // namespace kjzy

namespace kjzy {

Status ClientDatabase::loadClock()
{
    if (m_deviceId.isEmpty()) {
        auto device = deviceId();
        if (!device)
            return fail(device.error());
        if (device->isEmpty())
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("本地数据库尚未初始化：请先运行 kjzy init --region 地区代码"));
        m_deviceId = *device;
    }
    if (m_connection->transactionDepth() == 0)
        return fail(ErrorCode::Internal, QStringLiteral("HLC 时间戳只能在事务中取得"));
    // Read on every use, inside the write transaction: another connection to this file (the
    // desktop saving a form while its sync runs on a worker thread) may have moved the mark since,
    // and a mark kept in memory alone could hand out a stamp that connection already used.
    auto text = setting(settings::kHlc);
    if (!text)
        return fail(text.error());
    const HlcTimestamp stored = HlcTimestamp::fromString(*text).value_or(HlcTimestamp{});
    if (!m_lastStamp || *m_lastStamp < stored)
        m_lastStamp = stored;
    return {};
}

Result<HlcTimestamp> ClientDatabase::nextStamp(const Clock& clock)
{
    if (auto loaded = loadClock(); !loaded)
        return fail(loaded.error());
    HybridLogicalClock hlc(m_deviceId, clock, *m_lastStamp);
    const HlcTimestamp stamp = hlc.now();
    m_lastStamp = stamp;
    m_stampDirty = true;
    return stamp;
}

Status ClientDatabase::observeStamp(const HlcTimestamp& received, const Clock& clock)
{
    if (auto loaded = loadClock(); !loaded)
        return loaded;
    HybridLogicalClock hlc(m_deviceId, clock, *m_lastStamp);
    m_lastStamp = hlc.observe(received);
    m_stampDirty = true;
    return {};
}

} // namespace kjzy
