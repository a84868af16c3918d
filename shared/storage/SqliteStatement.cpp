#include "SqliteStatement.h"

#include <sqlite3.h>

namespace kjzy {

Result<std::unique_ptr<SqliteStatement>> SqliteStatement::prepare(sqlite3* db, const QString& sql)
{
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &statement,
                           nullptr) != SQLITE_OK) {
        return fail(ErrorCode::Database, QStringLiteral("数据库错误（prepare）：%1；SQL：%2")
                                             .arg(QString::fromUtf8(sqlite3_errmsg(db)), sql.left(200)));
    }
    return std::unique_ptr<SqliteStatement>(new SqliteStatement(db, statement));
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

Error SqliteStatement::lastError(const char* what) const
{
    return Error{ErrorCode::Database,
                 QStringLiteral("数据库错误（%1）：%2")
                     .arg(QString::fromLatin1(what), QString::fromUtf8(sqlite3_errmsg(m_db)))};
}

QByteArray& SqliteStatement::boundBuffer(int index)
{
    // Rewritten between runs only: SQLite reads a bound buffer while stepping, and the statement
    // has been reset by then.
    if (m_bound.size() < index)
        m_bound.resize(index);
    return m_bound[index - 1];
}

void SqliteStatement::keepBound(int index, QByteArray bytes)
{
    // Replaced only after SQLite holds the new pointer, so it never sees a freed one.
    boundBuffer(index) = std::move(bytes);
}

Status SqliteStatement::bind(int index, const QVariant& value)
{
    int rc = SQLITE_OK;
    if (value.isNull() && value.typeId() != QMetaType::QString) {
        rc = sqlite3_bind_null(m_statement, index);
    } else {
        switch (value.typeId()) {
        case QMetaType::QString: {
            // kjzy stores "not given" as '' in NOT NULL columns, never NULL. UTF-8 because that is
            // the database encoding: binding UTF-16 made SQLite convert every value.
            const auto* text = static_cast<const QString*>(value.constData());
            QByteArray& utf8 = boundBuffer(index);
            utf8.resize(m_toUtf8.requiredSpace(text->size()));
            utf8.truncate(m_toUtf8.appendToBuffer(utf8.data(), *text) - utf8.constData());
            rc = sqlite3_bind_text(m_statement, index, utf8.isNull() ? "" : utf8.constData(),
                                   int(utf8.size()), SQLITE_STATIC);
            break;
        }
        case QMetaType::Bool:
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
            rc = sqlite3_bind_int64(m_statement, index, value.toLongLong());
            break;
        case QMetaType::Double:
            rc = sqlite3_bind_double(m_statement, index, value.toDouble());
            break;
        case QMetaType::QByteArray: {
            QByteArray bytes = value.toByteArray();
            rc = sqlite3_bind_blob(m_statement, index, bytes.constData(), int(bytes.size()), SQLITE_STATIC);
            keepBound(index, std::move(bytes));
            break;
        }
        default: {
            QByteArray text = value.toString().toUtf8();
            rc = sqlite3_bind_text(m_statement, index, text.constData(), int(text.size()), SQLITE_STATIC);
            keepBound(index, std::move(text));
        }
        }
    }
    if (rc != SQLITE_OK)
        return fail(lastError("bind"));
    return {};
}

Status SqliteStatement::execute(const QVariantList& params)
{
    sqlite3_reset(m_statement);
    m_pendingRow = false;
    m_onRow = false;
    m_error.reset();
    if (params.size() != sqlite3_bind_parameter_count(m_statement)) {
        return fail(ErrorCode::Internal, QStringLiteral("SQL 参数个数不符：需要 %1，给出 %2")
                                             .arg(sqlite3_bind_parameter_count(m_statement))
                                             .arg(params.size()));
    }
    for (qsizetype i = 0; i < params.size(); ++i) {
        if (auto ok = bind(int(i) + 1, params[i]); !ok)
            return ok;
    }
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
        m_pendingRow = true;
        return {};
    }
    if (rc == SQLITE_DONE)
        return {};
    const Error error = lastError("exec");
    sqlite3_reset(m_statement);
    return fail(error);
}

bool SqliteStatement::next()
{
    if (m_pendingRow) {
        m_pendingRow = false;
        m_onRow = true;
        return true;
    }
    if (!m_onRow)
        return false;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    m_onRow = false;
    if (rc != SQLITE_DONE)
        m_error = lastError("step");
    return false;
}

QVariant SqliteStatement::value(int column) const
{
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_INTEGER:
        return QVariant(qlonglong(sqlite3_column_int64(m_statement, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_statement, column));
    case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
        return QVariant(QString::fromUtf8(text, sqlite3_column_bytes(m_statement, column)));
    }
    case SQLITE_BLOB: {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(m_statement, column));
        return QVariant(QByteArray(data, sqlite3_column_bytes(m_statement, column)));
    }
    default:
        return QVariant();
    }
}

void SqliteStatement::finish()
{
    sqlite3_reset(m_statement);
    m_pendingRow = false;
    m_onRow = false;
}

int SqliteStatement::changes() const
{
    return sqlite3_changes(m_db);
}

} // namespace kjzy
