#include "SecretBuffer.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

namespace kjzy {

SecretBuffer::~SecretBuffer()
{
    release();
}

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

void SecretBuffer::release()
{
    // sodium_free zeroes the memory before unmapping it; it accepts nullptr.
    sodium_free(m_data);
    m_data = nullptr;
    m_size = 0;
}

Result<SecretBuffer> SecretBuffer::allocate(qsizetype size)
{
    if (size <= 0)
        return fail(ErrorCode::Crypto, QStringLiteral("密钥缓冲区大小无效"));
    auto* memory = static_cast<unsigned char*>(sodium_malloc(size_t(size)));
    if (memory == nullptr)
        return fail(ErrorCode::Crypto, QStringLiteral("无法分配受保护的密钥内存"));
    // sodium_malloc fills with 0xdb to catch use of uninitialised memory; start from zeros.
    sodium_memzero(memory, size_t(size));
    SecretBuffer buffer;
    buffer.m_data = memory;
    buffer.m_size = size;
    return buffer;
}

Result<SecretBuffer> SecretBuffer::fromBytes(QByteArrayView bytes)
{
    auto buffer = allocate(bytes.size());
    if (!buffer)
        return fail(buffer.error());
    std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(buffer->m_data));
    return buffer;
}

Result<SecretBuffer> SecretBuffer::random(qsizetype size)
{
    auto buffer = allocate(size);
    if (!buffer)
        return fail(buffer.error());
    randombytes_buf(buffer->m_data, size_t(size));
    return buffer;
}

bool SecretBuffer::equals(QByteArrayView other) const
{
    if (other.size() != m_size)
        return false;
    if (m_size == 0)
        return true;
    return sodium_memcmp(m_data, other.data(), size_t(m_size)) == 0;
}

} // namespace kjzy
