#pragma once

#include "clock/HlcTimestamp.h"
#include "model/FieldMap.h"

#include <QHash>
#include <QList>
#include <QString>

namespace kjzy {

// The record kinds that travel in change sets and pull pages.
namespace entity {
inline const QString kVolunteer = QStringLiteral("volunteer");
inline const QString kTeam = QStringLiteral("team");
// A membership's id is "<team id>/<volunteer id>"; its only field is "deleted".
inline const QString kMembership = QStringLiteral("membership");
bool isKnown(const QString& name);
} // namespace entity

// One local change as the outbox holds it: the changed fields of one record (CLI.md JSON keys, plus
// "deleted" for tombstones), all under one HLC stamp whose device is the author.
struct Change
{
    QString entity;
    QString id;
    FieldMap fields;
    HlcTimestamp stamp;
    // The stamp of the value each changed field held on the device when it was edited (empty for
    // a record created whole): tells a concurrent overwrite from an informed correction.
    QHash<QString, HlcTimestamp> base;

    bool operator==(const Change&) const = default;
};

// What a device pushes at once. The device id and the change-set id are repeated here, inside the
// encrypted body, so the server can check them against the signed envelope header.
struct ChangeSet
{
    QString id;
    QString device;
    quint64 sequence = 0;
    QList<Change> changes;

    bool operator==(const ChangeSet&) const = default;
};

} // namespace kjzy
