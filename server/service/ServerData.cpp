#include "ServerData.h"

#include <QDir>
#include <QFileInfo>

namespace kjzy {

namespace {
QString databasePath(const QString& directory)
{
    return QDir(directory).filePath(QStringLiteral("registry.db"));
}
QString keyDirectory(const QString& directory)
{
    return QDir(directory).filePath(QStringLiteral("keys"));
}
} // namespace

Result<std::unique_ptr<ServerData>> ServerData::create(const QString& directory)
{
    if (QFileInfo::exists(databasePath(directory)))
        return fail(ErrorCode::Conflict,
                    QStringLiteral("%1 中已有服务器数据，拒绝重新初始化").arg(directory));
    if (!QDir().mkpath(directory))
        return fail(ErrorCode::Io, QStringLiteral("无法创建数据目录 %1").arg(directory));
    QFile::setPermissions(directory,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    auto keys = ServerKeys::create(keyDirectory(directory));
    if (!keys)
        return fail(keys.error());
    auto store = SqliteRegistryStore::open(databasePath(directory));
    if (!store)
        return fail(store.error());
    return std::unique_ptr<ServerData>(new ServerData(directory, std::move(*store), std::move(*keys)));
}

Result<std::unique_ptr<ServerData>> ServerData::open(const QString& directory)
{
    if (!QFileInfo::exists(databasePath(directory)))
        return fail(
            ErrorCode::Usage,
            QStringLiteral("%1 中没有服务器数据：请先运行 kjzy-server --data %1 init").arg(directory));
    auto keys = ServerKeys::load(keyDirectory(directory));
    if (!keys)
        return fail(keys.error());
    auto store = SqliteRegistryStore::open(databasePath(directory));
    if (!store)
        return fail(store.error());
    return std::unique_ptr<ServerData>(new ServerData(directory, std::move(*store), std::move(*keys)));
}

} // namespace kjzy
