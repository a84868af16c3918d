#pragma once

#include "core/Error.h"

#include <QByteArray>

namespace kjzy {

// zlib (deflate) for change sets and pull pages. Decompression refuses an output larger than
// `maxBytes` before allocating it: the declared size is untrusted until checked, and the inflated
// size is checked again after.
class Compression
{
public:
    static QByteArray compress(QByteArrayView data);
    static Result<QByteArray> decompress(QByteArrayView data, qsizetype maxBytes);
};

} // namespace kjzy
