#include "VolunteerFilterProxy.h"

#include "VolunteerTableModel.h"
#include "validation/IdNumber.h"

namespace kjzy::desktop {

namespace {

// Digits and the check character X: what a person types to find someone by number.
bool looksLikeNumber(const QString& text)
{
    return !text.isEmpty() &&
           std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit() || c == u'X'; });
}

} // namespace

VolunteerFilterProxy::VolunteerFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortLocaleAware(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void VolunteerFilterProxy::setScope(const VolunteerScope& scope)
{
    m_scope = scope;
    invalidateFilter();
}

void VolunteerFilterProxy::setSearchText(const QString& text)
{
    // Full-width digits and spaces typed by an IME count as the same number.
    m_search = IdNumber::normalize(text);
    invalidateFilter();
}

bool VolunteerFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto* model = qobject_cast<const VolunteerTableModel*>(sourceModel());
    if (!model)
        return true;
    const Volunteer& v = model->volunteerAt(sourceRow);
    switch (m_scope.kind) {
    case VolunteerScope::Kind::All:
        break;
    case VolunteerScope::Kind::Region:
        if (v.county != m_scope.region && v.city != m_scope.region && v.province != m_scope.region)
            return false;
        break;
    case VolunteerScope::Kind::Teams:
        if (std::none_of(v.teams.cbegin(), v.teams.cend(),
                         [this](const QString& team) { return m_scope.teams.contains(team); }))
            return false;
        break;
    case VolunteerScope::Kind::NoTeam:
        if (!v.teams.isEmpty())
            return false;
        break;
    }
    if (m_search.isEmpty())
        return true;
    if (v.name.contains(m_search, Qt::CaseInsensitive))
        return true;
    if (!looksLikeNumber(m_search))
        return false;
    return v.idNumber.endsWith(m_search) || (!m_search.contains(u'X') && v.mobile.contains(m_search));
}

} // namespace kjzy::desktop
