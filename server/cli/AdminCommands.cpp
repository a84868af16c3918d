#include "AdminCommands.h"

#include "cli/TextTable.h"
#include "service/EnrollmentService.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kjzy::server_cli {

namespace {

bool parse(QCommandLineParser& parser, const ServerCommandContext& context, const QString& help,
           int& exitCode)
{
    parser.addHelpOption();
    if (!parser.parse(context.arguments)) {
        exitCode = context.console.usage(parser.errorText(), help);
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        context.console.out() << help;
        exitCode = 0;
        return false;
    }
    return true;
}

} // namespace

int AdminCommands::init(const ServerCommandContext& context)
{
    QCommandLineParser parser;
    int exitCode = 0;
    if (!parse(parser, context, QStringLiteral("用法：kjzy-server --data 目录 init\n"), exitCode))
        return exitCode;
    auto data = ServerData::create(context.dataDirectory);
    if (!data)
        return context.console.fail(data.error());
    context.console.err() << QStringLiteral("已建立服务器数据：%1（签名公钥编号 %2，加密公钥编号 %3）")
                                 .arg(context.dataDirectory, (*data)->keys().signing().keyId(),
                                      (*data)->keys().box().keyId())
                          << Qt::endl;
    return 0;
}

int AdminCommands::enrollCode(const ServerCommandContext& context)
{
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("scope"), QStringLiteral("设备管理范围（地区代码）"), QStringLiteral("代码")});
    parser.addOption(
        {QStringLiteral("role"), QStringLiteral("county|city|province"), QStringLiteral("角色")});
    parser.addOption({QStringLiteral("expires"), QStringLiteral("有效小时数（默认 72）"),
                      QStringLiteral("小时"), QString::number(EnrollmentService::kDefaultExpiryHours)});
    const QString help = QStringLiteral(
        "用法：kjzy-server enroll-code --scope 代码 --role county|city|province [--expires 小时]\n");
    int exitCode = 0;
    if (!parse(parser, context, help, exitCode))
        return exitCode;
    if (!parser.isSet(QStringLiteral("scope")) || !parser.isSet(QStringLiteral("role")))
        return context.console.usage(QStringLiteral("必须给出 --scope 和 --role"), help);
    bool hoursOk = false;
    const int hours = parser.value(QStringLiteral("expires")).toInt(&hoursOk);
    if (!hoursOk)
        return context.console.usage(QStringLiteral("--expires 必须是整数小时"), help);
    auto data = context.openData();
    if (!data)
        return context.console.fail(data.error());
    EnrollmentService enrollment((*data)->store(), (*data)->keys().enrollmentKey());
    auto issued =
        enrollment.issue(parser.value(QStringLiteral("scope")), parser.value(QStringLiteral("role")), hours);
    if (!issued)
        return context.console.fail(issued.error());
    // The code alone on stdout, so scripts can capture it; details for people on stderr.
    context.console.out() << issued->code << Qt::endl;
    context.console.err() << QStringLiteral(
                                 "一次性注册码：范围 %1，角色 %2，有效至 %3（UTC）；输错 %4 次即锁定")
                                 .arg(issued->scope, issued->role, issued->expiresAt)
                                 .arg(EnrollmentService::kMaxFailedAttempts)
                          << Qt::endl;
    return 0;
}

int AdminCommands::devices(const ServerCommandContext& context)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("以 JSON 输出")});
    int exitCode = 0;
    if (!parse(parser, context, QStringLiteral("用法：kjzy-server devices [--json]\n"), exitCode))
        return exitCode;
    auto data = context.openData();
    if (!data)
        return context.console.fail(data.error());
    EnrollmentService enrollment((*data)->store(), (*data)->keys().enrollmentKey());
    auto devices = enrollment.devices();
    if (!devices)
        return context.console.fail(devices.error());
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const DeviceRecord& d : *devices)
            array.append(QJsonObject{{QStringLiteral("id"), d.id},
                                     {QStringLiteral("scope"), d.scope},
                                     {QStringLiteral("role"), d.role},
                                     {QStringLiteral("label"), d.label},
                                     {QStringLiteral("enrolled_at"), d.enrolledAt},
                                     {QStringLiteral("revoked"), d.revokedAt.has_value()},
                                     {QStringLiteral("last_sequence"), QString::number(d.lastSequence)}});
        context.console.printJson(QJsonDocument(array));
        return 0;
    }
    cli::TextTable table({QStringLiteral("设备编号"), QStringLiteral("范围"), QStringLiteral("角色"),
                          QStringLiteral("注册时间"), QStringLiteral("状态")});
    for (const DeviceRecord& d : *devices)
        table.addRow({d.id, d.scope, d.role, d.enrolledAt,
                      d.revokedAt ? QStringLiteral("已吊销") : QStringLiteral("正常")});
    table.print(context.console.out());
    return 0;
}

int AdminCommands::revoke(const ServerCommandContext& context)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("设备编号"), QStringLiteral("要吊销的设备"));
    const QString help = QStringLiteral("用法：kjzy-server revoke 设备编号\n");
    int exitCode = 0;
    if (!parse(parser, context, help, exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return context.console.usage(QStringLiteral("必须给出一个设备编号"), help);
    auto data = context.openData();
    if (!data)
        return context.console.fail(data.error());
    EnrollmentService enrollment((*data)->store(), (*data)->keys().enrollmentKey());
    const QString device = parser.positionalArguments().first();
    if (auto revoked = enrollment.revoke(device); !revoked)
        return context.console.fail(revoked.error());
    context.console.err() << QStringLiteral("已吊销设备 %1：此后它的变更集一律拒绝").arg(device) << Qt::endl;
    return 0;
}

} // namespace kjzy::server_cli
