#pragma once

#include <QString>

namespace kjzy {

// The operating-system account running the program: who audit logs name (PIPL).
class OperatingSystemUser
{
public:
    static QString name();
};

} // namespace kjzy
