#include "SheetImporter.h"

#include "core/CsvParser.h"
#include "core/FaultPoint.h"
#include "core/TextNormalizer.h"
#include "privacy/Masking.h"
#include "reference/ReferenceData.h"
#include "spreadsheet/CsvSheetReader.h"
#include "spreadsheet/XlsxReader.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"
#include "validation/MultiSelectParser.h"
#include "validation/TeamValidator.h"
#include "validation/VolunteerValidator.h"

#include <QDateTime>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentMap>

namespace kjzy {

namespace {

// One data row seen through the header's column map.
class RowView
{
public:
    RowView(const QList<SheetCell>& cells, const LocatedHeader& header) : m_cells(cells), m_header(header) {}

    const SheetCell* cell(const QString& field) const
    {
        const int column = m_header.columns.value(field, -1);
        return column >= 0 && column < m_cells.size() ? &m_cells[column] : nullptr;
    }
    QString text(const QString& field) const
    {
        const SheetCell* c = cell(field);
        return c ? c->text : QString();
    }

private:
    const QList<SheetCell>& m_cells;
    const LocatedHeader& m_header;
};

bool isBlank(const QList<SheetCell>& cells)
{
    return std::all_of(cells.cbegin(), cells.cend(),
                       [](const SheetCell& c) { return c.isEmpty() || c.text.trimmed().isEmpty(); });
}

bool isInstructionLine(const QList<SheetCell>& cells)
{
    for (const SheetCell& c : cells) {
        const QString text = TextNormalizer::lookupKey(c.text);
        if (text.isEmpty())
            continue;
        return text.startsWith(u"填报说明") || text.startsWith(u"填表说明") || text.startsWith(u"说明:");
    }
    return false;
}

// A template row nobody filled in: only 序号, 河南省 and the printed, unticked check boxes.
bool isUntouchedTemplateRow(const QList<SheetCell>& cells, const LocatedHeader& header)
{
    const ReferenceData& ref = ReferenceData::instance();
    for (int c = 0; c < cells.size(); ++c) {
        const SheetCell& cell = cells[c];
        if (cell.isEmpty() || cell.text.trimmed().isEmpty())
            continue;
        const QString field = header.columns.key(c);
        if (field == u"seq")
            continue;
        if (field == u"province" && TextNormalizer::lookupKey(cell.text) == u"河南省")
            continue;
        if (field == u"service_categories" || field == u"service_fields") {
            const ValueList& list =
                field == u"service_categories" ? ref.serviceCategories() : ref.serviceFields();
            const bool boxed = cell.text.contains(u'□') || cell.text.contains(u'☐');
            const auto chosen = MultiSelectParser::parse(cell.text, list);
            if (boxed && chosen && chosen->isEmpty())
                continue;
        }
        return false;
    }
    return true;
}

// Why a row is neither imported nor rejected, if it is one of those rows.
std::optional<QString> skipReason(const QList<SheetCell>& cells, const LocatedHeader& header)
{
    if (isBlank(cells))
        return QStringLiteral("空行");
    if (isInstructionLine(cells))
        return QStringLiteral("填报说明");
    if (isUntouchedTemplateRow(cells, header))
        return QStringLiteral("未填写的模板行");
    return std::nullopt;
}

struct PreparedVolunteer
{
    std::optional<QString> skipReason;
    Validated<Volunteer> validated;
};

// Everything about a 附件2 row that needs no database: thread-safe (reference data is immutable).
PreparedVolunteer prepareVolunteer(const QList<SheetCell>& cells, const LocatedHeader& header, QDate today)
{
    PreparedVolunteer out;
    out.skipReason = skipReason(cells, header);
    if (out.skipReason)
        return out;
    const RowView view(cells, header);
    VolunteerInput in;
    in.name = view.text(QStringLiteral("name"));
    in.mobile = view.text(QStringLiteral("mobile"));
    in.gender = view.text(QStringLiteral("gender"));
    in.idNumber = view.text(QStringLiteral("id_number"));
    in.politicalStatus = view.text(QStringLiteral("political_status"));
    in.ethnicity = view.text(QStringLiteral("ethnicity"));
    in.employer = view.text(QStringLiteral("employer"));
    in.title = view.text(QStringLiteral("title"));
    in.education = view.text(QStringLiteral("education"));
    in.occupation = view.text(QStringLiteral("occupation"));
    in.province = view.text(QStringLiteral("province"));
    in.city = view.text(QStringLiteral("city"));
    in.county = view.text(QStringLiteral("county"));
    in.serviceCategories = view.text(QStringLiteral("service_categories"));
    in.serviceFields = view.text(QStringLiteral("service_fields"));
    in.threeHeads = view.text(QStringLiteral("three_heads"));
    out.validated = VolunteerValidator::validate(in, today);
    // Excel turns a typed 18-digit number into 4.10105195001E+17: its last digits are gone.
    if (const SheetCell* id = view.cell(QStringLiteral("id_number"));
        id && id->kind == SheetCell::Kind::Number) {
        for (auto& issue : out.validated.issues) {
            if (issue.field == u"id_number") {
                issue.rule = QStringLiteral("id_number.stored_as_number");
                issue.message = QStringLiteral(
                    "身份证号被表格存成了数字，后几位已经丢失：请把该列设为“文本”格式后重新填写");
            }
        }
    }
    return out;
}

// Records already taken from this file, by key (ID number, team name): a later row with the same
// key and the same data repeats it (unchanged); with other data it is a duplicate to reject.
template <typename Record> class RowsSeen
{
public:
    struct Earlier
    {
        int row = 0;
        QString recordId;
        bool sameData = false;
    };

    std::optional<Earlier> find(const QString& key, const Record& record) const
    {
        const auto it = m_rows.constFind(key);
        if (it == m_rows.cend())
            return std::nullopt;
        return Earlier{it->row, it->recordId, it->data == comparable(record)};
    }
    // `asInFile`: the record as the row gave it, before the store added ids or kept fields.
    void insert(const QString& key, int row, const QString& recordId, const Record& asInFile)
    {
        m_rows.insert(key, Entry{row, recordId, comparable(asInFile)});
    }

private:
    struct Entry
    {
        int row = 0;
        QString recordId;
        Record data;
    };
    // What the file says about the record: not the id the store gave it, nor memberships.
    static Record comparable(Record record)
    {
        record.id.clear();
        if constexpr (requires { record.teams; })
            record.teams.clear();
        return record;
    }
    QHash<QString, Entry> m_rows;
};

QDate effectiveToday(const ImportOptions& options, const Clock& clock)
{
    return options.today.isValid() ? options.today : QDateTime::fromMSecsSinceEpoch(clock.nowMs()).date();
}

// Each issue names its column as the file spells it, with the column letter.
void labelIssues(ValidationIssues& issues, const LocatedHeader& header)
{
    for (auto& issue : issues) {
        const QString field = issue.field;
        if (header.columns.contains(field))
            issue.label =
                QStringLiteral("%1列“%2”")
                    .arg(columnLetter(header.columns.value(field)), header.headerTexts.value(field));
    }
}

ValidationIssue issueFromError(const Error& error, const QString& field)
{
    return ValidationIssue{
        field, QString(), QStringLiteral("store.") + errorCodeName(error.code), error.message, {}};
}

bool isRowLevel(const Error& error)
{
    return error.code == ErrorCode::OutOfScope || error.code == ErrorCode::Conflict ||
           error.code == ErrorCode::NotFound || error.code == ErrorCode::InvalidInput;
}

void reject(RowReport& row, const ValidationIssues& issues, const LocatedHeader& header)
{
    row.outcome = RowOutcome::Rejected;
    row.issues << issues;
    labelIssues(row.issues, header);
}

// Turns a store's answer into the row's verdict: a refusal about this row (scope, conflict)
// rejects it and the import goes on; anything else (the database) stops the whole file.
Status settle(const Result<QStringList>& changed, bool created, RowReport& row, const LocatedHeader& header)
{
    if (changed) {
        row.outcome = created ? RowOutcome::Imported
                              : (changed->isEmpty() ? RowOutcome::Unchanged : RowOutcome::Updated);
        row.changedFields = *changed;
        return {};
    }
    if (!isRowLevel(changed.error()))
        return fail(changed.error());
    reject(row, {issueFromError(changed.error(), QStringLiteral("county"))}, header);
    return {};
}

// add() answers with the new id; as a change it is "every field", reported as none.
Result<QStringList> created(const Result<QString>& id, QString& recordId)
{
    if (!id)
        return fail(id.error());
    recordId = *id;
    return QStringList();
}

} // namespace

SheetImporter::SheetImporter(ClientDatabase& database, const Clock& clock)
    : m_database(database), m_clock(clock)
{}

Result<ImportReport> SheetImporter::importFile(const QString& path, const ImportOptions& options)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fail(ErrorCode::Io, QStringLiteral("文件 %1 不存在").arg(path));
    const QString suffix = info.suffix().toLower();
    QList<SheetData> sheets;
    if (suffix == u"xlsx") {
        auto read = XlsxReader::read(path);
        if (!read)
            return fail(read.error());
        sheets = std::move(*read);
    } else if (suffix == u"csv") {
        auto read = CsvSheetReader::read(path);
        if (!read)
            return fail(read.error());
        sheets << std::move(*read);
    } else {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("文件 %1：只能导入 .xlsx 或 .csv（旧版 .xls 请在 Excel 中另存为 .xlsx）")
                        .arg(path));
    }
    return importSheets(sheets, info.fileName(), options);
}

Result<ImportReport> SheetImporter::importSheets(const QList<SheetData>& sheets, const QString& fileName,
                                                 const ImportOptions& options)
{
    auto header = HeaderLocator::locate(sheets, fileName);
    if (!header)
        return fail(header.error());
    ImportReport report;
    report.file = fileName;
    report.sheet = sheets[header->sheet].name;
    report.kind = header->kind;
    report.headerRow = int(header->row) + 1;
    report.dryRun = options.dryRun;
    for (auto it = header->columns.cbegin(); it != header->columns.cend(); ++it) {
        report.columnHeaders.insert(it.key(), header->headerTexts.value(it.key()));
        report.columnLetters.insert(it.key(), columnLetter(it.value()));
    }
    if (!options.teamId.isEmpty() && header->kind == TemplateKind::Organizations)
        return fail(ErrorCode::Usage, QStringLiteral("--team 只适用于附件2（志愿者）表格"));

    // The whole file is one transaction: all rows and their outbox entries, or nothing.
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    const SheetData& sheet = sheets[header->sheet];
    const Status done = header->kind == TemplateKind::Volunteers
                            ? importVolunteers(sheet, *header, options, report)
                            : importTeams(sheet, *header, options, report);
    if (!done)
        return fail(done.error());
    // Every row is written; a kill here must leave none of them (tests/client/TestSheetImporter).
    FaultPoint::hit("client.import.before-commit");
    if (!options.dryRun) {
        if (auto ok = transaction->commit(); !ok)
            return fail(ok.error());
    }
    return report;
}

Status SheetImporter::importVolunteers(const SheetData& sheet, const LocatedHeader& header,
                                       const ImportOptions& options, ImportReport& report)
{
    VolunteerStore store(m_database, m_clock);
    const QDate today = effectiveToday(options, m_clock);
    if (!options.teamId.isEmpty()) {
        TeamStore teams(m_database, m_clock);
        if (auto team = teams.get(options.teamId); !team)
            return fail(team.error());
    }
    // Reading and validating rows needs no database: both cores do it first, then one writes.
    const qsizetype first = header.row + 1;
    const qsizetype total = sheet.rows.size();
    QList<qsizetype> indexes;
    for (qsizetype r = first; r < total; ++r)
        indexes << r;
    QList<PreparedVolunteer> prepared = QtConcurrent::blockingMapped(
        indexes, [&](qsizetype r) { return prepareVolunteer(sheet.rows[r], header, today); });

    RowsSeen<Volunteer> seen;
    for (qsizetype r = first; r < total; ++r) {
        if (options.progress && (r % 256 == 0 || r + 1 == total))
            options.progress(r + 1, total);
        RowReport row;
        row.row = int(r) + 1;
        if (const auto& reason = prepared[r - first].skipReason) {
            row.outcome = RowOutcome::Skipped;
            row.skipReason = *reason;
            report.rows << row;
            continue;
        }
        Validated<Volunteer> validated = std::move(prepared[r - first].validated);
        row.name = validated.value.name;
        Volunteer volunteer = validated.value;
        if (validated.ok()) {
            if (const auto earlier = seen.find(volunteer.idNumber, volunteer)) {
                if (earlier->sameData) {
                    row.outcome = RowOutcome::Unchanged;
                    row.recordId = earlier->recordId;
                    report.rows << row;
                    continue;
                }
                validated.issues << ValidationIssue{
                    QStringLiteral("id_number"),
                    Masking::idNumber(volunteer.idNumber),
                    QStringLiteral("row.duplicate"),
                    QStringLiteral(
                        "与第 %1 行的身份证号相同但内容不同：同一身份证号只能登记一人，请核对是哪一行填错")
                        .arg(earlier->row),
                    {}};
            }
        }
        if (!validated.ok()) {
            reject(row, validated.issues, header);
            report.rows << row;
            continue;
        }
        // A cheap indexed lookup first: most rows of a new sheet are new people.
        auto existingId = store.idForIdNumber(volunteer.idNumber);
        if (!existingId)
            return fail(existingId.error());
        std::optional<Volunteer> existing;
        if (*existingId) {
            auto stored = store.get(**existingId);
            if (!stored)
                return fail(stored.error());
            existing = std::move(*stored);
        }
        const bool isNew = !existing;
        if (isNew) {
            volunteer.teams = options.teamId.isEmpty() ? QStringList() : QStringList{options.teamId};
        } else {
            volunteer.id = existing->id;
            volunteer.teams = existing->teams;
            if (!options.teamId.isEmpty() && !volunteer.teams.contains(options.teamId))
                volunteer.teams << options.teamId;
        }
        const Result<QStringList> changed =
            isNew ? created(store.add(volunteer), volunteer.id) : store.update(volunteer);
        if (auto ok = settle(changed, isNew, row, header); !ok)
            return ok;
        if (row.outcome != RowOutcome::Rejected) {
            row.recordId = volunteer.id;
            seen.insert(volunteer.idNumber, row.row, volunteer.id, volunteer);
        }
        report.rows << row;
    }
    return {};
}

Status SheetImporter::importTeams(const SheetData& sheet, const LocatedHeader& header,
                                  const ImportOptions& options, ImportReport& report)
{
    TeamStore store(m_database, m_clock);
    const QDate today = effectiveToday(options, m_clock);
    RowsSeen<Team> seen; // by team name
    const qsizetype total = sheet.rows.size();
    for (qsizetype r = header.row + 1; r < total; ++r) {
        if (options.progress && (r % 256 == 0 || r + 1 == total))
            options.progress(r + 1, total);
        const auto& cells = sheet.rows[r];
        RowReport row;
        row.row = int(r) + 1;
        if (const auto reason = skipReason(cells, header)) {
            row.outcome = RowOutcome::Skipped;
            row.skipReason = *reason;
            report.rows << row;
            continue;
        }
        const RowView view(cells, header);
        TeamInput in;
        in.name = view.text(QStringLiteral("name"));
        in.adminMobile = view.text(QStringLiteral("admin_mobile"));
        in.civilAffairsRegistered = view.text(QStringLiteral("civil_affairs_registered"));
        in.supervisorType = view.text(QStringLiteral("supervisor_type"));
        in.supervisor = view.text(QStringLiteral("supervisor"));
        in.founded = view.text(QStringLiteral("founded"));
        in.serviceCategories = view.text(QStringLiteral("service_categories"));
        in.province = view.text(QStringLiteral("province"));
        in.city = view.text(QStringLiteral("city"));
        in.county = view.text(QStringLiteral("county"));
        auto validated = TeamValidator::validate(in, today);
        Team team = validated.value;
        row.name = team.name;
        if (validated.ok()) {
            if (const auto earlier = seen.find(team.name, team)) {
                if (earlier->sameData) {
                    row.outcome = RowOutcome::Unchanged;
                    row.recordId = earlier->recordId;
                    report.rows << row;
                    continue;
                }
                validated.issues << ValidationIssue{
                    QStringLiteral("name"), team.name, QStringLiteral("row.duplicate"),
                    QStringLiteral("与第 %1 行的组织名称相同但内容不同：请核对是哪一行填错")
                        .arg(earlier->row),
                    QStringLiteral("组织名称")};
            }
        }
        if (!validated.ok()) {
            reject(row, validated.issues, header);
            report.rows << row;
            continue;
        }
        auto existing = store.findByName(team.name);
        if (!existing)
            return fail(existing.error());
        const Team asInFile = team;
        const bool isNew = !*existing;
        if (!isNew) {
            team.id = (*existing)->id;
            team.parent = (*existing)->parent; // the form has no parent column: keep the hierarchy
        }
        const Result<QStringList> changed = isNew ? created(store.add(team), team.id) : store.update(team);
        if (auto ok = settle(changed, isNew, row, header); !ok)
            return ok;
        if (row.outcome != RowOutcome::Rejected) {
            row.recordId = team.id;
            seen.insert(team.name, row.row, team.id, asInFile);
        }
        report.rows << row;
    }
    return {};
}

QString SheetImporter::rejectsCsv(const ImportReport& report)
{
    QString out = QStringLiteral("row,column,value,reason\r\n");
    for (const auto& row : report.rows) {
        if (row.outcome != RowOutcome::Rejected)
            continue;
        for (const auto& issue : row.issues) {
            const QString column = report.columnHeaders.value(issue.field, fieldLabel(issue.field));
            out += QString::number(row.row) + u',' + CsvParser::quote(column) + u',' +
                   CsvParser::quote(issue.value) + u',' +
                   CsvParser::quote(issue.message + QStringLiteral("（规则 ") + issue.rule + u'）') +
                   QStringLiteral("\r\n");
        }
    }
    return out;
}

} // namespace kjzy
