#include "SyncCommands.h"

#include "clock/Clock.h"
#include "net/HttpLink.h"
#include "reference/RegionTable.h"
#include "sync/PinnedServer.h"
#include "sync/SyncEngine.h"

#include <QCommandLineParser>
#include <QUrl>

namespace kjzy::cli {

namespace {

Result<QUrl> serverUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
        return fail(ErrorCode::Usage,
                    QStringLiteral("服务器地址“%1”无效，应形如 https://主机:端口").arg(text));
    return url;
}

} // namespace

int EnrollCommand::run(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "kjzy enroll --server 地址 --code 注册码\n用协调员给出的一次性注册码把本设备登记到服务器。\n"));
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("服务器地址"),
                                    QStringLiteral("URL"));
    const QCommandLineOption code(QStringLiteral("code"), QStringLiteral("一次性注册码"),
                                  QStringLiteral("注册码"));
    parser.addOptions({server, code});
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    if (!parser.isSet(server) || !parser.isSet(code))
        return console.usage(QStringLiteral("必须给出 --server 和 --code"), parser.helpText());
    auto url = serverUrl(parser.value(server));
    if (!url)
        return console.fail(url.error());
    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    HttpLink link(*url);
    SyncEngine engine(**database, context.databasePath, link, SystemClock::instance());
    auto enrolled = engine.enroll(url->toString(), parser.value(code));
    if (!enrolled)
        return console.fail(enrolled.error());
    console.out() << enrolled->device << Qt::endl;
    console.err() << QStringLiteral("已登记到 %1：设备 %2，范围 %3（%4），角色 %5")
                         .arg(url->toString(), enrolled->device, enrolled->scope,
                              RegionTable::henan().displayName(enrolled->scope, true), enrolled->role)
                  << Qt::endl;
    return 0;
}

int SyncCommand::run(const CommandContext& context)
{
    Console& console = context.console;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "kjzy sync [--server 地址]\n上传待同步的更改，再下载本范围内的最新登记；中断后重跑即可续传。\n"));
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("改用此服务器地址（同一服务器）"), QStringLiteral("URL"));
    parser.addOption(server);
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    auto database = context.openInitializedDatabase();
    if (!database)
        return console.fail(database.error());
    auto pinned = PinnedServer::load(**database);
    if (!pinned)
        return console.fail(pinned.error());
    auto url = serverUrl(parser.isSet(server) ? parser.value(server) : pinned->url);
    if (!url)
        return console.fail(url.error());
    HttpLink link(*url);
    SyncEngine engine(**database, context.databasePath, link, SystemClock::instance());
    auto summary = engine.sync();
    if (!summary)
        return console.fail(summary.error());
    console.err() << QStringLiteral(
                         "同步完成：上传 %1 个变更集（%2 条更改，接受 %3，退回 %4），下载 %5 页共 %6 条记录；"
                         "发送 %7 字节，接收 %8 字节，%9 次请求")
                         .arg(summary->changeSetsSent)
                         .arg(summary->changesSent)
                         .arg(summary->accepted)
                         .arg(summary->rejected)
                         .arg(summary->pages)
                         .arg(summary->recordsPulled)
                         .arg(summary->bytesSent)
                         .arg(summary->bytesReceived)
                         .arg(summary->requests)
                  << Qt::endl;
    // Rejected changes are a partial success: exit 1 so scripts notice (CLI.md).
    return summary->rejected > 0 ? 1 : 0;
}

} // namespace kjzy::cli
