#pragma once

#include <QString>
#include <QVariantList>

namespace kjzy {

// Where one synced record lives in the client database: its table and the key of its row. The
// row holds the record's fields and, in its `clocks` column, their stamps (migration 0008).
// A membership's sync id is "<team id>/<volunteer id>"; its row is keyed by both columns.
struct RecordRow
{
    QString table;
    // "id = ?" or "team_id = ? AND volunteer_id = ?", bound with `key`.
    QString keyCondition;
    QVariantList key;

    static RecordRow of(const QString& entity, const QString& id);
    static QString tableOf(const QString& entity);
};

} // namespace kjzy
