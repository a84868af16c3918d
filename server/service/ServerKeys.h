#pragma once

#include "crypto/BlindIndex.h"
#include "crypto/BoxKeyPair.h"
#include "crypto/SecretBuffer.h"
#include "crypto/SigningKeyPair.h"

#include <memory>

namespace kjzy {

// The server's keys, one 0600 file each under DATA/keys/: Ed25519 for signing replies and pages,
// X25519 for receiving change sets, a BLAKE2b key for the ID-number blind index and one for
// hashing enrollment codes. Secrets stay in sodium_malloc'd buffers.
class ServerKeys
{
public:
    // Creates every key; refuses when any key file exists already (never overwrite a server key).
    static Result<std::unique_ptr<ServerKeys>> create(const QString& directory);
    static Result<std::unique_ptr<ServerKeys>> load(const QString& directory);

    const SigningKeyPair& signing() const { return m_signing; }
    const BoxKeyPair& box() const { return m_box; }
    const BlindIndex& identityIndex() const { return m_identityIndex; }
    const SecretBuffer& enrollmentKey() const { return m_enrollmentKey; }

private:
    ServerKeys(SigningKeyPair signing, BoxKeyPair box, BlindIndex identityIndex, SecretBuffer enrollmentKey);

    SigningKeyPair m_signing;
    BoxKeyPair m_box;
    BlindIndex m_identityIndex;
    SecretBuffer m_enrollmentKey;
};

} // namespace kjzy
