#include "InitCommand.h"

#include "reference/RegionTable.h"
#include "store/SyncStatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kjzy::cli {

int InitCommand::run(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("kjzy init --region CODE\n建立本地数据库并设定管理范围："
                       "410000 全省、4101xx 市（如 410100）、县（如 410105）。\n"));
    const QCommandLineOption region(QStringLiteral("region"), QStringLiteral("管理范围的地区代码"),
                                    QStringLiteral("CODE"));
    parser.addOption(region);
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (!parser.isSet(region))
        return console.usage(QStringLiteral("缺少 --region"), parser.helpText());
    if (!parser.positionalArguments().isEmpty())
        return console.usage(QStringLiteral("多余的参数：%1").arg(parser.positionalArguments().join(u' ')),
                             parser.helpText());
    const QString code = parser.value(region).trimmed();
    // Validate before creating anything: a typo must not leave an empty database behind.
    if (!RegionTable::henan().find(code)) {
        return console.fail(
            Error{ErrorCode::InvalidInput,
                  QStringLiteral("地区代码“%1”不是河南省的省、市、县（区）代码（GB/T 2260 六位代码，"
                                 "如 410000 河南省、410100 郑州市、410105 金水区）")
                      .arg(code)});
    }
    auto database = context.createOrOpenDatabase();
    if (!database)
        return console.fail(database.error());
    if (auto ok = (*database)->initialize(code); !ok)
        return console.fail(ok.error());
    console.err() << QStringLiteral("本地数据库 %1 已就绪，管理范围：%2（%3）")
                         .arg(context.databasePath, RegionTable::henan().displayName(code, true), code)
                  << Qt::endl;
    return 0;
}

int StatusCommand::run(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("kjzy status [--json]\n待同步更改、被服务器退回的更改、上次同步时间。\n"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("以 JSON 输出"));
    parser.addOption(json);
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    auto database = context.openDatabase();
    if (!database)
        return console.fail(database.error());
    auto status = SyncStatus::read(**database);
    if (!status)
        return console.fail(status.error());
    auto orNull = [](const std::optional<QString>& value) {
        return value ? QJsonValue(*value) : QJsonValue();
    };
    if (parser.isSet(json)) {
        console.printJson(QJsonDocument(QJsonObject{
            {QStringLiteral("pending"), status->pending},
            {QStringLiteral("rejected"), status->rejected},
            {QStringLiteral("last_sync"), orNull(status->lastSync)},
            {QStringLiteral("server"), orNull(status->server)},
            {QStringLiteral("device"), orNull(status->device)},
            {QStringLiteral("region"), status->region},
            {QStringLiteral("rejections"),
             [&] {
                 QJsonArray list;
                 for (const RejectedChangeEntry& r : status->rejections)
                     list.append(QJsonObject{{QStringLiteral("entity"), r.entity},
                                             {QStringLiteral("id"), r.id},
                                             {QStringLiteral("reason"), r.reason},
                                             {QStringLiteral("at"), r.at}});
                 return list;
             }()},
        }));
        return 0;
    }
    QTextStream& out = console.out();
    out << QStringLiteral("管理范围：") << RegionTable::henan().displayName(status->region, true)
        << QStringLiteral("（") << status->region << QStringLiteral("）") << Qt::endl
        << QStringLiteral("待同步的更改：") << status->pending << QStringLiteral(" 条") << Qt::endl
        << QStringLiteral("被服务器退回待修改：") << status->rejected << QStringLiteral(" 条") << Qt::endl
        << QStringLiteral("上次成功同步：") << status->lastSync.value_or(QStringLiteral("从未同步"))
        << Qt::endl
        << QStringLiteral("服务器：") << status->server.value_or(QStringLiteral("未登记（离线使用）"))
        << Qt::endl;
    for (const RejectedChangeEntry& r : status->rejections)
        out << QStringLiteral("  退回：") << r.entity << u' ' << r.id << QStringLiteral("：") << r.reason
            << Qt::endl;
    return 0;
}

} // namespace kjzy::cli
