#pragma once

#include <QString>

namespace kjzy {

// Named crash points for the tests that prove atomicity: when the environment variable
// KJZY_FAULT_POINT names a point, reaching it kills the process with SIGKILL — no clean-up, no
// flush, exactly like a power cut. Unset (always, outside tests) it costs one cached comparison.
class FaultPoint
{
public:
    static void hit(const char* name);
};

} // namespace kjzy
