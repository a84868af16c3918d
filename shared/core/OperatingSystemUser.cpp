#include "OperatingSystemUser.h"

namespace kjzy {

QString OperatingSystemUser::name()
{
    for (const char* variable : {"USER", "LOGNAME", "USERNAME"}) {
        const QString value = qEnvironmentVariable(variable);
        if (!value.isEmpty())
            return value;
    }
    return QStringLiteral("unknown");
}

} // namespace kjzy
