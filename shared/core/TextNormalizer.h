#pragma once

#include <QString>

namespace kjzy {

// Normalisation applied to user-typed text before comparing it with reference values.
class TextNormalizer
{
public:
    // Unicode NFKC: full-width digits and letters, the ideographic space (U+3000) and
    // full-width punctuation become their ASCII forms.
    static QString nfkc(const QString& text);

    // Removes every whitespace character, including line breaks inside spreadsheet cells.
    static QString removeWhitespace(const QString& text);

    // NFKC + no whitespace: the key used to look up list values, region names, headers.
    static QString lookupKey(const QString& text);

    // NFKC + trimmed + inner runs of whitespace collapsed: free text such as names and employers.
    static QString cleanFreeText(const QString& text);
};

} // namespace kjzy
