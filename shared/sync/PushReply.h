#pragma once

#include "RecordState.h"

#include <QList>
#include <QString>

namespace kjzy {

// One change the server refused, by its index in the change set, with a reason a clerk can act on.
struct RejectedChange
{
    int index = -1;
    QString entity;
    QString id;
    QString reason;

    bool operator==(const RejectedChange&) const = default;
};

// A change whose stamp was too far ahead of the server's clock, and the stamp it now holds.
struct ClampedStamp
{
    int index = -1;
    HlcTimestamp stamp;

    bool operator==(const ClampedStamp&) const = default;
};

// The server's answer to one change set: it is stored with the change set, so a change set that
// arrives twice is answered with the same reply and never applied twice.
struct PushReply
{
    QString changeSetId;
    quint64 sequence = 0;
    int accepted = 0;
    QList<RejectedChange> rejected;
    QList<IdAlias> aliases;
    QList<ClampedStamp> clamped;
    bool duplicate = false; // set when answering a change set seen before (not stored)

    bool operator==(const PushReply&) const = default;
};

} // namespace kjzy
