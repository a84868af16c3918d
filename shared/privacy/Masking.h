#pragma once

#include <QString>

namespace kjzy {

// Display masking of personal data, done in the data layer (never only in a widget).
class Masking
{
public:
    // 410105********123X: address code and last four kept. Never show an age beside it.
    static QString idNumber(const QString& idNumber);
    // 138****8000
    static QString mobile(const QString& mobile);
    // Replaces anything in free text that looks like an ID number (15/18 characters) or a mobile
    // number with its masked form. Used on every log line and on values quoted in messages.
    static QString scrub(const QString& text);
};

} // namespace kjzy
