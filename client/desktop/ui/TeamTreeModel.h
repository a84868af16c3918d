#pragma once

#include "VolunteerFilterProxy.h"
#include "model/Team.h"

#include <QStandardItemModel>

namespace kjzy::desktop {

// The tree on the left of the main window. First the device's region (with its cities/counties
// below it), then the general hierarchy 总队 → 支队 → 分队 → 乡镇 by each team's parent, then one
// group per other category (学会, 高校, 企业 …) holding its teams and their sub-teams, and last
// the volunteers in no team. Each node tells which volunteers it stands for (scopeOf).
class TeamTreeModel : public QStandardItemModel
{
    Q_OBJECT
public:
    enum class NodeKind
    {
        All,
        Region,
        Team,
        Group,
        NoTeam
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1,
        CodeRole, // team id, region code or category code
    };

    explicit TeamTreeModel(QObject* parent = nullptr);

    // `memberCounts`: team id -> volunteers naming it, shown after the name.
    void setTeams(const QString& region, const QList<Team>& teams, const QHash<QString, int>& memberCounts);
    VolunteerScope scopeOf(const QModelIndex& index) const;
    QModelIndex indexOfTeam(const QString& teamId) const;
    // The team behind a node, or null for other nodes.
    const Team* teamAt(const QModelIndex& index) const;

    // The categories of the general hierarchy; every other category is shown as a group.
    static bool isHierarchyCategory(const QString& category);

private:
    bool inCycle(const QString& teamId) const;
    void collectTeams(const QStandardItem* item, QSet<QString>& out) const;
    QStandardItem* teamItem(const Team& team, const QHash<QString, int>& memberCounts);

    QHash<QString, Team> m_teams;
    QHash<QString, QStandardItem*> m_teamItems;
};

} // namespace kjzy::desktop
