#include "Team.h"
#include "Volunteer.h"

namespace kjzy {

VolunteerInput VolunteerInput::from(const Volunteer& v)
{
    VolunteerInput in;
    in.name = v.name;
    in.mobile = v.mobile;
    in.gender = v.gender;
    in.idNumber = v.idNumber;
    in.politicalStatus = v.politicalStatus;
    in.ethnicity = v.ethnicity;
    in.employer = v.employer;
    in.title = v.title;
    in.education = v.education;
    in.occupation = v.occupation;
    in.province = v.province;
    in.city = v.city;
    in.county = v.county;
    in.serviceCategories = v.serviceCategories.join(u'、');
    in.serviceFields = v.serviceFields.join(u'、');
    in.threeHeads = v.threeHeads ? QStringLiteral("是") : QStringLiteral("否");
    return in;
}

TeamInput TeamInput::from(const Team& t)
{
    TeamInput in;
    in.name = t.name;
    in.category = t.category;
    in.parent = t.parent;
    in.adminMobile = t.adminMobile;
    if (t.civilAffairsRegistered)
        in.civilAffairsRegistered = *t.civilAffairsRegistered ? QStringLiteral("是") : QStringLiteral("否");
    in.supervisorType = t.supervisorType;
    in.supervisor = t.supervisor;
    in.founded = t.founded;
    in.serviceCategories = t.serviceCategories.join(u'、');
    in.province = t.province;
    in.city = t.city;
    in.county = t.county;
    return in;
}

} // namespace kjzy
