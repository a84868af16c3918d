#include "SyncStatus.h"

namespace kjzy {

namespace {

std::optional<QString> optionalSetting(ClientDatabase& database, const QString& key)
{
    auto value = database.setting(key);
    if (!value || value->isEmpty())
        return std::nullopt;
    return *value;
}

} // namespace

Result<SyncStatus> SyncStatus::read(ClientDatabase& database)
{
    SyncStatus status;
    auto region = database.region();
    if (!region)
        return fail(region.error());
    status.region = *region;
    auto pending =
        database.sql().scalar(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL"));
    if (!pending)
        return fail(pending.error());
    status.pending = pending->toInt();
    auto rejected = database.sql().scalar(QStringLiteral("SELECT COUNT(*) FROM rejected_changes"));
    if (!rejected)
        return fail(rejected.error());
    status.rejected = rejected->toInt();
    auto rows =
        database.sql().run(QStringLiteral("SELECT entity, entity_id, reason, at FROM rejected_changes "
                                          "ORDER BY outbox_seq DESC LIMIT ?"),
                           {SyncStatus::kMaxListed});
    if (!rows)
        return fail(rows.error());
    while ((*rows)->next())
        status.rejections.append(
            RejectedChangeEntry{(*rows)->value(0).toString(), (*rows)->value(1).toString(),
                                (*rows)->value(2).toString(), (*rows)->value(3).toString()});
    status.lastSync = optionalSetting(database, settings::kLastSync);
    status.server = optionalSetting(database, settings::kServer);
    // The device id exists from `init`, but it names a device to the server only once enrolled.
    if (status.server)
        status.device = optionalSetting(database, settings::kDeviceId);
    return status;
}

} // namespace kjzy
