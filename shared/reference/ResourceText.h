#pragma once

#include <QString>

namespace kjzy {

// Reads one of the reference files compiled into the library (qt_add_resources, prefix /kjzy/data).
class ResourceText
{
public:
    static QString read(const QString& fileName);
};

} // namespace kjzy
