#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace kjzy {

// A carried bundle (no link at all): what a device would have pushed and the cursor it would have
// pulled from, in one file. Each change set stays the exact sealed envelope the device stores
// (SealedEnvelope::toBytes(), individually signed), so the server applies it as a network push.
struct Bundle
{
    QString id;     // random, also the outer envelope's change-set id
    QString device; // must equal the outer envelope's sender
    quint64 cursor = 0;
    QList<QByteArray> changeSets;

    bool operator==(const Bundle&) const = default;
};

// The server's sealed reply to one change set of a bundle (as POST /v1/push would answer it).
struct BundleReplyEntry
{
    QString changeSetId;
    QByteArray sealedReply;

    bool operator==(const BundleReplyEntry&) const = default;
};

// The server's answer to a bundle: a sealed reply for every change set in it and the sealed pages
// of the device's pull from the bundle's cursor, in order.
struct BundleReply
{
    QString bundleId;
    QString device; // must equal the device that imports it
    quint64 cursor = 0;
    quint64 nextCursor = 0;
    QList<BundleReplyEntry> replies;
    QList<QByteArray> pages;

    bool operator==(const BundleReply&) const = default;
};

} // namespace kjzy
