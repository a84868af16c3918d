#include "SqliteConnection.h"

#include <sqlite3.h>

namespace kjzy {

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const QString& path)
{
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const QString message =
            db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close(db);
        return fail(ErrorCode::Database, QStringLiteral("无法打开数据库 %1：%2").arg(path, message));
    }
    std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db, path));
    sqlite3_busy_timeout(db, 5000);
    // WAL lets readers run beside a writer; synchronous=FULL because a township laptop may lose
    // power right after a clerk was told "saved".
    for (const auto* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
          // A 64 MiB page cache (allocated only as used): with the 2 MiB default, a 10,000-row
          // import spilled to the WAL mid-transaction — 435,000 pwrite and 155,000 pread calls.
          "PRAGMA cache_size=-65536",
          // Savepoints (one per imported row) keep their rollback journal in memory, not a temp file.
          "PRAGMA temp_store=MEMORY"}) {
        if (auto ok = connection->execute(QString::fromLatin1(pragma)); !ok)
            return fail(ErrorCode::Database,
                        QStringLiteral("无法打开数据库 %1：%2").arg(path, ok.error().message));
    }
    return connection;
}

SqliteConnection::~SqliteConnection()
{
    m_recent.fill(Recent{});
    m_statements.clear(); // finalize every statement before closing
    sqlite3_close(m_db);
}

Result<SqliteStatement*> SqliteConnection::run(const QString& sql, const QVariantList& params)
{
    SqliteStatement* statement = nullptr;
    for (const Recent& recent : m_recent) {
        if (recent.statement && recent.sql == sql) {
            statement = recent.statement;
            break;
        }
    }
    if (!statement) {
        auto it = m_statements.find(sql);
        if (it == m_statements.end()) {
            auto prepared = SqliteStatement::prepare(m_db, sql);
            if (!prepared)
                return fail(prepared.error());
            it = m_statements.emplace(sql, std::move(*prepared)).first;
        }
        statement = it->second.get();
        m_recent[m_recentNext] = Recent{sql, statement};
        m_recentNext = (m_recentNext + 1) % m_recent.size();
    }
    if (auto ok = statement->execute(params); !ok)
        return fail(ok.error());
    return statement;
}

Status SqliteConnection::execute(const QString& sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return fail(ErrorCode::Database, QStringLiteral("数据库错误（exec）：%1").arg(text));
    }
    return {};
}

Result<QVariant> SqliteConnection::scalar(const QString& sql, const QVariantList& params)
{
    auto statement = run(sql, params);
    if (!statement)
        return fail(statement.error());
    QVariant value;
    if ((*statement)->next())
        value = (*statement)->value(0);
    (*statement)->finish();
    return value;
}

Status SqliteConnection::begin()
{
    // IMMEDIATE takes the write lock up front: no deadlock-prone upgrade from a read lock later.
    const QString sql =
        m_depth == 0 ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("SAVEPOINT kjzy_%1").arg(m_depth);
    // Prepared once like any statement: an import opens a savepoint per row.
    if (auto ok = run(sql); !ok)
        return fail(ok.error());
    ++m_depth;
    return {};
}

void SqliteConnection::finishAll()
{
    for (auto& [sql, statement] : m_statements)
        statement->finish();
}

Status SqliteConnection::commit()
{
    if (m_depth == 0)
        return fail(ErrorCode::Internal, QStringLiteral("没有进行中的事务"));
    if (m_depth == 1 && m_beforeCommit) {
        if (auto ok = m_beforeCommit(); !ok)
            return ok;
    }
    finishAll(); // an unfinished SELECT holds a read cursor that would make COMMIT fail
    const QString sql = m_depth == 1 ? QStringLiteral("COMMIT")
                                     : QStringLiteral("RELEASE SAVEPOINT kjzy_%1").arg(m_depth - 1);
    if (auto ok = run(sql); !ok)
        return fail(ok.error());
    --m_depth;
    return {};
}

void SqliteConnection::rollback()
{
    if (m_depth == 0)
        return;
    finishAll();
    if (m_depth == 1) {
        (void)execute(QStringLiteral("ROLLBACK"));
    } else {
        // ROLLBACK TO keeps the savepoint open; RELEASE then ends it with nothing applied.
        (void)execute(QStringLiteral("ROLLBACK TO SAVEPOINT kjzy_%1").arg(m_depth - 1));
        (void)execute(QStringLiteral("RELEASE SAVEPOINT kjzy_%1").arg(m_depth - 1));
    }
    --m_depth;
}

Result<SqliteTransaction> SqliteTransaction::begin(SqliteConnection& connection)
{
    if (auto ok = connection.begin(); !ok)
        return fail(ok.error());
    return SqliteTransaction(connection);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr))
{}

SqliteTransaction::~SqliteTransaction()
{
    if (m_connection)
        m_connection->rollback();
}

Status SqliteTransaction::commit()
{
    SqliteConnection* connection = std::exchange(m_connection, nullptr);
    if (!connection)
        return fail(ErrorCode::Internal, QStringLiteral("事务已结束"));
    auto ok = connection->commit();
    if (!ok)
        connection->rollback();
    return ok;
}

} // namespace kjzy
