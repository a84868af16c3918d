#include "VolunteerValidator.h"

#include "IdNumber.h"
#include "ListValueParser.h"
#include "MobileNumber.h"
#include "MultiSelectParser.h"
#include "RegionResolver.h"
#include "core/TextNormalizer.h"
#include "reference/ReferenceData.h"

namespace kjzy {

namespace {

constexpr qsizetype kMaxNameLength = 30;
constexpr qsizetype kMaxEmployerLength = 100;

// Names are letters of any script, with the middle dot of transliterated names (买买提·艾力).
bool isPlausibleName(const QString& name)
{
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return c.isLetter() || c == u'·' || c == u'•' || c == u'.' || c == u' ';
    });
}

template <typename T> void take(FieldResult<T>&& result, T& target, ValidationIssues& issues)
{
    if (result)
        target = std::move(*result);
    else
        issues << result.error();
}

} // namespace

Validated<Volunteer> VolunteerValidator::validate(const VolunteerInput& in, QDate today)
{
    const ReferenceData& ref = ReferenceData::instance();
    Validated<Volunteer> out;
    Volunteer& v = out.value;
    ValidationIssues& issues = out.issues;

    v.name = TextNormalizer::cleanFreeText(in.name);
    if (v.name.isEmpty()) {
        issues << ValidationIssue{QStringLiteral("name"),
                                  QString(),
                                  QStringLiteral("name.empty"),
                                  QStringLiteral("真实姓名不能为空"),
                                  {}};
    } else if (v.name.size() > kMaxNameLength || !isPlausibleName(v.name)) {
        issues << ValidationIssue{QStringLiteral("name"),
                                  v.name,
                                  QStringLiteral("name.chars"),
                                  QStringLiteral("姓名只能由文字组成（少数民族姓名可用“·”），不超过%1个字，"
                                                 "请勿填写数字或符号")
                                      .arg(kMaxNameLength),
                                  {}};
    }

    take(MobileNumber::parse(in.mobile), v.mobile, issues);

    std::optional<IdNumberInfo> id;
    if (auto parsed = IdNumber::parse(in.idNumber, today)) {
        id = *parsed;
        v.idNumber = parsed->number;
    } else {
        issues << parsed.error();
    }

    take(ListValueParser::parse(in.gender, ref.gender()), v.gender, issues);
    if (id) {
        if (v.gender.isEmpty()) {
            v.gender = id->gender;
        } else if (v.gender != id->gender) {
            // Nothing silently fixed: a contradiction means one of the two was typed wrong.
            issues << ValidationIssue{
                QStringLiteral("gender"),
                v.gender,
                QStringLiteral("gender.mismatch"),
                QStringLiteral("性别与身份证号不一致：身份证号第17位表示“%1”，请核对性别或身份证号")
                    .arg(id->gender),
                {}};
        }
    }

    take(ListValueParser::parse(in.politicalStatus, ref.politicalStatus()), v.politicalStatus, issues);
    take(ListValueParser::parse(in.ethnicity, ref.ethnicity()), v.ethnicity, issues);
    take(ListValueParser::parse(in.title, ref.professionalTitle()), v.title, issues);
    take(ListValueParser::parse(in.education, ref.education()), v.education, issues);
    take(ListValueParser::parse(in.occupation, ref.occupation()), v.occupation, issues);

    v.employer = TextNormalizer::cleanFreeText(in.employer);
    if (v.employer.size() > kMaxEmployerLength) {
        issues << ValidationIssue{QStringLiteral("employer"),
                                  v.employer.left(20) + QStringLiteral("…"),
                                  QStringLiteral("employer.length"),
                                  QStringLiteral("工作单位不能超过%1个字").arg(kMaxEmployerLength),
                                  {}};
    }

    auto region = RegionResolver::resolve(in.province, in.city, in.county, RegionResolver::Require::County);
    issues << region.issues;
    v.province = region.value.province;
    v.city = region.value.city;
    v.county = region.value.county;

    take(MultiSelectParser::parse(in.serviceCategories, ref.serviceCategories()), v.serviceCategories,
         issues);
    take(MultiSelectParser::parse(in.serviceFields, ref.serviceFields()), v.serviceFields, issues);

    QString threeHeads;
    take(ListValueParser::parse(in.threeHeads, ref.yesNo()), threeHeads, issues);
    v.threeHeads = threeHeads == u"是";
    return out;
}

} // namespace kjzy
