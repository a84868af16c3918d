#include "RecordPolicy.h"

#include "model/RecordJson.h"
#include "reference/RegionTable.h"
#include "sync/Change.h"
#include "validation/TeamValidator.h"
#include "validation/VolunteerValidator.h"

namespace kjzy {

namespace {

template <typename T> QString describeIssues(const Validated<T>& validated)
{
    QStringList messages;
    for (const ValidationIssue& issue : validated.issues)
        messages << issue.message;
    return messages.join(QStringLiteral("；"));
}

} // namespace

QString RecordPolicy::regionOf(const RecordState& record)
{
    const auto text = [&](const char* key) { return record.data.value(QLatin1StringView(key)).toString(); };
    if (record.entity == entity::kMembership)
        return {};
    if (!text("county").isEmpty())
        return text("county");
    return text("city").isEmpty() ? text("province") : text("city");
}

QString RecordPolicy::validate(const RecordState& record, QDate today)
{
    if (record.entity == entity::kVolunteer) {
        const Volunteer v = RecordJson::toVolunteer(record.id, record.data);
        return describeIssues(VolunteerValidator::validate(VolunteerInput::from(v), today));
    }
    if (record.entity == entity::kTeam) {
        const Team t = RecordJson::toTeam(record.id, record.data);
        return describeIssues(TeamValidator::validate(TeamInput::from(t), today));
    }
    return {};
}

ScopeFilter RecordPolicy::scopeFilter(const QString& scope)
{
    const RegionTable& table = RegionTable::henan();
    const Region* region = table.find(scope);
    ScopeFilter filter;
    if (!region)
        return ScopeFilter{scope, {}}; // unknown codes see only themselves
    switch (region->level) {
    case RegionLevel::Province:
        filter.prefix = scope.left(2);
        break;
    case RegionLevel::City:
        // A city's counties share its first four digits; 济源 (419001) has no counties.
        filter.prefix = scope.endsWith(QStringLiteral("00")) ? scope.left(4) : scope;
        break;
    default:
        filter.prefix = scope;
        break;
    }
    for (const Region* up = table.find(region->parentCode); up; up = table.find(up->parentCode))
        filter.ancestors << up->code;
    return filter;
}

bool RecordPolicy::inScope(const QString& scope, const QString& region)
{
    return !region.isEmpty() && RegionTable::henan().contains(scope, region);
}

} // namespace kjzy
