#pragma once

#include <QString>

namespace kjzy {

// Record ids are made offline, on any device, without coordination: random (version 4) UUIDs
// in their 36-character text form.
class RecordId
{
public:
    static QString generate();
    static bool isValid(const QString& id);
};

} // namespace kjzy
