#include "TeamValidator.h"

#include "DateParser.h"
#include "ListValueParser.h"
#include "MobileNumber.h"
#include "MultiSelectParser.h"
#include "RegionResolver.h"
#include "core/TextNormalizer.h"
#include "reference/ReferenceData.h"

namespace kjzy {

namespace {

constexpr qsizetype kMaxTeamNameLength = 60;

ValidationIssue teamIssue(const QString& field, const QString& value, const QString& rule,
                          const QString& message)
{
    ValidationIssue issue{field, value, rule, message, {}};
    if (field == u"name")
        issue.label = QStringLiteral("组织名称");
    return issue;
}

} // namespace

Validated<Team> TeamValidator::validate(const TeamInput& in, QDate today)
{
    const ReferenceData& ref = ReferenceData::instance();
    Validated<Team> out;
    Team& t = out.value;
    ValidationIssues& issues = out.issues;

    t.name = TextNormalizer::cleanFreeText(in.name);
    if (t.name.isEmpty()) {
        issues << teamIssue(QStringLiteral("name"), QString(), QStringLiteral("team_name.empty"),
                            QStringLiteral("组织名称不能为空"));
    } else if (t.name.size() > kMaxTeamNameLength) {
        issues << teamIssue(QStringLiteral("name"), t.name.left(20) + QStringLiteral("…"),
                            QStringLiteral("team_name.length"),
                            QStringLiteral("组织名称不能超过%1个字").arg(kMaxTeamNameLength));
    }

    if (auto mobile = MobileNumber::parse(in.adminMobile, QStringLiteral("admin_mobile")))
        t.adminMobile = *mobile;
    else
        issues << mobile.error();

    const QString registered = TextNormalizer::cleanFreeText(in.civilAffairsRegistered);
    if (!registered.isEmpty()) {
        if (auto yesNo = ListValueParser::parse(registered, ref.yesNo()))
            t.civilAffairsRegistered = (*yesNo == u"是");
        else
            issues << teamIssue(QStringLiteral("civil_affairs_registered"), registered,
                                QStringLiteral("list.unknown"), QStringLiteral("请填写“是”或“否”"));
    }

    // 主管单位类型 is not a printed drop-down: suggested values are made canonical, free text kept.
    const QString supervisorType = TextNormalizer::cleanFreeText(in.supervisorType);
    t.supervisorType = ref.supervisorTypes().canonicalize(supervisorType).value_or(supervisorType);
    t.supervisor = TextNormalizer::cleanFreeText(in.supervisor);

    const QString founded = TextNormalizer::cleanFreeText(in.founded);
    if (!founded.isEmpty()) {
        const auto date = DateParser::parse(founded);
        if (!date) {
            issues << teamIssue(
                QStringLiteral("founded"), founded, QStringLiteral("date.invalid"),
                QStringLiteral("无法识别的日期，请写成 2021-05-01、2021.5.1 或 2021年5月1日"));
        } else if (*date > today) {
            issues << teamIssue(QStringLiteral("founded"), founded, QStringLiteral("date.future"),
                                QStringLiteral("成立日期不能晚于今天"));
        } else {
            t.founded = date->toString(Qt::ISODate);
        }
    }

    if (auto categories = MultiSelectParser::parse(in.serviceCategories, ref.serviceCategories()))
        t.serviceCategories = *categories;
    else
        issues << categories.error();

    auto region = RegionResolver::resolve(in.province, in.city, in.county, RegionResolver::Require::Province);
    issues << region.issues;
    t.province = region.value.province;
    t.city = region.value.city;
    t.county = region.value.county;

    t.parent = in.parent.trimmed();
    const QString category = in.category.trimmed();
    if (!t.name.isEmpty()) {
        const TeamNameAdvice advice = TeamNameAdvisor::advise(t.name, t.city, t.county);
        t.nameIssues = advice.issues;
        t.category = category.isEmpty() ? advice.category : category;
    } else {
        t.category = category;
    }
    if (!category.isEmpty() && !ref.teamCategory(category)) {
        QStringList codes;
        for (const auto& c : ref.teamCategories())
            codes << c.code;
        issues << teamIssue(QStringLiteral("category"), category, QStringLiteral("list.unknown"),
                            QStringLiteral("未知的队伍类别，可选：%1").arg(codes.join(u'、')));
    }
    return out;
}

} // namespace kjzy
