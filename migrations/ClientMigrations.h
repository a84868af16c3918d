#pragma once

#include "storage/SchemaMigrator.h"

namespace kjzy {

// The client database's migrations (migrations/client/*.sql, compiled in).
class ClientMigrations
{
public:
    static const SchemaMigrator& migrator();
    static QString resourceDirectory() { return QStringLiteral(":/migrations/client"); }
};

} // namespace kjzy
