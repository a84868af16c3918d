#include "VolunteerTableModel.h"

#include "privacy/Masking.h"
#include "reference/RegionTable.h"

namespace kjzy::desktop {

VolunteerTableModel::VolunteerTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void VolunteerTableModel::setVolunteers(QList<Volunteer> volunteers, QHash<QString, QString> teamNames)
{
    beginResetModel();
    m_volunteers = std::move(volunteers);
    m_teamNames = std::move(teamNames);
    m_revealed.clear();
    endResetModel();
}

int VolunteerTableModel::rowOf(const QString& volunteerId) const
{
    for (qsizetype i = 0; i < m_volunteers.size(); ++i) {
        if (m_volunteers.at(i).id == volunteerId)
            return int(i);
    }
    return -1;
}

void VolunteerTableModel::reveal(const QStringList& volunteerIds)
{
    for (const QString& id : volunteerIds) {
        m_revealed.insert(id);
        if (const int row = rowOf(id); row >= 0)
            emit dataChanged(index(row, IdNumber), index(row, Mobile));
    }
}

void VolunteerTableModel::hideAll()
{
    if (m_revealed.isEmpty())
        return;
    m_revealed.clear();
    if (!m_volunteers.isEmpty())
        emit dataChanged(index(0, IdNumber), index(rowCount() - 1, Mobile));
}

int VolunteerTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_volunteers.size());
}

int VolunteerTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VolunteerTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_volunteers.size())
        return {};
    const Volunteer& v = m_volunteers.at(index.row());
    if (role == VolunteerIdRole)
        return v.id;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const bool revealed = m_revealed.contains(v.id);
    switch (index.column()) {
    case Name:
        return v.name;
    case Gender:
        return v.gender;
    case IdNumber:
        return revealed ? v.idNumber : Masking::idNumber(v.idNumber);
    case Mobile:
        return revealed ? v.mobile : Masking::mobile(v.mobile);
    case Region:
        return RegionTable::henan().displayName(v.county.isEmpty() ? v.city : v.county);
    case Employer:
        return v.employer;
    case PoliticalStatus:
        return v.politicalStatus;
    case Teams: {
        QStringList names;
        for (const QString& team : v.teams)
            names << m_teamNames.value(team, team);
        return names.join(u'、');
    }
    default:
        return {};
    }
}

QVariant VolunteerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Name");
    case Gender:
        return tr("Gender");
    case IdNumber:
        return tr("ID number");
    case Mobile:
        return tr("Mobile");
    case Region:
        return tr("Region");
    case Employer:
        return tr("Employer");
    case PoliticalStatus:
        return tr("Political status");
    case Teams:
        return tr("Teams");
    default:
        return {};
    }
}

} // namespace kjzy::desktop
