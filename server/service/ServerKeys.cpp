#include "ServerKeys.h"

#include "crypto/KeyFile.h"

#include <QDir>
#include <QFileInfo>

namespace kjzy {

namespace {

constexpr QByteArrayView kIndexMagic("kjzy/v1/identity-index-key\n");
constexpr QByteArrayView kEnrollmentMagic("kjzy/v1/enrollment-key\n");

struct KeyPaths
{
    QString signing, box, index, enrollment;

    explicit KeyPaths(const QDir& dir)
        : signing(dir.filePath(QStringLiteral("sign.key"))), box(dir.filePath(QStringLiteral("box.key"))),
          index(dir.filePath(QStringLiteral("identity-index.key"))),
          enrollment(dir.filePath(QStringLiteral("enrollment.key")))
    {}
    QStringList all() const { return {signing, box, index, enrollment}; }
};

} // namespace

ServerKeys::ServerKeys(SigningKeyPair signing, BoxKeyPair box, BlindIndex identityIndex,
                       SecretBuffer enrollmentKey)
    : m_signing(std::move(signing)), m_box(std::move(box)), m_identityIndex(std::move(identityIndex)),
      m_enrollmentKey(std::move(enrollmentKey))
{}

Result<std::unique_ptr<ServerKeys>> ServerKeys::create(const QString& directory)
{
    QDir dir(directory);
    if (!dir.mkpath(QStringLiteral(".")))
        return fail(ErrorCode::Io, QStringLiteral("无法创建密钥目录 %1").arg(directory));
    const KeyPaths paths(dir);
    for (const QString& path : paths.all()) {
        if (QFileInfo::exists(path))
            return fail(ErrorCode::Conflict, QStringLiteral("密钥文件 %1 已存在，拒绝覆盖").arg(path));
    }
    auto signing = SigningKeyPair::generate();
    if (!signing)
        return fail(signing.error());
    auto box = BoxKeyPair::generate();
    if (!box)
        return fail(box.error());
    auto index = SecretBuffer::random(BlindIndex::kKeyBytes);
    if (!index)
        return fail(index.error());
    auto enrollment = SecretBuffer::random(32);
    if (!enrollment)
        return fail(enrollment.error());
    for (const Status& saved : {signing->save(paths.signing), box->save(paths.box),
                                KeyFile::write(paths.index, kIndexMagic, *index),
                                KeyFile::write(paths.enrollment, kEnrollmentMagic, *enrollment)}) {
        if (!saved)
            return fail(saved.error());
    }
    return load(directory);
}

Result<std::unique_ptr<ServerKeys>> ServerKeys::load(const QString& directory)
{
    const KeyPaths paths{QDir(directory)};
    auto signing = SigningKeyPair::load(paths.signing);
    if (!signing)
        return fail(signing.error());
    auto box = BoxKeyPair::load(paths.box);
    if (!box)
        return fail(box.error());
    auto indexKey = KeyFile::read(paths.index, kIndexMagic, BlindIndex::kKeyBytes);
    if (!indexKey)
        return fail(indexKey.error());
    auto index = BlindIndex::create(std::move(*indexKey));
    if (!index)
        return fail(index.error());
    auto enrollment = KeyFile::read(paths.enrollment, kEnrollmentMagic, 32);
    if (!enrollment)
        return fail(enrollment.error());
    return std::unique_ptr<ServerKeys>(
        new ServerKeys(std::move(*signing), std::move(*box), std::move(*index), std::move(*enrollment)));
}

} // namespace kjzy
