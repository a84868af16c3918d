#pragma once

#include "model/Volunteer.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

namespace kjzy::desktop {

// The volunteers of the local database as table rows. ID numbers and mobiles are masked in the
// model itself (Masking), so no view or export of the table can show them in full; a row shows
// them only after an explicit, audited reveal (MainWindow::revealSelected).
class VolunteerTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Gender,
        IdNumber,
        Mobile,
        Region,
        Employer,
        PoliticalStatus,
        Teams,
        ColumnCount
    };
    enum Role
    {
        VolunteerIdRole = Qt::UserRole + 1,
    };

    explicit VolunteerTableModel(QObject* parent = nullptr);

    void setVolunteers(QList<Volunteer> volunteers, QHash<QString, QString> teamNames);
    const Volunteer& volunteerAt(int row) const { return m_volunteers.at(row); }
    int rowOf(const QString& volunteerId) const;
    // Shows these rows' personal fields in full until the next setVolunteers() or hideAll().
    void reveal(const QStringList& volunteerIds);
    void hideAll();
    bool isRevealed(const QString& volunteerId) const { return m_revealed.contains(volunteerId); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Volunteer> m_volunteers;
    QHash<QString, QString> m_teamNames;
    QSet<QString> m_revealed;
};

} // namespace kjzy::desktop
