#pragma once

#include "Change.h"
#include "PullPage.h"
#include "PushReply.h"
#include "core/Error.h"

#include <QByteArray>

namespace kjzy {

// Bounds for decoding bytes that came from elsewhere. The change set and the page are decrypted
// before decoding, so they are authentic, but a buggy or compromised device must still not be able
// to make the server allocate without bound.
struct SyncLimits
{
    qsizetype maxInflatedBytes = 256 * 1024 * 1024;
    qsizetype maxItems = 1'000'000; // changes, records or rejections in one message
};

// The wire format of the three sync messages: CBOR (RFC 8949) maps with small integer keys,
// compressed with zlib. Key 0 names the format and version, so a peer refuses what it cannot read
// instead of misreading it:
//   change set  {0:"kjzy-cs/2", 1:id, 2:device, 3:sequence, 4:base ms, 5:devices,
//                6:[[entity, id, stamp, row, optional {field: base stamp}]...], 7:shapes}
//   pull page   {0:"kjzy-pull/2", 1:cursor, 2:next cursor, 3:more, 4:base ms, 5:devices,
//                6:[[entity, id, row, clocks]...], 7:[[from, to]...],
//                8:[[entity, id]...] records that left the scope, 9:shapes}
//   push reply  {0:"kjzy-reply/1", 1:change-set id, 2:sequence, 3:accepted,
//                4:[[index, entity, id, reason]...], 5:[[from, to]...], 6:base ms, 7:devices,
//                8:[[index, stamp]...]}
// (entity: 0 volunteer, 1 team, 2 membership; ids: see SyncWire, null = the id a record took from
// its creation stamp (the change's stamp, the record's all-fields stamp); stamp: [ms - base,
// counter, device index]; row: [shape index, value…]; shapes: [[field name…]…]; clocks:
// [all-fields stamp or null, {field: stamp}].) Version 2 of the change set and the page added the
// shapes and the implied ids; version 1 is refused by name.
class SyncCodec
{
public:
    static QByteArray encode(const ChangeSet& changeSet);
    static Result<ChangeSet> decodeChangeSet(QByteArrayView bytes, const SyncLimits& limits = {});

    static QByteArray encode(const PullPage& page);
    static Result<PullPage> decodePullPage(QByteArrayView bytes, const SyncLimits& limits = {});

    static QByteArray encode(const PushReply& reply);
    static Result<PushReply> decodePushReply(QByteArrayView bytes, const SyncLimits& limits = {});
};

} // namespace kjzy
