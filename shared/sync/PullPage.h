#pragma once

#include "RecordState.h"

#include <QList>

namespace kjzy {

// One page of the server's log for one device: the records in its scope changed after `cursor`,
// each as its whole current state, the id aliases made in that range and the records that left. The device
// applies the page in one transaction and then stores `nextCursor`.
struct PullPage
{
    quint64 cursor = 0;
    quint64 nextCursor = 0;
    bool more = false;
    QList<RecordState> records;
    QList<IdAlias> aliases;
    // Records that left the device's scope (moved elsewhere): the device drops its copy.
    QList<RecordKey> departures;

    bool operator==(const PullPage&) const = default;
};

} // namespace kjzy
