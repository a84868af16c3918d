#pragma once

#include <QList>
#include <QString>

#include <expected>

namespace kjzy {

// One broken rule of one field. Validators return every issue of a record at once.
struct ValidationIssue
{
    QString field;   // the JSON key of the field, e.g. id_number (CLI.md)
    QString value;   // the value as given; masked when the field is personal
    QString rule;    // stable rule code, e.g. id_number.checksum
    QString message; // Chinese, telling a township clerk what to correct
    QString label;   // Chinese field label when it differs from fieldLabel(field)

    // "身份证号「410105********0130」：… [id_number.checksum]" — one line for stderr or a report.
    QString toText() const;
};

using ValidationIssues = QList<ValidationIssue>;

// A field parser's outcome: the canonical value or the one rule it broke.
template <typename T> using FieldResult = std::expected<T, ValidationIssue>;

// A record validator's outcome: the canonical record (meaningful only when `issues` is empty)
// plus every issue found.
template <typename T> struct Validated
{
    T value;
    ValidationIssues issues;
    bool ok() const { return issues.isEmpty(); }
};

// Chinese label of a field key (id_number -> 身份证号), for messages and reports.
QString fieldLabel(const QString& field);

} // namespace kjzy
