#pragma once

#include "model/TargetProgress.h"

#include <QFuture>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace kjzy::desktop {

// The region's registered volunteers against the campaign's targets (county 1,000, city 10,000,
// province 250,000) as bars, with how many are still missing where, and the export of the
// template tables (附件1/附件2) as `kjzy export` writes them. Reads and writes off the UI thread.
class ProgressView : public QWidget
{
    Q_OBJECT
public:
    enum Column
    {
        RegionColumn,
        VolunteersColumn,
        TargetColumn,
        BarColumn,
        MissingColumn,
        ColumnCount
    };
    // On the region cell: the region code.
    static constexpr int CodeRole = Qt::UserRole;

    enum class Table
    {
        Organizations, // 附件1
        Volunteers     // 附件2
    };

    explicit ProgressView(const QString& databasePath, QWidget* parent = nullptr);
    ~ProgressView() override;

    QTreeWidget* tree() const { return m_tree; }
    const QList<RegionProgress>& rows() const { return m_rows; }

public slots:
    void refresh();
    // Writes the table (.xlsx or .csv by the file's suffix) in a worker; emits exportFinished.
    void exportTable(kjzy::desktop::ProgressView::Table table, const QString& file);

signals:
    void refreshed();
    void exportFinished(bool ok, const QString& message);

private:
    struct Loaded
    {
        QString error;
        QString scope;
        QList<RegionProgress> rows;
    };
    static Loaded load(const QString& databasePath);
    static QPair<bool, QString> writeTable(const QString& databasePath, Table table, const QString& file);
    void display(const Loaded& loaded);
    void chooseFile(Table table);

    QString m_databasePath;
    QLabel* m_summary;
    QTreeWidget* m_tree;
    QPushButton* m_exportOrganizations;
    QPushButton* m_exportVolunteers;
    QLabel* m_exportStatus;
    QList<RegionProgress> m_rows;
    QFuture<Loaded> m_loading;
    QFuture<QPair<bool, QString>> m_exporting;
    bool m_loadAgain = false;
};

} // namespace kjzy::desktop
