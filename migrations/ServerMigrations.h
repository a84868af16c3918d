#pragma once

#include "storage/SchemaMigrator.h"

namespace kjzy {

// The server database's migrations (migrations/server/*.sql, compiled in).
class ServerMigrations
{
public:
    static const SchemaMigrator& migrator();
    static QString resourceDirectory() { return QStringLiteral(":/migrations/server"); }
};

} // namespace kjzy
