#include "ReferenceData.h"

#include "ResourceText.h"
#include "core/CsvParser.h"

#include <QHash>

namespace kjzy {

namespace {

// Rows of a compiled-in CSV as column-name -> value maps.
QList<QHash<QString, QString>> readTable(const QString& fileName)
{
    const auto rows = CsvParser::parse(ResourceText::read(fileName));
    QList<QHash<QString, QString>> out;
    if (rows.isEmpty())
        return out;
    const QStringList header = rows.first();
    for (qsizetype r = 1; r < rows.size(); ++r) {
        QHash<QString, QString> record;
        for (qsizetype c = 0; c < header.size() && c < rows[r].size(); ++c)
            record.insert(header[c].trimmed(), rows[r][c].trimmed());
        out.append(record);
    }
    return out;
}

QStringList splitAliases(const QString& text)
{
    QStringList out;
    for (const auto& part : text.split(u';', Qt::SkipEmptyParts))
        out << part.trimmed();
    return out;
}

} // namespace

const ReferenceData& ReferenceData::instance()
{
    static const ReferenceData data;
    return data;
}

ReferenceData::ReferenceData()
    : m_politicalStatus(QStringLiteral("political_status"), QStringLiteral("政治面貌")),
      m_ethnicity(QStringLiteral("ethnicity"), QStringLiteral("民族")),
      m_education(QStringLiteral("education"), QStringLiteral("最高学历")),
      m_title(QStringLiteral("title"), QStringLiteral("职称")),
      m_occupation(QStringLiteral("occupation"), QStringLiteral("从业类别")),
      m_serviceCategories(QStringLiteral("service_categories"), QStringLiteral("服务类别")),
      m_serviceFields(QStringLiteral("service_fields"), QStringLiteral("服务领域或行业")),
      m_gender(QStringLiteral("gender"), QStringLiteral("性别")),
      m_yesNo(QStringLiteral("yes_no"), QStringLiteral("是/否")),
      m_supervisorTypes(QStringLiteral("supervisor_type"), QStringLiteral("主管单位类型"))
{
    for (const auto& row : readTable(QStringLiteral("political_status.csv"))) {
        m_politicalStatus.add(row.value(QStringLiteral("short_name")),
                              QStringList{row.value(QStringLiteral("name"))} +
                                  splitAliases(row.value(QStringLiteral("aliases"))));
    }
    for (const auto& row : readTable(QStringLiteral("ethnic_groups.csv")))
        m_ethnicity.add(row.value(QStringLiteral("name")));
    for (const auto& row : readTable(QStringLiteral("education_levels.csv")))
        m_education.add(row.value(QStringLiteral("name")), {row.value(QStringLiteral("gb_t_4658_name"))});
    for (const auto& row : readTable(QStringLiteral("professional_titles.csv")))
        m_title.add(row.value(QStringLiteral("name")), splitAliases(row.value(QStringLiteral("examples"))));
    for (const auto& row : readTable(QStringLiteral("occupation_categories.csv")))
        m_occupation.add(row.value(QStringLiteral("name")),
                         splitAliases(row.value(QStringLiteral("aliases"))));
    for (const auto& row : readTable(QStringLiteral("supervisor_types.csv")))
        m_supervisorTypes.add(row.value(QStringLiteral("name")));

    const QHash<QString, ValueList*> formLists{
        {QStringLiteral("service_category"), &m_serviceCategories},
        {QStringLiteral("service_field"), &m_serviceFields},
        {QStringLiteral("gender"), &m_gender},
        {QStringLiteral("yes_no"), &m_yesNo},
        {QStringLiteral("education"), &m_education},
        {QStringLiteral("professional_title"), &m_title},
    };
    for (const auto& row : readTable(QStringLiteral("form_lists.csv"))) {
        if (ValueList* list = formLists.value(row.value(QStringLiteral("list"))))
            list->add(row.value(QStringLiteral("value")), splitAliases(row.value(QStringLiteral("aliases"))));
    }

    for (const auto& row : readTable(QStringLiteral("team_categories.csv"))) {
        m_teamCategories.append(TeamCategory{row.value(QStringLiteral("code")),
                                             row.value(QStringLiteral("name")),
                                             row.value(QStringLiteral("standard_name_pattern")),
                                             row.value(QStringLiteral("parent_category"))});
    }
}

const TeamCategory* ReferenceData::teamCategory(const QString& code) const
{
    for (const auto& category : m_teamCategories) {
        if (category.code == code)
            return &category;
    }
    return nullptr;
}

} // namespace kjzy
