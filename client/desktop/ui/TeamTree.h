#pragma once

#include "TeamTreeModel.h"

#include <QTreeView>

namespace kjzy::desktop {

// The tree view of TeamTreeModel; tells the window which volunteers the selected node stands for.
class TeamTree : public QTreeView
{
    Q_OBJECT
public:
    explicit TeamTree(QWidget* parent = nullptr);

    TeamTreeModel* teamModel() const { return m_model; }
    // Refills the tree, keeping the selected node (by kind and code) when it still exists.
    void setTeams(const QString& region, const QList<Team>& teams, const QHash<QString, int>& memberCounts);
    VolunteerScope currentScope() const;
    // The team selected, or null when the selection is not a team.
    const Team* currentTeam() const;
    bool selectTeam(const QString& teamId);

signals:
    void scopeChanged(const kjzy::desktop::VolunteerScope& scope);

private:
    QModelIndex findNode(const QModelIndex& parent, int kind, const QString& code) const;

    TeamTreeModel* m_model;
};

} // namespace kjzy::desktop
