#include "CborReader.h"

#include "SyncWire.h"

#include <QStringDecoder>

#include <algorithm>
#include <limits>

namespace kjzy {

namespace {
// RFC 8949 major types and the simple values the encoders write.
constexpr int kUnsigned = 0;
constexpr int kNegative = 1;
constexpr int kBytes = 2;
constexpr int kText = 3;
constexpr int kArray = 4;
constexpr int kMap = 5;
constexpr int kSimple = 7;
constexpr quint64 kFalse = 20;
constexpr quint64 kTrue = 21;
constexpr quint64 kNull = 22;
} // namespace

Error CborReader::malformed(const QString& what) const
{
    return SyncWire::malformed(what);
}

std::optional<CborReader::Head> CborReader::headAt(qsizetype pos) const
{
    if (pos >= m_data.size())
        return std::nullopt;
    const auto initial = quint8(m_data[pos]);
    Head head;
    head.major = initial >> 5;
    const int info = initial & 0x1f;
    if (info < 24) {
        head.argument = quint64(info);
        head.size = 1;
        head.definite = true;
        return head;
    }
    if (info > 27) { // 28–30 reserved, 31 indefinite length / break
        head.size = 1;
        return head;
    }
    const qsizetype extra = qsizetype(1) << (info - 24); // 1, 2, 4 or 8 bytes, big-endian
    if (m_data.size() - pos - 1 < extra)
        return std::nullopt;
    for (qsizetype i = 0; i < extra; ++i)
        head.argument = (head.argument << 8) | quint8(m_data[pos + 1 + i]);
    head.size = 1 + extra;
    head.definite = true;
    return head;
}

CborReader::Type CborReader::type() const
{
    if (!m_itemsLeft.isEmpty() && m_itemsLeft.constLast() == 0)
        return Type::End;
    const auto head = headAt(m_pos);
    if (!head)
        return Type::End;
    if (!head->definite)
        return Type::Other;
    switch (head->major) {
    case kUnsigned:
    case kNegative:
        return Type::Integer;
    case kBytes:
        return Type::Bytes;
    case kText:
        return Type::Text;
    case kArray:
        return Type::Array;
    case kMap:
        return Type::Map;
    case kSimple:
        if (head->size == 1 && (head->argument == kFalse || head->argument == kTrue))
            return Type::Bool;
        if (head->size == 1 && head->argument == kNull)
            return Type::Null;
        return Type::Other;
    default:
        return Type::Other;
    }
}

Result<CborReader::Head> CborReader::take(int major)
{
    if (!m_itemsLeft.isEmpty() && m_itemsLeft.constLast() == 0)
        return fail(malformed(QStringLiteral("容器的条目个数不符")));
    const auto head = headAt(m_pos);
    if (!head)
        return fail(malformed(QStringLiteral("数据不完整")));
    if (!head->definite || head->major != major)
        return fail(malformed(QStringLiteral("数据类型不符")));
    if (!m_itemsLeft.isEmpty())
        --m_itemsLeft.last();
    m_pos += head->size;
    return *head;
}

Result<qint64> CborReader::integer()
{
    const auto head = headAt(m_pos);
    const int major = head && head->major == kNegative ? kNegative : kUnsigned;
    auto taken = take(major);
    if (!taken)
        return fail(malformed(QStringLiteral("应为整数")));
    // Beyond qint64 is no count, stamp or index a message holds.
    if (taken->argument > quint64(std::numeric_limits<qint64>::max()))
        return fail(malformed(QStringLiteral("整数超出范围")));
    const auto value = qint64(taken->argument);
    return major == kNegative ? -1 - value : value;
}

Result<bool> CborReader::boolean()
{
    if (type() != Type::Bool)
        return fail(malformed(QStringLiteral("应为布尔值")));
    auto taken = take(kSimple);
    if (!taken)
        return fail(taken.error());
    return taken->argument == kTrue;
}

Status CborReader::null()
{
    if (type() != Type::Null)
        return fail(malformed(QStringLiteral("应为空值")));
    auto taken = take(kSimple);
    if (!taken)
        return fail(taken.error());
    return {};
}

Result<QString> CborReader::text(qsizetype maxChars)
{
    auto taken = take(kText);
    if (!taken)
        return fail(malformed(QStringLiteral("应为文本")));
    // UTF-8 takes at least one byte per UTF-16 unit and at most three.
    if (taken->argument > quint64(m_data.size() - m_pos) || taken->argument > quint64(maxChars) * 3)
        return fail(malformed(QStringLiteral("文本过长或不完整")));
    const QByteArrayView utf8 = m_data.sliced(m_pos, qsizetype(taken->argument));
    m_pos += utf8.size();
    QString out;
    if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return quint8(c) < 0x80; })) {
        out = QString::fromLatin1(utf8);
    } else {
        QStringDecoder decoder(QStringDecoder::Utf8);
        out = decoder(utf8);
        if (decoder.hasError())
            return fail(malformed(QStringLiteral("文本不是有效的 UTF-8")));
    }
    if (out.size() > maxChars)
        return fail(malformed(QStringLiteral("文本过长")));
    return out;
}

Result<QByteArray> CborReader::bytes(qsizetype maxBytes)
{
    auto taken = take(kBytes);
    if (!taken)
        return fail(malformed(QStringLiteral("应为字节串")));
    if (taken->argument > quint64(m_data.size() - m_pos) || taken->argument > quint64(maxBytes))
        return fail(malformed(QStringLiteral("字节串过长或不完整")));
    const QByteArray out = m_data.sliced(m_pos, qsizetype(taken->argument)).toByteArray();
    m_pos += out.size();
    return out;
}

Result<qsizetype> CborReader::enterArray(qsizetype maxItems)
{
    auto taken = take(kArray);
    if (!taken)
        return fail(malformed(QStringLiteral("应为数组")));
    // Every item takes at least a byte: a count beyond the bytes left cannot be honest.
    if (taken->argument > quint64(maxItems) || taken->argument > quint64(m_data.size() - m_pos))
        return fail(malformed(QStringLiteral("数组条目过多")));
    m_itemsLeft.append(taken->argument);
    return qsizetype(taken->argument);
}

Result<qsizetype> CborReader::enterMap(qsizetype maxItems)
{
    auto taken = take(kMap);
    if (!taken)
        return fail(malformed(QStringLiteral("应为映射")));
    if (taken->argument > quint64(maxItems) || taken->argument > quint64(m_data.size() - m_pos) / 2)
        return fail(malformed(QStringLiteral("映射条目过多")));
    m_itemsLeft.append(taken->argument * 2);
    return qsizetype(taken->argument);
}

Status CborReader::leave()
{
    if (m_itemsLeft.isEmpty() || m_itemsLeft.constLast() != 0)
        return fail(malformed(QStringLiteral("容器的条目个数不符")));
    m_itemsLeft.removeLast();
    return {};
}

Status CborReader::skip()
{
    if (!m_itemsLeft.isEmpty()) {
        if (m_itemsLeft.constLast() == 0)
            return fail(malformed(QStringLiteral("容器的条目个数不符")));
        --m_itemsLeft.last();
    }
    // Walks heads only: one element and everything inside it, without decoding any of it.
    quint64 pending = 1;
    qsizetype pos = m_pos;
    while (pending > 0) {
        const auto head = headAt(pos);
        if (!head || !head->definite)
            return fail(malformed(QStringLiteral("CBOR 格式错误或不完整")));
        --pending;
        pos += head->size;
        const auto left = quint64(m_data.size() - pos);
        switch (head->major) {
        case kBytes:
        case kText:
            if (head->argument > left)
                return fail(malformed(QStringLiteral("CBOR 数据不完整")));
            pos += qsizetype(head->argument);
            break;
        case kArray:
        case kMap: {
            const quint64 items = head->major == kMap ? head->argument * 2 : head->argument;
            if (head->argument > left || items > left || pending + items > left)
                return fail(malformed(QStringLiteral("CBOR 数据不完整")));
            pending += items;
            break;
        }
        case 6: // a tag: the element it tags follows
            ++pending;
            break;
        default: // integers and simple values are their head (floats included)
            break;
        }
    }
    m_pos = pos;
    return {};
}

Result<QCborValue> CborReader::value()
{
    const qsizetype start = m_pos;
    if (auto skipped = skip(); !skipped)
        return fail(skipped.error());
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(m_data.sliced(start, m_pos - start).toByteArray(), &error);
    if (error.error != QCborError::NoError)
        return fail(malformed(QStringLiteral("CBOR 格式错误")));
    return value;
}

} // namespace kjzy
