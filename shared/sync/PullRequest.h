#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QString>

namespace kjzy {

// A device asking for the next page of the log. The body is signed with the device key (header
// X-Kjzy-Signature, base64) so a revoked or unknown device gets nothing; the page itself is
// encrypted to the device, so a replayed request discloses nothing either.
struct PullRequest
{
    QString device;
    quint64 cursor = 0;
    int limit = 0;
    // Largest sealed page the device wants (JSON "max_bytes"): a bad link asks for small pages so
    // that each one gets through before the next cut. 0 = the server's default; fromBody() raises
    // values below kMinMaxBytes and lowers values above kMaxMaxBytes.
    qint64 maxBytes = 0;

    QByteArray toBody() const;
    static Result<PullRequest> fromBody(QByteArrayView body);
    // The bytes signed: a domain-separation prefix and the body.
    static QByteArray signingMessage(QByteArrayView body);
    // `requested` as the server applies it: 0 → the default, then clamped to [min, max].
    static qint64 effectiveMaxBytes(qint64 requested);

    static constexpr qsizetype kMaxBodyBytes = 1024;
    static constexpr int kMaxLimit = 20000;
    static constexpr qint64 kDefaultMaxBytes = 4 * 1024 * 1024;
    static constexpr qint64 kMinMaxBytes = 4096;
    static constexpr qint64 kMaxMaxBytes = 64 * 1024 * 1024;
};

} // namespace kjzy
