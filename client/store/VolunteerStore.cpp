#include "VolunteerStore.h"

#include "core/FaultPoint.h"
#include "core/JsonWriter.h"
#include "model/RecordJson.h"
#include "model/RegionScope.h"
#include "privacy/Masking.h"

namespace kjzy {

namespace {

const QString kSelectColumns = QStringLiteral(
    "SELECT id, name, mobile, gender, id_number, political_status, ethnicity, employer, title, education, "
    "occupation, province, city, county, service_categories, service_fields, three_heads FROM volunteers ");

QStringList splitList(const QString& joined)
{
    return joined.isEmpty() ? QStringList() : joined.split(u'、');
}

Volunteer readVolunteer(const SqliteStatement& q)
{
    Volunteer v;
    v.id = q.value(0).toString();
    v.name = q.value(1).toString();
    v.mobile = q.value(2).toString();
    v.gender = q.value(3).toString();
    v.idNumber = q.value(4).toString();
    v.politicalStatus = q.value(5).toString();
    v.ethnicity = q.value(6).toString();
    v.employer = q.value(7).toString();
    v.title = q.value(8).toString();
    v.education = q.value(9).toString();
    v.occupation = q.value(10).toString();
    v.province = q.value(11).toString();
    v.city = q.value(12).toString();
    v.county = q.value(13).toString();
    v.serviceCategories = splitList(q.value(14).toString());
    v.serviceFields = splitList(q.value(15).toString());
    v.threeHeads = q.value(16).toBool();
    return v;
}

// RecordJson::volunteerFields() written straight to JSON text, keys in QJsonObject's (sorted) order: the add
// path.
QString syncedFieldsJson(const Volunteer& v, QStringList& keys)
{
    JsonWriter json;
    json.beginObject();
    auto text = [&](const char16_t* key, const QString& value) {
        json.key(key).value(value);
        keys << QString::fromUtf16(key);
    };
    text(u"city", v.city);
    text(u"county", v.county);
    // A creation says "live as of its stamp" for every replica alike: the server then holds
    // deleted:false under the creation's "*" stamp just as the client's row does, so an older
    // delete of a duplicate folded into this person loses on both sides (TestConvergenceFuzz).
    json.key(u"deleted").value(false);
    keys << QStringLiteral("deleted");
    text(u"education", v.education);
    text(u"employer", v.employer);
    text(u"ethnicity", v.ethnicity);
    text(u"gender", v.gender);
    text(u"id_number", v.idNumber);
    text(u"mobile", v.mobile);
    text(u"name", v.name);
    text(u"occupation", v.occupation);
    text(u"political_status", v.politicalStatus);
    text(u"province", v.province);
    json.key(u"service_categories").value(v.serviceCategories);
    json.key(u"service_fields").value(v.serviceFields);
    json.key(u"three_heads").value(v.threeHeads);
    keys << QStringLiteral("service_categories") << QStringLiteral("service_fields")
         << QStringLiteral("three_heads");
    text(u"title", v.title);
    json.endObject();
    return json.text();
}

QString membershipId(const QString& teamId, const QString& volunteerId)
{
    return teamId + u'/' + volunteerId;
}

} // namespace

VolunteerStore::VolunteerStore(ClientDatabase& database, const Clock& clock)
    : m_database(database), m_recorder(database, clock)
{}

Status VolunteerStore::checkScope(const Volunteer& v)
{
    auto region = m_database.region();
    if (!region)
        return fail(region.error());
    return RegionScope(*region).check(QStringLiteral("志愿者“%1”").arg(v.name), v.province, v.city, v.county);
}

Status VolunteerStore::writeRow(const Volunteer& v, bool insert, const QString& now)
{
    const QVariantList values{v.name,
                              v.mobile,
                              v.gender,
                              v.idNumber,
                              v.politicalStatus,
                              v.ethnicity,
                              v.employer,
                              v.title,
                              v.education,
                              v.occupation,
                              v.province,
                              v.city,
                              v.county,
                              v.serviceCategories.join(u'、'),
                              v.serviceFields.join(u'、'),
                              v.threeHeads ? 1 : 0};
    Result<SqliteStatement*> done;
    if (insert) {
        done = m_database.sql().run(
            QStringLiteral(
                "INSERT INTO volunteers(name, mobile, gender, id_number, political_status, ethnicity, "
                "employer, title, education, occupation, province, city, county, service_categories, "
                "service_fields, three_heads, id, created_at, updated_at) "
                "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            values + QVariantList{v.id, now, now});
    } else {
        done = m_database.sql().run(
            QStringLiteral("UPDATE volunteers SET name = ?, mobile = ?, gender = ?, id_number = ?, "
                           "political_status = ?, ethnicity = ?, employer = ?, title = ?, education = ?, "
                           "occupation = ?, province = ?, city = ?, county = ?, service_categories = ?, "
                           "service_fields = ?, three_heads = ?, updated_at = ? WHERE id = ?"),
            values + QVariantList{now, v.id});
    }
    if (!done)
        return fail(done.error());
    return {};
}

Result<QStringList> VolunteerStore::teamsOf(const QString& volunteerId)
{
    auto q = m_database.sql().run(
        QStringLiteral(
            "SELECT team_id FROM memberships WHERE volunteer_id = ? AND deleted = 0 ORDER BY team_id"),
        {volunteerId});
    if (!q)
        return fail(q.error());
    QStringList teams;
    while ((*q)->next())
        teams << (*q)->value(0).toString();
    return teams;
}

Status VolunteerStore::writeMemberships(const QString& volunteerId, const QStringList& before,
                                        const QStringList& after)
{
    SqliteConnection& sql = m_database.sql();
    for (const QString& team : after) {
        if (before.contains(team))
            continue;
        auto exists =
            sql.scalar(QStringLiteral("SELECT COUNT(*) FROM teams WHERE id = ? AND deleted = 0"), {team});
        if (!exists)
            return fail(exists.error());
        if (exists->toInt() == 0)
            return fail(ErrorCode::NotFound, QStringLiteral("队伍“%1”不存在，无法加入").arg(team));
        auto done =
            sql.run(QStringLiteral("INSERT INTO memberships(team_id, volunteer_id, deleted) VALUES(?, ?, 0) "
                                   "ON CONFLICT(team_id, volunteer_id) DO UPDATE SET deleted = 0"),
                    {team, volunteerId});
        if (!done)
            return fail(done.error());
        if (auto recorded = m_recorder.record(QStringLiteral("membership"), membershipId(team, volunteerId),
                                              FieldMap{{QStringLiteral("deleted"), false}});
            !recorded)
            return fail(recorded.error());
    }
    for (const QString& team : before) {
        if (after.contains(team))
            continue;
        auto done = sql.run(
            QStringLiteral("UPDATE memberships SET deleted = 1 WHERE team_id = ? AND volunteer_id = ?"),
            {team, volunteerId});
        if (!done)
            return fail(done.error());
        if (auto recorded = m_recorder.record(QStringLiteral("membership"), membershipId(team, volunteerId),
                                              FieldMap{{QStringLiteral("deleted"), true}});
            !recorded)
            return fail(recorded.error());
    }
    return {};
}

Result<QString> VolunteerStore::add(Volunteer v)
{
    if (auto ok = checkScope(v); !ok)
        return fail(ok.error());
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    auto created = m_recorder.creationStamp(v.id);
    if (!created)
        return fail(created.error());
    auto existingId = idForIdNumber(v.idNumber);
    if (!existingId)
        return fail(existingId.error());
    if (*existingId) {
        auto existing = findByIdNumber(v.idNumber);
        if (!existing || !*existing)
            return fail(existing ? Error{ErrorCode::Internal, QStringLiteral("记录刚刚消失")}
                                 : existing.error());
        return fail(ErrorCode::Conflict,
                    QStringLiteral("身份证号 %1 已登记为志愿者“%2”（编号 %3）：同一身份证号只能登记一人，"
                                   "如需修改请用 kjzy volunteer edit %3")
                        .arg(Masking::idNumber(v.idNumber), (*existing)->name, (*existing)->id));
    }
    const QString now = m_recorder.nowIso();
    if (auto ok = writeRow(v, true, now); !ok)
        return fail(ok.error());
    // A kill here must leave neither the row nor its outbox entries (tests/client/TestStoreAtomicity).
    FaultPoint::hit("client.volunteer.after-row");
    QStringList keys;
    const QString fields = syncedFieldsJson(v, keys);
    if (auto recorded =
            m_recorder.recordEncoded(QStringLiteral("volunteer"), v.id, fields, keys, true, *created);
        !recorded)
        return fail(recorded.error());
    if (auto ok = writeMemberships(v.id, {}, v.teams); !ok)
        return fail(ok.error());
    if (auto ok = transaction->commit(); !ok)
        return fail(ok.error());
    return v.id;
}

Result<QStringList> VolunteerStore::update(const Volunteer& v)
{
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    auto stored = get(v.id);
    if (!stored)
        return fail(stored.error());
    // Both the old and the new region must be ours: no moving a record in or out of scope.
    if (auto ok = checkScope(*stored); !ok)
        return fail(ok.error());
    if (auto ok = checkScope(v); !ok)
        return fail(ok.error());
    if (v.idNumber != stored->idNumber) {
        auto other = findByIdNumber(v.idNumber);
        if (!other)
            return fail(other.error());
        if (*other && (*other)->id != v.id)
            return fail(ErrorCode::Conflict,
                        QStringLiteral("身份证号 %1 已登记为另一位志愿者“%2”（编号 %3）")
                            .arg(Masking::idNumber(v.idNumber), (*other)->name, (*other)->id));
    }
    const FieldMap changed =
        ChangeRecorder::changedFields(RecordJson::volunteerFields(*stored), RecordJson::volunteerFields(v));
    auto refused = m_recorder.creationRefused(QStringLiteral("volunteer"), v.id);
    if (!refused)
        return fail(refused.error());
    if (*refused) {
        // The server never took this person: the fix goes as the whole record, memberships too.
        if (auto ok = writeRow(v, false, m_recorder.nowIso()); !ok)
            return fail(ok.error());
        QStringList keys;
        const QString fields = syncedFieldsJson(v, keys);
        if (auto recorded = m_recorder.recordRecreation(QStringLiteral("volunteer"), v.id, fields, keys);
            !recorded)
            return fail(recorded.error());
        QStringList departed;
        for (const QString& team : stored->teams) {
            if (!v.teams.contains(team))
                departed << team;
        }
        if (auto ok = writeMemberships(v.id, {}, v.teams); !ok)
            return fail(ok.error());
        if (auto ok = writeMemberships(v.id, departed, {}); !ok)
            return fail(ok.error());
    } else {
        if (!changed.isEmpty()) {
            if (auto ok = writeRow(v, false, m_recorder.nowIso()); !ok)
                return fail(ok.error());
            if (auto recorded = m_recorder.record(QStringLiteral("volunteer"), v.id, changed); !recorded)
                return fail(recorded.error());
        }
        if (auto ok = writeMemberships(v.id, stored->teams, v.teams); !ok)
            return fail(ok.error());
    }
    if (auto ok = transaction->commit(); !ok)
        return fail(ok.error());
    QStringList keys = changed.keys();
    if (stored->teams != v.teams)
        keys << QStringLiteral("teams");
    return keys;
}

Status VolunteerStore::remove(const QString& id)
{
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    auto stored = get(id);
    if (!stored)
        return fail(stored.error());
    if (auto ok = checkScope(*stored); !ok)
        return ok;
    // A tombstone, not a DELETE: the deletion must travel to the server and win or lose by HLC.
    auto done =
        m_database.sql().run(QStringLiteral("UPDATE volunteers SET deleted = 1, updated_at = ? WHERE id = ?"),
                             {m_recorder.nowIso(), id});
    if (!done)
        return fail(done.error());
    if (auto recorded =
            m_recorder.record(QStringLiteral("volunteer"), id, FieldMap{{QStringLiteral("deleted"), true}});
        !recorded)
        return fail(recorded.error());
    if (auto ok = writeMemberships(id, stored->teams, {}); !ok)
        return ok;
    return transaction->commit();
}

Result<Volunteer> VolunteerStore::get(const QString& id)
{
    auto q = m_database.sql().run(kSelectColumns + QStringLiteral("WHERE id = ? AND deleted = 0"), {id});
    if (!q)
        return fail(q.error());
    if (!(*q)->next())
        return fail(ErrorCode::NotFound, QStringLiteral("没有编号为“%1”的志愿者").arg(id));
    Volunteer v = readVolunteer(**q);
    (*q)->finish();
    auto teams = teamsOf(id);
    if (!teams)
        return fail(teams.error());
    v.teams = *teams;
    return v;
}

Result<std::optional<QString>> VolunteerStore::idForIdNumber(const QString& idNumber)
{
    auto id = m_database.sql().scalar(
        QStringLiteral("SELECT id FROM volunteers WHERE id_number = ? AND deleted = 0"), {idNumber});
    if (!id)
        return fail(id.error());
    if (id->isNull())
        return std::optional<QString>();
    return std::optional<QString>(id->toString());
}

Result<std::optional<Volunteer>> VolunteerStore::findByIdNumber(const QString& idNumber)
{
    auto id = idForIdNumber(idNumber);
    if (!id)
        return fail(id.error());
    if (!*id)
        return std::optional<Volunteer>();
    auto v = get(**id);
    if (!v)
        return fail(v.error());
    return std::optional<Volunteer>(*v);
}

Result<QList<Volunteer>> VolunteerStore::list(const VolunteerFilter& filter)
{
    QString sql = kSelectColumns + QStringLiteral("WHERE deleted = 0");
    QVariantList params;
    if (!filter.region.isEmpty()) {
        // Every record carries all three levels, so a region of any level matches one column.
        sql += QStringLiteral(" AND (county = ? OR city = ? OR province = ?)");
        params << filter.region << filter.region << filter.region;
    }
    if (!filter.team.isEmpty()) {
        sql += QStringLiteral(
            " AND id IN (SELECT volunteer_id FROM memberships WHERE team_id = ? AND deleted = 0)");
        params << filter.team;
    }
    sql += QStringLiteral(" ORDER BY county, name, id");
    auto q = m_database.sql().run(sql, params);
    if (!q)
        return fail(q.error());
    QList<Volunteer> out;
    while ((*q)->next())
        out << readVolunteer(**q);
    (*q)->finish();
    // Memberships in one pass rather than a query per person.
    auto m =
        m_database.sql().run(QStringLiteral("SELECT volunteer_id, team_id FROM memberships WHERE deleted = 0 "
                                            "ORDER BY team_id"));
    if (!m)
        return fail(m.error());
    QHash<QString, QStringList> teams;
    while ((*m)->next())
        teams[(*m)->value(0).toString()] << (*m)->value(1).toString();
    for (auto& v : out)
        v.teams = teams.value(v.id);
    return out;
}

Result<QHash<QString, int>> VolunteerStore::countsByCounty()
{
    auto q = m_database.sql().run(
        QStringLiteral("SELECT county, COUNT(*) FROM volunteers WHERE deleted = 0 GROUP BY county"));
    if (!q)
        return fail(q.error());
    QHash<QString, int> counts;
    while ((*q)->next())
        counts.insert((*q)->value(0).toString(), (*q)->value(1).toInt());
    (*q)->finish();
    return counts;
}

} // namespace kjzy
