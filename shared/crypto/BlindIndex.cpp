#include "BlindIndex.h"

#include "validation/IdNumber.h"

#include <sodium.h>

namespace kjzy {

static_assert(BlindIndex::kKeyBytes == crypto_generichash_KEYBYTES);

BlindIndex::BlindIndex(SecretBuffer key) : m_key(std::move(key)) {}

Result<BlindIndex> BlindIndex::create(SecretBuffer key)
{
    if (key.size() != kKeyBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("索引密钥长度不正确"));
    return BlindIndex(std::move(key));
}

Result<QString> BlindIndex::compute(const QString& idNumber) const
{
    const QByteArray normalized = IdNumber::normalize(idNumber).toUtf8();
    if (normalized.isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("身份证号码为空，无法生成索引"));
    unsigned char digest[kHexChars / 2];
    if (crypto_generichash(digest, sizeof digest,
                           reinterpret_cast<const unsigned char*>(normalized.constData()),
                           quint64(normalized.size()), m_key.data(), size_t(m_key.size())) != 0)
        return fail(ErrorCode::Crypto, QStringLiteral("生成身份证索引失败"));
    return QString::fromLatin1(QByteArrayView(digest, sizeof digest).toByteArray().toHex());
}

} // namespace kjzy
