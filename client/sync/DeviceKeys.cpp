#include "DeviceKeys.h"

#include <QDir>
#include <QFileInfo>

namespace kjzy {

namespace {
QString signingPath(const QString& directory)
{
    return QDir(directory).filePath(QStringLiteral("sign.key"));
}
QString boxPath(const QString& directory)
{
    return QDir(directory).filePath(QStringLiteral("box.key"));
}
} // namespace

QString DeviceKeys::directoryFor(const QString& databasePath)
{
    return databasePath + QStringLiteral(".keys");
}

Result<std::unique_ptr<DeviceKeys>> DeviceKeys::create(const QString& directory)
{
    if (QFileInfo::exists(signingPath(directory)) || QFileInfo::exists(boxPath(directory)))
        return fail(ErrorCode::Conflict,
                    QStringLiteral("设备密钥已存在于 %1，本设备已注册过").arg(directory));
    if (!QDir().mkpath(directory))
        return fail(ErrorCode::Io, QStringLiteral("无法创建密钥目录 %1").arg(directory));
    QFile::setPermissions(directory,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    auto signing = SigningKeyPair::generate();
    if (!signing)
        return fail(signing.error());
    auto box = BoxKeyPair::generate();
    if (!box)
        return fail(box.error());
    if (auto saved = signing->save(signingPath(directory)); !saved)
        return fail(saved.error());
    if (auto saved = box->save(boxPath(directory)); !saved)
        return fail(saved.error());
    return load(directory);
}

Result<std::unique_ptr<DeviceKeys>> DeviceKeys::load(const QString& directory)
{
    auto signing = SigningKeyPair::load(signingPath(directory));
    if (!signing)
        return fail(signing.error());
    auto box = BoxKeyPair::load(boxPath(directory));
    if (!box)
        return fail(box.error());
    return std::unique_ptr<DeviceKeys>(new DeviceKeys(std::move(*signing), std::move(*box)));
}

} // namespace kjzy
