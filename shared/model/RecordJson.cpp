#include "RecordJson.h"

#include "privacy/Masking.h"

#include <QJsonArray>

namespace kjzy {

// The CLI JSON is the synced fields plus what does not sync: one list of field names to keep.
QJsonObject RecordJson::volunteer(const Volunteer& v, PersonalData personal)
{
    QJsonObject json = volunteerFields(v).toJson();
    json.insert(QStringLiteral("id"), v.id);
    json.insert(QStringLiteral("teams"), QJsonArray::fromStringList(v.teams));
    if (personal != PersonalData::Revealed) {
        json.insert(QStringLiteral("mobile"), Masking::mobile(v.mobile));
        json.insert(QStringLiteral("id_number"), Masking::idNumber(v.idNumber));
    }
    return json;
}

QJsonObject RecordJson::team(const Team& t)
{
    QJsonObject json = teamFields(t).toJson();
    json.insert(QStringLiteral("id"), t.id);
    json.insert(QStringLiteral("name_issues"), QJsonArray::fromStringList(t.nameIssues));
    return json;
}

FieldMap RecordJson::volunteerFields(const Volunteer& v)
{
    return FieldMap{
        {QStringLiteral("name"), v.name},
        {QStringLiteral("mobile"), v.mobile},
        {QStringLiteral("gender"), v.gender},
        {QStringLiteral("id_number"), v.idNumber},
        {QStringLiteral("political_status"), v.politicalStatus},
        {QStringLiteral("ethnicity"), v.ethnicity},
        {QStringLiteral("employer"), v.employer},
        {QStringLiteral("title"), v.title},
        {QStringLiteral("education"), v.education},
        {QStringLiteral("occupation"), v.occupation},
        {QStringLiteral("province"), v.province},
        {QStringLiteral("city"), v.city},
        {QStringLiteral("county"), v.county},
        {QStringLiteral("service_categories"), v.serviceCategories},
        {QStringLiteral("service_fields"), v.serviceFields},
        {QStringLiteral("three_heads"), v.threeHeads},
    };
}

FieldMap RecordJson::teamFields(const Team& t)
{
    return FieldMap{
        {QStringLiteral("name"), t.name},
        {QStringLiteral("category"), t.category},
        {QStringLiteral("parent"), t.parent.isEmpty() ? FieldValue(nullptr) : FieldValue(t.parent)},
        {QStringLiteral("admin_mobile"), t.adminMobile},
        {QStringLiteral("civil_affairs_registered"),
         t.civilAffairsRegistered ? FieldValue(*t.civilAffairsRegistered) : FieldValue(nullptr)},
        {QStringLiteral("supervisor_type"), t.supervisorType},
        {QStringLiteral("supervisor"), t.supervisor},
        {QStringLiteral("founded"), t.founded.isEmpty() ? FieldValue(nullptr) : FieldValue(t.founded)},
        {QStringLiteral("service_categories"), t.serviceCategories},
        {QStringLiteral("province"), t.province},
        {QStringLiteral("city"), t.city},
        {QStringLiteral("county"), t.county},
    };
}

namespace {

QString text(const FieldMap& fields, const char* key)
{
    const FieldValue* value = fields.find(QLatin1StringView(key));
    return value ? value->toString() : QString();
}

QStringList textList(const FieldMap& fields, const char* key)
{
    const FieldValue* value = fields.find(QLatin1StringView(key));
    return value ? value->toStringList() : QStringList();
}

} // namespace

Volunteer RecordJson::toVolunteer(const QString& id, const FieldMap& f)
{
    Volunteer v;
    v.id = id;
    v.name = text(f, "name");
    v.mobile = text(f, "mobile");
    v.gender = text(f, "gender");
    v.idNumber = text(f, "id_number");
    v.politicalStatus = text(f, "political_status");
    v.ethnicity = text(f, "ethnicity");
    v.employer = text(f, "employer");
    v.title = text(f, "title");
    v.education = text(f, "education");
    v.occupation = text(f, "occupation");
    v.province = text(f, "province");
    v.city = text(f, "city");
    v.county = text(f, "county");
    v.serviceCategories = textList(f, "service_categories");
    v.serviceFields = textList(f, "service_fields");
    v.threeHeads = f.value(QLatin1StringView("three_heads")).toBool(false);
    return v;
}

Team RecordJson::toTeam(const QString& id, const FieldMap& f)
{
    Team t;
    t.id = id;
    t.name = text(f, "name");
    t.category = text(f, "category");
    t.parent = text(f, "parent");
    t.adminMobile = text(f, "admin_mobile");
    const FieldValue registered = f.value(QLatin1StringView("civil_affairs_registered"));
    if (registered.isBool())
        t.civilAffairsRegistered = registered.toBool();
    t.supervisorType = text(f, "supervisor_type");
    t.supervisor = text(f, "supervisor");
    t.founded = text(f, "founded");
    t.serviceCategories = textList(f, "service_categories");
    t.province = text(f, "province");
    t.city = text(f, "city");
    t.county = text(f, "county");
    return t;
}

} // namespace kjzy
