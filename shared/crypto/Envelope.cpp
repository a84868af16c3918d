#include "Envelope.h"

#include "BoxKeyPair.h"
#include "SecretBuffer.h"
#include "SigningKeyPair.h"
#include "Sodium.h"

#include <sodium.h>

#include <algorithm>

namespace kjzy {

namespace {

using StreamState = crypto_secretstream_xchacha20poly1305_state;

constexpr qsizetype kStreamKeyBytes = crypto_secretstream_xchacha20poly1305_KEYBYTES;
constexpr qsizetype kStreamHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr qsizetype kChunkOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;

// The stream state holds the derived key, so it lives in sodium_malloc'd memory like any other
// secret (STYLE.md 11) and is wiped when the SecretBuffer goes away. The state is a struct of
// unsigned char arrays, so any address is suitably aligned.
StreamState* streamState(SecretBuffer& buffer)
{
    return reinterpret_cast<StreamState*>(buffer.data());
}

unsigned char* writable(QByteArray& array, qsizetype offset = 0)
{
    return reinterpret_cast<unsigned char*>(array.data()) + offset;
}

const unsigned char* readable(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char*>(view.data());
}

std::unexpected<Error> cryptoFailure(const QString& message)
{
    return fail(ErrorCode::Crypto, message);
}

bool validId(const QString& id)
{
    const qsizetype bytes = id.toUtf8().size();
    return bytes > 0 && bytes <= EnvelopeHeader::kMaxIdBytes;
}

bool hashMatches(const SealedEnvelope& envelope, const EnvelopeHeader& header)
{
    const QByteArray actual = Sodium::hash256(envelope.ciphertext);
    return header.ciphertextHash.size() == actual.size() &&
           sodium_memcmp(actual.constData(), header.ciphertextHash.constData(), size_t(actual.size())) == 0;
}

} // namespace

Result<SealedEnvelope> Envelope::seal(QByteArrayView plaintext, const EnvelopeHeader& meta,
                                      QByteArrayView recipientPublicKey, const SigningKeyPair& sender)
{
    if (recipientPublicKey.size() != BoxKeyPair::kPublicKeyBytes)
        return cryptoFailure(QStringLiteral("接收方公钥长度不正确"));
    if (!validId(meta.senderDeviceId) || !validId(meta.changeSetId))
        return fail(ErrorCode::InvalidInput, QStringLiteral("设备编号或变更集编号为空或过长"));

    // A fresh key per change set: secretstream then needs no nonce management at all.
    auto key = SecretBuffer::random(kStreamKeyBytes);
    auto state = SecretBuffer::allocate(sizeof(StreamState));
    if (!key)
        return fail(key.error());
    if (!state)
        return fail(state.error());

    const qsizetype chunks = plaintext.isEmpty() ? 1 : (plaintext.size() + kChunkBytes - 1) / kChunkBytes;
    QByteArray ciphertext(kStreamHeaderBytes + plaintext.size() + chunks * kChunkOverhead, Qt::Uninitialized);
    if (crypto_secretstream_xchacha20poly1305_init_push(streamState(*state), writable(ciphertext),
                                                        key->data()) != 0)
        return cryptoFailure(QStringLiteral("加密初始化失败"));

    // An empty plaintext still produces one (empty) FINAL chunk, so open() can insist on the tag.
    qsizetype in = 0;
    qsizetype out = kStreamHeaderBytes;
    for (;;) {
        const qsizetype length = std::min(kChunkBytes, plaintext.size() - in);
        const bool last = in + length == plaintext.size();
        const unsigned char tag = last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                       : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        unsigned long long written = 0;
        if (crypto_secretstream_xchacha20poly1305_push(streamState(*state), writable(ciphertext, out),
                                                       &written, readable(plaintext) + in, quint64(length),
                                                       nullptr, 0, tag) != 0)
            return cryptoFailure(QStringLiteral("加密失败"));
        in += length;
        out += qsizetype(written);
        if (last)
            break;
    }
    if (out != ciphertext.size())
        return fail(ErrorCode::Internal, QStringLiteral("加密输出长度异常"));

    EnvelopeHeader header = meta;
    header.recipientKeyId = Sodium::keyId(recipientPublicKey);
    header.sealedKey = QByteArray(crypto_box_SEALBYTES + kStreamKeyBytes, Qt::Uninitialized);
    if (crypto_box_seal(writable(header.sealedKey), key->data(), quint64(key->size()),
                        readable(recipientPublicKey)) != 0)
        return cryptoFailure(QStringLiteral("封装会话密钥失败"));
    header.ciphertextHash = Sodium::hash256(ciphertext);

    SealedEnvelope envelope;
    envelope.header = header.toBytes();
    auto signature = sender.sign(envelope.header);
    if (!signature)
        return fail(signature.error());
    envelope.signature = std::move(*signature);
    envelope.ciphertext = std::move(ciphertext);
    return envelope;
}

Result<EnvelopeHeader> Envelope::verify(const SealedEnvelope& envelope, QByteArrayView senderPublicKey,
                                        EnvelopeKind expected)
{
    // Signature first: nothing unauthenticated reaches the header parser's consumers or any
    // decryption (ARCHITECTURE.md, "Order of checks on the server").
    if (!SigningKeyPair::verify(senderPublicKey, envelope.header, envelope.signature))
        return cryptoFailure(QStringLiteral("数据包签名无效，已拒绝"));
    auto header = EnvelopeHeader::fromBytes(envelope.header);
    if (!header)
        return fail(header.error());
    if (header->kind != expected)
        return cryptoFailure(QStringLiteral("数据包类型不符，已拒绝"));
    if (!hashMatches(envelope, *header))
        return cryptoFailure(QStringLiteral("数据包内容与签名不符，已拒绝"));
    return header;
}

Result<QByteArray> Envelope::open(const SealedEnvelope& envelope, const EnvelopeHeader& header,
                                  const BoxKeyPair& recipient)
{
    // `header` must be the one verify() returned for this very envelope: re-serialising it and
    // comparing with the signed bytes catches a header paired with the wrong envelope.
    if (header.toBytes() != envelope.header || !hashMatches(envelope, header))
        return cryptoFailure(QStringLiteral("数据包头与内容不匹配，已拒绝"));
    if (header.recipientKeyId != recipient.keyId())
        return cryptoFailure(QStringLiteral("数据包不是发给本机密钥的，无法解密"));

    auto key = SecretBuffer::allocate(kStreamKeyBytes);
    auto state = SecretBuffer::allocate(sizeof(StreamState));
    if (!key)
        return fail(key.error());
    if (!state)
        return fail(state.error());
    if (header.sealedKey.size() != crypto_box_SEALBYTES + kStreamKeyBytes ||
        crypto_box_seal_open(key->data(), readable(header.sealedKey), quint64(header.sealedKey.size()),
                             readable(recipient.publicKey()), recipient.secretKey().data()) != 0)
        return cryptoFailure(QStringLiteral("无法解开会话密钥，数据包已拒绝"));

    const QByteArrayView ciphertext = envelope.ciphertext;
    if (ciphertext.size() < kStreamHeaderBytes ||
        crypto_secretstream_xchacha20poly1305_init_pull(streamState(*state), readable(ciphertext),
                                                        key->data()) != 0)
        return cryptoFailure(QStringLiteral("解密初始化失败，数据包已拒绝"));

    QByteArray plaintext(ciphertext.size(), Qt::Uninitialized);
    qsizetype in = kStreamHeaderBytes;
    qsizetype out = 0;
    bool finished = false;
    while (in < ciphertext.size()) {
        // seal() cuts chunks at kChunkBytes, so the chunk boundaries are implied by the length.
        const qsizetype length = std::min(kChunkBytes + kChunkOverhead, ciphertext.size() - in);
        unsigned long long written = 0;
        unsigned char tag = 0;
        if (length < kChunkOverhead || crypto_secretstream_xchacha20poly1305_pull(
                                           streamState(*state), writable(plaintext, out), &written, &tag,
                                           readable(ciphertext) + in, quint64(length), nullptr, 0) != 0)
            return cryptoFailure(QStringLiteral("解密失败，数据包已损坏或被篡改"));
        in += length;
        out += qsizetype(written);
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
            finished = true;
            break;
        }
    }
    // Without the FINAL tag a truncated stream would decrypt "successfully" to a prefix.
    if (!finished)
        return cryptoFailure(QStringLiteral("数据包缺少结束标记，可能被截断，已拒绝"));
    if (in != ciphertext.size())
        return cryptoFailure(QStringLiteral("数据包结束标记之后还有多余数据，已拒绝"));
    plaintext.truncate(out);
    return plaintext;
}

} // namespace kjzy
