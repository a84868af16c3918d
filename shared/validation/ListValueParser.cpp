#include "ListValueParser.h"

#include "core/TextNormalizer.h"

namespace kjzy {

FieldResult<QString> ListValueParser::parse(const QString& raw, const ValueList& list)
{
    // Synced and exported values are canonical already: the same answer without normalising.
    if (list.isCanonical(raw))
        return raw;
    const QString trimmed = TextNormalizer::cleanFreeText(raw);
    if (trimmed.isEmpty())
        return QString();
    if (auto canonical = list.canonicalize(trimmed))
        return *canonical;
    return std::unexpected(ValidationIssue{
        list.field(),
        trimmed,
        QStringLiteral("list.unknown"),
        QStringLiteral("不是%1的可选值，请从下拉列表中选择：%2").arg(list.label(), list.values().join(u'、')),
        {}});
}

} // namespace kjzy
