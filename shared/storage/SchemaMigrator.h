#pragma once

#include "SqliteConnection.h"

#include <QList>
#include <QString>

namespace kjzy {

struct Migration
{
    int version = 0; // NNNN of migrations/<db>/NNNN_name.sql
    QString name;
    QString sql;
};

// Applies numbered SQL migrations in order, all pending steps in one transaction, and records the
// version in PRAGMA user_version. A database newer than the program is refused, never touched.
class SchemaMigrator
{
public:
    // Reads NNNN_name.sql files from a directory (a Qt resource directory in the programs).
    // Versions must run 1, 2, 3… without gaps.
    static Result<SchemaMigrator> fromDirectory(const QString& directory);
    explicit SchemaMigrator(QList<Migration> migrations);

    int latestVersion() const;
    const QList<Migration>& migrations() const { return m_migrations; }

    static Result<int> currentVersion(SqliteConnection& connection);
    // Migrates up to `target` (default: the latest). Returns the version reached.
    Result<int> migrate(SqliteConnection& connection, int target = -1) const;

    // Splits a migration into statements: on ';' outside quotes, comments and BEGIN…END bodies
    // (triggers), so a failing statement is named and every step runs as a prepared statement.
    static QStringList splitStatements(const QString& sql);

private:
    QList<Migration> m_migrations;
};

} // namespace kjzy
