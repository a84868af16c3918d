#pragma once

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace kjzy::desktop {

// The changes the server refused, with the reason, and a way to open the record to fix it. Names
// are shown with the ID number masked; the server's reasons never carry unmasked personal data.
class RejectionsDialog : public QDialog
{
    Q_OBJECT
public:
    enum Column
    {
        KindColumn,
        NameColumn,
        ReasonColumn,
        AtColumn,
        ColumnCount
    };
    // On the kind cell: the entity ("volunteer", "team", ...) and the record id.
    static constexpr int EntityRole = Qt::UserRole;
    static constexpr int IdRole = Qt::UserRole + 1;

    explicit RejectionsDialog(const QString& databasePath, QWidget* parent = nullptr);
    ~RejectionsDialog() override;

    QTableWidget* table() const { return m_table; }

public slots:
    void refresh();
    // Asks the main window to open the selected row's record in its form.
    void editSelected();

signals:
    void editVolunteerRequested(const QString& id);
    void editTeamRequested(const QString& id);

private:
    void updateButtons();

    QString m_databasePath;
    QLabel* m_intro;
    QTableWidget* m_table;
    QPushButton* m_edit;
};

} // namespace kjzy::desktop
