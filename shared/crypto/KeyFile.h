#pragma once

#include "SecretBuffer.h"
#include "core/Error.h"

#include <QByteArray>
#include <QString>

namespace kjzy {

// The on-disk form of one secret key: an ASCII magic line naming the key type, then the raw
// secret bytes. Shared by SigningKeyPair and BoxKeyPair so the 0600 rule (ARCHITECTURE.md,
// "Keys at rest") is implemented once.
class KeyFile
{
public:
    // Creates `path` with mode 0600 and writes magic + secret. Refuses to overwrite an existing
    // file (a lost device key cannot be recovered) and refuses when the mode cannot be made 0600.
    // The permissions are set before the first secret byte is written.
    static Status write(const QString& path, QByteArrayView magic, const SecretBuffer& secret);
    // Reads a key file written by write(): refuses files readable or writable by group or others,
    // files of the wrong size and files whose magic differs.
    static Result<SecretBuffer> read(const QString& path, QByteArrayView magic, qsizetype secretSize);
};

} // namespace kjzy
