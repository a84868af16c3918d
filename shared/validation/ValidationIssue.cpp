#include "ValidationIssue.h"

#include <QHash>

namespace kjzy {

QString fieldLabel(const QString& field)
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("id"), QStringLiteral("编号")},
        {QStringLiteral("name"), QStringLiteral("姓名")},
        {QStringLiteral("mobile"), QStringLiteral("手机号")},
        {QStringLiteral("gender"), QStringLiteral("性别")},
        {QStringLiteral("id_number"), QStringLiteral("身份证号")},
        {QStringLiteral("political_status"), QStringLiteral("政治面貌")},
        {QStringLiteral("ethnicity"), QStringLiteral("民族")},
        {QStringLiteral("employer"), QStringLiteral("工作单位")},
        {QStringLiteral("title"), QStringLiteral("职称")},
        {QStringLiteral("education"), QStringLiteral("最高学历")},
        {QStringLiteral("occupation"), QStringLiteral("从业类别")},
        {QStringLiteral("province"), QStringLiteral("所在区域省")},
        {QStringLiteral("city"), QStringLiteral("所在区域市")},
        {QStringLiteral("county"), QStringLiteral("所在区域县")},
        {QStringLiteral("service_categories"), QStringLiteral("服务类别")},
        {QStringLiteral("service_fields"), QStringLiteral("服务领域或行业")},
        {QStringLiteral("three_heads"), QStringLiteral("是否为基层“三长”")},
        {QStringLiteral("teams"), QStringLiteral("所属队伍")},
        {QStringLiteral("team_name"), QStringLiteral("组织名称")},
        {QStringLiteral("category"), QStringLiteral("队伍类别")},
        {QStringLiteral("parent"), QStringLiteral("上级队伍")},
        {QStringLiteral("admin_mobile"), QStringLiteral("管理员手机号")},
        {QStringLiteral("civil_affairs_registered"), QStringLiteral("是否在民政部门注册")},
        {QStringLiteral("supervisor_type"), QStringLiteral("主管单位类型")},
        {QStringLiteral("supervisor"), QStringLiteral("主管单位")},
        {QStringLiteral("founded"), QStringLiteral("成立日期")},
    };
    return labels.value(field, field);
}

QString ValidationIssue::toText() const
{
    return QStringLiteral("%1「%2」：%3 [%4]")
        .arg(label.isEmpty() ? fieldLabel(field) : label, value, message, rule);
}

} // namespace kjzy
