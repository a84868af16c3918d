#include "CommandLineApp.h"

#include "BundleCommands.h"
#include "CommandContext.h"
#include "InitCommand.h"
#include "SpreadsheetCommands.h"
#include "SyncCommands.h"
#include "TeamCommand.h"
#include "VolunteerCommand.h"

namespace kjzy::cli {

namespace {

const QString kUsage = QStringLiteral(
    "kjzy —— 河南省科技志愿者登记（离线客户端）\n\n"
    "用法：kjzy [--db 数据库路径] 命令 [子命令] [选项]\n\n"
    "命令：\n"
    "  init --region 代码        建立本地数据库并设定管理范围\n"
    "  volunteer add|edit|remove|show|list   管理志愿者\n"
    "  team add|edit|remove|show|list        管理队伍\n"
    "  import 文件 [--team 编号] [--rejects 清单.csv] [--dry-run]   导入附件1/附件2表格\n"
    "  export organizations|volunteers --out 文件   按附件格式导出\n"
    "  stats [--json]            各地区登记人数与目标\n"
    "  status [--json]           待同步更改与同步状态\n"
    "  enroll --server 地址 --code 注册码   把本设备登记到服务器\n"
    "  sync [--server 地址] [--timeout 秒数]   上传更改并下载最新登记（断线续传）\n"
    "  bundle export --out 文件  无网络时把待同步的更改导出为数据包\n"
    "  bundle import 回执文件    导入服务器给出的回执数据包\n\n"
    "每个命令加 --help 查看选项。退出码：0 完成，1 数据无效或被拒绝，2 用法错误，3 网络中断，4 认证失败。\n");

} // namespace

int CommandLineApp::run(const QStringList& arguments)
{
    Console console;
    CommandContext context{console, {}, defaultDatabasePath()};
    // Global --db may precede the command words; command words come before any other option.
    QStringList rest = arguments.mid(1);
    while (!rest.isEmpty() && (rest.first() == u"--db" || rest.first().startsWith(u"--db="))) {
        if (rest.first() == u"--db") {
            if (rest.size() < 2)
                return console.usage(QStringLiteral("--db 缺少路径"), kUsage);
            context.databasePath = rest.at(1);
            rest = rest.mid(2);
        } else {
            context.databasePath = rest.first().mid(5);
            rest = rest.mid(1);
        }
    }
    if (rest.isEmpty())
        return console.usage(QStringLiteral("缺少命令"), kUsage);
    const QString command = rest.takeFirst();
    if (command == u"--help" || command == u"-h" || command == u"help") {
        console.out() << kUsage;
        return 0;
    }
    if (command == u"--version") {
        console.out() << QStringLiteral("kjzy ") << QStringLiteral(KJZY_VERSION) << Qt::endl;
        return 0;
    }
    const bool grouped =
        command == u"volunteer" || command == u"team" || command == u"export" || command == u"bundle";
    QString verb;
    if (grouped && !rest.isEmpty() && !rest.first().startsWith(u'-'))
        verb = rest.takeFirst();
    // Option values after the command may still override --db (QCommandLineParser sees them).
    context.arguments = QStringList{arguments.value(0)} + rest;
    for (qsizetype i = 0; i + 1 < rest.size(); ++i) {
        if (rest[i] == u"--db")
            context.databasePath = rest[i + 1];
    }

    if (command == u"init")
        return InitCommand::run(context);
    if (command == u"status")
        return StatusCommand::run(context);
    if (command == u"volunteer")
        return VolunteerCommand::run(verb, context);
    if (command == u"team")
        return TeamCommand::run(verb, context);
    if (command == u"import")
        return ImportCommand::run(context);
    if (command == u"export")
        return ExportCommand::run(verb, context);
    if (command == u"stats")
        return StatsCommand::run(context);
    if (command == u"enroll")
        return EnrollCommand::run(context);
    if (command == u"sync")
        return SyncCommand::run(context);
    if (command == u"bundle")
        return BundleCommand::run(verb, context);
    return console.usage(QStringLiteral("未知的命令“%1”").arg(command), kUsage);
}

} // namespace kjzy::cli
