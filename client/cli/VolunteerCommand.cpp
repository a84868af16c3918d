#include "VolunteerCommand.h"

#include "RecordOptions.h"
#include "cli/TextTable.h"
#include "clock/Clock.h"
#include "model/RecordJson.h"
#include "privacy/Masking.h"
#include "reference/RegionTable.h"
#include "store/AuditLog.h"
#include "store/VolunteerStore.h"
#include "validation/VolunteerValidator.h"

#include <QJsonArray>

namespace kjzy::cli {

namespace {

const QString kHelpIntro = QStringLiteral(
    "kjzy volunteer add|edit ID|remove ID|show ID|list [选项]\n"
    "登记、修改、删除、查看志愿者。身份证号和手机号默认打码显示，--reveal 显示完整信息并记入审计日志。\n\n");

QString regionText(const Volunteer& v)
{
    return RegionTable::henan().displayName(v.county.isEmpty() ? v.city : v.county);
}

void printVolunteer(Console& console, const Volunteer& v, PersonalData personal)
{
    const bool reveal = personal == PersonalData::Revealed;
    QTextStream& out = console.out();
    out << QStringLiteral("编号：") << v.id << Qt::endl
        << QStringLiteral("真实姓名：") << v.name << Qt::endl
        << QStringLiteral("手机号：") << (reveal ? v.mobile : Masking::mobile(v.mobile)) << Qt::endl
        << QStringLiteral("性别：") << v.gender << Qt::endl
        << QStringLiteral("身份证号：") << (reveal ? v.idNumber : Masking::idNumber(v.idNumber)) << Qt::endl
        << QStringLiteral("政治面貌：") << v.politicalStatus << Qt::endl
        << QStringLiteral("民族：") << v.ethnicity << Qt::endl
        << QStringLiteral("工作单位：") << v.employer << Qt::endl
        << QStringLiteral("职称：") << v.title << Qt::endl
        << QStringLiteral("最高学历：") << v.education << Qt::endl
        << QStringLiteral("从业类别：") << v.occupation << Qt::endl
        << QStringLiteral("所在区域：") << RegionTable::henan().displayName(v.province, true) << regionText(v)
        << Qt::endl
        << QStringLiteral("服务类别：") << v.serviceCategories.join(u'、') << Qt::endl
        << QStringLiteral("服务领域或行业：") << v.serviceFields.join(u'、') << Qt::endl
        << QStringLiteral("是否为基层“三长”：")
        << (v.threeHeads ? QStringLiteral("是") : QStringLiteral("否")) << Qt::endl
        << QStringLiteral("所属队伍：") << v.teams.join(u'、') << Qt::endl;
}

int addOrEdit(const CommandContext& context, bool add)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(kHelpIntro);
    RecordOptions::addVolunteerFields(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("team"), QStringLiteral("加入队伍（编号，可重复）"),
                                        QStringLiteral("ID")));
    if (!add) {
        parser.addOption(QCommandLineOption(
            QStringLiteral("leave-team"), QStringLiteral("退出队伍（编号，可重复）"), QStringLiteral("ID")));
        parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("志愿者编号"));
    }
    int exitCode = 0;
    if (!context.parse(parser, exitCode) ||
        !context.checkRecordId(parser, add, QStringLiteral("志愿者编号"), exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();

    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    const auto scope = (*database)->region(); // cached: checked by openInitializedDatabase()
    VolunteerStore store(**database, SystemClock::instance());

    Volunteer existing;
    VolunteerInput input;
    if (add) {
        if (!RecordOptions::anyRegionGiven(parser))
            RecordOptions::defaultRegionFromScope(*scope, input);
    } else {
        auto stored = store.get(positional.first());
        if (!stored)
            return console.fail(stored.error());
        existing = *stored;
        input = VolunteerInput::from(existing);
    }
    RecordOptions::applyVolunteerFields(parser, input);

    auto validated = VolunteerValidator::validate(input, localToday());
    if (!validated.ok())
        return console.failValidation(validated.issues);
    Volunteer volunteer = validated.value;
    volunteer.id = existing.id;
    volunteer.teams = existing.teams;
    for (const QString& team : parser.values(QStringLiteral("team"))) {
        if (!volunteer.teams.contains(team))
            volunteer.teams << team;
    }
    if (!add) {
        for (const QString& team : parser.values(QStringLiteral("leave-team")))
            volunteer.teams.removeAll(team);
    }

    if (add) {
        auto id = store.add(volunteer);
        if (!id)
            return console.fail(id.error());
        console.out() << *id << Qt::endl;
        console.err() << QStringLiteral("已登记志愿者“%1”（%2）").arg(volunteer.name, regionText(volunteer))
                      << Qt::endl;
        return 0;
    }
    auto changed = store.update(volunteer);
    if (!changed)
        return console.fail(changed.error());
    if (changed->isEmpty()) {
        console.err() << QStringLiteral("志愿者“%1”没有变化").arg(volunteer.name) << Qt::endl;
    } else {
        QStringList labels;
        for (const QString& key : std::as_const(*changed))
            labels << fieldLabel(key);
        console.err() << QStringLiteral("已修改志愿者“%1”：%2").arg(volunteer.name, labels.join(u'、'))
                      << Qt::endl;
    }
    return 0;
}

int removeOrShow(const CommandContext& context, bool remove)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(kHelpIntro);
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("志愿者编号"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出"));
    const QCommandLineOption reveal(QStringLiteral("reveal"),
                                    QStringLiteral("显示完整身份证号和手机号（记入审计日志）"));
    if (!remove) {
        parser.addOption(json);
        parser.addOption(reveal);
    }
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return console.usage(QStringLiteral("请给出一个志愿者编号"), parser.helpText());
    const QString id = parser.positionalArguments().first();

    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    VolunteerStore store(**database, SystemClock::instance());
    auto volunteer = store.get(id);
    if (!volunteer)
        return console.fail(volunteer.error());
    if (remove) {
        if (auto ok = store.remove(id); !ok)
            return console.fail(ok.error());
        console.err() << QStringLiteral("已删除志愿者“%1”（编号 %2）").arg(volunteer->name, id) << Qt::endl;
        return 0;
    }
    const PersonalData personal = parser.isSet(reveal) ? PersonalData::Revealed : PersonalData::Masked;
    if (personal == PersonalData::Revealed) {
        AuditLog audit(**database, SystemClock::instance());
        if (auto ok = audit.record(QStringLiteral("reveal"), QStringLiteral("volunteer"), id, 1); !ok)
            return console.fail(ok.error());
    }
    if (parser.isSet(json))
        console.printJson(QJsonDocument(RecordJson::volunteer(*volunteer, personal)));
    else
        printVolunteer(console, *volunteer, personal);
    return 0;
}

int list(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(kHelpIntro);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出（键名见 CLI.md）"));
    const QCommandLineOption reveal(QStringLiteral("reveal"),
                                    QStringLiteral("显示完整身份证号和手机号（记入审计日志）"));
    const QCommandLineOption region(QStringLiteral("region"), QStringLiteral("只列出该地区（代码）"),
                                    QStringLiteral("CODE"));
    const QCommandLineOption team(QStringLiteral("team"), QStringLiteral("只列出该队伍（编号）的成员"),
                                  QStringLiteral("ID"));
    parser.addOptions({json, reveal, region, team});
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty())
        return console.usage(QStringLiteral("多余的参数：%1").arg(parser.positionalArguments().join(u' ')),
                             parser.helpText());
    VolunteerFilter filter{parser.value(region), parser.value(team)};
    if (!filter.region.isEmpty() && !RegionTable::henan().find(filter.region))
        return console.fail(
            Error{ErrorCode::InvalidInput,
                  QStringLiteral("地区代码“%1”不是河南省的省、市、县代码").arg(filter.region)});

    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    VolunteerStore store(**database, SystemClock::instance());
    auto volunteers = store.list(filter);
    if (!volunteers)
        return console.fail(volunteers.error());
    const PersonalData personal = parser.isSet(reveal) ? PersonalData::Revealed : PersonalData::Masked;
    if (personal == PersonalData::Revealed) {
        AuditLog audit(**database, SystemClock::instance());
        const QString detail = QStringLiteral("region=%1 team=%2").arg(filter.region, filter.team);
        if (auto ok = audit.record(QStringLiteral("reveal"), QStringLiteral("volunteer"), detail,
                                   int(volunteers->size()));
            !ok)
            return console.fail(ok.error());
    }
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const auto& v : std::as_const(*volunteers))
            array.append(RecordJson::volunteer(v, personal));
        console.printJson(QJsonDocument(array));
        return 0;
    }
    const bool reveal_ = personal == PersonalData::Revealed;
    TextTable table({QStringLiteral("编号"), QStringLiteral("姓名"), QStringLiteral("性别"),
                     QStringLiteral("手机号"), QStringLiteral("身份证号"), QStringLiteral("所在区域"),
                     QStringLiteral("队伍数")});
    for (const auto& v : std::as_const(*volunteers)) {
        table.addRow({v.id, v.name, v.gender, reveal_ ? v.mobile : Masking::mobile(v.mobile),
                      reveal_ ? v.idNumber : Masking::idNumber(v.idNumber), regionText(v),
                      QString::number(v.teams.size())});
    }
    table.print(console.out());
    console.err() << QStringLiteral("共 %1 名志愿者").arg(volunteers->size()) << Qt::endl;
    return 0;
}

} // namespace

int VolunteerCommand::run(const QString& verb, const CommandContext& context)
{
    if (verb == u"add")
        return addOrEdit(context, true);
    if (verb == u"edit")
        return addOrEdit(context, false);
    if (verb == u"remove")
        return removeOrShow(context, true);
    if (verb == u"show")
        return removeOrShow(context, false);
    if (verb == u"list")
        return list(context);
    return context.console.usage(verb.isEmpty() ? QStringLiteral("缺少子命令")
                                                : QStringLiteral("未知的子命令“%1”").arg(verb),
                                 kHelpIntro);
}

} // namespace kjzy::cli
