#include "SpreadsheetCommands.h"

#include "cli/ProgressReport.h"
#include "cli/TextTable.h"
#include "importer/SheetImporter.h"
#include "model/TargetProgress.h"
#include "reference/RegionTable.h"
#include "spreadsheet/RegistrationTableBuilder.h"
#include "spreadsheet/TableWriter.h"
#include "store/AuditLog.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

#include <unistd.h>

namespace kjzy::cli {

namespace {

// Progress bars only where a person watches, and only for work that takes a while.
constexpr qsizetype kProgressRows = 3000;

void drawProgress(QTextStream& err, qsizetype done, qsizetype total)
{
    constexpr int width = 30;
    const int filled = total > 0 ? int(width * done / total) : width;
    err << u'\r' << QStringLiteral("导入中 [") << QString(filled, u'#') << QString(width - filled, u'.')
        << QStringLiteral("] %1/%2 行").arg(done).arg(total);
    if (done >= total)
        err << Qt::endl;
    err.flush();
}

QJsonObject reportJson(const ImportReport& report)
{
    QJsonArray rows;
    for (const auto& row : report.rows) {
        QJsonArray issues;
        for (const auto& issue : row.issues) {
            issues.append(QJsonObject{{QStringLiteral("field"), issue.field},
                                      {QStringLiteral("column"), report.columnHeaders.value(issue.field)},
                                      {QStringLiteral("value"), issue.value},
                                      {QStringLiteral("rule"), issue.rule},
                                      {QStringLiteral("message"), issue.message}});
        }
        QJsonObject object{{QStringLiteral("row"), row.row},
                           {QStringLiteral("outcome"), rowOutcomeName(row.outcome)}};
        if (!row.recordId.isEmpty())
            object.insert(QStringLiteral("id"), row.recordId);
        if (!row.changedFields.isEmpty())
            object.insert(QStringLiteral("changed"), QJsonArray::fromStringList(row.changedFields));
        if (!issues.isEmpty())
            object.insert(QStringLiteral("issues"), issues);
        if (!row.skipReason.isEmpty())
            object.insert(QStringLiteral("reason"), row.skipReason);
        rows.append(object);
    }
    QJsonObject counts;
    for (const RowOutcome outcome : {RowOutcome::Imported, RowOutcome::Updated, RowOutcome::Unchanged,
                                     RowOutcome::Rejected, RowOutcome::Skipped})
        counts.insert(rowOutcomeName(outcome), report.count(outcome));
    return QJsonObject{
        {QStringLiteral("file"), report.file},
        {QStringLiteral("sheet"), report.sheet},
        {QStringLiteral("kind"), report.kind == TemplateKind::Volunteers ? QStringLiteral("volunteers")
                                                                         : QStringLiteral("organizations")},
        {QStringLiteral("header_row"), report.headerRow},
        {QStringLiteral("dry_run"), report.dryRun},
        {QStringLiteral("counts"), counts},
        {QStringLiteral("rows"), rows},
    };
}

} // namespace

int ImportCommand::run(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("kjzy import 文件 [--team 编号] [--rejects 问题清单.csv] [--dry-run] [--json]\n"
                       "导入各单位交回的附件1（组织）或附件2（志愿者）表格（.xlsx 或 "
                       ".csv），有效行入库，无效行列出全部问题。\n"));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral(".xlsx 或 .csv 文件"));
    const QCommandLineOption team(QStringLiteral("team"), QStringLiteral("导入的志愿者都加入该队伍（编号）"),
                                  QStringLiteral("ID"));
    const QCommandLineOption rejects(QStringLiteral("rejects"), QStringLiteral("把被拒绝的行写成问题清单"),
                                     QStringLiteral("OUT.csv"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), QStringLiteral("只检查，不写入"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出每一行的结果"));
    parser.addOptions({team, rejects, dryRun, json});
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return console.usage(QStringLiteral("请给出一个要导入的文件"), parser.helpText());
    const QString path = parser.positionalArguments().first();

    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    SheetImporter importer(**database, SystemClock::instance());
    ImportOptions options;
    options.teamId = parser.value(team);
    options.dryRun = parser.isSet(dryRun);
    if (::isatty(STDERR_FILENO) == 1) {
        options.progress = [&console](qsizetype done, qsizetype total) {
            if (total >= kProgressRows)
                drawProgress(console.err(), done, total);
        };
    }
    auto report = importer.importFile(path, options);
    if (!report)
        return console.fail(report.error());

    for (const auto& row : report->rows) {
        for (const auto& issue : row.issues) {
            console.err() << QStringLiteral("%1 第 %2 行").arg(report->file).arg(row.row)
                          << (row.name.isEmpty() ? QString() : QStringLiteral("（%1）").arg(row.name))
                          << QStringLiteral("：") << issue.toText() << Qt::endl;
        }
    }
    if (parser.isSet(rejects)) {
        QSaveFile out(parser.value(rejects));
        if (!out.open(QIODevice::WriteOnly)) {
            return console.fail(
                Error{ErrorCode::Io, QStringLiteral("无法写入问题清单 %1").arg(parser.value(rejects))});
        }
        out.write("\xEF\xBB\xBF"); // BOM: Excel then reads the Chinese reasons as UTF-8
        out.write(SheetImporter::rejectsCsv(*report).toUtf8());
        if (!out.commit())
            return console.fail(
                Error{ErrorCode::Io, QStringLiteral("无法写入问题清单 %1").arg(parser.value(rejects))});
    }
    if (parser.isSet(json)) {
        console.printJson(QJsonDocument(reportJson(*report)));
    } else {
        console.out() << (report->dryRun ? QStringLiteral("（试导入，未写入）") : QString()) << report->file
                      << QStringLiteral("：") << report->summary() << Qt::endl;
    }
    return report->count(RowOutcome::Rejected) == 0 ? 0 : int(ExitCode::Refused);
}

int ExportCommand::run(const QString& what, const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "kjzy export organizations|volunteers --out 文件.xlsx|.csv [--region 代码] [--team 编号]\n"
        "按通知附件1/附件2的格式导出（含完整身份证号和手机号，记入审计日志）。\n"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("输出文件（.xlsx 或 .csv）"),
                                 QStringLiteral("FILE"));
    const QCommandLineOption region(QStringLiteral("region"), QStringLiteral("只导出该地区"),
                                    QStringLiteral("CODE"));
    const QCommandLineOption team(QStringLiteral("team"), QStringLiteral("只导出该队伍的成员"),
                                  QStringLiteral("ID"));
    parser.addOptions({out, region, team});
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (what != u"organizations" && what != u"volunteers")
        return console.usage(QStringLiteral("请指定 organizations 或 volunteers"), parser.helpText());
    if (!parser.isSet(out))
        return console.usage(QStringLiteral("缺少 --out"), parser.helpText());
    if (parser.isSet(region) && !RegionTable::henan().find(parser.value(region)))
        return console.fail(
            Error{ErrorCode::InvalidInput,
                  QStringLiteral("地区代码“%1”不是河南省的省、市、县代码").arg(parser.value(region))});
    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());

    TemplateTable table;
    qsizetype rows = 0;
    if (what == u"volunteers") {
        VolunteerStore store(**database, SystemClock::instance());
        auto volunteers = store.list(VolunteerFilter{parser.value(region), parser.value(team)});
        if (!volunteers)
            return console.fail(volunteers.error());
        table = RegistrationTableBuilder::volunteers(*volunteers);
        rows = volunteers->size();
    } else {
        if (parser.isSet(team))
            return console.usage(QStringLiteral("--team 只适用于 volunteers"), parser.helpText());
        TeamStore store(**database, SystemClock::instance());
        auto teams = store.list(parser.value(region));
        if (!teams)
            return console.fail(teams.error());
        table = RegistrationTableBuilder::organizations(*teams);
        rows = teams->size();
    }
    if (auto written = TableWriter::write(parser.value(out), table); !written)
        return console.fail(written.error());
    // Exports carry full personal data: who, when, what and how many rows.
    AuditLog audit(**database, SystemClock::instance());
    const QString detail =
        QStringLiteral("file=%1 region=%2 team=%3")
            .arg(QFileInfo(parser.value(out)).absoluteFilePath(), parser.value(region), parser.value(team));
    if (auto ok = audit.record(QStringLiteral("export"), what, detail, int(rows)); !ok)
        return console.fail(ok.error());
    console.err()
        << QStringLiteral("已导出 %1 行到 %2（含完整个人信息，请妥善保管）").arg(rows).arg(parser.value(out))
        << Qt::endl;
    return 0;
}

int StatsCommand::run(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "kjzy stats [--json]\n本管理范围内已登记志愿者与目标（县 1,000、市 10,000、省 250,000）的对比。\n"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出"));
    parser.addOption(json);
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    const auto scope = (*database)->region(); // cached: checked by openInitializedDatabase()
    VolunteerStore store(**database, SystemClock::instance());
    auto counts = store.countsByCounty();
    if (!counts)
        return console.fail(counts.error());
    const QList<RegionProgress> rows = TargetProgress::forScope(*scope, *counts);
    ProgressReport::print(console, rows, parser.isSet(json));
    return 0;
}

} // namespace kjzy::cli
