#include "Compression.h"

#include <QtEndian>

namespace kjzy {

QByteArray Compression::compress(QByteArrayView data)
{
    // qCompress: a 4-byte big-endian length, then a zlib stream; level 9 because bytes on a poor
    // link cost more than CPU time on either end.
    return qCompress(reinterpret_cast<const uchar*>(data.data()), data.size(), 9);
}

Result<QByteArray> Compression::decompress(QByteArrayView data, qsizetype maxBytes)
{
    if (data.size() < 4)
        return fail(ErrorCode::InvalidInput, QStringLiteral("压缩数据不完整"));
    const quint32 declared = qFromBigEndian<quint32>(data.data());
    if (qsizetype(declared) > maxBytes)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("解压后大小 %1 字节超过上限 %2 字节").arg(declared).arg(maxBytes));
    QByteArray inflated = qUncompress(reinterpret_cast<const uchar*>(data.data()), data.size());
    if (inflated.isEmpty() && declared != 0)
        return fail(ErrorCode::InvalidInput, QStringLiteral("压缩数据已损坏，无法解压"));
    if (inflated.size() != qsizetype(declared))
        return fail(ErrorCode::InvalidInput, QStringLiteral("解压后大小与声明不符"));
    return inflated;
}

} // namespace kjzy
