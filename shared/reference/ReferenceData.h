#pragma once

#include "RegionTable.h"
#include "TeamCategory.h"
#include "ValueList.h"

#include <QList>

namespace kjzy {

// Every closed list the forms use, compiled into the library. Loaded once; immutable.
class ReferenceData
{
public:
    static const ReferenceData& instance();

    const RegionTable& regions() const { return RegionTable::henan(); }
    const ValueList& politicalStatus() const { return m_politicalStatus; }
    const ValueList& ethnicity() const { return m_ethnicity; }
    const ValueList& education() const { return m_education; }
    const ValueList& professionalTitle() const { return m_title; }
    const ValueList& occupation() const { return m_occupation; }
    const ValueList& serviceCategories() const { return m_serviceCategories; }
    const ValueList& serviceFields() const { return m_serviceFields; }
    const ValueList& gender() const { return m_gender; }
    const ValueList& yesNo() const { return m_yesNo; }
    const ValueList& supervisorTypes() const { return m_supervisorTypes; }
    const QList<TeamCategory>& teamCategories() const { return m_teamCategories; }
    const TeamCategory* teamCategory(const QString& code) const;

private:
    ReferenceData();

    ValueList m_politicalStatus;
    ValueList m_ethnicity;
    ValueList m_education;
    ValueList m_title;
    ValueList m_occupation;
    ValueList m_serviceCategories;
    ValueList m_serviceFields;
    ValueList m_gender;
    ValueList m_yesNo;
    ValueList m_supervisorTypes;
    QList<TeamCategory> m_teamCategories;
};

} // namespace kjzy
