#include "ImportBundleCommand.h"

#include "clock/Clock.h"
#include "core/OperatingSystemUser.h"
#include "service/BundleService.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>

namespace kjzy::server_cli {

namespace {

const QString kHelp = QStringLiteral(
    "用法：kjzy-server import-bundle 数据包文件 --reply 回执文件\n"
    "导入设备离线带来的数据包（kjzy bundle export 生成），与网络上传同样校验和合并，"
    "再把回执和该设备应下载的登记写入回执文件（kjzy bundle import 导入）。\n"
    "退出码：0 已导入（被退回的更改写在回执里），1 文件无法读写，2 用法错误，"
    "4 数据包被篡改、截断、来自未注册或已吊销的设备或混有其他设备的变更集（什么都没有改）。\n");

Result<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("无法读取数据包文件 %1：%2").arg(path, file.errorString()));
    if (file.size() > BundleService::kMaxBundleBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("数据包文件 %1 超过大小上限，已拒绝").arg(path));
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("无法读取数据包文件 %1：%2").arg(path, file.errorString()));
    return bytes;
}

// Temp file + rename: a reader never sees half a reply.
Status writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("无法写入回执文件 %1：%2").arg(path, file.errorString()));
    return {};
}

} // namespace

int ImportBundleCommand::run(const ServerCommandContext& context)
{
    cli::Console& console = context.console;
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption reply(QStringLiteral("reply"), QStringLiteral("回执文件"),
                                   QStringLiteral("文件"));
    parser.addOption(reply);
    parser.addPositionalArgument(QStringLiteral("数据包文件"), QStringLiteral("设备导出的数据包"));
    if (!parser.parse(context.arguments))
        return console.usage(parser.errorText(), kHelp);
    if (parser.isSet(QStringLiteral("help"))) {
        console.out() << kHelp;
        return 0;
    }
    if (parser.positionalArguments().size() != 1)
        return console.usage(QStringLiteral("必须给出一个数据包文件"), kHelp);
    if (!parser.isSet(reply) || parser.value(reply).isEmpty())
        return console.usage(QStringLiteral("必须用 --reply 给出回执文件"), kHelp);

    auto bytes = readFile(parser.positionalArguments().first());
    if (!bytes)
        return console.fail(bytes.error());
    auto data = context.openData();
    if (!data)
        return console.fail(data.error());
    BundleService service((*data)->store(), (*data)->keys(), SystemClock::instance());
    auto imported = service.importBundle(*bytes, OperatingSystemUser::name());
    if (!imported)
        return console.fail(imported.error());
    if (auto written = writeFileAtomically(parser.value(reply), imported->sealedReply); !written) {
        console.err() << QStringLiteral("数据包已导入；重新运行本命令即可再次生成回执（不会重复导入）")
                      << Qt::endl;
        return console.fail(written.error());
    }
    console.err() << QStringLiteral("已导入设备 %1 的数据包：%2 个变更集（%3 条更改，接受 %4，退回 %5，"
                                    "%6 个此前已收到）；回执含 %7 页共 %8 条记录，%9 字节，已写入 %10")
                         .arg(imported->device)
                         .arg(imported->changeSets)
                         .arg(imported->changes)
                         .arg(imported->accepted)
                         .arg(imported->rejected)
                         .arg(imported->duplicates)
                         .arg(imported->pages)
                         .arg(imported->records)
                         .arg(imported->sealedReply.size())
                         .arg(parser.value(reply))
                  << Qt::endl;
    return 0;
}

} // namespace kjzy::server_cli
