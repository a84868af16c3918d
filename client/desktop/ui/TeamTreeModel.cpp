#include "TeamTreeModel.h"

#include "reference/ReferenceData.h"

#include <QCollator>

namespace kjzy::desktop {

namespace {

QStandardItem* node(const QString& text, TeamTreeModel::NodeKind kind, const QString& code)
{
    auto* item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(QVariant::fromValue(int(kind)), TeamTreeModel::KindRole);
    item->setData(code, TeamTreeModel::CodeRole);
    return item;
}

void addRegionChildren(QStandardItem* parent, const QString& code, int depth)
{
    if (depth > 1)
        return;
    for (const Region* child : RegionTable::henan().childrenOf(code)) {
        QStandardItem* item = node(child->name, TeamTreeModel::NodeKind::Region, child->code);
        parent->appendRow(item);
        addRegionChildren(item, child->code, depth + 1);
    }
}

} // namespace

TeamTreeModel::TeamTreeModel(QObject* parent) : QStandardItemModel(parent) {}

bool TeamTreeModel::isHierarchyCategory(const QString& category)
{
    return category == u"province_general" || category == u"city" || category == u"county" ||
           category == u"township";
}

QStandardItem* TeamTreeModel::teamItem(const Team& team, const QHash<QString, int>& memberCounts)
{
    QStandardItem* item =
        node(tr("%1 (%2)").arg(team.name).arg(memberCounts.value(team.id)), NodeKind::Team, team.id);
    if (!team.nameIssues.isEmpty())
        item->setToolTip(team.nameIssues.join(u'\n'));
    m_teamItems.insert(team.id, item);
    return item;
}

void TeamTreeModel::setTeams(const QString& region, const QList<Team>& teams,
                             const QHash<QString, int>& memberCounts)
{
    clear();
    m_teams.clear();
    m_teamItems.clear();
    setHorizontalHeaderLabels({tr("Teams and regions")});

    appendRow(node(tr("%1 (all volunteers)").arg(RegionTable::henan().displayName(region, true)),
                   NodeKind::All, region));

    for (const Team& team : teams)
        m_teams.insert(team.id, team);
    // The general hierarchy from the top (总队, then 支队 …), each level in pinyin order, so the
    // tree reads like the notice and does not reshuffle between refreshes.
    auto level = [](const QString& category) {
        static const QStringList order{QStringLiteral("province_general"), QStringLiteral("city"),
                                       QStringLiteral("county"), QStringLiteral("township")};
        const qsizetype index = order.indexOf(category);
        return index < 0 ? order.size() : index;
    };
    QCollator collator(QLocale(QLocale::Chinese, QLocale::China));
    QList<Team> sorted = teams;
    std::sort(sorted.begin(), sorted.end(), [&](const Team& a, const Team& b) {
        if (level(a.category) != level(b.category))
            return level(a.category) < level(b.category);
        return collator.compare(a.name, b.name) < 0;
    });
    for (const Team& team : std::as_const(sorted))
        teamItem(team, memberCounts);

    QHash<QString, QStandardItem*> groups;
    auto groupFor = [&](const QString& category) {
        if (QStandardItem* group = groups.value(category))
            return group;
        const TeamCategory* known = ReferenceData::instance().teamCategory(category);
        QStandardItem* group = node(known ? known->name : tr("Other teams"), NodeKind::Group, category);
        groups.insert(category, group);
        return group;
    };
    QList<QStandardItem*> hierarchyRoots;
    for (const Team& team : std::as_const(sorted)) {
        QStandardItem* item = m_teamItems.value(team.id);
        const Team* parent =
            m_teams.contains(team.parent) && !inCycle(team.id) ? &m_teams[team.parent] : nullptr;
        const bool hierarchy = isHierarchyCategory(team.category);
        // A sub-team sits under its parent, except a 学会/高校… team whose parent is the general
        // hierarchy's 总队: those read better grouped by category.
        if (parent && parent->id != team.id && (hierarchy || !isHierarchyCategory(parent->category)))
            m_teamItems.value(parent->id)->appendRow(item);
        else if (hierarchy)
            hierarchyRoots << item;
        else
            groupFor(team.category)->appendRow(item);
    }
    for (QStandardItem* root : std::as_const(hierarchyRoots))
        appendRow(root);
    // Groups in the notice's order of categories.
    for (const TeamCategory& category : ReferenceData::instance().teamCategories()) {
        if (QStandardItem* group = groups.take(category.code))
            appendRow(group);
    }
    for (QStandardItem* group : std::as_const(groups))
        appendRow(group);
    // The cities and counties below the scope, after the teams: a province has 18 cities and
    // 180 counties, which would push the teams out of sight.
    if (!RegionTable::henan().childrenOf(region).isEmpty()) {
        QStandardItem* byRegion = node(tr("By region"), NodeKind::All, region);
        addRegionChildren(byRegion, region, 0);
        appendRow(byRegion);
    }
    appendRow(node(tr("Volunteers in no team"), NodeKind::NoTeam, {}));
}

bool TeamTreeModel::inCycle(const QString& teamId) const
{
    // Pulled data may disagree with the local check that refuses cycles; such a team is shown at
    // the top instead of vanishing inside its own subtree.
    QString current = m_teams.value(teamId).parent;
    for (int depth = 0; depth < 64 && !current.isEmpty(); ++depth) {
        if (current == teamId)
            return true;
        current = m_teams.value(current).parent;
    }
    return !current.isEmpty();
}

void TeamTreeModel::collectTeams(const QStandardItem* item, QSet<QString>& out) const
{
    if (NodeKind(item->data(KindRole).toInt()) == NodeKind::Team)
        out.insert(item->data(CodeRole).toString());
    for (int row = 0; row < item->rowCount(); ++row)
        collectTeams(item->child(row), out);
}

VolunteerScope TeamTreeModel::scopeOf(const QModelIndex& index) const
{
    VolunteerScope scope;
    const QStandardItem* item = itemFromIndex(index);
    if (!item)
        return scope;
    switch (NodeKind(item->data(KindRole).toInt())) {
    case NodeKind::All:
        break;
    case NodeKind::Region:
        scope.kind = VolunteerScope::Kind::Region;
        scope.region = item->data(CodeRole).toString();
        break;
    case NodeKind::Team:
    case NodeKind::Group:
        // A team stands for its members and its sub-teams' members: a 支队 sees its 分队.
        scope.kind = VolunteerScope::Kind::Teams;
        collectTeams(item, scope.teams);
        break;
    case NodeKind::NoTeam:
        scope.kind = VolunteerScope::Kind::NoTeam;
        break;
    }
    return scope;
}

QModelIndex TeamTreeModel::indexOfTeam(const QString& teamId) const
{
    const QStandardItem* item = m_teamItems.value(teamId);
    return item ? item->index() : QModelIndex();
}

const Team* TeamTreeModel::teamAt(const QModelIndex& index) const
{
    const QStandardItem* item = itemFromIndex(index);
    if (!item || NodeKind(item->data(KindRole).toInt()) != NodeKind::Team)
        return nullptr;
    auto found = m_teams.constFind(item->data(CodeRole).toString());
    return found == m_teams.constEnd() ? nullptr : &*found;
}

} // namespace kjzy::desktop
