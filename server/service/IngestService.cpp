#include "IngestService.h"

#include "RecordPolicy.h"
#include "RegistryRecord.h"
#include "crypto/Envelope.h"
#include "model/RecordJson.h"
#include "reference/RegionTable.h"
#include "sync/RecordMerge.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcIngest, "kjzy.server.ingest")

namespace kjzy {

namespace {

const QString kDeleted = QStringLiteral("deleted");

// The keys a change of each entity may carry: computed once, looked up for every change.
const QSet<QString>& allowedFields(const QString& entityName)
{
    static const auto keysOf = [](QStringList keys) {
        keys << kDeleted;
        return QSet<QString>(keys.cbegin(), keys.cend());
    };
    static const QSet<QString> volunteer = keysOf(RecordJson::volunteerFields(Volunteer{}).keys());
    static const QSet<QString> team = keysOf(RecordJson::teamFields(Team{}).keys());
    static const QSet<QString> membership = keysOf({});
    if (entityName == entity::kVolunteer)
        return volunteer;
    return entityName == entity::kTeam ? team : membership;
}

QByteArray jsonText(const FieldValue& value)
{
    // QJsonDocument only wraps arrays and objects: wrap the value in an array and strip it.
    const QByteArray text = QJsonDocument(QJsonArray{value.toJson()}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2);
}

QString recordLabel(const QString& entityName)
{
    if (entityName == entity::kVolunteer)
        return QStringLiteral("志愿者");
    if (entityName == entity::kTeam)
        return QStringLiteral("队伍");
    return QStringLiteral("成员关系");
}

} // namespace

struct IngestService::Context
{
    DeviceRecord device;
    ChangeSet changeSet;
    PushReply reply;
    qint64 nowMs = 0;
    QString nowIso;
    QDate today;

    void reject(int index, const Change& change, const QString& reason)
    {
        reply.rejected << RejectedChange{index, change.entity, change.id, reason};
    }
};

IngestService::IngestService(RegistryStore& store, const ServerKeys& keys, const Clock& clock,
                             IngestLimits limits)
    : m_store(store), m_keys(keys), m_clock(clock), m_limits(limits),
      m_authenticator(store, keys, limits.maxEnvelopeBytes), m_refusals(store)
{}

Result<IngestResult> IngestService::ingest(QByteArrayView envelopeBytes)
{
    auto result = ingestUnaudited(envelopeBytes);
    if (!result && RefusalAudit::isRefusal(result.error()))
        return fail(m_refusals.record(RefusalAudit::kPushRefused,
                                      PushAuthenticator::claimedSender(envelopeBytes), result.error()));
    return result;
}

Result<IngestResult> IngestService::ingestUnaudited(QByteArrayView envelopeBytes)
{
    auto envelope = m_authenticator.frame(envelopeBytes);
    if (!envelope)
        return fail(envelope.error());
    auto authenticated = m_authenticator.authenticate(*envelope);
    if (!authenticated)
        return fail(authenticated.error());
    const EnvelopeHeader& header = authenticated->header;
    const DeviceRecord* device = &authenticated->device;

    // Replay: a change set seen before is answered with the reply it got, never applied again.
    auto seen = m_store.changeSet(header.changeSetId);
    if (!seen)
        return fail(seen.error());
    if (*seen) {
        if ((*seen)->device != device->id || (*seen)->sequence != header.sequence)
            return fail(ErrorCode::Crypto,
                        QStringLiteral("变更集编号 %1 已被使用，拒绝").arg(header.changeSetId));
        auto reply = SyncCodec::decodePushReply((*seen)->reply);
        if (!reply)
            return fail(ErrorCode::Database,
                        QStringLiteral("已存回执无法读取：%1").arg(reply.error().message));
        reply->duplicate = true;
        return IngestResult{*device, *reply};
    }
    if (header.sequence <= device->lastSequence)
        return fail(ErrorCode::Conflict, QStringLiteral("变更集序号 %1 不大于已接收的序号 %2，疑为重放，拒绝")
                                             .arg(header.sequence)
                                             .arg(device->lastSequence));

    auto changeSet = openChangeSet(*envelope, header);
    if (!changeSet)
        return fail(changeSet.error());

    Context context;
    context.device = *device;
    context.changeSet = std::move(*changeSet);
    context.nowMs = m_clock.nowMs();
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(context.nowMs, Qt::UTC);
    context.nowIso = now.toString(Qt::ISODateWithMs);
    context.today = now.toOffsetFromUtc(8 * 3600).date(); // the forms' dates are Beijing time
    context.reply.changeSetId = context.changeSet.id;
    context.reply.sequence = context.changeSet.sequence;
    if (auto applied = m_store.transact([&] { return apply(context); }); !applied)
        return fail(applied.error());
    qCInfo(lcIngest).noquote() << "change set" << context.changeSet.id << "from" << device->id << "seq"
                               << context.changeSet.sequence << "accepted" << context.reply.accepted
                               << "rejected" << context.reply.rejected.size();
    return IngestResult{*device, context.reply};
}

Result<ChangeSet> IngestService::openChangeSet(const SealedEnvelope& envelope, const EnvelopeHeader& header)
{
    auto plaintext = Envelope::open(envelope, header, m_keys.box());
    if (!plaintext)
        return fail(plaintext.error());
    auto changeSet = SyncCodec::decodeChangeSet(*plaintext, m_limits.codec);
    if (!changeSet)
        return fail(changeSet.error());
    // Inner ids equal outer: the signed header and the encrypted body must name the same change
    // set and device, and a device writes only its own stamps.
    if (changeSet->device != header.senderDeviceId || changeSet->id != header.changeSetId ||
        changeSet->sequence != header.sequence)
        return fail(ErrorCode::Crypto, QStringLiteral("变更集内外编号不一致，拒绝"));
    for (const Change& change : changeSet->changes) {
        if (change.stamp.device != header.senderDeviceId)
            return fail(ErrorCode::Crypto, QStringLiteral("变更集含有其他设备的时间戳，拒绝"));
    }
    return changeSet;
}

Status IngestService::apply(Context& context)
{
    const QList<Change>& changes = context.changeSet.changes;
    for (int index = 0; index < changes.size(); ++index) {
        Change change = changes.at(index);
        const QSet<QString>& allowed = allowedFields(change.entity);
        const QStringList keys = change.fields.keys();
        const auto unknown =
            std::find_if(keys.cbegin(), keys.cend(), [&](const QString& k) { return !allowed.contains(k); });
        if (change.fields.isEmpty()) {
            context.reject(index, change,
                           QStringLiteral("%1变更不含任何字段").arg(recordLabel(change.entity)));
            continue;
        }
        if (unknown != keys.cend()) {
            context.reject(
                index, change,
                QStringLiteral("%1变更含有未知字段“%2”").arg(recordLabel(change.entity), *unknown));
            continue;
        }
        auto stamp = clampStamp(context, index, change.stamp);
        if (!stamp)
            return fail(stamp.error());
        change.stamp = *stamp;
        const int rejectedBefore = int(context.reply.rejected.size());
        const Status applied = change.entity == entity::kMembership ? applyMembership(context, index, change)
                                                                    : applyRecord(context, index, change);
        if (!applied)
            return applied;
        if (context.reply.rejected.size() == rejectedBefore)
            ++context.reply.accepted;
    }
    if (auto stored = m_store.insertChangeSet(ChangeSetRecord{
            context.changeSet.id, context.device.id, context.changeSet.sequence, context.nowIso,
            int(changes.size()), int(context.reply.rejected.size()), SyncCodec::encode(context.reply)});
        !stored)
        return stored;
    return m_store.setLastSequence(context.device.id, context.changeSet.sequence);
}

Result<HlcTimestamp> IngestService::clampStamp(Context& context, int index, const HlcTimestamp& stamp)
{
    if (stamp.ms <= context.nowMs + m_limits.maxClockSkewMs)
        return stamp;
    // Clamped stamps of one device must keep rising, across change sets too: two edits clamped to
    // the same stamp would look like one write seen twice and the second would be dropped. So the
    // next clamp follows the device's last one when that is not behind the server's clock.
    auto last = m_store.lastClamp(stamp.device);
    if (!last)
        return fail(last.error());
    HlcTimestamp clamped{context.nowMs, 0, stamp.device};
    if (const auto previous = *last ? HlcTimestamp::fromString(**last) : std::nullopt;
        previous && previous->ms >= clamped.ms) {
        clamped.ms = previous->ms;
        clamped.counter = previous->counter + 1;
        if (clamped.counter > HlcTimestamp::kMaxCounter) {
            clamped.ms += 1;
            clamped.counter = 0;
        }
    }
    qCWarning(lcIngest).noquote() << "clamped a stamp" << (stamp.ms - context.nowMs) << "ms ahead from device"
                                  << stamp.device << "change set" << context.changeSet.id;
    context.reply.clamped << ClampedStamp{index, clamped};
    if (auto logged = m_store.addClamp(ClampRecord{stamp.device, context.changeSet.id, stamp.toString(),
                                                   clamped.toString(), context.nowIso});
        !logged)
        return fail(logged.error());
    return clamped;
}

Result<QString> IngestService::resolveAlias(const QString& volunteerId)
{
    auto alias = m_store.alias(volunteerId);
    if (!alias)
        return fail(alias.error());
    return *alias ? (*alias)->toId : volunteerId;
}

Result<QByteArray> IngestService::identityOf(const RecordState& record) const
{
    if (record.isDeleted())
        return QByteArray();
    if (record.entity == entity::kTeam)
        return QByteArrayLiteral("team:") + record.data.value(QStringLiteral("name")).toString().toUtf8();
    if (record.entity != entity::kVolunteer)
        return QByteArray();
    auto index = m_keys.identityIndex().compute(record.data.value(QStringLiteral("id_number")).toString());
    if (!index)
        return fail(index.error());
    return index->toLatin1();
}

Status IngestService::applyRecord(Context& context, int index, const Change& change)
{
    QString id = change.id;
    if (change.entity == entity::kVolunteer) {
        auto resolved = resolveAlias(id);
        if (!resolved)
            return fail(resolved.error());
        if (*resolved != id)
            context.reply.aliases << IdAlias{id, *resolved};
        id = *resolved;
    }
    auto rows = m_store.records(change.entity, {id});
    if (!rows)
        return fail(rows.error());
    std::optional<StoredRecord> existing;
    if (rows->contains(id))
        existing = rows->value(id);

    RecordState state{change.entity, id, {}, {}};
    // A new volunteer's blind index, once looked up and found free: not computed and looked up twice.
    std::optional<QByteArray> freeIdentity;
    if (existing) {
        auto loaded = RegistryRecord::toState(*existing);
        if (!loaded)
            return fail(loaded.error());
        state = *loaded;
    } else {
        // One ID number is one person: a record made offline for a person the registry already
        // holds is merged into that person, and the device learns which id survives.
        RecordState fresh = state;
        RecordMerge::apply(fresh, change.fields, change.stamp);
        auto identity = identityOf(fresh);
        if (!identity)
            return fail(identity.error());
        if (change.entity == entity::kVolunteer && !identity->isEmpty()) {
            auto holder = m_store.recordByIdentity(*identity);
            if (!holder)
                return fail(holder.error());
            if (*holder && (*holder)->entity == entity::kVolunteer) {
                if (!RecordPolicy::inScope(context.device.scope, (*holder)->region)) {
                    context.reject(
                        index, change,
                        QStringLiteral("该身份证号已在“%1”登记，同一人不能重复登记；如需迁移请联系该地区")
                            .arg(RegionTable::henan().displayName((*holder)->region, true)));
                    return {};
                }
                auto loaded = RegistryRecord::toState(**holder);
                if (!loaded)
                    return fail(loaded.error());
                AliasRecord alias{id, (*holder)->id, (*holder)->region, 0};
                if (auto put = m_store.putAlias(alias); !put)
                    return fail(put.error());
                context.reply.aliases << IdAlias{id, (*holder)->id};
                existing = **holder;
                state = *loaded;
                id = state.id;
            } else if (!*holder) {
                freeIdentity = *identity;
            }
        }
    }

    const QString oldRegion = existing ? existing->region : QString();
    if (existing && !RecordPolicy::inScope(context.device.scope, oldRegion)) {
        context.reject(index, change,
                       QStringLiteral("%1所在区域 %2 不在本设备的管理范围 %3 内")
                           .arg(recordLabel(change.entity), oldRegion, context.device.scope));
        return {};
    }
    RecordState merged = state;
    const MergeOutcome outcome = RecordMerge::apply(merged, change.fields, change.stamp, change.base);
    const QString newRegion = RecordPolicy::regionOf(merged);
    if (!RecordPolicy::inScope(context.device.scope, newRegion)) {
        context.reject(index, change,
                       QStringLiteral("%1所在区域 %2 不在本设备的管理范围 %3 内")
                           .arg(recordLabel(change.entity),
                                newRegion.isEmpty() ? QStringLiteral("（空）") : newRegion,
                                context.device.scope));
        return {};
    }
    if (!merged.isDeleted()) {
        if (const QString problems = RecordPolicy::validate(merged, context.today); !problems.isEmpty()) {
            context.reject(index, change, problems);
            return {};
        }
    }
    auto identity = freeIdentity ? Result<QByteArray>(*freeIdentity) : identityOf(merged);
    if (!identity)
        return fail(identity.error());
    if (!identity->isEmpty() && !freeIdentity) {
        auto holder = m_store.recordByIdentity(*identity);
        if (!holder)
            return fail(holder.error());
        if (*holder && !((*holder)->entity == merged.entity && (*holder)->id == merged.id)) {
            context.reject(index, change,
                           change.entity == entity::kTeam ? QStringLiteral("队伍名称已被另一支队伍使用")
                                                          : QStringLiteral("身份证号已属于另一名志愿者"));
            return {};
        }
    }
    if (auto logged = writeConflicts(context, change.entity, id, outcome.overwritten); !logged)
        return logged;
    if (outcome.applied.isEmpty())
        return {};
    StoredRecord row;
    RegistryRecord::fillRow(row, merged);
    row.region = newRegion;
    row.previousRegion = existing && existing->region != newRegion
                             ? existing->region
                             : (existing ? existing->previousRegion : QString());
    row.identity = identity->isEmpty() && existing ? existing->identity : *identity;
    if (row.deleted)
        row.identity = existing ? existing->identity : QByteArray();
    if (auto put = m_store.putRecord(row); !put)
        return fail(put.error());
    if (!existing || existing->region == newRegion)
        return {};
    // The region the record left drops its copy; a volunteer's memberships live in the
    // volunteer's region, so they move too (with new sequence numbers: the new region pulls them).
    QList<StoredRecord> moved{row};
    if (change.entity == entity::kVolunteer) {
        auto memberships = m_store.membershipsOf(id);
        if (!memberships)
            return fail(memberships.error());
        for (StoredRecord membership : *memberships) {
            membership.previousRegion = membership.region;
            membership.region = newRegion;
            if (auto put = m_store.putRecord(membership); !put)
                return fail(put.error());
            moved << membership;
        }
    }
    for (const StoredRecord& record : moved) {
        DepartureRecord departure{record.entity, record.id, record.previousRegion, 0};
        if (auto put = m_store.putDeparture(departure); !put)
            return fail(put.error());
    }
    return {};
}

Status IngestService::applyMembership(Context& context, int index, const Change& change)
{
    const qsizetype slash = change.id.indexOf(u'/');
    const FieldValue deleted = change.fields.value(kDeleted);
    if (slash <= 0 || change.fields.size() != 1 || !deleted.isBool()) {
        context.reject(index, change, QStringLiteral("成员关系变更格式错误"));
        return {};
    }
    const QString teamId = change.id.left(slash);
    auto volunteerId = resolveAlias(change.id.mid(slash + 1));
    if (!volunteerId)
        return fail(volunteerId.error());
    const QString id = teamId + u'/' + *volunteerId;
    auto teams = m_store.records(entity::kTeam, {teamId});
    auto volunteers = m_store.records(entity::kVolunteer, {*volunteerId});
    if (!teams)
        return fail(teams.error());
    if (!volunteers)
        return fail(volunteers.error());
    if (!teams->contains(teamId) || !volunteers->contains(*volunteerId)) {
        context.reject(index, change, QStringLiteral("成员关系指向的队伍或志愿者在登记库中不存在"));
        return {};
    }
    const QString region = volunteers->value(*volunteerId).region;
    if (!RecordPolicy::inScope(context.device.scope, region)) {
        context.reject(
            index, change,
            QStringLiteral("志愿者所在区域 %1 不在本设备的管理范围 %2 内").arg(region, context.device.scope));
        return {};
    }
    auto rows = m_store.records(entity::kMembership, {id});
    if (!rows)
        return fail(rows.error());
    RecordState state{entity::kMembership, id, {}, {}};
    std::optional<StoredRecord> existing;
    if (rows->contains(id)) {
        existing = rows->value(id);
        auto loaded = RegistryRecord::toState(*existing);
        if (!loaded)
            return fail(loaded.error());
        state = *loaded;
    }
    const MergeOutcome outcome = RecordMerge::apply(state, change.fields, change.stamp, change.base);
    if (auto logged = writeConflicts(context, entity::kMembership, id, outcome.overwritten); !logged)
        return logged;
    if (outcome.applied.isEmpty())
        return {};
    StoredRecord row;
    RegistryRecord::fillRow(row, state);
    row.region = region;
    row.previousRegion = existing && existing->region != region ? existing->region : QString();
    if (auto put = m_store.putRecord(row); !put)
        return fail(put.error());
    return {};
}

Status IngestService::writeConflicts(Context& context, const QString& entityName, const QString& id,
                                     const QList<OverwrittenValue>& overwritten)
{
    for (const OverwrittenValue& value : overwritten) {
        if (auto added = m_store.addConflict(
                ConflictRecord{entityName, id, value.field, jsonText(value.kept), jsonText(value.lost),
                               value.keptStamp.toString(), value.lostStamp.toString(), value.keptStamp.device,
                               value.lostStamp.device, context.nowIso, context.changeSet.id});
            !added)
            return added;
    }
    return {};
}

Result<QByteArray> IngestService::sealReply(const IngestResult& result) const
{
    EnvelopeHeader meta;
    meta.kind = EnvelopeKind::Reply;
    meta.senderDeviceId = m_keys.signing().keyId();
    meta.keyEpoch = result.device.keyEpoch;
    meta.changeSetId = result.reply.changeSetId;
    meta.sequence = result.reply.sequence;
    auto sealed =
        Envelope::seal(SyncCodec::encode(result.reply), meta, result.device.boxKey, m_keys.signing());
    if (!sealed)
        return fail(sealed.error());
    return sealed->toBytes();
}

} // namespace kjzy
