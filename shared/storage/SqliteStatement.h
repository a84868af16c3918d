#pragma once

#include "core/Error.h"

#include <QStringEncoder>
#include <QVariant>

struct sqlite3;
struct sqlite3_stmt;

namespace kjzy {

// One prepared SQLite statement (RAII over sqlite3_stmt). SqliteConnection::run() binds and takes
// the first step; next() then walks the rows: the first call returns the row already fetched.
class SqliteStatement
{
public:
    static Result<std::unique_ptr<SqliteStatement>> prepare(sqlite3* db, const QString& sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Resets, binds `params` to the ? placeholders in order, and steps once.
    Status execute(const QVariantList& params);
    // Moves to the next row; false at the end or on an error (then error() says which).
    bool next();
    QVariant value(int column) const;
    // Releases the read cursor (a statement left mid-rows would block COMMIT).
    void finish();
    const std::optional<Error>& error() const { return m_error; }
    int changes() const;

private:
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : m_db(db), m_statement(statement) {}
    Status bind(int index, const QVariant& value);
    void keepBound(int index, QByteArray bytes);
    QByteArray& boundBuffer(int index);
    Error lastError(const char* what) const;

    sqlite3* m_db;
    sqlite3_stmt* m_statement;
    bool m_pendingRow = false; // a row fetched by execute() that next() has not returned yet
    bool m_onRow = false;
    std::optional<Error> m_error;
    // The UTF-8 text and blobs bound to each parameter, kept until the parameter is bound again:
    // SQLite then reads them in place (SQLITE_STATIC) instead of copying every value, and text is
    // encoded into the same buffer run after run instead of a new allocation per value.
    QList<QByteArray> m_bound;
    QStringEncoder m_toUtf8{QStringEncoder::Utf8, QStringEncoder::Flag::Stateless};
};

} // namespace kjzy
