#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace kjzy {

// The notice's two collective-registration templates (豫科协发〔2021〕33号 附件1 and 附件2).
enum class TemplateKind { Organizations, Volunteers };

struct TemplateColumn
{
    QString field;       // the record's JSON key (CLI.md); "seq" for 序号
    QString header;      // the header text as the template prints it (line breaks removed)
    QStringList aliases; // other header texts seen on returned forms
};

class RegistrationTemplate
{
public:
    static const QList<TemplateColumn>& columns(TemplateKind kind);
    static QString marker(TemplateKind kind); // 附件1 / 附件2
    static QString title(TemplateKind kind);  // 科技志愿服务组织集体注册信息表 / 科技志愿者集体注册信息表
    // A header cell as a comparison key: NFKC, no whitespace or line breaks, no quotes
    // (`服务领域\n或行业` = 服务领域或行业, `是否为基层“三长”` = 是否为基层三长).
    static QString headerKey(const QString& cellText);
    // The field a header cell names in this template, if any.
    static std::optional<QString> fieldForHeader(TemplateKind kind, const QString& cellText);
    // Fields whose presence identifies the template in a header row.
    static QStringList identifyingFields(TemplateKind kind);
};

} // namespace kjzy
