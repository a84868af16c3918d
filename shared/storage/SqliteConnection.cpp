#include "SqliteConnection.h"

#include <QAtomicInteger>
#include <QSqlError>

namespace kjzy {

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("kjzy-sqlite-%1").arg(counter.fetchAndAddRelaxed(1));
}

Error sqlError(const QString& what, const QSqlError& error)
{
    return Error{ErrorCode::Database, QStringLiteral("数据库错误（%1）：%2").arg(what, error.text())};
}

} // namespace

SqliteConnection::SqliteConnection(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName)), m_path(std::move(path))
{}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const QString& path)
{
    const QString name = nextConnectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open()) {
            const QSqlError error = db.lastError();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return fail(ErrorCode::Database, QStringLiteral("无法打开数据库 %1：%2").arg(path, error.text()));
        }
    }
    std::unique_ptr<SqliteConnection> connection(new SqliteConnection(name, path));
    // WAL lets readers run beside a writer; synchronous=FULL because a township laptop may lose
    // power right after a clerk was told "saved".
    for (const auto* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                               "PRAGMA busy_timeout=5000"}) {
        if (auto ok = connection->execute(QString::fromLatin1(pragma)); !ok)
            return fail(ok.error());
    }
    return connection;
}

SqliteConnection::~SqliteConnection()
{
    m_statements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase SqliteConnection::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<QSqlQuery*> SqliteConnection::run(const QString& sql, const QVariantList& params)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery query(database());
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            return fail(sqlError(QStringLiteral("prepare"), query.lastError()));
        it = m_statements.insert(sql, std::move(query));
    }
    QSqlQuery& query = *it;
    query.finish();
    for (qsizetype i = 0; i < params.size(); ++i) {
        const QVariant& param = params[i];
        // Qt binds a null QString as SQL NULL; kjzy stores "not given" as '' in NOT NULL columns.
        if (param.typeId() == QMetaType::QString && param.toString().isNull())
            query.bindValue(int(i), QStringLiteral(""));
        else
            query.bindValue(int(i), param);
    }
    if (!query.exec())
        return fail(sqlError(QStringLiteral("exec"), query.lastError()));
    return &query;
}

Status SqliteConnection::execute(const QString& sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql))
        return fail(sqlError(QStringLiteral("exec"), query.lastError()));
    return {};
}

Result<QVariant> SqliteConnection::scalar(const QString& sql, const QVariantList& params)
{
    auto query = run(sql, params);
    if (!query)
        return fail(query.error());
    QVariant value;
    if ((*query)->next())
        value = (*query)->value(0);
    (*query)->finish();
    return value;
}

Status SqliteConnection::begin()
{
    // IMMEDIATE takes the write lock up front: no deadlock-prone upgrade from a read lock later.
    const QString sql =
        m_depth == 0 ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("SAVEPOINT kjzy_%1").arg(m_depth);
    if (auto ok = execute(sql); !ok)
        return ok;
    ++m_depth;
    return {};
}

void SqliteConnection::finishAll()
{
    for (auto& query : m_statements)
        query.finish();
}

Status SqliteConnection::commit()
{
    if (m_depth == 0)
        return fail(ErrorCode::Internal, QStringLiteral("没有进行中的事务"));
    finishAll(); // an unfinished SELECT holds a read cursor that would make COMMIT fail
    const QString sql = m_depth == 1 ? QStringLiteral("COMMIT")
                                     : QStringLiteral("RELEASE SAVEPOINT kjzy_%1").arg(m_depth - 1);
    if (auto ok = execute(sql); !ok)
        return ok;
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
