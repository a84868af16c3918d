#pragma once

#include "HlcTimestamp.h"

#include <QByteArray>
#include <QString>

namespace kjzy {

// Record ids are made offline, on any device, without coordination, in the 36-character UUID
// text form. A record created on a device takes its id from the HLC stamp of its creation
// (forCreation): unique because a device's stamps never repeat, and derivable, so a change set
// or page can write "the id implied by this stamp" in one byte instead of 16 random ones — the
// ids were a third of the bytes a new volunteer cost on the wire. Other ids (change sets, device
// ids) stay random version-4 UUIDs.
class RecordId
{
public:
    static QString generate();
    // A version-8 UUID (RFC 9562): the stamp's 48-bit milliseconds, its 20-bit counter and 54
    // bits of a hash of its device id. Injective for one device; two devices collide only if
    // their 54-bit hashes do and they stamp the same (ms, counter).
    static QString forCreation(const HlcTimestamp& stamp);
    static bool isValid(const QString& id);

private:
    static QByteArray devicePrefix(const QString& device);
};

} // namespace kjzy
