#include "support/DbProbe.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace kjzy::test {

DbProbe::DbProbe(const QString& path)
    : m_name(QStringLiteral("%1-probe-%2").arg(QCoreApplication::applicationName()).arg(++s_counter))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    db.setDatabaseName(path);
    m_open = db.open();
    if (!m_open)
        m_error = db.lastError().text();
}

DbProbe::~DbProbe()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QList<QVariantList> DbProbe::rows(const QString& sql, const QVariantList& binds) const
{
    QList<QVariantList> out;
    QSqlQuery q(QSqlDatabase::database(m_name));
    if (!q.prepare(sql)) {
        m_lastError = q.lastError().text();
        return out;
    }
    for (const QVariant& b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return out;
    }
    while (q.next()) {
        QVariantList row;
        for (int c = 0; c < q.record().count(); ++c)
            row << q.value(c);
        out << row;
    }
    return out;
}

QVariant DbProbe::scalar(const QString& sql, const QVariantList& binds) const
{
    const QList<QVariantList> result = rows(sql, binds);
    return result.isEmpty() || result.first().isEmpty() ? QVariant() : result.first().first();
}

int DbProbe::count(const QString& sql, const QVariantList& binds) const
{
    const QVariant v = scalar(sql, binds);
    return v.isValid() ? v.toInt() : -1;
}

QStringList DbProbe::dump(const QString& sql, const QVariantList& binds) const
{
    QStringList out;
    for (const QVariantList& row : rows(sql, binds)) {
        QStringList cells;
        for (const QVariant& cell : row)
            cells << (cell.isNull() ? QStringLiteral("NULL") : cell.toString());
        out << cells.join(u'|');
    }
    return out;
}

} // namespace kjzy::test
