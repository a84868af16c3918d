#include "ValueList.h"

#include "core/TextNormalizer.h"

namespace kjzy {

ValueList::ValueList(QString field, QString label) : m_field(std::move(field)), m_label(std::move(label)) {}

void ValueList::add(const QString& canonical, const QStringList& aliases)
{
    if (!m_values.contains(canonical))
        m_values.append(canonical);
    m_lookup.insert(TextNormalizer::lookupKey(canonical), canonical);
    for (const auto& alias : aliases) {
        const QString key = TextNormalizer::lookupKey(alias);
        // The first owner of an alias keeps it: list files are ordered by precedence.
        if (!key.isEmpty() && !m_lookup.contains(key))
            m_lookup.insert(key, canonical);
    }
}

std::optional<QString> ValueList::canonicalize(const QString& input) const
{
    const auto it = m_lookup.constFind(TextNormalizer::lookupKey(input));
    if (it == m_lookup.cend())
        return std::nullopt;
    return *it;
}

} // namespace kjzy
