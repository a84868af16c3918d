#include "ServeCommand.h"

#include "clock/Clock.h"
#include "http/ApiServer.h"
#include "http/SyncRoutes.h"
#include "service/EnrollmentService.h"
#include "service/IngestService.h"
#include "service/PullService.h"
#include "service/UploadService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>

#include <optional>

namespace kjzy::server_cli {

namespace {

// A whole positive number given to an option, or nullopt.
std::optional<qint64> positiveValue(const QCommandLineParser& parser, const QString& name)
{
    bool ok = false;
    const qint64 value = parser.value(name).toLongLong(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return value;
}

} // namespace

int ServeCommand::run(const ServerCommandContext& context)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("listen"),
                      QStringLiteral("监听地址和端口，如 127.0.0.1:8443（端口 0 自动选择）"),
                      QStringLiteral("地址:端口"), QStringLiteral("127.0.0.1:8080")});
    const RequestLimits defaults;
    parser.addOption({QStringLiteral("max-body-bytes"), QStringLiteral("请求体上限（字节）"),
                      QStringLiteral("字节"), QString::number(defaults.maxBodyBytes)});
    parser.addOption({QStringLiteral("idle-timeout"), QStringLiteral("连接无数据传输多少秒后关闭"),
                      QStringLiteral("秒"), QString::number(defaults.idleTimeout.count() / 1000)});
    parser.addOption({QStringLiteral("head-timeout"), QStringLiteral("请求头须在多少秒内发完"),
                      QStringLiteral("秒"), QString::number(defaults.headTimeout.count() / 1000)});
    parser.addOption({QStringLiteral("max-connections"), QStringLiteral("同时保持的连接数上限"),
                      QStringLiteral("个"), QString::number(defaults.maxConnections)});
    const QString help = QStringLiteral(
        "用法：kjzy-server --data 目录 serve --listen 地址:端口 [--max-body-bytes 字节] [--idle-timeout 秒]\n"
        "                                    [--head-timeout 秒] [--max-connections 个]\n"
        "  --max-body-bytes  请求体上限，默认 67108864（64 MiB）：整包上传 /v1/push 的信封最大 64 MiB，\n"
        "                    分块上传每块不超过 4 MiB。声明的 Content-Length 超过上限的请求在读入请求体\n"
        "                    之前即以 413 拒绝；分块传输（Transfer-Encoding）以 411 拒绝；请求头超过\n"
        "                    16 KiB 以 431 拒绝。\n"
        "  --idle-timeout    连接无任何数据传输超过该秒数即关闭，默认 30。\n"
        "  --head-timeout    从请求头第一个字节起须在该秒数内发完请求头，默认 15（防慢速攻击）。\n"
        "  --max-connections 同时保持的连接数上限，默认 256；超出的连接收到 503 后关闭。\n"
        "请在前面部署 nginx（TLS、请求体上限、超时、限流，见 docs/deploy-nginx.md），不要直接暴露到公网。\n");
    if (!parser.parse(context.arguments))
        return context.console.usage(parser.errorText(), help);
    if (parser.isSet(QStringLiteral("help"))) {
        context.console.out() << help;
        return 0;
    }
    const QString listen = parser.value(QStringLiteral("listen"));
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
    const QHostAddress address(listen.left(colon));
    if (colon <= 0 || !portOk || port > 65535 || address.isNull())
        return context.console.usage(
            QStringLiteral("--listen 应为 地址:端口，如 127.0.0.1:0，实际为“%1”").arg(listen), help);

    RequestLimits limits;
    const auto maxBody = positiveValue(parser, QStringLiteral("max-body-bytes"));
    const auto idle = positiveValue(parser, QStringLiteral("idle-timeout"));
    const auto head = positiveValue(parser, QStringLiteral("head-timeout"));
    const auto connections = positiveValue(parser, QStringLiteral("max-connections"));
    if (!maxBody)
        return context.console.usage(QStringLiteral("--max-body-bytes 应为正整数（字节）"), help);
    if (!idle || *idle > 86400)
        return context.console.usage(QStringLiteral("--idle-timeout 应为 1 到 86400 之间的秒数"), help);
    if (!head || *head > 86400)
        return context.console.usage(QStringLiteral("--head-timeout 应为 1 到 86400 之间的秒数"), help);
    if (!connections || *connections > 100000)
        return context.console.usage(QStringLiteral("--max-connections 应为 1 到 100000 之间的整数"), help);
    limits.maxBodyBytes = *maxBody;
    limits.idleTimeout = std::chrono::seconds(*idle);
    limits.headTimeout = std::chrono::seconds(*head);
    limits.maxConnections = int(*connections);

    auto data = context.openData();
    if (!data)
        return context.console.fail(data.error());
    const Clock& clock = SystemClock::instance();
    EnrollmentService enrollment((*data)->store(), (*data)->keys().enrollmentKey(), clock);
    IngestService ingest((*data)->store(), (*data)->keys(), clock);
    PullService pull((*data)->store(), (*data)->keys());
    UploadService uploads(ingest);
    ApiServer server(limits);
    SyncRoutes::install(server, enrollment, ingest, pull, uploads, (*data)->keys());
    auto bound = server.listen(address, quint16(port));
    if (!bound)
        return context.console.fail(bound.error());
    // The first line on stdout, flushed at once: scripts and tests wait for it to learn the port.
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    context.console.out() << QStringLiteral("listening on http://%1:%2").arg(host).arg(*bound) << Qt::endl;
    return QCoreApplication::exec();
}

} // namespace kjzy::server_cli
