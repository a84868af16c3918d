#pragma once

#include "FieldValue.h"

#include <QJsonObject>
#include <QList>

#include <initializer_list>
#include <utility>

namespace kjzy {

// The fields of one synced record or change (CLI.md JSON keys → values), kept sorted by key the way
// QJsonObject keeps them, so iteration order, the wire's field shapes and the JSON texts written
// from it are what they were when records were QJsonObjects. A sorted vector: records have at most
// seventeen fields, and lookups by a literal key need no QString.
class FieldMap
{
public:
    using Entry = std::pair<QString, FieldValue>;

    class const_iterator
    {
    public:
        explicit const_iterator(QList<Entry>::const_iterator at) : m_at(at) {}
        const QString& key() const { return m_at->first; }
        const FieldValue& value() const { return m_at->second; }
        const Entry& operator*() const { return *m_at; }
        const_iterator& operator++()
        {
            ++m_at;
            return *this;
        }
        bool operator==(const const_iterator&) const = default;

    private:
        QList<Entry>::const_iterator m_at;
    };

    FieldMap() = default;
    FieldMap(std::initializer_list<Entry> entries);
    // JSON from the outbox, the CLI and tests (see FieldValue::fromJson).
    FieldMap(const QJsonObject& json);
    QJsonObject toJson() const;
    // Compact JSON text, byte for byte what QJsonDocument writes for toJson(): the outbox and the
    // registry store it, and building the QJsonObject to write it cost more than storing the row.
    QString toJsonText() const;
    // Entries already sorted by key without duplicates, as a decoded wire shape gives them.
    static FieldMap fromSortedEntries(QList<Entry> entries);

    // Keys as QString / u"…" or as Latin-1 literals: no QString made for a lookup.
    FieldValue value(QStringView key) const;
    FieldValue value(QLatin1StringView key) const;
    // The value, or nullptr when the field is absent: no copy.
    const FieldValue* find(QStringView key) const;
    const FieldValue* find(QLatin1StringView key) const;
    bool contains(QStringView key) const { return find(key) != nullptr; }
    bool contains(QLatin1StringView key) const { return find(key) != nullptr; }
    // The values of `sortedKeys` (sorted as keys() is), nullptr where absent: one merge pass
    // instead of a search per key, for the stores that bind every column of a record.
    QList<const FieldValue*> findSorted(const QStringList& sortedKeys) const;
    void insert(const QString& key, FieldValue value);
    // As QJsonObject's: the field, inserted as null when absent.
    FieldValue& operator[](const QString& key);
    void remove(QStringView key);

    QStringList keys() const;
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }
    const QList<Entry>& entries() const { return m_entries; }

    const_iterator begin() const { return const_iterator(m_entries.cbegin()); }
    const_iterator end() const { return const_iterator(m_entries.cend()); }
    const_iterator constBegin() const { return begin(); }
    const_iterator constEnd() const { return end(); }

    bool operator==(const FieldMap&) const = default;

private:
    // The first entry whose key is not less than `key`.
    template <typename Key> QList<Entry>::const_iterator lowerBound(Key key) const;
    template <typename Key> const FieldValue* findKey(Key key) const;

    QList<Entry> m_entries;
};

} // namespace kjzy
