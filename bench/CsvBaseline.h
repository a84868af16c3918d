#pragma once

#include "core/Error.h"
#include "model/Volunteer.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace kjzy::bench {

struct GzipSize
{
    qint64 bytes = 0;
    QString method; // how it was measured
};

// What bytes on the wire are compared with: the same rows as CSV, compressed with gzip -9.
class CsvBaseline
{
public:
    // The 16 synced field values of each volunteer as they travel (region codes, lists joined by
    // 、, 是/否), one line each under a header of their JSON keys; UTF-8 without BOM, LF, quoted only
    // where needed. `withIds`: the record id (36-character UUID text) first.
    static QByteArray plainCsv(const QList<Volunteer>& people, bool withIds);
    // gzip -9 -n of the file when gzip is installed; otherwise zlib level 9 in-process (qCompress
    // minus its 4-byte length prefix) with zlib's 6 bytes of framing swapped for gzip's 18.
    static GzipSize gzip9(const QString& path, const QByteArray& data);
    // Writes `bytes` to `path`, then gzip9().
    static Result<GzipSize> writeAndGzip9(const QString& path, const QByteArray& bytes);
};

} // namespace kjzy::bench
