#pragma once

#include "ValidationIssue.h"

#include <QDate>
#include <QString>

namespace kjzy {

// A resident identity number (公民身份号码) that passed GB 11643-1999.
struct IdNumberInfo
{
    QString number; // 18 ASCII characters, upper-case X
    QDate birthDate;
    QString gender;      // 男 | 女, from the 17th digit (odd = male)
    QString addressCode; // positions 1-6; may be an abolished code, so never checked against today's list
};

// GB 11643-1999 validation in the order of shared/data/id_numbers.md §3:
// normalise → legacy 15 → characters → length → province prefix → birth date → check character.
class IdNumber
{
public:
    enum class Rule
    {
        Empty,
        Legacy15,
        Chars,
        Length,
        Province,
        DateInvalid,
        DateFuture,
        DateTooEarly,
        Checksum
    };

    // NFKC (full-width digits and Ｘ), every whitespace removed, upper case. Hyphens stay (and fail).
    static QString normalize(const QString& raw);
    // Lenient: normalises first. `today` bounds the birth date (injected for tests).
    static FieldResult<IdNumberInfo> parse(const QString& raw, QDate today);
    // Strict: the raw string exactly as typed.
    static FieldResult<IdNumberInfo> parseStrict(const QString& raw, QDate today);
    // ISO 7064 MOD 11-2 over the first 17 digits; '\0' when they are not 17 digits.
    static QChar checkCharacter(QStringView first17);
    // 15-digit first-generation number -> 18 digits (assumes the 1900s), for migrating old records.
    static std::optional<QString> upgradeLegacy(const QString& fifteen);
    static QString ruleCode(Rule rule); // id_number.checksum, …

    static constexpr int kMinBirthYear = 1900; // plausibility bound, not part of GB 11643
};

} // namespace kjzy
