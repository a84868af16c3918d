#include "SyncCommands.h"

#include "clock/Clock.h"
#include "net/HttpLink.h"
#include "reference/RegionTable.h"
#include "sync/PinnedServer.h"
#include "sync/SyncEngine.h"

#include <QCommandLineParser>
#include <QUrl>

#include <unistd.h>

#include <algorithm>

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

constexpr int kDefaultTimeoutSeconds = 180;

QString sizeText(qint64 bytes)
{
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(QString::number(double(bytes) / 1024.0, 'f', 1));
    return QStringLiteral("%1 MB").arg(QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 2));
}

// One line redrawn in place on a terminal: the upload as a bar, then the pull's pages.
void drawSyncProgress(QTextStream& err, const SyncProgress& progress)
{
    constexpr int width = 30;
    if (progress.phase == SyncProgress::Phase::Push) {
        if (progress.bytesTotal == 0)
            return;
        const int filled =
            int(width * std::min(progress.bytesSent, progress.bytesTotal) / progress.bytesTotal);
        err << u'\r' << QStringLiteral("上传 [") << QString(filled, u'#') << QString(width - filled, u'.')
            << QStringLiteral("] %1 / %2，变更集 %3/%4")
                   .arg(sizeText(progress.bytesSent), sizeText(progress.bytesTotal))
                   .arg(progress.changeSetsDone)
                   .arg(progress.changeSetsTotal);
        if (progress.changeSetsDone == progress.changeSetsTotal)
            err << Qt::endl;
    } else {
        err << u'\r'
            << QStringLiteral("下载 第 %1 页，%2 条记录").arg(progress.pages).arg(progress.recordsPulled);
    }
    err.flush();
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
        "kjzy sync [--server 地址] [--timeout 秒数]\n"
        "上传待同步的更改，再下载本范围内的最新登记。连接中断时自动重试（等待时间逐次加长），\n"
        "分块续传、不会重复；超过时限仍未完成则以退出码 3 结束，重跑即可从中断处继续。\n"));
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("改用此服务器地址（同一服务器）"), QStringLiteral("URL"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("整个同步（含重试）最多用时，单位秒，默认 %1").arg(kDefaultTimeoutSeconds),
        QStringLiteral("秒数"), QString::number(kDefaultTimeoutSeconds));
    parser.addOptions({server, timeout});
    int exitCode = 0;
    if (!context.parse(parser, exitCode))
        return exitCode;
    bool isNumber = false;
    const int timeoutSeconds = parser.value(timeout).toInt(&isNumber);
    if (!isNumber || timeoutSeconds <= 0 || timeoutSeconds > 24 * 3600)
        return console.usage(
            QStringLiteral("--timeout 应为 1 到 86400 之间的秒数，而不是“%1”").arg(parser.value(timeout)),
            parser.helpText());
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
    SyncOptions options;
    options.timeoutMs = qint64(timeoutSeconds) * 1000;
    // A bar only where a person watches: scripts and logs get the summary line alone.
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    bool drewProgress = false;
    if (terminal) {
        options.progress = [&console, &drewProgress](const SyncProgress& progress) {
            drawSyncProgress(console.err(), progress);
            drewProgress = true;
        };
    }
    auto summary = engine.sync(options);
    if (drewProgress)
        console.err() << Qt::endl;
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
                         .arg(summary->requests);
    if (summary->failures > 0)
        console.err() << QStringLiteral("；其间连接失败 %1 次，已自动重试").arg(summary->failures);
    const qint64 resumed = summary->resumedAt.isEmpty() ? 0 : summary->resumedAt.first();
    if (resumed > 0)
        console.err() << QStringLiteral("；从服务器已保存的 %1 字节处续传").arg(resumed);
    console.err() << Qt::endl;
    // Rejected changes are a partial success: exit 1 so scripts notice (CLI.md).
    return summary->rejected > 0 ? 1 : 0;
}

} // namespace kjzy::cli
