#include "ImportPreviewModel.h"

#include <QBrush>
#include <QColor>

namespace kjzy::desktop {

ImportPreviewModel::ImportPreviewModel(QObject* parent) : QAbstractTableModel(parent) {}

void ImportPreviewModel::setReport(const ImportReport& report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
}

int ImportPreviewModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_report.rows.size());
}

int ImportPreviewModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ImportPreviewModel::outcomeText(RowOutcome outcome)
{
    switch (outcome) {
    case RowOutcome::Imported:
        return tr("New");
    case RowOutcome::Updated:
        return tr("Updated");
    case RowOutcome::Unchanged:
        return tr("Unchanged");
    case RowOutcome::Rejected:
        return tr("Rejected");
    case RowOutcome::Skipped:
        return tr("Skipped");
    }
    return {};
}

QString ImportPreviewModel::detailText(const RowReport& row) const
{
    switch (row.outcome) {
    case RowOutcome::Rejected: {
        QStringList lines;
        for (const auto& issue : row.issues) {
            const QString column =
                m_report.columnHeaders.value(issue.field, fieldLabel(issue.field)).simplified();
            const QString letter = m_report.columnLetters.value(issue.field);
            lines << tr("Column %1 \"%2\", value \"%3\": %4 [%5]")
                         .arg(letter.isEmpty() ? QStringLiteral("?") : letter, column, issue.value,
                              issue.message, issue.rule);
        }
        return lines.join(u'\n');
    }
    case RowOutcome::Skipped:
        return row.skipReason;
    case RowOutcome::Updated:
        return tr("Changed: %1").arg(row.changedFields.join(QStringLiteral(", ")));
    case RowOutcome::Imported:
    case RowOutcome::Unchanged:
        break;
    }
    return {};
}

QVariant ImportPreviewModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_report.rows.size())
        return {};
    const RowReport& row = m_report.rows.at(index.row());
    if (role == OutcomeRole)
        return int(row.outcome);
    if (role == RowNumberRole)
        return row.row;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case RowColumn:
            return role == Qt::DisplayRole ? QVariant(row.row) : QVariant();
        case OutcomeColumn:
            return outcomeText(row.outcome);
        case NameColumn:
            return row.name;
        case DetailColumn:
            return detailText(row);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == OutcomeColumn) {
        switch (row.outcome) {
        case RowOutcome::Rejected:
            return QBrush(QColor(0xb0, 0x00, 0x20));
        case RowOutcome::Imported:
        case RowOutcome::Updated:
            return QBrush(QColor(0x1b, 0x6e, 0x20));
        case RowOutcome::Unchanged:
        case RowOutcome::Skipped:
            return QBrush(QColor(0x60, 0x60, 0x60));
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == RowColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ImportPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RowColumn:
        return tr("Row");
    case OutcomeColumn:
        return tr("Verdict");
    case NameColumn:
        return tr("Name");
    case DetailColumn:
        return tr("Problems and notes");
    default:
        return {};
    }
}

} // namespace kjzy::desktop
