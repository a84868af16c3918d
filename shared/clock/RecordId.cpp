#include "RecordId.h"

#include <QCryptographicHash>
#include <QUuid>

namespace kjzy {

QString RecordId::generate()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray RecordId::devicePrefix(const QString& device)
{
    // One device makes thousands of records in a row (an import): hash its id once.
    thread_local QString cachedDevice;
    thread_local QByteArray cachedPrefix;
    if (device != cachedDevice || cachedPrefix.isEmpty()) {
        cachedPrefix = QCryptographicHash::hash(device.toUtf8(), QCryptographicHash::Sha256).left(7);
        cachedDevice = device;
    }
    return cachedPrefix;
}

QString RecordId::forCreation(const HlcTimestamp& stamp)
{
    const quint64 ms = quint64(stamp.ms) & 0xFFFF'FFFF'FFFFULL;
    const quint32 counter = stamp.counter & 0xF'FFFFU; // kMaxCounter < 2^20
    const QByteArray prefix = devicePrefix(stamp.device);
    unsigned char bytes[16];
    for (int i = 0; i < 6; ++i)
        bytes[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
    bytes[6] = static_cast<unsigned char>(0x80 | ((counter >> 16) & 0x0F)); // version 8
    bytes[7] = static_cast<unsigned char>(counter >> 8);
    bytes[8] = static_cast<unsigned char>(0x80 | (counter & 0x3F)); // variant 10
    // The two counter bits that do not fit beside the variant lead the device hash's 54 bits.
    bytes[9] = static_cast<unsigned char>(((counter >> 6) & 0x03) << 6 | (quint8(prefix[0]) & 0x3F));
    for (int i = 10; i < 16; ++i)
        bytes[i] = static_cast<unsigned char>(prefix[i - 9]);
    return QUuid::fromRfc4122(QByteArrayView(bytes, 16)).toString(QUuid::WithoutBraces);
}

bool RecordId::isValid(const QString& id)
{
    return id.size() == 36 && !QUuid::fromString(id).isNull();
}

} // namespace kjzy
