#include "TeamCommand.h"

#include "RecordOptions.h"
#include "cli/TextTable.h"
#include "clock/Clock.h"
#include "model/RecordJson.h"
#include "reference/ReferenceData.h"
#include "store/TeamStore.h"
#include "validation/TeamValidator.h"

#include <QJsonArray>

namespace kjzy::cli {

namespace {

const QString kHelpIntro =
    QStringLiteral("kjzy team add|edit ID|remove ID|show ID|list [选项]\n"
                   "登记、修改、删除、查看科技志愿服务队伍。名称不符合规范时给出规范名称建议。\n\n");

QString regionText(const Team& t)
{
    const QString code = !t.county.isEmpty() ? t.county : (!t.city.isEmpty() ? t.city : t.province);
    return RegionTable::henan().displayName(code, code == t.province);
}

QString categoryText(const QString& code)
{
    const TeamCategory* category = ReferenceData::instance().teamCategory(code);
    return category ? category->name : code;
}

void printNameIssues(Console& console, const Team& t)
{
    for (const QString& issue : t.nameIssues)
        console.err() << QStringLiteral("提示：") << issue << Qt::endl;
}

int addOrEdit(const CommandContext& context, bool add)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(kHelpIntro);
    RecordOptions::addTeamFields(parser);
    if (!add)
        parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("队伍编号"));
    int exitCode = 0;
    if (!context.parse(parser, exitCode) ||
        !context.checkRecordId(parser, add, QStringLiteral("队伍编号"), exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();

    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    const auto scope = (*database)->region(); // cached: checked by openInitializedDatabase()
    TeamStore store(**database, SystemClock::instance());

    Team existing;
    TeamInput input;
    if (add) {
        if (!RecordOptions::anyRegionGiven(parser))
            RecordOptions::defaultRegionFromScope(*scope, input);
    } else {
        auto stored = store.get(positional.first());
        if (!stored)
            return console.fail(stored.error());
        existing = *stored;
        input = TeamInput::from(existing);
        // A renamed team gets its category inferred again unless one is given.
        if (parser.isSet(QStringLiteral("name")) && !parser.isSet(QStringLiteral("category")))
            input.category.clear();
    }
    RecordOptions::applyTeamFields(parser, input);
    auto validated = TeamValidator::validate(input, localToday());
    if (!validated.ok())
        return console.failValidation(validated.issues);
    Team team = validated.value;
    team.id = existing.id;

    if (add) {
        auto id = store.add(team);
        if (!id)
            return console.fail(id.error());
        console.out() << *id << Qt::endl;
        console.err() << QStringLiteral("已登记队伍“%1”（%2，%3）")
                             .arg(team.name, categoryText(team.category), regionText(team))
                      << Qt::endl;
        printNameIssues(console, team);
        return 0;
    }
    auto changed = store.update(team);
    if (!changed)
        return console.fail(changed.error());
    QStringList labels;
    for (const QString& key : std::as_const(*changed))
        labels << fieldLabel(key);
    console.err() << (labels.isEmpty()
                          ? QStringLiteral("队伍“%1”没有变化").arg(team.name)
                          : QStringLiteral("已修改队伍“%1”：%2").arg(team.name, labels.join(u'、')))
                  << Qt::endl;
    printNameIssues(console, team);
    return 0;
}

void printTeam(Console& console, const Team& t)
{
    QTextStream& out = console.out();
    out << QStringLiteral("编号：") << t.id << Qt::endl
        << QStringLiteral("组织名称：") << t.name << Qt::endl
        << QStringLiteral("队伍类别：") << categoryText(t.category) << Qt::endl
        << QStringLiteral("上级队伍：") << t.parent << Qt::endl
        << QStringLiteral("管理员手机号：") << t.adminMobile << Qt::endl
        << QStringLiteral("是否在民政部门注册：")
        << (t.civilAffairsRegistered
                ? (*t.civilAffairsRegistered ? QStringLiteral("是") : QStringLiteral("否"))
                : QString())
        << Qt::endl
        << QStringLiteral("主管单位类型：") << t.supervisorType << Qt::endl
        << QStringLiteral("主管单位：") << t.supervisor << Qt::endl
        << QStringLiteral("成立日期：") << t.founded << Qt::endl
        << QStringLiteral("服务类别：") << t.serviceCategories.join(u'、') << Qt::endl
        << QStringLiteral("所在区域：") << regionText(t) << Qt::endl;
    for (const QString& issue : t.nameIssues)
        out << QStringLiteral("名称问题：") << issue << Qt::endl;
}

int removeOrShow(const CommandContext& context, bool remove)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(kHelpIntro);
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("队伍编号"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出"));
    if (!remove)
        parser.addOption(json);
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return console.usage(QStringLiteral("请给出一个队伍编号"), parser.helpText());
    const QString id = parser.positionalArguments().first();
    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    TeamStore store(**database, SystemClock::instance());
    auto team = store.get(id);
    if (!team)
        return console.fail(team.error());
    if (remove) {
        if (auto ok = store.remove(id); !ok)
            return console.fail(ok.error());
        console.err() << QStringLiteral("已删除队伍“%1”（编号 %2）").arg(team->name, id) << Qt::endl;
        return 0;
    }
    if (parser.isSet(json))
        console.printJson(QJsonDocument(RecordJson::team(*team)));
    else
        printTeam(console, *team);
    return 0;
}

int list(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(kHelpIntro);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出（键名见 CLI.md）"));
    const QCommandLineOption region(QStringLiteral("region"), QStringLiteral("只列出该地区（代码）"),
                                    QStringLiteral("CODE"));
    parser.addOptions({json, region});
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty())
        return console.usage(QStringLiteral("多余的参数：%1").arg(parser.positionalArguments().join(u' ')),
                             parser.helpText());
    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    TeamStore store(**database, SystemClock::instance());
    auto teams = store.list(parser.value(region));
    if (!teams)
        return console.fail(teams.error());
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const auto& t : std::as_const(*teams))
            array.append(RecordJson::team(t));
        console.printJson(QJsonDocument(array));
        return 0;
    }
    TextTable table({QStringLiteral("编号"), QStringLiteral("组织名称"), QStringLiteral("类别"),
                     QStringLiteral("所在区域"), QStringLiteral("名称规范")});
    for (const auto& t : std::as_const(*teams)) {
        table.addRow({t.id, t.name, categoryText(t.category), regionText(t),
                      t.nameIssues.isEmpty() ? QStringLiteral("符合") : t.nameIssues.join(u'；')});
    }
    table.print(console.out());
    console.err() << QStringLiteral("共 %1 支队伍").arg(teams->size()) << Qt::endl;
    return 0;
}

} // namespace

int TeamCommand::run(const QString& verb, const CommandContext& context)
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
