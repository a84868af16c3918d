#include "TeamStore.h"

#include "core/FaultPoint.h"
#include "model/RecordJson.h"
#include "model/RegionScope.h"
#include "validation/TeamNameAdvisor.h"

#include <QJsonDocument>

namespace kjzy {

namespace {
// A creation's fields: every synced field plus "deleted" (as for a volunteer, so every replica
// stores the same fields), as JSON text and its keys.
QString creationFieldsJson(const Team& t, QStringList& keys)
{
    FieldMap fields = RecordJson::teamFields(t);
    fields.insert(QStringLiteral("deleted"), false);
    keys = fields.keys();
    return fields.toJsonText();
}

const QString kSelectColumns = QStringLiteral(
    "SELECT id, name, category, parent, admin_mobile, civil_affairs_registered, supervisor_type, supervisor, "
    "founded, service_categories, province, city, county FROM teams ");

Team readTeam(const SqliteStatement& q)
{
    Team t;
    t.id = q.value(0).toString();
    t.name = q.value(1).toString();
    t.category = q.value(2).toString();
    t.parent = q.value(3).toString();
    t.adminMobile = q.value(4).toString();
    if (!q.value(5).isNull())
        t.civilAffairsRegistered = q.value(5).toBool();
    t.supervisorType = q.value(6).toString();
    t.supervisor = q.value(7).toString();
    t.founded = q.value(8).toString();
    const QString categories = q.value(9).toString();
    t.serviceCategories = categories.isEmpty() ? QStringList() : categories.split(u'、');
    t.province = q.value(10).toString();
    t.city = q.value(11).toString();
    t.county = q.value(12).toString();
    // Advice is derived, not stored: it improves with the advisor and never goes stale.
    t.nameIssues = TeamNameAdvisor::advise(t.name, t.city, t.county).issues;
    return t;
}

} // namespace

TeamStore::TeamStore(ClientDatabase& database, const Clock& clock)
    : m_database(database), m_recorder(database, clock)
{}

Status TeamStore::checkScope(const Team& t)
{
    auto region = m_database.region();
    if (!region)
        return fail(region.error());
    return RegionScope(*region).check(QStringLiteral("队伍“%1”").arg(t.name), t.province, t.city, t.county);
}

Status TeamStore::checkParent(const Team& t)
{
    if (t.parent.isEmpty())
        return {};
    if (t.parent == t.id)
        return fail(ErrorCode::InvalidInput, QStringLiteral("队伍不能以自己为上级队伍"));
    // Walk up from the parent: a cycle would make the hierarchy unprintable.
    QString current = t.parent;
    for (int depth = 0; depth < 32 && !current.isEmpty(); ++depth) {
        auto parent = m_database.sql().scalar(
            QStringLiteral("SELECT parent FROM teams WHERE id = ? AND deleted = 0"), {current});
        if (!parent)
            return fail(parent.error());
        if (parent->isNull())
            return depth == 0 ? fail(ErrorCode::NotFound, QStringLiteral("上级队伍“%1”不存在").arg(t.parent))
                              : Status{};
        current = parent->toString();
        if (current == t.id)
            return fail(ErrorCode::InvalidInput, QStringLiteral("上级队伍设置会形成循环，请检查"));
    }
    return {};
}

Status TeamStore::writeRow(const Team& t, bool insert, const QString& now)
{
    const QVariantList values{t.name,
                              t.category,
                              t.parent,
                              t.adminMobile,
                              t.civilAffairsRegistered ? QVariant(*t.civilAffairsRegistered ? 1 : 0)
                                                       : QVariant(QMetaType::fromType<int>()),
                              t.supervisorType,
                              t.supervisor,
                              t.founded,
                              t.serviceCategories.join(u'、'),
                              t.province,
                              t.city,
                              t.county};
    Result<SqliteStatement*> done;
    if (insert) {
        done = m_database.sql().run(
            QStringLiteral(
                "INSERT INTO teams(name, category, parent, admin_mobile, civil_affairs_registered, "
                "supervisor_type, supervisor, founded, service_categories, province, city, county, id, "
                "created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            values + QVariantList{t.id, now, now});
    } else {
        done = m_database.sql().run(
            QStringLiteral(
                "UPDATE teams SET name = ?, category = ?, parent = ?, admin_mobile = ?, "
                "civil_affairs_registered = ?, supervisor_type = ?, supervisor = ?, founded = ?, "
                "service_categories = ?, province = ?, city = ?, county = ?, updated_at = ? WHERE id = ?"),
            values + QVariantList{now, t.id});
    }
    if (!done)
        return fail(done.error());
    return {};
}

Result<QString> TeamStore::add(Team t)
{
    if (auto ok = checkScope(t); !ok)
        return fail(ok.error());
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    auto created = m_recorder.creationStamp(t.id);
    if (!created)
        return fail(created.error());
    auto existing = findByName(t.name);
    if (!existing)
        return fail(existing.error());
    if (*existing)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("已有同名队伍“%1”（编号 %2）").arg(t.name, (*existing)->id));
    if (auto ok = checkParent(t); !ok)
        return fail(ok.error());
    if (auto ok = writeRow(t, true, m_recorder.nowIso()); !ok)
        return fail(ok.error());
    FaultPoint::hit("client.team.after-row");
    QStringList keys;
    const QString fields = creationFieldsJson(t, keys);
    if (auto recorded = m_recorder.recordEncoded(QStringLiteral("team"), t.id, fields, keys, true, *created);
        !recorded)
        return fail(recorded.error());
    if (auto ok = transaction->commit(); !ok)
        return fail(ok.error());
    return t.id;
}

Result<QStringList> TeamStore::update(const Team& t)
{
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    auto stored = get(t.id);
    if (!stored)
        return fail(stored.error());
    if (auto ok = checkScope(*stored); !ok)
        return fail(ok.error());
    if (auto ok = checkScope(t); !ok)
        return fail(ok.error());
    if (t.name != stored->name) {
        auto other = findByName(t.name);
        if (!other)
            return fail(other.error());
        if (*other)
            return fail(ErrorCode::Conflict,
                        QStringLiteral("已有同名队伍“%1”（编号 %2）").arg(t.name, (*other)->id));
    }
    if (auto ok = checkParent(t); !ok)
        return fail(ok.error());
    const FieldMap changed =
        ChangeRecorder::changedFields(RecordJson::teamFields(*stored), RecordJson::teamFields(t));
    auto refused = m_recorder.creationRefused(QStringLiteral("team"), t.id);
    if (!refused)
        return fail(refused.error());
    if (*refused) {
        // The server never took this team: the fix goes as the whole record.
        if (auto ok = writeRow(t, false, m_recorder.nowIso()); !ok)
            return fail(ok.error());
        QStringList keys;
        const QString fields = creationFieldsJson(t, keys);
        if (auto recorded = m_recorder.recordRecreation(QStringLiteral("team"), t.id, fields, keys);
            !recorded)
            return fail(recorded.error());
    } else if (!changed.isEmpty()) {
        if (auto ok = writeRow(t, false, m_recorder.nowIso()); !ok)
            return fail(ok.error());
        if (auto recorded = m_recorder.record(QStringLiteral("team"), t.id, changed); !recorded)
            return fail(recorded.error());
    }
    if (auto ok = transaction->commit(); !ok)
        return fail(ok.error());
    return changed.keys();
}

Status TeamStore::remove(const QString& id)
{
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    auto stored = get(id);
    if (!stored)
        return fail(stored.error());
    if (auto ok = checkScope(*stored); !ok)
        return ok;
    auto children = m_database.sql().scalar(
        QStringLiteral("SELECT COUNT(*) FROM teams WHERE parent = ? AND deleted = 0"), {id});
    if (!children)
        return fail(children.error());
    if (children->toInt() > 0)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("队伍“%1”下还有 %2 个下级队伍，请先删除或改挂下级队伍")
                        .arg(stored->name)
                        .arg(children->toInt()));
    auto members = m_database.sql().run(
        QStringLiteral("SELECT volunteer_id FROM memberships WHERE team_id = ? AND deleted = 0"), {id});
    if (!members)
        return fail(members.error());
    QStringList volunteerIds;
    while ((*members)->next())
        volunteerIds << (*members)->value(0).toString();
    (*members)->finish();
    for (const QString& volunteerId : std::as_const(volunteerIds)) {
        if (auto recorded = m_recorder.record(QStringLiteral("membership"), id + u'/' + volunteerId,
                                              FieldMap{{QStringLiteral("deleted"), true}});
            !recorded)
            return fail(recorded.error());
    }
    auto ended =
        m_database.sql().run(QStringLiteral("UPDATE memberships SET deleted = 1 WHERE team_id = ?"), {id});
    if (!ended)
        return fail(ended.error());
    auto done =
        m_database.sql().run(QStringLiteral("UPDATE teams SET deleted = 1, updated_at = ? WHERE id = ?"),
                             {m_recorder.nowIso(), id});
    if (!done)
        return fail(done.error());
    if (auto recorded =
            m_recorder.record(QStringLiteral("team"), id, FieldMap{{QStringLiteral("deleted"), true}});
        !recorded)
        return fail(recorded.error());
    return transaction->commit();
}

Result<Team> TeamStore::get(const QString& id)
{
    auto q = m_database.sql().run(kSelectColumns + QStringLiteral("WHERE id = ? AND deleted = 0"), {id});
    if (!q)
        return fail(q.error());
    if (!(*q)->next())
        return fail(ErrorCode::NotFound, QStringLiteral("没有编号为“%1”的队伍").arg(id));
    Team t = readTeam(**q);
    (*q)->finish();
    return t;
}

Result<std::optional<Team>> TeamStore::findByName(const QString& name)
{
    auto q = m_database.sql().run(kSelectColumns + QStringLiteral("WHERE name = ? AND deleted = 0"), {name});
    if (!q)
        return fail(q.error());
    if (!(*q)->next())
        return std::optional<Team>();
    Team t = readTeam(**q);
    (*q)->finish();
    return std::optional<Team>(t);
}

Result<QList<Team>> TeamStore::list(const QString& region)
{
    QString sql = kSelectColumns + QStringLiteral("WHERE deleted = 0");
    QVariantList params;
    if (!region.isEmpty()) {
        sql += QStringLiteral(" AND (county = ? OR city = ? OR province = ?)");
        params << region << region << region;
    }
    sql += QStringLiteral(" ORDER BY province, city, county, name");
    auto q = m_database.sql().run(sql, params);
    if (!q)
        return fail(q.error());
    QList<Team> out;
    while ((*q)->next())
        out << readTeam(**q);
    (*q)->finish();
    return out;
}

} // namespace kjzy
