#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace kjzy {

// A closed list of values (a form's drop-down) with the aliases accepted on input.
// Lookup ignores whitespace and full-width forms; the canonical value is what gets stored.
class ValueList
{
public:
    ValueList() = default;
    ValueList(QString field, QString label);

    void add(const QString& canonical, const QStringList& aliases = {});
    std::optional<QString> canonicalize(const QString& input) const;
    // True when `input` is exactly a canonical value: canonicalize() would return it unchanged.
    bool isCanonical(const QString& input) const;
    bool contains(const QString& canonical) const { return m_values.contains(canonical); }
    const QStringList& values() const { return m_values; }
    QString field() const { return m_field; }
    QString label() const { return m_label; } // Chinese column label, e.g. 政治面貌

private:
    QString m_field;
    QString m_label;
    QStringList m_values;
    QHash<QString, QString> m_lookup; // lookup key -> canonical
    // Canonical values that are their own lookup's answer: given exactly, they need no
    // normalising (two NFKC passes per value were most of validating a synced record).
    QSet<QString> m_selfCanonical;
};

} // namespace kjzy
