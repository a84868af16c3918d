#include "KeyFile.h"

#include <QFile>

namespace kjzy {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Only the owner/group/other bits: QFile also reports the *User flags (the current user's view),
// which mirror the owner bits and would make an exact comparison fail.
constexpr QFileDevice::Permissions kModeBits =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup |
    QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther |
    QFileDevice::ExeOther;

constexpr QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                   QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                   QFileDevice::WriteOther | QFileDevice::ExeOther;

} // namespace

Status KeyFile::write(const QString& path, QByteArrayView magic, const SecretBuffer& secret)
{
    if (secret.isEmpty())
        return fail(ErrorCode::Crypto, QStringLiteral("密钥为空，无法保存"));

    QFile file(path);
    // NewOnly: never truncate an existing key. Unbuffered: the secret must not pass through
    // QIODevice's heap buffer, which is freed without wiping. The creation mode is 0600 already;
    // setPermissions below makes it explicit whatever the umask did.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly | QIODevice::Unbuffered, kOwnerOnly))
        return fail(ErrorCode::Io, QStringLiteral("无法创建密钥文件（文件已存在或目录不可写）"));

    const auto abandon = [&file](ErrorCode code, const QString& message) {
        file.close();
        file.remove();
        return fail(code, message);
    };

    if (!file.setPermissions(kOwnerOnly) || (file.permissions() & kModeBits) != kOwnerOnly)
        return abandon(ErrorCode::Io,
                       QStringLiteral("无法将密钥文件权限设为仅本人可读写（0600），已放弃保存"));

    if (file.write(magic.data(), magic.size()) != magic.size() ||
        file.write(reinterpret_cast<const char*>(secret.data()), secret.size()) != secret.size() ||
        !file.flush())
        return abandon(ErrorCode::Io, QStringLiteral("写入密钥文件失败"));
    file.close();
    if (file.error() != QFileDevice::NoError)
        return abandon(ErrorCode::Io, QStringLiteral("写入密钥文件失败"));
    return {};
}

Result<SecretBuffer> KeyFile::read(const QString& path, QByteArrayView magic, qsizetype secretSize)
{
    QFile file(path);
    if (!file.exists())
        return fail(ErrorCode::NotFound, QStringLiteral("密钥文件不存在"));
    // Same rule as OpenSSH: a key others can read may already be compromised, so refuse it.
    if ((file.permissions() & kGroupOrOther) != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("密钥文件权限过宽（应为 0600），拒绝使用"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return fail(ErrorCode::Io, QStringLiteral("无法读取密钥文件"));
    if (file.size() != magic.size() + secretSize)
        return fail(ErrorCode::Crypto, QStringLiteral("密钥文件格式不正确"));

    const QByteArray readMagic = file.read(magic.size());
    if (readMagic != magic)
        return fail(ErrorCode::Crypto, QStringLiteral("密钥文件类型不正确"));

    auto secret = SecretBuffer::allocate(secretSize);
    if (!secret)
        return fail(secret.error());
    if (file.read(reinterpret_cast<char*>(secret->data()), secretSize) != secretSize || !file.atEnd())
        return fail(ErrorCode::Crypto, QStringLiteral("密钥文件格式不正确"));
    return secret;
}

} // namespace kjzy
