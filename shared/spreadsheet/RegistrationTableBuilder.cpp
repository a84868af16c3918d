#include "RegistrationTableBuilder.h"

#include "model/RegistrationTemplate.h"
#include "reference/RegionTable.h"

namespace kjzy {

namespace {

QString regionName(const QString& code)
{
    if (code.isEmpty())
        return {};
    const Region* region = RegionTable::henan().find(code);
    return region ? region->name : code;
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("是") : QStringLiteral("否");
}

TemplateTable emptyTable(TemplateKind kind)
{
    TemplateTable table;
    table.marker = RegistrationTemplate::marker(kind);
    table.title = RegistrationTemplate::title(kind);
    table.sheetName = table.title;
    for (const auto& column : RegistrationTemplate::columns(kind))
        table.headers << column.header;
    table.numberColumns = {0}; // 序号
    return table;
}

} // namespace

TemplateTable RegistrationTableBuilder::volunteers(const QList<Volunteer>& volunteers)
{
    TemplateTable table = emptyTable(TemplateKind::Volunteers);
    table.rows.reserve(volunteers.size());
    int seq = 0;
    for (const Volunteer& v : volunteers) {
        table.rows << QStringList{QString::number(++seq),
                                  v.name,
                                  v.mobile,
                                  v.gender,
                                  v.idNumber,
                                  v.politicalStatus,
                                  v.ethnicity,
                                  v.employer,
                                  v.title,
                                  v.education,
                                  v.occupation,
                                  regionName(v.province),
                                  regionName(v.city),
                                  regionName(v.county),
                                  v.serviceCategories.join(u'、'),
                                  v.serviceFields.join(u'、'),
                                  yesNo(v.threeHeads)};
    }
    return table;
}

TemplateTable RegistrationTableBuilder::organizations(const QList<Team>& teams)
{
    TemplateTable table = emptyTable(TemplateKind::Organizations);
    table.rows.reserve(teams.size());
    int seq = 0;
    for (const Team& t : teams) {
        table.rows << QStringList{QString::number(++seq),
                                  t.name,
                                  t.adminMobile,
                                  t.civilAffairsRegistered ? yesNo(*t.civilAffairsRegistered) : QString(),
                                  t.supervisorType,
                                  t.supervisor,
                                  t.founded,
                                  t.serviceCategories.join(u'、'),
                                  regionName(t.province),
                                  regionName(t.city),
                                  regionName(t.county)};
    }
    return table;
}

} // namespace kjzy
