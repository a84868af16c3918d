#include "RecordOptions.h"

#include "reference/RegionTable.h"

namespace kjzy::cli {

namespace {

struct FieldOption
{
    const char16_t* name;
    const char16_t* description;
};

constexpr FieldOption kVolunteerFields[] = {
    {u"name", u"真实姓名"},
    {u"mobile", u"手机号"},
    {u"gender", u"性别（男/女，可省略：按身份证号）"},
    {u"id-number", u"身份证号（18位）"},
    {u"political-status", u"政治面貌"},
    {u"ethnicity", u"民族"},
    {u"employer", u"工作单位"},
    {u"title", u"职称（正高级/副高级/中级/初级/无）"},
    {u"education", u"最高学历"},
    {u"occupation", u"从业类别"},
    {u"province", u"所在区域省"},
    {u"city", u"所在区域市（名称或代码）"},
    {u"county", u"所在区域县（名称或代码）"},
    {u"service-categories", u"服务类别，多个用逗号分隔"},
    {u"service-fields", u"服务领域或行业，多个用逗号分隔"},
    {u"three-heads", u"是否为基层“三长”（yes/no 或 是/否）"},
};

constexpr FieldOption kTeamFields[] = {
    {u"name", u"组织名称"},
    {u"category", u"队伍类别代码（省略时按名称推断）"},
    {u"parent", u"上级队伍编号"},
    {u"admin-mobile", u"管理员手机号"},
    {u"civil-affairs-registered", u"是否在民政部门注册（是/否）"},
    {u"supervisor-type", u"主管单位类型"},
    {u"supervisor", u"主管单位"},
    {u"founded", u"成立日期"},
    {u"service-categories", u"服务类别，多个用逗号分隔"},
    {u"province", u"所在区域省"},
    {u"city", u"所在区域市（名称或代码）"},
    {u"county", u"所在区域县（名称或代码）"},
};

template <std::size_t N> void addFields(QCommandLineParser& parser, const FieldOption (&fields)[N])
{
    for (const auto& field : fields) {
        parser.addOption(QCommandLineOption(QString::fromUtf16(field.name),
                                            QString::fromUtf16(field.description), QStringLiteral("VALUE")));
    }
}

void apply(const QCommandLineParser& parser, const QString& option, QString& target)
{
    if (parser.isSet(option))
        target = parser.value(option);
}

} // namespace

void RecordOptions::addVolunteerFields(QCommandLineParser& parser)
{
    addFields(parser, kVolunteerFields);
}

void RecordOptions::addTeamFields(QCommandLineParser& parser)
{
    addFields(parser, kTeamFields);
}

void RecordOptions::applyVolunteerFields(const QCommandLineParser& p, VolunteerInput& in)
{
    apply(p, QStringLiteral("name"), in.name);
    apply(p, QStringLiteral("mobile"), in.mobile);
    apply(p, QStringLiteral("gender"), in.gender);
    apply(p, QStringLiteral("id-number"), in.idNumber);
    apply(p, QStringLiteral("political-status"), in.politicalStatus);
    apply(p, QStringLiteral("ethnicity"), in.ethnicity);
    apply(p, QStringLiteral("employer"), in.employer);
    apply(p, QStringLiteral("title"), in.title);
    apply(p, QStringLiteral("education"), in.education);
    apply(p, QStringLiteral("occupation"), in.occupation);
    apply(p, QStringLiteral("service-categories"), in.serviceCategories);
    apply(p, QStringLiteral("service-fields"), in.serviceFields);
    apply(p, QStringLiteral("three-heads"), in.threeHeads);
    if (anyRegionGiven(p)) {
        // A new region replaces the old one whole: a stale county must not survive a city change.
        in.province = p.value(QStringLiteral("province"));
        in.city = p.value(QStringLiteral("city"));
        in.county = p.value(QStringLiteral("county"));
    }
}

void RecordOptions::applyTeamFields(const QCommandLineParser& p, TeamInput& in)
{
    apply(p, QStringLiteral("name"), in.name);
    apply(p, QStringLiteral("category"), in.category);
    apply(p, QStringLiteral("parent"), in.parent);
    apply(p, QStringLiteral("admin-mobile"), in.adminMobile);
    apply(p, QStringLiteral("civil-affairs-registered"), in.civilAffairsRegistered);
    apply(p, QStringLiteral("supervisor-type"), in.supervisorType);
    apply(p, QStringLiteral("supervisor"), in.supervisor);
    apply(p, QStringLiteral("founded"), in.founded);
    apply(p, QStringLiteral("service-categories"), in.serviceCategories);
    if (anyRegionGiven(p)) {
        in.province = p.value(QStringLiteral("province"));
        in.city = p.value(QStringLiteral("city"));
        in.county = p.value(QStringLiteral("county"));
    }
}

bool RecordOptions::anyRegionGiven(const QCommandLineParser& p)
{
    return p.isSet(QStringLiteral("province")) || p.isSet(QStringLiteral("city")) ||
           p.isSet(QStringLiteral("county"));
}

template <typename Input> void RecordOptions::defaultRegionFromScope(const QString& scope, Input& input)
{
    const Region* region = RegionTable::henan().find(scope);
    if (!region)
        return;
    if (region->level == RegionLevel::City)
        input.city = region->code;
    else if (region->level == RegionLevel::County || region->level == RegionLevel::Zone)
        input.county = region->code;
}

template void RecordOptions::defaultRegionFromScope<VolunteerInput>(const QString&, VolunteerInput&);
template void RecordOptions::defaultRegionFromScope<TeamInput>(const QString&, TeamInput&);

} // namespace kjzy::cli
