#include "TeamTree.h"

#include <QHeaderView>

namespace kjzy::desktop {

TeamTree::TeamTree(QWidget* parent) : QTreeView(parent), m_model(new TeamTreeModel(this))
{
    setModel(m_model);
    setHeaderHidden(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformRowHeights(true);
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { emit scopeChanged(m_model->scopeOf(current)); });
}

QModelIndex TeamTree::findNode(const QModelIndex& parent, int kind, const QString& code) const
{
    for (int row = 0; row < m_model->rowCount(parent); ++row) {
        const QModelIndex index = m_model->index(row, 0, parent);
        if (index.data(TeamTreeModel::KindRole).toInt() == kind &&
            index.data(TeamTreeModel::CodeRole).toString() == code)
            return index;
        if (const QModelIndex found = findNode(index, kind, code); found.isValid())
            return found;
    }
    return {};
}

void TeamTree::setTeams(const QString& region, const QList<Team>& teams,
                        const QHash<QString, int>& memberCounts)
{
    const QModelIndex current = currentIndex();
    const int kind = current.isValid() ? current.data(TeamTreeModel::KindRole).toInt() : -1;
    const QString code = current.data(TeamTreeModel::CodeRole).toString();
    m_model->setTeams(region, teams, memberCounts);
    // The team hierarchy open down to the 乡镇 teams, the groups one level; the region list stays
    // folded.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex top = m_model->index(row, 0);
        const auto topKind = TeamTreeModel::NodeKind(top.data(TeamTreeModel::KindRole).toInt());
        if (topKind == TeamTreeModel::NodeKind::Team)
            expandRecursively(top, 3);
        else if (topKind == TeamTreeModel::NodeKind::Group)
            expand(top);
    }
    QModelIndex restore = kind >= 0 ? findNode({}, kind, code) : QModelIndex();
    if (!restore.isValid())
        restore = m_model->index(0, 0);
    setCurrentIndex(restore);
    emit scopeChanged(m_model->scopeOf(restore));
}

VolunteerScope TeamTree::currentScope() const
{
    return m_model->scopeOf(currentIndex());
}

const Team* TeamTree::currentTeam() const
{
    return m_model->teamAt(currentIndex());
}

bool TeamTree::selectTeam(const QString& teamId)
{
    const QModelIndex index = m_model->indexOfTeam(teamId);
    if (!index.isValid())
        return false;
    scrollTo(index);
    setCurrentIndex(index);
    return true;
}

} // namespace kjzy::desktop
