#include "PushAuthenticator.h"

#include "crypto/Envelope.h"
#include "crypto/SigningKeyPair.h"

#include <QtEndian>

namespace kjzy {

namespace {

// Framing lengths of SealedEnvelope::toBytes(): u32 header length, u32 signature length, u64
// ciphertext length.
constexpr qsizetype kHeaderLengthBytes = 4;
constexpr qsizetype kSignatureLengthBytes = 4;
constexpr qsizetype kCiphertextLengthBytes = 8;

// The framed header and signature at the front of `bytes`, and the declared ciphertext length.
struct FramedPrefix
{
    QByteArrayView header;
    QByteArrayView signature;
    quint64 ciphertextBytes = 0;
    qint64 framedBytes = 0; // everything before the ciphertext
};

std::optional<FramedPrefix> framePrefix(QByteArrayView bytes)
{
    if (bytes.size() < kHeaderLengthBytes)
        return std::nullopt;
    const quint64 headerBytes = qFromBigEndian<quint32>(bytes.data());
    if (headerBytes == 0 || headerBytes > quint64(bytes.size() - kHeaderLengthBytes))
        return std::nullopt;
    FramedPrefix framed;
    framed.header = bytes.sliced(kHeaderLengthBytes, qsizetype(headerBytes));
    QByteArrayView rest = bytes.sliced(kHeaderLengthBytes + qsizetype(headerBytes));
    if (rest.size() < kSignatureLengthBytes)
        return framed; // the header alone: enough to name the claimed sender
    const quint64 signatureBytes = qFromBigEndian<quint32>(rest.data());
    rest = rest.sliced(kSignatureLengthBytes);
    if (signatureBytes != quint64(SigningKeyPair::kSignatureBytes) || quint64(rest.size()) < signatureBytes)
        return framed;
    framed.signature = rest.first(qsizetype(signatureBytes));
    rest = rest.sliced(qsizetype(signatureBytes));
    if (rest.size() < kCiphertextLengthBytes)
        return framed;
    framed.ciphertextBytes = qFromBigEndian<quint64>(rest.data());
    framed.framedBytes = kHeaderLengthBytes + qsizetype(headerBytes) + kSignatureLengthBytes +
                         qsizetype(signatureBytes) + kCiphertextLengthBytes;
    return framed;
}

} // namespace

PushAuthenticator::PushAuthenticator(RegistryStore& store, const ServerKeys& keys, qint64 maxEnvelopeBytes)
    : m_store(store), m_keys(keys), m_maxEnvelopeBytes(maxEnvelopeBytes)
{}

Result<SealedEnvelope> PushAuthenticator::frame(QByteArrayView bytes) const
{
    return SealedEnvelope::fromBytes(bytes, m_maxEnvelopeBytes);
}

Result<AuthenticatedPush> PushAuthenticator::authenticate(const SealedEnvelope& envelope)
{
    return check(envelope.header, [&](const QByteArray& signKey) {
        return Envelope::verify(envelope, signKey, EnvelopeKind::Push);
    });
}

Result<AuthenticatedPush> PushAuthenticator::authenticateBundle(const SealedEnvelope& envelope)
{
    return check(
        envelope.header,
        [&](const QByteArray& signKey) { return Envelope::verify(envelope, signKey, EnvelopeKind::Bundle); },
        Revocation::Whole);
}

Result<AuthenticatedPush> PushAuthenticator::authenticatePrefix(QByteArrayView prefix, qint64 totalBytes)
{
    if (totalBytes > m_maxEnvelopeBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("数据包超过大小上限，已拒绝"));
    const std::optional<FramedPrefix> framed = framePrefix(prefix);
    if (!framed || framed->framedBytes == 0)
        return fail(ErrorCode::Crypto, QStringLiteral("首个分块必须包含完整的数据包头和签名"));
    // Compared as unsigned: a huge declared ciphertext length must not wrap into a match.
    if (framed->ciphertextBytes > quint64(m_maxEnvelopeBytes) ||
        quint64(framed->framedBytes) + framed->ciphertextBytes != quint64(totalBytes))
        return fail(ErrorCode::Crypto, QStringLiteral("数据包格式不正确：声明的总长度与数据包分段长度不符"));
    const QByteArray header = framed->header.toByteArray();
    const QByteArray signature = framed->signature.toByteArray();
    return check(header, [&](const QByteArray& signKey) -> Result<EnvelopeHeader> {
        // Envelope::verify's checks minus the ciphertext hash, in its order and with its words.
        if (!SigningKeyPair::verify(signKey, header, signature))
            return fail(ErrorCode::Crypto, QStringLiteral("数据包签名无效，已拒绝"));
        auto parsed = EnvelopeHeader::fromBytes(header);
        if (!parsed)
            return fail(parsed.error());
        if (parsed->kind != EnvelopeKind::Push)
            return fail(ErrorCode::Crypto, QStringLiteral("数据包类型不符，已拒绝"));
        return parsed;
    });
}

Result<AuthenticatedPush>
PushAuthenticator::check(QByteArrayView headerBytes,
                         const std::function<Result<EnvelopeHeader>(const QByteArray&)>& verify,
                         Revocation revocation)
{
    // The unauthenticated header only names whose key to check the signature with.
    auto claimed = EnvelopeHeader::fromBytes(headerBytes);
    if (!claimed)
        return fail(claimed.error());
    auto device = m_store.device(claimed->senderDeviceId);
    if (!device)
        return fail(device.error());
    if (!*device)
        return fail(ErrorCode::Auth,
                    QStringLiteral("设备 %1 未注册，拒绝").arg(claimed->senderDeviceId.left(64)));
    auto verified = verify((*device)->signKey);
    if (!verified)
        return fail(verified.error());
    const DeviceRecord& known = **device;
    if (known.revokedAt &&
        (revocation == Revocation::Whole || verified->sequence > known.revokedAfter.value_or(0)))
        return fail(ErrorCode::Auth,
                    QStringLiteral("设备 %1 已于 %2 被吊销，拒绝").arg(known.id, *known.revokedAt));
    if (verified->keyEpoch != known.keyEpoch)
        return fail(ErrorCode::Auth, QStringLiteral("设备密钥版本 %1 已失效，拒绝").arg(verified->keyEpoch));
    if (verified->recipientKeyId != m_keys.box().keyId())
        return fail(ErrorCode::Crypto, QStringLiteral("数据不是发给本服务器的，拒绝"));
    return AuthenticatedPush{known, *verified};
}

QString PushAuthenticator::claimedSender(QByteArrayView envelopePrefix)
{
    const std::optional<FramedPrefix> framed = framePrefix(envelopePrefix);
    if (!framed)
        return {};
    auto claimed = EnvelopeHeader::fromBytes(framed->header);
    return claimed ? claimed->senderDeviceId : QString();
}

} // namespace kjzy
