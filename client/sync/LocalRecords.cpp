#include "LocalRecords.h"

#include "store/RecordRow.h"
#include "sync/Change.h"
#include "sync/RecordMerge.h"

#include <QJsonDocument>

#include <numeric>

namespace kjzy {

namespace {

enum class ColumnKind
{
    Text,
    NullableText, // '' in the column, null in JSON (a team's parent and founding date)
    List,         // '、'-joined in the column, an array in JSON
    Bool,
    NullableBool,
};

struct Column
{
    const char* name; // the column and the JSON key
    ColumnKind kind;
};

const QList<Column> kVolunteerColumns{
    {"name", ColumnKind::Text},
    {"mobile", ColumnKind::Text},
    {"gender", ColumnKind::Text},
    {"id_number", ColumnKind::Text},
    {"political_status", ColumnKind::Text},
    {"ethnicity", ColumnKind::Text},
    {"employer", ColumnKind::Text},
    {"title", ColumnKind::Text},
    {"education", ColumnKind::Text},
    {"occupation", ColumnKind::Text},
    {"province", ColumnKind::Text},
    {"city", ColumnKind::Text},
    {"county", ColumnKind::Text},
    {"service_categories", ColumnKind::List},
    {"service_fields", ColumnKind::List},
    {"three_heads", ColumnKind::Bool},
    {"deleted", ColumnKind::Bool},
};

const QList<Column> kTeamColumns{
    {"name", ColumnKind::Text},
    {"category", ColumnKind::Text},
    {"parent", ColumnKind::NullableText},
    {"admin_mobile", ColumnKind::Text},
    {"civil_affairs_registered", ColumnKind::NullableBool},
    {"supervisor_type", ColumnKind::Text},
    {"supervisor", ColumnKind::Text},
    {"founded", ColumnKind::NullableText},
    {"service_categories", ColumnKind::List},
    {"province", ColumnKind::Text},
    {"city", ColumnKind::Text},
    {"county", ColumnKind::Text},
    {"deleted", ColumnKind::Bool},
};

const QList<Column>& columnsOf(const QString& entityName)
{
    return entityName == entity::kVolunteer ? kVolunteerColumns : kTeamColumns;
}

QString columnList(const QList<Column>& columns)
{
    QStringList names;
    for (const Column& column : columns)
        names << QLatin1StringView(column.name);
    return names.join(QStringLiteral(", "));
}

FieldValue toField(const QVariant& value, ColumnKind kind)
{
    switch (kind) {
    case ColumnKind::Text:
        return value.toString();
    case ColumnKind::NullableText:
        return value.toString().isEmpty() ? FieldValue(nullptr) : FieldValue(value.toString());
    case ColumnKind::List: {
        const QString text = value.toString();
        return text.isEmpty() ? QStringList() : text.split(u'、');
    }
    case ColumnKind::Bool:
        return value.toInt() != 0;
    case ColumnKind::NullableBool:
        return value.isNull() ? FieldValue(nullptr) : FieldValue(value.toInt() != 0);
    }
    return {};
}

QVariant toColumn(const FieldValue& value, ColumnKind kind)
{
    switch (kind) {
    case ColumnKind::Text:
    case ColumnKind::NullableText:
        return value.toString();
    case ColumnKind::List:
        return value.toStringList().join(u'、');
    case ColumnKind::Bool:
        return value.toBool(false) ? 1 : 0;
    case ColumnKind::NullableBool:
        return value.isBool() ? QVariant(value.toBool() ? 1 : 0) : QVariant();
    }
    return {};
}

} // namespace

Result<std::optional<RecordState>> LocalRecords::load(const QString& entityName, const QString& id)
{
    static const QList<Column> membershipColumns{{"deleted", ColumnKind::Bool}};
    const QList<Column>& columns =
        entityName == entity::kMembership ? membershipColumns : columnsOf(entityName);
    const RecordRow row = RecordRow::of(entityName, id);
    auto q = m_database.sql().run(QStringLiteral("SELECT %1, clocks FROM %2 WHERE %3")
                                      .arg(columnList(columns), row.table, row.keyCondition),
                                  row.key);
    if (!q)
        return fail(q.error());
    if (!(*q)->next())
        return std::optional<RecordState>();
    RecordState state{entityName, id, {}, {}};
    for (int i = 0; i < columns.size(); ++i)
        state.data.insert(QLatin1StringView(columns[i].name), toField((*q)->value(i), columns[i].kind));
    const QVariant clocks = (*q)->value(int(columns.size()));
    (*q)->finish();
    if (!clocks.isNull()) {
        auto parsed = RecordClocks::fromJsonText(clocks.toString().toUtf8());
        if (!parsed)
            return fail(parsed.error());
        state.clocks = *parsed;
    }
    return std::optional<RecordState>(state);
}

Status LocalRecords::save(const RecordState& state, const QString& nowIso)
{
    auto written = state.entity == entity::kMembership ? writeMembership(state, Write::Upsert)
                                                       : writeRow(state, nowIso, Write::Upsert);
    if (!written)
        return fail(written.error());
    return {};
}

Result<bool> LocalRecords::insertIfAbsent(const RecordState& state, const QString& nowIso)
{
    return state.entity == entity::kMembership ? writeMembership(state, Write::InsertIfAbsent)
                                               : writeRow(state, nowIso, Write::InsertIfAbsent);
}

Result<bool> LocalRecords::writeRow(const RecordState& state, const QString& nowIso, Write write)
{
    const QList<Column>& columns = columnsOf(state.entity);
    // The statement text depends only on the entity and the write: built once each, then a cached
    // statement. Insert-if-absent does nothing on a uniqueness conflict — the id, or a volunteer's
    // live ID number held by an offline twin; ON CONFLICT, unlike INSERT OR IGNORE, leaves every
    // other constraint failing as an error.
    static const auto statementFor = [](const QString& entityName, Write kind) {
        const QList<Column>& cols = columnsOf(entityName);
        QStringList updates;
        for (const Column& column : cols)
            updates << QStringLiteral("%1 = excluded.%1").arg(QLatin1StringView(column.name));
        return QStringLiteral("INSERT INTO %1(id, %2, clocks, created_at, updated_at) VALUES(%3) %4")
            .arg(RecordRow::tableOf(entityName), columnList(cols),
                 QStringLiteral("?, ").repeated(cols.size() + 4).chopped(2),
                 kind == Write::Upsert ? QStringLiteral("ON CONFLICT(id) DO UPDATE SET %1, clocks = "
                                                        "excluded.clocks, updated_at = excluded.updated_at")
                                             .arg(updates.join(QStringLiteral(", ")))
                                       : QStringLiteral("ON CONFLICT DO NOTHING"));
    };
    static const QString volunteerUpsert = statementFor(entity::kVolunteer, Write::Upsert);
    static const QString teamUpsert = statementFor(entity::kTeam, Write::Upsert);
    static const QString volunteerInsert = statementFor(entity::kVolunteer, Write::InsertIfAbsent);
    static const QString teamInsert = statementFor(entity::kTeam, Write::InsertIfAbsent);
    const bool volunteer = state.entity == entity::kVolunteer;
    const QString& statement = write == Write::Upsert ? (volunteer ? volunteerUpsert : teamUpsert)
                                                      : (volunteer ? volunteerInsert : teamInsert);
    // The column names in FieldMap's order and the column each is, for one merge pass per row.
    struct SortedColumns
    {
        QStringList names;
        QList<qsizetype> columnOf;
    };
    static const auto sortedFor = [](const QString& entityName) {
        const QList<Column>& cols = columnsOf(entityName);
        QList<qsizetype> order(cols.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
            return QLatin1StringView(cols[a].name) < QLatin1StringView(cols[b].name);
        });
        SortedColumns sorted;
        for (qsizetype index : order)
            sorted.names << QString::fromLatin1(cols[index].name);
        sorted.columnOf = order;
        return sorted;
    };
    static const SortedColumns volunteerSorted = sortedFor(entity::kVolunteer);
    static const SortedColumns teamSorted = sortedFor(entity::kTeam);
    const SortedColumns& sorted = volunteer ? volunteerSorted : teamSorted;
    const QList<const FieldValue*> found = state.data.findSorted(sorted.names);
    static const FieldValue absent;
    QVariantList values(columns.size() + 4);
    values[0] = state.id;
    for (qsizetype i = 0; i < found.size(); ++i) {
        const qsizetype column = sorted.columnOf.at(i);
        values[column + 1] = toColumn(found.at(i) ? *found.at(i) : absent, columns.at(column).kind);
    }
    values[columns.size() + 1] = state.clocks.toJsonString();
    values[columns.size() + 2] = nowIso;
    values[columns.size() + 3] = nowIso;
    auto done = m_database.sql().run(statement, values);
    if (!done)
        return fail(done.error());
    return (*done)->changes() > 0;
}

Result<bool> LocalRecords::writeMembership(const RecordState& state, Write write)
{
    static const QString upsert =
        QStringLiteral("INSERT INTO memberships(team_id, volunteer_id, deleted, clocks) VALUES(?, ?, ?, ?) "
                       "ON CONFLICT(team_id, volunteer_id) DO UPDATE SET deleted = excluded.deleted, "
                       "clocks = excluded.clocks");
    static const QString insert =
        QStringLiteral("INSERT INTO memberships(team_id, volunteer_id, deleted, clocks) VALUES(?, ?, ?, ?) "
                       "ON CONFLICT DO NOTHING");
    const qsizetype slash = state.id.indexOf(u'/');
    auto done = m_database.sql().run(write == Write::Upsert ? upsert : insert,
                                     {state.id.left(slash), state.id.mid(slash + 1),
                                      state.isDeleted() ? 1 : 0, state.clocks.toJsonString()});
    if (!done)
        return fail(done.error());
    return (*done)->changes() > 0;
}

Status LocalRecords::drop(const QString& entityName, const QString& id)
{
    const RecordRow row = RecordRow::of(entityName, id);
    auto done = m_database.sql().run(
        QStringLiteral("DELETE FROM %1 WHERE %2").arg(row.table, row.keyCondition), row.key);
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<QString>> LocalRecords::volunteerWithIdNumber(const QString& idNumber,
                                                                   const QString& exceptId)
{
    auto id = m_database.sql().scalar(
        QStringLiteral("SELECT id FROM volunteers WHERE id_number = ? AND deleted = 0 AND id <> ?"),
        {idNumber, exceptId});
    if (!id)
        return fail(id.error());
    return id->isNull() ? std::optional<QString>() : std::optional<QString>(id->toString());
}

Result<QSet<QString>> LocalRecords::unacknowledgedFields(const QString& entity, const QString& id)
{
    auto rows = m_database.sql().run(
        QStringLiteral("SELECT fields FROM outbox WHERE entity = ? AND entity_id = ? AND acked_at IS NULL"),
        {entity, id});
    if (!rows)
        return fail(rows.error());
    QSet<QString> fields;
    while ((*rows)->next()) {
        const QJsonObject changed = QJsonDocument::fromJson((*rows)->value(0).toString().toUtf8()).object();
        for (auto it = changed.constBegin(); it != changed.constEnd(); ++it)
            fields.insert(it.key());
    }
    return fields;
}

Status LocalRecords::fold(const QString& fromId, const QString& toId, const QString& nowIso,
                          const std::optional<QSet<QString>>& carried)
{
    auto from = load(entity::kVolunteer, fromId);
    if (!from)
        return fail(from.error());
    if (!*from)
        return {};
    if (carried) {
        // Only the carried fields, each under its own stamp: the "*" stamp of the twin's creation
        // must not come along and outrank the registry's fields it never sent.
        RecordState kept{entity::kVolunteer, fromId, {}, {}};
        for (const QString& field : *carried) {
            if ((*from)->data.contains(field)) {
                kept.data.insert(field, (*from)->data.value(field));
                kept.clocks.set(field, (*from)->clocks.stampOf(field));
            }
        }
        *from = kept;
    }
    auto to = load(entity::kVolunteer, toId);
    if (!to)
        return fail(to.error());
    SqliteConnection& sql = m_database.sql();
    // The surviving person takes the folded record's fields where they are newer, exactly as the
    // server merged them; the folded row goes first so the one-live-ID-number index holds.
    RecordState merged = to->value_or(RecordState{entity::kVolunteer, toId, {}, {}});
    RecordMerge::apply(merged, **from);
    if (auto done = sql.run(QStringLiteral("DELETE FROM volunteers WHERE id = ?"), {fromId}); !done)
        return fail(done.error());
    // Nothing carried into a person this device does not hold yet: the registry's record comes next.
    if (!merged.data.isEmpty()) {
        if (auto saved = save(merged, nowIso); !saved)
            return saved;
    }
    // Memberships and unsent outbox entries follow the person.
    auto moved = sql.run(QStringLiteral("INSERT OR IGNORE INTO memberships(team_id, volunteer_id, deleted) "
                                        "SELECT team_id, ?, deleted FROM memberships WHERE volunteer_id = ?"),
                         {toId, fromId});
    if (!moved)
        return fail(moved.error());
    for (const auto& [statement, params] :
         {std::pair{QStringLiteral("DELETE FROM memberships WHERE volunteer_id = ?"), QVariantList{fromId}},
          std::pair{
              QStringLiteral("UPDATE outbox SET entity_id = ? WHERE entity = 'volunteer' AND entity_id = ? "
                             "AND change_set IS NULL"),
              QVariantList{toId, fromId}},
          std::pair{QStringLiteral(
                        "UPDATE outbox SET entity_id = substr(entity_id, 1, instr(entity_id, '/')) || ? "
                        "WHERE entity = 'membership' AND entity_id LIKE '%/' || ? AND change_set IS NULL"),
                    QVariantList{toId, fromId}}}) {
        if (auto done = sql.run(statement, params); !done)
            return fail(done.error());
    }
    return {};
}

} // namespace kjzy
