#include "SealedEnvelope.h"

#include "SigningKeyPair.h"

#include <QtEndian>

namespace kjzy {

namespace {

template <typename T> void putLength(QByteArray& out, qsizetype length)
{
    char bytes[sizeof(T)];
    qToBigEndian(T(length), bytes);
    out.append(bytes, sizeof bytes);
}

// Takes a T-sized big-endian length and that many bytes off the front of `rest`.
template <typename T> bool takeField(QByteArrayView& rest, QByteArrayView& field)
{
    if (rest.size() < qsizetype(sizeof(T)))
        return false;
    const T length = qFromBigEndian<T>(rest.data());
    rest = rest.sliced(sizeof(T));
    // Compare as unsigned 64-bit before narrowing: a huge u64 must not wrap into a small size.
    if (quint64(length) > quint64(rest.size()))
        return false;
    field = rest.first(qsizetype(length));
    rest = rest.sliced(qsizetype(length));
    return true;
}

} // namespace

QByteArray SealedEnvelope::toBytes() const
{
    QByteArray out;
    out.reserve(4 + header.size() + 4 + signature.size() + 8 + ciphertext.size());
    putLength<quint32>(out, header.size());
    out.append(header);
    putLength<quint32>(out, signature.size());
    out.append(signature);
    putLength<quint64>(out, ciphertext.size());
    out.append(ciphertext);
    return out;
}

Result<SealedEnvelope> SealedEnvelope::fromBytes(QByteArrayView bytes, qint64 maxBytes)
{
    if (qint64(bytes.size()) > maxBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("数据包超过大小上限，已拒绝"));

    QByteArrayView rest = bytes;
    QByteArrayView header;
    QByteArrayView signature;
    QByteArrayView ciphertext;
    if (!takeField<quint32>(rest, header) || header.isEmpty() || !takeField<quint32>(rest, signature) ||
        signature.size() != SigningKeyPair::kSignatureBytes || !takeField<quint64>(rest, ciphertext) ||
        !rest.isEmpty())
        return fail(ErrorCode::Crypto, QStringLiteral("数据包格式不正确"));

    return SealedEnvelope{header.toByteArray(), signature.toByteArray(), ciphertext.toByteArray()};
}

} // namespace kjzy
