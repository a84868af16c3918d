#pragma once

#include "importer/ImportReport.h"

#include <QAbstractTableModel>

namespace kjzy::desktop {

// Every row of an import report as a table: row number, verdict, name, and every problem with its
// column, value and rule.
class ImportPreviewModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        RowColumn,
        OutcomeColumn,
        NameColumn,
        DetailColumn,
        ColumnCount
    };
    // Qt::UserRole on any column: the row's RowOutcome as int; RowNumberRole: the sheet row.
    static constexpr int OutcomeRole = Qt::UserRole;
    static constexpr int RowNumberRole = Qt::UserRole + 1;

    explicit ImportPreviewModel(QObject* parent = nullptr);

    void setReport(const ImportReport& report);
    const ImportReport& report() const { return m_report; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // All problems of one row, one per line: "C 列「身份证号」值「…」：… [rule]".
    QString detailText(const RowReport& row) const;
    static QString outcomeText(RowOutcome outcome);

private:
    ImportReport m_report;
};

} // namespace kjzy::desktop
