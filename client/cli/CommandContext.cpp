#include "CommandContext.h"

#include "clock/Clock.h"

#include <QDateTime>
#include <QFileInfo>
#include <QStandardPaths>

namespace kjzy::cli {

QString defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/kjzy.sqlite");
}

QDate localToday()
{
    return QDateTime::fromMSecsSinceEpoch(SystemClock::instance().nowMs()).date();
}

Result<std::unique_ptr<ClientDatabase>> CommandContext::openDatabase() const
{
    if (!QFileInfo::exists(databasePath)) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral(
                "本地数据库 %1 不存在：请先运行 kjzy init --region 地区代码，或用 --db 指定已有的数据库")
                .arg(databasePath));
    }
    return ClientDatabase::open(databasePath);
}

Result<std::unique_ptr<ClientDatabase>> CommandContext::openInitializedDatabase() const
{
    auto database = openDatabase();
    if (!database)
        return database;
    if (auto scope = (*database)->region(); !scope)
        return fail(scope.error());
    return database;
}

Result<std::unique_ptr<ClientDatabase>> CommandContext::createOrOpenDatabase() const
{
    return ClientDatabase::open(databasePath);
}

bool CommandContext::parse(QCommandLineParser& parser, int& exitCode) const
{
    parser.addOption(
        QCommandLineOption(QStringLiteral("db"), QStringLiteral("本地数据库文件"), QStringLiteral("PATH")));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("显示帮助"));
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        exitCode = console.usage(parser.errorText(), parser.helpText());
        return false;
    }
    if (parser.isSet(help)) {
        console.out() << parser.helpText();
        console.out().flush();
        exitCode = 0;
        return false;
    }
    return true;
}

bool CommandContext::checkRecordId(const QCommandLineParser& parser, bool add, const QString& idName,
                                   int& exitCode) const
{
    const QStringList positional = parser.positionalArguments();
    if (add && !positional.isEmpty()) {
        exitCode =
            console.usage(QStringLiteral("多余的参数：%1").arg(positional.join(u' ')), parser.helpText());
        return false;
    }
    if (!add && positional.size() != 1) {
        exitCode = console.usage(QStringLiteral("请给出一个%1").arg(idName), parser.helpText());
        return false;
    }
    return true;
}

} // namespace kjzy::cli
