#include "ServerMigrations.h"

#include <QtGlobal>

static void initServerMigrationResources()
{
    Q_INIT_RESOURCE(kjzy_server_migrations_sql);
}

namespace kjzy {

const SchemaMigrator& ServerMigrations::migrator()
{
    static const SchemaMigrator migrator = [] {
        initServerMigrationResources();
        auto loaded = SchemaMigrator::fromDirectory(resourceDirectory());
        // The files are compiled in and each step is tested; failing here is a broken build.
        if (!loaded)
            qFatal("server migrations are invalid: %s", qPrintable(loaded.error().message));
        return *loaded;
    }();
    return migrator;
}

} // namespace kjzy
