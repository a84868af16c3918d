#include "RegistrationTemplate.h"

#include "core/TextNormalizer.h"

#include <QHash>

namespace kjzy {

namespace {

TemplateColumn column(const char16_t* field, const char16_t* header, QStringList aliases = {})
{
    return TemplateColumn{QString::fromUtf16(field), QString::fromUtf16(header), std::move(aliases)};
}

} // namespace

const QList<TemplateColumn>& RegistrationTemplate::columns(TemplateKind kind)
{
    // Column order and texts as printed on the notice's forms.
    static const QList<TemplateColumn> organizations{
        column(u"seq", u"序号"),
        column(u"name", u"组织名称", {QStringLiteral("队伍名称"), QStringLiteral("组织（队伍）名称")}),
        column(u"admin_mobile", u"管理员手机号", {QStringLiteral("管理员手机号码"), QStringLiteral("管理员手机")}),
        column(u"civil_affairs_registered", u"是否在民政部门注册", {QStringLiteral("是否在民政部门登记")}),
        column(u"supervisor_type", u"主管单位类型"),
        column(u"supervisor", u"主管单位"),
        column(u"founded", u"成立日期", {QStringLiteral("成立时间")}),
        column(u"service_categories", u"服务类别"),
        column(u"province", u"所在区域省", {QStringLiteral("所在省")}),
        column(u"city", u"所在区域市", {QStringLiteral("所在市")}),
        column(u"county", u"所在区域县", {QStringLiteral("所在县"), QStringLiteral("所在区域县（市、区）")}),
    };
    static const QList<TemplateColumn> volunteers{
        column(u"seq", u"序号"),
        column(u"name", u"真实姓名", {QStringLiteral("姓名")}),
        column(u"mobile", u"手机号", {QStringLiteral("手机号码"), QStringLiteral("联系电话")}),
        column(u"gender", u"性别"),
        column(u"id_number", u"身份证号", {QStringLiteral("身份证号码"), QStringLiteral("公民身份号码")}),
        column(u"political_status", u"政治面貌"),
        column(u"ethnicity", u"民族"),
        column(u"employer", u"工作单位"),
        column(u"title", u"职称"),
        column(u"education", u"最高学历", {QStringLiteral("学历")}),
        column(u"occupation", u"从业类别"),
        column(u"province", u"所在区域省", {QStringLiteral("所在省")}),
        column(u"city", u"所在区域市", {QStringLiteral("所在市")}),
        column(u"county", u"所在区域县", {QStringLiteral("所在县"), QStringLiteral("所在区域县（市、区）")}),
        column(u"service_categories", u"服务类别"),
        column(u"service_fields", u"服务领域或行业", {QStringLiteral("服务领域")}),
        column(u"three_heads", u"是否为基层“三长”", {QStringLiteral("是否基层“三长”"), QStringLiteral("基层“三长”")}),
    };
    return kind == TemplateKind::Organizations ? organizations : volunteers;
}

QString RegistrationTemplate::marker(TemplateKind kind)
{
    return kind == TemplateKind::Organizations ? QStringLiteral("附件1") : QStringLiteral("附件2");
}

QString RegistrationTemplate::title(TemplateKind kind)
{
    return kind == TemplateKind::Organizations ? QStringLiteral("科技志愿服务组织集体注册信息表")
                                               : QStringLiteral("科技志愿者集体注册信息表");
}

QString RegistrationTemplate::headerKey(const QString& cellText)
{
    QString key = TextNormalizer::lookupKey(cellText);
    static const QString quotes = QStringLiteral("“”\"'‘’「」*＊");
    key.removeIf([](QChar c) { return quotes.contains(c); });
    // NFKC turns （） into (); keep one spelling.
    return key;
}

std::optional<QString> RegistrationTemplate::fieldForHeader(TemplateKind kind, const QString& cellText)
{
    const QString key = headerKey(cellText);
    if (key.isEmpty())
        return std::nullopt;
    for (const auto& column : columns(kind)) {
        if (headerKey(column.header) == key)
            return column.field;
        for (const auto& alias : column.aliases) {
            if (headerKey(alias) == key)
                return column.field;
        }
    }
    return std::nullopt;
}

QStringList RegistrationTemplate::identifyingFields(TemplateKind kind)
{
    return kind == TemplateKind::Organizations ? QStringList{QStringLiteral("name"), QStringLiteral("admin_mobile")}
                                               : QStringList{QStringLiteral("name"), QStringLiteral("id_number")};
}

} // namespace kjzy
