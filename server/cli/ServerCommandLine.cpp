#include "ServerCommandLine.h"

#include "AdminCommands.h"
#include "ImportBundleCommand.h"
#include "RegistryCommands.h"
#include "ServeCommand.h"
#include "ServerCommandContext.h"

#include <QDir>
#include <QStandardPaths>

namespace kjzy::server_cli {

namespace {

const QString kUsage = QStringLiteral(
    "kjzy-server —— 河南省科技志愿者登记库同步服务器\n\n"
    "用法：kjzy-server [--data 数据目录] 命令 [子命令] [选项]\n\n"
    "命令：\n"
    "  init                         建立登记库数据库和服务器密钥\n"
    "  serve --listen 地址:端口 [--max-body-bytes 字节] [--idle-timeout 秒] [--head-timeout 秒]\n"
    "        [--max-connections 数量]   提供同步接口（端口 0 自动选择；生产环境放在 nginx 后面）\n"
    "  enroll-code --scope 代码 --role county|city|province [--expires 小时]   生成一次性注册码\n"
    "  devices [--json]             列出已注册设备\n"
    "  revoke 设备编号              吊销设备\n"
    "  volunteer list --json [--reveal] [--region 代码]   登记库中的志愿者\n"
    "  team list --json             登记库中的队伍\n"
    "  report [--json]              全省登记进度\n"
    "  export organizations|volunteers --out 文件   导出全国系统导入表\n"
    "  conflicts --json             合并冲突记录\n"
    "  import-bundle 数据包 --reply 回执文件   导入设备离线带来的数据包并写出回执\n\n"
    "退出码：0 完成，1 数据无效或被拒绝，2 用法错误，3 网络中断，4 认证失败。\n");

} // namespace

QString ServerCommandLine::defaultDataDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("server"));
}

int ServerCommandLine::run(const QStringList& arguments)
{
    cli::Console console;
    ServerCommandContext context{console, {}, defaultDataDirectory()};
    QStringList rest = arguments.mid(1);
    // --data may come before the command or among its options.
    for (qsizetype i = 0; i < rest.size();) {
        if (rest[i] == u"--data") {
            if (i + 1 >= rest.size())
                return console.usage(QStringLiteral("--data 缺少目录"), kUsage);
            context.dataDirectory = rest[i + 1];
            rest.remove(i, 2);
        } else if (rest[i].startsWith(u"--data=")) {
            context.dataDirectory = rest[i].mid(7);
            rest.remove(i);
        } else {
            ++i;
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
        console.out() << QStringLiteral("kjzy-server ") << QStringLiteral(KJZY_VERSION) << Qt::endl;
        return 0;
    }
    const bool grouped = command == u"volunteer" || command == u"team" || command == u"export";
    QString verb;
    if (grouped && !rest.isEmpty() && !rest.first().startsWith(u'-'))
        verb = rest.takeFirst();
    context.arguments = QStringList{arguments.value(0)} + rest;

    if (command == u"init")
        return AdminCommands::init(context);
    if (command == u"serve")
        return ServeCommand::run(context);
    if (command == u"enroll-code")
        return AdminCommands::enrollCode(context);
    if (command == u"devices")
        return AdminCommands::devices(context);
    if (command == u"revoke")
        return AdminCommands::revoke(context);
    if (command == u"volunteer" || command == u"team")
        return RegistryCommands::list(command, verb, context);
    if (command == u"report")
        return RegistryCommands::report(context);
    if (command == u"export")
        return RegistryCommands::exportTable(verb, context);
    if (command == u"conflicts")
        return RegistryCommands::conflicts(context);
    if (command == u"import-bundle")
        return ImportBundleCommand::run(context);
    return console.usage(QStringLiteral("未知的命令“%1”").arg(command), kUsage);
}

} // namespace kjzy::server_cli
