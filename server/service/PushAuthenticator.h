#pragma once

#include "ServerKeys.h"
#include "crypto/EnvelopeHeader.h"
#include "crypto/SealedEnvelope.h"
#include "store/RegistryStore.h"

#include <functional>

namespace kjzy {

// Who sent a push, proven by its signed header.
struct AuthenticatedPush
{
    DeviceRecord device;
    EnvelopeHeader header; // as signed by the device
};

// The checks before a sealed change set may cost the server anything (ARCHITECTURE.md, "Order of
// checks on the server"): size → framing → the header's claimed sender is enrolled → signature
// (and kind) → not revoked for this sequence → key epoch → addressed to this server. Shared by the
// whole-envelope ingest and by the first chunk of a resumable upload, which carries the header and
// signature but not yet the ciphertext, so that strangers get no storage either way. Reads only.
class PushAuthenticator
{
public:
    PushAuthenticator(RegistryStore& store, const ServerKeys& keys, qint64 maxEnvelopeBytes);

    // Size limit and framing of a whole envelope (nothing authenticated yet).
    Result<SealedEnvelope> frame(QByteArrayView bytes) const;
    // A whole envelope: every check, the ciphertext hash included.
    Result<AuthenticatedPush> authenticate(const SealedEnvelope& envelope);
    // The first `prefix.size()` bytes of an envelope of `totalBytes`: the total within the size
    // limit and equal to what the framing lengths add up to, then every check that needs no
    // ciphertext. The ciphertext hash is checked when the whole envelope is ingested.
    Result<AuthenticatedPush> authenticatePrefix(QByteArrayView prefix, qint64 totalBytes);

    // A carried bundle (EnvelopeKind::Bundle) by the same checks, except that a revoked device is
    // refused whatever the sequence: a bundle may hold change sets from both sides of the
    // revocation, and it is applied whole or not at all.
    Result<AuthenticatedPush> authenticateBundle(const SealedEnvelope& envelope);

    // The sender the unauthenticated header of an envelope (or a prefix of one) claims, for the
    // audit log of refusals; empty when the bytes do not even frame a header.
    static QString claimedSender(QByteArrayView envelopePrefix);

    qint64 maxEnvelopeBytes() const { return m_maxEnvelopeBytes; }

private:
    // `verify` checks the signature (and what else the caller can) with the claimed sender's key.
    enum class Revocation
    {
        AfterItsSequence, // change sets signed before the revocation still count
        Whole,            // nothing from a revoked device counts
    };
    Result<AuthenticatedPush> check(QByteArrayView headerBytes,
                                    const std::function<Result<EnvelopeHeader>(const QByteArray&)>& verify,
                                    Revocation revocation = Revocation::AfterItsSequence);

    RegistryStore& m_store;
    const ServerKeys& m_keys;
    qint64 m_maxEnvelopeBytes;
};

} // namespace kjzy
