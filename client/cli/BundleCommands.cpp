#include "BundleCommands.h"

#include "clock/Clock.h"
#include "sync/BundleExchange.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>

namespace kjzy::cli {

namespace {

const QString kUsage = QStringLiteral(
    "用法：kjzy bundle export --out 文件 · kjzy bundle import 回执文件\n"
    "无网络时用文件同步：export 把待同步的更改封装成一个数据包（本设备签名、只有服务器能解开），"
    "带到服务器用 kjzy-server import-bundle 导入；import 导入服务器给出的回执数据包"
    "（确认、退回原因和本范围的最新登记）。两者重复执行都无害。\n"
    "退出码：0 完成，1 有更改被退回或文件无法读写，2 用法错误，4 数据包被篡改或不是给本设备的。\n");

Status writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("无法写入数据包文件 %1：%2").arg(path, file.errorString()));
    return {};
}

Result<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("无法读取回执文件 %1：%2").arg(path, file.errorString()));
    if (file.size() > BundleExchange::kMaxReplyBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("回执文件 %1 超过大小上限，拒绝").arg(path));
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("无法读取回执文件 %1：%2").arg(path, file.errorString()));
    return bytes;
}

} // namespace

int BundleCommand::run(const QString& verb, const CommandContext& context)
{
    if (verb == u"export")
        return exportBundle(context);
    if (verb == u"import")
        return importReply(context);
    if (verb.isEmpty() && context.arguments.contains(QStringLiteral("--help"))) {
        context.console.out() << kUsage;
        return 0;
    }
    return context.console.usage(verb.isEmpty() ? QStringLiteral("缺少子命令 export 或 import")
                                                : QStringLiteral("未知的子命令“%1”").arg(verb),
                                 kUsage);
}

int BundleCommand::exportBundle(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("kjzy bundle export --out 文件\n把待同步的更改封装成数据包文件，带到服务器导入。\n"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("数据包文件"), QStringLiteral("文件"));
    parser.addOption(out);
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (!parser.isSet(out) || parser.value(out).isEmpty())
        return console.usage(QStringLiteral("必须用 --out 给出数据包文件"), parser.helpText());
    if (!parser.positionalArguments().isEmpty())
        return console.usage(QStringLiteral("多余的参数：%1").arg(parser.positionalArguments().join(u' ')),
                             parser.helpText());
    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    BundleExchange exchange(**database, context.databasePath, SystemClock::instance());
    auto exported = exchange.exportBundle();
    if (!exported)
        return console.fail(exported.error());
    if (auto written = writeFileAtomically(parser.value(out), exported->sealed); !written)
        return console.fail(written.error());
    console.err() << QStringLiteral("已导出数据包 %1：%2 个变更集（%3 条更改），下载起点 %4，共 %5 字节；"
                                    "请带到服务器用 kjzy-server import-bundle 导入")
                         .arg(parser.value(out))
                         .arg(exported->changeSets)
                         .arg(exported->changes)
                         .arg(exported->cursor)
                         .arg(exported->sealed.size())
                  << Qt::endl;
    return 0;
}

int BundleCommand::importReply(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("kjzy bundle import 回执文件\n导入服务器给出的回执数据包；重复导入无害。\n"));
    parser.addPositionalArgument(QStringLiteral("回执文件"),
                                 QStringLiteral("kjzy-server import-bundle 写出的回执"));
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return console.usage(QStringLiteral("必须给出一个回执文件"), parser.helpText());
    auto bytes = readFile(parser.positionalArguments().first());
    if (!bytes)
        return console.fail(bytes.error());
    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    BundleExchange exchange(**database, context.databasePath, SystemClock::instance());
    auto imported = exchange.importReply(*bytes);
    if (!imported)
        return console.fail(imported.error());
    console.err() << QStringLiteral("已导入回执：%1 个变更集的回执（接受 %2，退回 %3），%4 页共 %5 条记录；"
                                    "此前已导入而跳过 %6 个回执、%7 页")
                         .arg(imported->replies)
                         .arg(imported->accepted)
                         .arg(imported->rejected)
                         .arg(imported->pages)
                         .arg(imported->records)
                         .arg(imported->repliesSkipped)
                         .arg(imported->pagesSkipped)
                  << Qt::endl;
    // Rejected changes are a partial success, as after `kjzy sync`: exit 1 so scripts notice.
    return imported->rejected > 0 ? 1 : 0;
}

} // namespace kjzy::cli
