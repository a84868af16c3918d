#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

namespace kjzy::test {

// Reads a SQLite file directly (only while no kjzy process writes to it), through its own
// QSqlDatabase connection named "<application name>-probe-<n>".
class DbProbe
{
public:
    explicit DbProbe(const QString& path);
    ~DbProbe();
    DbProbe(const DbProbe&) = delete;
    DbProbe& operator=(const DbProbe&) = delete;

    bool isOpen() const { return m_open; }
    // Why opening failed.
    QString error() const { return m_error; }

    // All rows of `sql`; empty on error (see lastError()).
    QList<QVariantList> rows(const QString& sql, const QVariantList& binds = {}) const;
    // The first column of the first row, or an invalid QVariant on error / no row.
    QVariant scalar(const QString& sql, const QVariantList& binds = {}) const;
    // scalar() as an int, or -1 on error / no row.
    int count(const QString& sql, const QVariantList& binds = {}) const;
    // Rows as text ("a|b|NULL"), for comparing snapshots and printing them on failure.
    QStringList dump(const QString& sql, const QVariantList& binds = {}) const;

    // The error of the last query that failed to prepare or run.
    QString lastError() const { return m_lastError; }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_open = false;
    QString m_error;
    mutable QString m_lastError;
};

} // namespace kjzy::test
