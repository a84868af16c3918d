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

    QByteArray toBody() const;
    static Result<PullRequest> fromBody(QByteArrayView body);
    // The bytes signed: a domain-separation prefix and the body.
    static QByteArray signingMessage(QByteArrayView body);

    static constexpr qsizetype kMaxBodyBytes = 1024;
    static constexpr int kMaxLimit = 20000;
};

} // namespace kjzy
