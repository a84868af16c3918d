#include "ValueList.h"

#include "core/TextNormalizer.h"

namespace kjzy {

ValueList::ValueList(QString field, QString label) : m_field(std::move(field)), m_label(std::move(label)) {}

void ValueList::add(const QString& canonical, const QStringList& aliases)
{
    if (!m_values.contains(canonical))
        m_values.append(canonical);
    const QString ownKey = TextNormalizer::lookupKey(canonical);
    if (const auto previous = m_lookup.constFind(ownKey);
        previous != m_lookup.cend() && *previous != canonical)
        m_selfCanonical.remove(*previous);
    m_lookup.insert(ownKey, canonical);
    m_selfCanonical.insert(canonical);
    for (const auto& alias : aliases) {
        const QString key = TextNormalizer::lookupKey(alias);
        // The first owner of an alias keeps it: list files are ordered by precedence.
        if (!key.isEmpty() && !m_lookup.contains(key))
            m_lookup.insert(key, canonical);
    }
}

bool ValueList::isCanonical(const QString& input) const
{
    return m_selfCanonical.contains(input);
}

std::optional<QString> ValueList::canonicalize(const QString& input) const
{
    if (m_selfCanonical.contains(input))
        return input;
    const auto it = m_lookup.constFind(TextNormalizer::lookupKey(input));
    if (it == m_lookup.cend())
        return std::nullopt;
    return *it;
}

} // namespace kjzy
