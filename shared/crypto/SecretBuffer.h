#pragma once

#include "core/Error.h"

#include <QByteArrayView>

namespace kjzy {

// Secret bytes in sodium_malloc'd memory (guard pages, mlock'd where allowed), freed with
// sodium_free, which zeroes them (STYLE.md item 11). Move-only: a copy would be one more place a
// secret lives. Never put secrets in a QByteArray member: it can be copied, reallocated and freed
// without wiping.
class SecretBuffer
{
public:
    SecretBuffer() = default; // empty
    ~SecretBuffer();

    SecretBuffer(SecretBuffer&& other) noexcept;
    SecretBuffer& operator=(SecretBuffer&& other) noexcept;
    SecretBuffer(const SecretBuffer&) = delete;
    SecretBuffer& operator=(const SecretBuffer&) = delete;

    // Zero-filled buffer of `size` bytes (size > 0).
    static Result<SecretBuffer> allocate(qsizetype size);
    // Copies `bytes`; the caller still owns and should wipe the source (sodium_memzero).
    static Result<SecretBuffer> fromBytes(QByteArrayView bytes);
    // `size` bytes from the system CSPRNG (randombytes_buf).
    static Result<SecretBuffer> random(qsizetype size);

    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    unsigned char* data() { return m_data; }
    const unsigned char* data() const { return m_data; }
    // A view for passing the secret to functions that read it; never store the view.
    QByteArrayView view() const { return QByteArrayView(m_data, m_size); }
    // Constant-time comparison (sodium_memcmp), so tests and checks do not leak via timing.
    bool equals(QByteArrayView other) const;

private:
    void release();

    unsigned char* m_data = nullptr;
    qsizetype m_size = 0;
};

} // namespace kjzy
