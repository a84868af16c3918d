#include "RegistryQueries.h"

#include "RecordPolicy.h"
#include "RegistryRecord.h"
#include "privacy/Masking.h"
#include "reference/RegionTable.h"
#include "sync/Change.h"
#include "validation/TeamNameAdvisor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <tuple>

namespace kjzy {

namespace {

// The stored value is JSON text of any type; QJsonDocument only wraps arrays and objects, so the
// text is read inside an array. Unreadable text is shown as it is rather than dropped (the log is
// evidence, and an empty value would hide that something was lost), scrubbed when masking.
// PIPL: personal numbers are masked wherever they are shown, the conflict log included.
QJsonValue conflictValue(const QString& field, const QByteArray& text, PersonalData personal)
{
    const bool mask = personal == PersonalData::Masked;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError || !document.isArray() || document.array().size() != 1)
        return mask ? Masking::scrub(QString::fromUtf8(text)) : QString::fromUtf8(text);
    const QJsonValue value = document.array().first();
    if (!mask || !value.isString())
        return value;
    if (field == u"mobile" || field == u"admin_mobile")
        return Masking::mobile(value.toString());
    if (field == u"id_number")
        return Masking::idNumber(value.toString());
    return value;
}

} // namespace

Result<QString> RegistryQueries::regionPrefix(const QString& regionCode) const
{
    if (regionCode.isEmpty())
        return QString();
    if (!RegionTable::henan().find(regionCode))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("地区代码“%1”不是河南省的省、市、县代码").arg(regionCode));
    return RecordPolicy::scopeFilter(regionCode).prefix;
}

Result<QList<Volunteer>> RegistryQueries::volunteers(const QString& regionCode)
{
    auto prefix = regionPrefix(regionCode);
    if (!prefix)
        return fail(prefix.error());
    auto rows = m_store.liveRecords(entity::kVolunteer, *prefix);
    if (!rows)
        return fail(rows.error());
    QList<Volunteer> out;
    out.reserve(rows->size());
    QSet<QString> ids;
    for (const StoredRecord& row : std::as_const(*rows)) {
        auto state = RegistryRecord::toState(row);
        if (!state)
            return fail(state.error());
        out << RecordJson::toVolunteer(state->id, state->data);
        ids.insert(row.id);
    }
    // All live memberships in one query rather than one per person. Not narrowed by region: a
    // membership row keeps the region its volunteer had when it was written, so after a move it
    // would be missed.
    auto memberships = m_store.liveRecords(entity::kMembership, {});
    if (!memberships)
        return fail(memberships.error());
    QHash<QString, QStringList> teamsOf;
    for (const StoredRecord& row : std::as_const(*memberships)) {
        const qsizetype slash = row.id.indexOf(u'/');
        if (slash <= 0)
            continue; // the ingest refuses such ids; nothing to attach it to
        const QString volunteerId = row.id.mid(slash + 1);
        if (ids.contains(volunteerId))
            teamsOf[volunteerId] << row.id.left(slash);
    }
    for (Volunteer& v : out) {
        v.teams = teamsOf.value(v.id);
        std::sort(v.teams.begin(), v.teams.end());
    }
    std::sort(out.begin(), out.end(), [](const Volunteer& a, const Volunteer& b) {
        return std::tie(a.county, a.name, a.id) < std::tie(b.county, b.name, b.id);
    });
    return out;
}

Result<QList<Team>> RegistryQueries::teams(const QString& regionCode)
{
    auto prefix = regionPrefix(regionCode);
    if (!prefix)
        return fail(prefix.error());
    auto rows = m_store.liveRecords(entity::kTeam, *prefix);
    if (!rows)
        return fail(rows.error());
    QList<Team> out;
    out.reserve(rows->size());
    for (const StoredRecord& row : std::as_const(*rows)) {
        auto state = RegistryRecord::toState(row);
        if (!state)
            return fail(state.error());
        Team t = RecordJson::toTeam(state->id, state->data);
        // Advice is derived, not stored (as in the client's TeamStore): it improves with the
        // advisor and never goes stale.
        t.nameIssues = TeamNameAdvisor::advise(t.name, t.city, t.county).issues;
        out << t;
    }
    std::sort(out.begin(), out.end(), [](const Team& a, const Team& b) {
        return std::tie(a.province, a.city, a.county, a.name, a.id) <
               std::tie(b.province, b.city, b.county, b.name, b.id);
    });
    return out;
}

Result<QList<RegionProgress>> RegistryQueries::report()
{
    // A volunteer's region is its county position (county, zone or 济源市), which is what
    // TargetProgress rolls up.
    auto counts = m_store.liveVolunteerCounts();
    if (!counts)
        return fail(counts.error());
    return TargetProgress::forScope(RegionTable::henan().province().code, *counts);
}

Result<QList<ConflictRecord>> RegistryQueries::conflicts()
{
    return m_store.conflicts();
}

QJsonObject RegistryQueries::conflictJson(const ConflictRecord& c, PersonalData personal)
{
    return QJsonObject{
        {QStringLiteral("entity"), c.entity},
        {QStringLiteral("id"), c.entityId},
        {QStringLiteral("field"), c.field},
        {QStringLiteral("kept"), conflictValue(c.field, c.kept, personal)},
        {QStringLiteral("lost"), conflictValue(c.field, c.lost, personal)},
        {QStringLiteral("kept_device"), c.keptDevice},
        {QStringLiteral("lost_device"), c.lostDevice},
        {QStringLiteral("at"), c.at},
        {QStringLiteral("kept_stamp"), c.keptStamp},
        {QStringLiteral("lost_stamp"), c.lostStamp},
        {QStringLiteral("change_set"), c.changeSet},
    };
}

} // namespace kjzy
