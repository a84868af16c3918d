#pragma once

#include "crypto/BoxKeyPair.h"
#include "crypto/SigningKeyPair.h"

#include <memory>

namespace kjzy {

// This device's key pairs, made at enrollment and kept beside the database in "<db>.keys/" (one
// 0600 file each): Ed25519 signs change sets and pull requests, X25519 receives replies and pages.
class DeviceKeys
{
public:
    static QString directoryFor(const QString& databasePath);
    // Refuses to overwrite existing keys (a device keeps its identity).
    static Result<std::unique_ptr<DeviceKeys>> create(const QString& directory);
    static Result<std::unique_ptr<DeviceKeys>> load(const QString& directory);

    const SigningKeyPair& signing() const { return m_signing; }
    const BoxKeyPair& box() const { return m_box; }

private:
    DeviceKeys(SigningKeyPair signing, BoxKeyPair box) : m_signing(std::move(signing)), m_box(std::move(box))
    {}
    SigningKeyPair m_signing;
    BoxKeyPair m_box;
};

} // namespace kjzy
