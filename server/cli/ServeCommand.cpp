#include "ServeCommand.h"

#include "clock/Clock.h"
#include "http/ApiServer.h"
#include "http/SyncRoutes.h"
#include "service/EnrollmentService.h"
#include "service/IngestService.h"
#include "service/PullService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>

namespace kjzy::server_cli {

int ServeCommand::run(const ServerCommandContext& context)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("listen"),
                      QStringLiteral("监听地址和端口，如 127.0.0.1:8443（端口 0 自动选择）"),
                      QStringLiteral("地址:端口"), QStringLiteral("127.0.0.1:8080")});
    const QString help =
        QStringLiteral("用法：kjzy-server --data 目录 serve --listen 地址:端口\n"
                       "请在前面部署 nginx（TLS、请求体上限、超时、限流），不要直接暴露到公网。\n");
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

    auto data = context.openData();
    if (!data)
        return context.console.fail(data.error());
    const Clock& clock = SystemClock::instance();
    EnrollmentService enrollment((*data)->store(), (*data)->keys().enrollmentKey(), clock);
    IngestService ingest((*data)->store(), (*data)->keys(), clock);
    PullService pull((*data)->store(), (*data)->keys());
    ApiServer server;
    SyncRoutes::install(server, enrollment, ingest, pull, (*data)->keys());
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
