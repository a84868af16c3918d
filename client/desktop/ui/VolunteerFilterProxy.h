#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace kjzy::desktop {

// What the tree on the left selected: everyone, a region, a set of teams (a team and its
// sub-teams, or a category group), or the volunteers in no team.
struct VolunteerScope
{
    enum class Kind
    {
        All,
        Region,
        Teams,
        NoTeam
    };
    Kind kind = Kind::All;
    QString region;
    QSet<QString> teams;
};

// Sorts the table and narrows it to the tree's selection and the search box. The search matches
// the name, the last digits of the ID number (people quote "尾号 0136") or a run of the mobile
// number. It reads the full values from the source model but the table still shows them masked.
class VolunteerFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit VolunteerFilterProxy(QObject* parent = nullptr);

    void setScope(const VolunteerScope& scope);
    void setSearchText(const QString& text);
    const QString& searchText() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    VolunteerScope m_scope;
    QString m_search;
};

} // namespace kjzy::desktop
