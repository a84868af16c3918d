#include "RegistryCommands.h"

#include "cli/ProgressReport.h"
#include "cli/TextTable.h"
#include "core/OperatingSystemUser.h"
#include "model/RecordJson.h"
#include "privacy/Masking.h"
#include "reference/ReferenceData.h"
#include "reference/RegionTable.h"
#include "service/RegistryQueries.h"
#include "spreadsheet/RegistrationTableBuilder.h"
#include "spreadsheet/TableWriter.h"
#include "sync/Change.h"
#include "validation/ValidationIssue.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace kjzy::server_cli {

namespace {

using cli::Console;
using cli::TextTable;

const QString kListIntro = QStringLiteral(
    "kjzy-server volunteer list [--json] [--reveal] [--region 代码] · kjzy-server team list [--json] "
    "[--region 代码]\n"
    "列出全省登记库中的志愿者或队伍（JSON 键名与客户端相同，见 CLI.md）。身份证号和手机号默认打码显示，"
    "--reveal 显示完整信息并记入审计日志。\n");

// Parses the command's own arguments (--help added); false with the exit code set after a usage
// error or after printing the help.
bool parse(QCommandLineParser& parser, const ServerCommandContext& context, int& exitCode)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("显示帮助"));
    parser.addOption(help);
    if (!parser.parse(context.arguments)) {
        exitCode = context.console.usage(parser.errorText(), parser.helpText());
        return false;
    }
    if (parser.isSet(help)) {
        context.console.out() << parser.helpText();
        context.console.out().flush();
        exitCode = 0;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        exitCode = context.console.usage(
            QStringLiteral("多余的参数：%1").arg(parser.positionalArguments().join(u' ')), parser.helpText());
        return false;
    }
    return true;
}

Status audit(RegistryStore& store, const QString& action, const QString& entity, const QString& detail,
             qsizetype rows)
{
    return store.addAudit(OperatingSystemUser::name(), action, entity, detail, int(rows));
}

QString volunteerRegion(const Volunteer& v)
{
    return RegionTable::henan().displayName(v.county.isEmpty() ? v.city : v.county);
}

QString teamRegion(const Team& t)
{
    const QString code = !t.county.isEmpty() ? t.county : (!t.city.isEmpty() ? t.city : t.province);
    return RegionTable::henan().displayName(code, code == t.province);
}

QString categoryText(const QString& code)
{
    const TeamCategory* category = ReferenceData::instance().teamCategory(code);
    return category ? category->name : code;
}

int listVolunteers(const ServerCommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(kListIntro);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出（键名见 CLI.md）"));
    const QCommandLineOption reveal(QStringLiteral("reveal"),
                                    QStringLiteral("显示完整身份证号和手机号（记入审计日志）"));
    const QCommandLineOption region(QStringLiteral("region"), QStringLiteral("只列出该地区（代码）"),
                                    QStringLiteral("CODE"));
    parser.addOptions({json, reveal, region});
    int exitCode = 0;
    if (!parse(parser, context, exitCode))
        return exitCode;
    auto data = context.openData();
    if (!data)
        return console.fail(data.error());
    RegistryQueries queries((*data)->store());
    auto volunteers = queries.volunteers(parser.value(region));
    if (!volunteers)
        return console.fail(volunteers.error());
    const PersonalData personal = parser.isSet(reveal) ? PersonalData::Revealed : PersonalData::Masked;
    if (personal == PersonalData::Revealed) {
        if (auto ok = audit((*data)->store(), QStringLiteral("reveal"), entity::kVolunteer,
                            QStringLiteral("region=%1").arg(parser.value(region)), volunteers->size());
            !ok)
            return console.fail(ok.error());
    }
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const Volunteer& v : std::as_const(*volunteers))
            array.append(RecordJson::volunteer(v, personal));
        console.printJson(QJsonDocument(array));
        return 0;
    }
    const bool full = personal == PersonalData::Revealed;
    TextTable table({QStringLiteral("编号"), QStringLiteral("姓名"), QStringLiteral("性别"),
                     QStringLiteral("手机号"), QStringLiteral("身份证号"), QStringLiteral("所在区域"),
                     QStringLiteral("队伍数")});
    for (const Volunteer& v : std::as_const(*volunteers)) {
        table.addRow({v.id, v.name, v.gender, full ? v.mobile : Masking::mobile(v.mobile),
                      full ? v.idNumber : Masking::idNumber(v.idNumber), volunteerRegion(v),
                      QString::number(v.teams.size())});
    }
    table.print(console.out());
    console.err() << QStringLiteral("共 %1 名志愿者").arg(volunteers->size()) << Qt::endl;
    return 0;
}

int listTeams(const ServerCommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(kListIntro);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出（键名见 CLI.md）"));
    const QCommandLineOption region(QStringLiteral("region"), QStringLiteral("只列出该地区（代码）"),
                                    QStringLiteral("CODE"));
    parser.addOptions({json, region});
    int exitCode = 0;
    if (!parse(parser, context, exitCode))
        return exitCode;
    auto data = context.openData();
    if (!data)
        return console.fail(data.error());
    RegistryQueries queries((*data)->store());
    auto teams = queries.teams(parser.value(region));
    if (!teams)
        return console.fail(teams.error());
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const Team& t : std::as_const(*teams))
            array.append(RecordJson::team(t));
        console.printJson(QJsonDocument(array));
        return 0;
    }
    TextTable table({QStringLiteral("编号"), QStringLiteral("组织名称"), QStringLiteral("类别"),
                     QStringLiteral("所在区域"), QStringLiteral("名称规范")});
    for (const Team& t : std::as_const(*teams)) {
        table.addRow({t.id, t.name, categoryText(t.category), teamRegion(t),
                      t.nameIssues.isEmpty() ? QStringLiteral("符合") : t.nameIssues.join(u'；')});
    }
    table.print(console.out());
    console.err() << QStringLiteral("共 %1 支队伍").arg(teams->size()) << Qt::endl;
    return 0;
}

// A conflict value for a terminal: text as it is, anything else as compact JSON.
QString valueText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

} // namespace

int RegistryCommands::list(const QString& command, const QString& verb, const ServerCommandContext& context)
{
    if (verb == u"list")
        return command == u"team" ? listTeams(context) : listVolunteers(context);
    return context.console.usage(verb.isEmpty() ? QStringLiteral("缺少子命令（只支持 list）")
                                                : QStringLiteral("未知的子命令“%1”（只支持 list）").arg(verb),
                                 kListIntro);
}

int RegistryCommands::report(const ServerCommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("kjzy-server report [--json]\n"
                                                    "全省登记库中已登记志愿者与目标（县 1,000、市 10,000、省 "
                                                    "250,000）的对比，JSON 与 kjzy stats 相同。\n"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出"));
    parser.addOption(json);
    int exitCode = 0;
    if (!parse(parser, context, exitCode))
        return exitCode;
    auto data = context.openData();
    if (!data)
        return console.fail(data.error());
    RegistryQueries queries((*data)->store());
    auto rows = queries.report();
    if (!rows)
        return console.fail(rows.error());
    // The same output as the client's `kjzy stats` (client/cli/SpreadsheetCommands.cpp).
    cli::ProgressReport::print(console, *rows, parser.isSet(json));
    return 0;
}

int RegistryCommands::exportTable(const QString& verb, const ServerCommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "kjzy-server export organizations|volunteers --out 文件.xlsx|.csv [--region 代码]\n"
        "从全省登记库按通知附件1/附件2的格式导出全国系统导入表（含完整身份证号和手机号，记入审计日志）。\n"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("输出文件（.xlsx 或 .csv）"),
                                 QStringLiteral("FILE"));
    const QCommandLineOption region(QStringLiteral("region"), QStringLiteral("只导出该地区"),
                                    QStringLiteral("CODE"));
    parser.addOptions({out, region});
    int exitCode = 0;
    if (!parse(parser, context, exitCode))
        return exitCode;
    if (verb != u"organizations" && verb != u"volunteers")
        return console.usage(
            verb.isEmpty()
                ? QStringLiteral("请指定 organizations 或 volunteers")
                : QStringLiteral("未知的导出内容“%1”：请指定 organizations 或 volunteers").arg(verb),
            parser.helpText());
    if (!parser.isSet(out) || parser.value(out).isEmpty())
        return console.usage(QStringLiteral("缺少 --out"), parser.helpText());
    auto data = context.openData();
    if (!data)
        return console.fail(data.error());
    RegistryQueries queries((*data)->store());
    TemplateTable table;
    qsizetype rows = 0;
    if (verb == u"volunteers") {
        auto volunteers = queries.volunteers(parser.value(region));
        if (!volunteers)
            return console.fail(volunteers.error());
        table = RegistrationTableBuilder::volunteers(*volunteers);
        rows = volunteers->size();
    } else {
        auto teams = queries.teams(parser.value(region));
        if (!teams)
            return console.fail(teams.error());
        table = RegistrationTableBuilder::organizations(*teams);
        rows = teams->size();
    }
    if (auto written = TableWriter::write(parser.value(out), table); !written)
        return console.fail(written.error());
    // Exports carry full personal data: who, when, what and how many rows (PIPL).
    const QString detail = QStringLiteral("file=%1 region=%2")
                               .arg(QFileInfo(parser.value(out)).absoluteFilePath(), parser.value(region));
    if (auto ok = audit((*data)->store(), QStringLiteral("export"), verb, detail, rows); !ok)
        return console.fail(ok.error());
    console.err()
        << QStringLiteral("已导出 %1 行到 %2（含完整个人信息，请妥善保管）").arg(rows).arg(parser.value(out))
        << Qt::endl;
    return 0;
}

int RegistryCommands::conflicts(const ServerCommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "kjzy-server conflicts [--json] [--reveal]\n"
        "合并时被覆盖的值（可据此恢复）。手机号和身份证号默认打码，--reveal 显示完整值并记入审计日志。\n"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出（键名见 CLI.md）"));
    const QCommandLineOption reveal(QStringLiteral("reveal"),
                                    QStringLiteral("显示完整身份证号和手机号（记入审计日志）"));
    parser.addOptions({json, reveal});
    int exitCode = 0;
    if (!parse(parser, context, exitCode))
        return exitCode;
    auto data = context.openData();
    if (!data)
        return console.fail(data.error());
    RegistryQueries queries((*data)->store());
    auto conflicts = queries.conflicts();
    if (!conflicts)
        return console.fail(conflicts.error());
    const PersonalData personal = parser.isSet(reveal) ? PersonalData::Revealed : PersonalData::Masked;
    if (personal == PersonalData::Revealed) {
        if (auto ok = audit((*data)->store(), QStringLiteral("reveal"), QStringLiteral("conflict"), {},
                            conflicts->size());
            !ok)
            return console.fail(ok.error());
    }
    QJsonArray array;
    for (const ConflictRecord& c : std::as_const(*conflicts))
        array.append(RegistryQueries::conflictJson(c, personal));
    if (parser.isSet(json)) {
        console.printJson(QJsonDocument(array));
        return 0;
    }
    TextTable table({QStringLiteral("时间"), QStringLiteral("对象"), QStringLiteral("编号"),
                     QStringLiteral("字段"), QStringLiteral("保留的值"), QStringLiteral("被覆盖的值"),
                     QStringLiteral("保留方设备"), QStringLiteral("被覆盖方设备")});
    for (const QJsonValue& item : std::as_const(array)) {
        const QJsonObject c = item.toObject();
        const QString entityName = c.value(QStringLiteral("entity")).toString();
        const QString field = c.value(QStringLiteral("field")).toString();
        const QString label = entityName == entity::kTeam && field == u"name"
                                  ? fieldLabel(QStringLiteral("team_name"))
                                  : fieldLabel(field);
        const QString entityText = entityName == entity::kVolunteer    ? QStringLiteral("志愿者")
                                   : entityName == entity::kTeam       ? QStringLiteral("队伍")
                                   : entityName == entity::kMembership ? QStringLiteral("成员关系")
                                                                       : entityName;
        table.addRow({c.value(QStringLiteral("at")).toString(), entityText,
                      c.value(QStringLiteral("id")).toString(), label,
                      valueText(c.value(QStringLiteral("kept"))), valueText(c.value(QStringLiteral("lost"))),
                      c.value(QStringLiteral("kept_device")).toString(),
                      c.value(QStringLiteral("lost_device")).toString()});
    }
    table.print(console.out());
    console.err() << QStringLiteral("共 %1 条冲突记录").arg(conflicts->size()) << Qt::endl;
    return 0;
}

} // namespace kjzy::server_cli
