#include "RecordJson.h"

#include "privacy/Masking.h"

#include <QJsonArray>

namespace kjzy {

QJsonObject RecordJson::volunteer(const Volunteer& v, PersonalData personal)
{
    const bool reveal = personal == PersonalData::Revealed;
    return QJsonObject{
        {QStringLiteral("id"), v.id},
        {QStringLiteral("name"), v.name},
        {QStringLiteral("mobile"), reveal ? v.mobile : Masking::mobile(v.mobile)},
        {QStringLiteral("gender"), v.gender},
        {QStringLiteral("id_number"), reveal ? v.idNumber : Masking::idNumber(v.idNumber)},
        {QStringLiteral("political_status"), v.politicalStatus},
        {QStringLiteral("ethnicity"), v.ethnicity},
        {QStringLiteral("employer"), v.employer},
        {QStringLiteral("title"), v.title},
        {QStringLiteral("education"), v.education},
        {QStringLiteral("occupation"), v.occupation},
        {QStringLiteral("province"), v.province},
        {QStringLiteral("city"), v.city},
        {QStringLiteral("county"), v.county},
        {QStringLiteral("service_categories"), QJsonArray::fromStringList(v.serviceCategories)},
        {QStringLiteral("service_fields"), QJsonArray::fromStringList(v.serviceFields)},
        {QStringLiteral("three_heads"), v.threeHeads},
        {QStringLiteral("teams"), QJsonArray::fromStringList(v.teams)},
    };
}

QJsonObject RecordJson::team(const Team& t)
{
    return QJsonObject{
        {QStringLiteral("id"), t.id},
        {QStringLiteral("name"), t.name},
        {QStringLiteral("category"), t.category},
        {QStringLiteral("parent"), t.parent.isEmpty() ? QJsonValue() : QJsonValue(t.parent)},
        {QStringLiteral("admin_mobile"), t.adminMobile},
        {QStringLiteral("civil_affairs_registered"),
         t.civilAffairsRegistered ? QJsonValue(*t.civilAffairsRegistered) : QJsonValue()},
        {QStringLiteral("supervisor_type"), t.supervisorType},
        {QStringLiteral("supervisor"), t.supervisor},
        {QStringLiteral("founded"), t.founded.isEmpty() ? QJsonValue() : QJsonValue(t.founded)},
        {QStringLiteral("service_categories"), QJsonArray::fromStringList(t.serviceCategories)},
        {QStringLiteral("province"), t.province},
        {QStringLiteral("city"), t.city},
        {QStringLiteral("county"), t.county},
        {QStringLiteral("name_issues"), QJsonArray::fromStringList(t.nameIssues)},
    };
}

} // namespace kjzy
