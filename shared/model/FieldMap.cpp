#include "FieldMap.h"

#include "core/JsonWriter.h"

#include <algorithm>

namespace kjzy {

FieldMap::FieldMap(std::initializer_list<Entry> entries)
{
    for (const Entry& entry : entries)
        insert(entry.first, entry.second);
}

FieldMap::FieldMap(const QJsonObject& json)
{
    // QJsonObject iterates in key order already: appending keeps the vector sorted.
    m_entries.reserve(json.size());
    for (auto it = json.constBegin(); it != json.constEnd(); ++it)
        insert(it.key(), FieldValue::fromJson(it.value()));
}

QJsonObject FieldMap::toJson() const
{
    QJsonObject json;
    for (const Entry& entry : m_entries)
        json.insert(entry.first, entry.second.toJson());
    return json;
}

QString FieldMap::toJsonText() const
{
    JsonWriter json;
    // Keys, values, quotes and separators: a record's fields fit in about 40 units each.
    json.reserve(2 + 40 * m_entries.size());
    json.beginObject();
    for (const Entry& entry : m_entries) {
        json.key(entry.first);
        const FieldValue& value = entry.second;
        switch (value.kind()) {
        case FieldValue::Kind::Text:
            json.value(value.text());
            break;
        case FieldValue::Kind::Bool:
            json.value(value.toBool());
            break;
        case FieldValue::Kind::List:
            json.value(value.toStringList());
            break;
        case FieldValue::Kind::Null:
        case FieldValue::Kind::Undefined: // never stored: insert() removes it
            json.null();
            break;
        }
    }
    json.endObject();
    return json.text();
}

FieldMap FieldMap::fromSortedEntries(QList<Entry> entries)
{
    Q_ASSERT(std::is_sorted(entries.cbegin(), entries.cend(),
                            [](const Entry& x, const Entry& y) { return x.first < y.first; }));
    FieldMap map;
    map.m_entries = std::move(entries);
    return map;
}

template <typename Key> QList<FieldMap::Entry>::const_iterator FieldMap::lowerBound(Key key) const
{
    // QString's order (UTF-16 code units), which is QJsonObject's for the ASCII keys records have.
    return std::lower_bound(m_entries.cbegin(), m_entries.cend(), key, [](const Entry& entry, Key k) {
        return QStringView(entry.first).compare(k) < 0;
    });
}

template <typename Key> const FieldValue* FieldMap::findKey(Key key) const
{
    const auto at = lowerBound(key);
    if (at == m_entries.cend() || QStringView(at->first).compare(key) != 0)
        return nullptr;
    return &at->second;
}

const FieldValue* FieldMap::find(QStringView key) const
{
    return findKey(key);
}

const FieldValue* FieldMap::find(QLatin1StringView key) const
{
    return findKey(key);
}

FieldValue FieldMap::value(QStringView key) const
{
    const FieldValue* found = find(key);
    return found ? *found : FieldValue();
}

FieldValue FieldMap::value(QLatin1StringView key) const
{
    const FieldValue* found = find(key);
    return found ? *found : FieldValue();
}

QList<const FieldValue*> FieldMap::findSorted(const QStringList& sortedKeys) const
{
    QList<const FieldValue*> found(sortedKeys.size(), nullptr);
    auto entry = m_entries.cbegin();
    for (qsizetype i = 0; i < sortedKeys.size() && entry != m_entries.cend(); ++i) {
        while (entry != m_entries.cend() && entry->first < sortedKeys.at(i))
            ++entry;
        if (entry != m_entries.cend() && entry->first == sortedKeys.at(i))
            found[i] = &entry->second;
    }
    return found;
}

void FieldMap::insert(const QString& key, FieldValue value)
{
    // As QJsonObject: inserting "absent" removes the field.
    if (value.isUndefined()) {
        remove(key);
        return;
    }
    // Appending in key order is the common case (decoding, building from sorted JSON).
    if (m_entries.isEmpty() || m_entries.constLast().first < key) {
        m_entries.emplace_back(key, std::move(value));
        return;
    }
    const qsizetype at = lowerBound(QStringView(key)) - m_entries.cbegin();
    if (at < m_entries.size() && m_entries.at(at).first == key)
        m_entries[at].second = std::move(value);
    else
        m_entries.insert(at, Entry{key, std::move(value)});
}

FieldValue& FieldMap::operator[](const QString& key)
{
    const qsizetype at = lowerBound(QStringView(key)) - m_entries.cbegin();
    if (at == m_entries.size() || m_entries.at(at).first != key)
        m_entries.insert(at, Entry{key, FieldValue(nullptr)});
    return m_entries[at].second;
}

void FieldMap::remove(QStringView key)
{
    const auto at = lowerBound(key);
    if (at != m_entries.cend() && QStringView(at->first).compare(key) == 0)
        m_entries.remove(at - m_entries.cbegin());
}

QStringList FieldMap::keys() const
{
    QStringList out;
    out.reserve(m_entries.size());
    for (const Entry& entry : m_entries)
        out << entry.first;
    return out;
}

} // namespace kjzy
