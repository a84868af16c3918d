#pragma once

#include "SqliteStatement.h"
#include "core/Error.h"

#include <QString>
#include <QVariant>

#include <array>
#include <functional>
#include <memory>
#include <unordered_map>

struct sqlite3;

namespace kjzy {

// One SQLite connection (sqlite3 C API: Qt Sql's per-value binding cost was most of an import's
// time) with the settings every kjzy database uses — WAL, synchronous=FULL, foreign keys, a busy
// timeout — and a cache of prepared statements, so each SQL text is prepared once and always bound
// by parameter.
class SqliteConnection
{
public:
    static Result<std::unique_ptr<SqliteConnection>> open(const QString& path);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    const QString& path() const { return m_path; }

    // Prepares (once) and runs `sql` with positional `?` parameters; rows are then read with
    // next()/value(). The returned statement stays valid until the next run of the same SQL text.
    Result<SqliteStatement*> run(const QString& sql, const QVariantList& params = {});
    // Runs statements without parameters or caching: DDL and PRAGMAs.
    Status execute(const QString& sql);
    // First column of the first row, or a null QVariant when there is no row.
    Result<QVariant> scalar(const QString& sql, const QVariantList& params = {});

    // Transactions nest: the outermost is BEGIN IMMEDIATE … COMMIT, inner ones are savepoints, so a
    // store method that is one transaction on its own becomes one step of a whole-file import.
    Status begin();
    Status commit();
    void rollback();
    int transactionDepth() const { return m_depth; }
    // Runs inside the outermost transaction just before its COMMIT (a failure rolls it back): for
    // state kept in memory during a transaction and written once, such as the HLC high-water mark.
    void setBeforeCommit(std::function<Status()> hook) { m_beforeCommit = std::move(hook); }

private:
    SqliteConnection(sqlite3* db, QString path) : m_db(db), m_path(std::move(path)) {}
    void finishAll();

    sqlite3* m_db;
    QString m_path;
    std::unordered_map<QString, std::unique_ptr<SqliteStatement>> m_statements;
    // The statements run last, checked before the map: a bulk write alternates between a few
    // long SQL texts, and comparing one costs a fraction of hashing it.
    struct Recent
    {
        QString sql;
        SqliteStatement* statement = nullptr;
    };
    std::array<Recent, 4> m_recent;
    std::size_t m_recentNext = 0;
    int m_depth = 0;
    std::function<Status()> m_beforeCommit;
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
