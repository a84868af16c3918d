#include "EnvelopeHeader.h"

#include "Sodium.h"

#include <QtEndian>

#include <sodium.h>

namespace kjzy {

namespace {

constexpr qsizetype kSealedKeyBytes = crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES;

void putField(QByteArray& out, QByteArrayView field)
{
    char length[4];
    qToBigEndian(quint32(field.size()), length);
    out.append(length, sizeof length);
    out.append(field);
}

// Takes one length-prefixed field off the front of `rest`; false when it does not fit.
bool takeField(QByteArrayView& rest, QByteArrayView& field)
{
    if (rest.size() < 4)
        return false;
    const quint32 length = qFromBigEndian<quint32>(rest.data());
    rest = rest.sliced(4);
    if (length > quint64(rest.size()))
        return false;
    field = rest.first(qsizetype(length));
    rest = rest.sliced(qsizetype(length));
    return true;
}

// UTF-8 that survives a round trip: fromUtf8 silently replaces invalid sequences, which would let
// two different byte strings (two different signed headers) decode to the same id.
bool takeText(QByteArrayView& rest, QString& text)
{
    QByteArrayView field;
    if (!takeField(rest, field) || field.isEmpty() || field.size() > EnvelopeHeader::kMaxIdBytes)
        return false;
    text = QString::fromUtf8(field);
    return text.toUtf8() == field;
}

template <typename T> bool takeInteger(QByteArrayView& rest, T& value)
{
    QByteArrayView field;
    if (!takeField(rest, field) || field.size() != qsizetype(sizeof(T)))
        return false;
    value = qFromBigEndian<T>(field.data());
    return true;
}

template <typename T> QByteArray integerBytes(T value)
{
    QByteArray bytes(sizeof(T), Qt::Uninitialized);
    qToBigEndian(value, bytes.data());
    return bytes;
}

} // namespace

QByteArrayView EnvelopeHeader::magic(EnvelopeKind kind)
{
    switch (kind) {
    case EnvelopeKind::Push:
        return kMagic;
    case EnvelopeKind::Reply:
        return kReplyMagic;
    case EnvelopeKind::Pull:
        return kPullMagic;
    case EnvelopeKind::Bundle:
        return kBundleMagic;
    case EnvelopeKind::BundleReply:
        return kBundleReplyMagic;
    }
    return kMagic;
}

QByteArray EnvelopeHeader::toBytes() const
{
    QByteArray out;
    putField(out, magic(kind));
    putField(out, recipientKeyId.toUtf8());
    putField(out, senderDeviceId.toUtf8());
    putField(out, integerBytes(keyEpoch));
    putField(out, changeSetId.toUtf8());
    putField(out, integerBytes(sequence));
    putField(out, sealedKey);
    putField(out, ciphertextHash);
    return out;
}

Result<EnvelopeHeader> EnvelopeHeader::fromBytes(QByteArrayView bytes)
{
    const auto malformed = [] { return fail(ErrorCode::Crypto, QStringLiteral("数据包头格式不正确")); };

    QByteArrayView rest = bytes;
    QByteArrayView field;
    if (!takeField(rest, field))
        return malformed();
    EnvelopeHeader header;
    if (field == kMagic)
        header.kind = EnvelopeKind::Push;
    else if (field == kReplyMagic)
        header.kind = EnvelopeKind::Reply;
    else if (field == kPullMagic)
        header.kind = EnvelopeKind::Pull;
    else if (field == kBundleMagic)
        header.kind = EnvelopeKind::Bundle;
    else if (field == kBundleReplyMagic)
        header.kind = EnvelopeKind::BundleReply;
    else
        return malformed();

    if (!takeText(rest, header.recipientKeyId) || header.recipientKeyId.size() != Sodium::kKeyIdChars ||
        !takeText(rest, header.senderDeviceId) || !takeInteger(rest, header.keyEpoch) ||
        !takeText(rest, header.changeSetId) || !takeInteger(rest, header.sequence))
        return malformed();

    if (!takeField(rest, field) || field.size() != kSealedKeyBytes)
        return malformed();
    header.sealedKey = field.toByteArray();
    if (!takeField(rest, field) || field.size() != Sodium::kHashBytes)
        return malformed();
    header.ciphertextHash = field.toByteArray();

    if (!rest.isEmpty())
        return malformed();
    return header;
}

} // namespace kjzy
