#pragma once

#include "core/Error.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <memory>

namespace kjzy {

// One SQLite connection (RAII: the Qt connection is removed when this goes) with the settings
// every kjzy database uses — WAL, synchronous=FULL, foreign keys, a busy timeout — and a cache of
// prepared statements, so each SQL text is prepared once and always bound by parameter.
class SqliteConnection
{
public:
    static Result<std::unique_ptr<SqliteConnection>> open(const QString& path);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    QSqlDatabase database() const;
    const QString& path() const { return m_path; }

    // Prepares (once) and runs `sql` with positional `?` parameters. The returned query stays
    // valid until the next run of the same SQL text.
    Result<QSqlQuery*> run(const QString& sql, const QVariantList& params = {});
    // Runs a statement without caching: DDL and PRAGMAs.
    Status execute(const QString& sql);
    // First column of the first row, or a null QVariant when there is no row.
    Result<QVariant> scalar(const QString& sql, const QVariantList& params = {});

    // Transactions nest: the outermost is BEGIN IMMEDIATE … COMMIT, inner ones are savepoints, so a
    // store method that is one transaction on its own becomes one step of a whole-file import.
    Status begin();
    Status commit();
    void rollback();
    int transactionDepth() const { return m_depth; }

private:
    SqliteConnection(QString connectionName, QString path);
    void finishAll();

    QString m_connectionName;
    QString m_path;
    QHash<QString, QSqlQuery> m_statements;
    int m_depth = 0;
};

// Rolls back unless committed: every write path opens one and commits at its end.
class SqliteTransaction
{
public:
    static Result<SqliteTransaction> begin(SqliteConnection& connection);
    SqliteTransaction(SqliteTransaction&& other) noexcept;
    SqliteTransaction& operator=(SqliteTransaction&&) = delete;
    ~SqliteTransaction();

    Status commit();

private:
    explicit SqliteTransaction(SqliteConnection& connection) : m_connection(&connection) {}
    SqliteConnection* m_connection;
};

} // namespace kjzy
