#include "ClientMigrations.h"

#include <QtGlobal>

static void initClientMigrationResources()
{
    Q_INIT_RESOURCE(kjzy_client_migrations_sql);
}

namespace kjzy {

const SchemaMigrator& ClientMigrations::migrator()
{
    static const SchemaMigrator migrator = [] {
        initClientMigrationResources();
        auto loaded = SchemaMigrator::fromDirectory(resourceDirectory());
        // The files are compiled in and each step is tested; failing here is a broken build.
        if (!loaded)
            qFatal("client migrations are invalid: %s", qPrintable(loaded.error().message));
        return *loaded;
    }();
    return migrator;
}

} // namespace kjzy
