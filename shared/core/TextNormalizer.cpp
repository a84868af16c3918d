#include "TextNormalizer.h"

#include <algorithm>

namespace kjzy {

QString TextNormalizer::nfkc(const QString& text)
{
    return text.normalized(QString::NormalizationForm_KC);
}

QString TextNormalizer::removeWhitespace(const QString& text)
{
    // Most values hold no whitespace: they are returned as they are, without a copy.
    const auto isSpace = [](QChar c) { return c.isSpace(); };
    const auto first = std::find_if(text.cbegin(), text.cend(), isSpace);
    if (first == text.cend())
        return text;
    QString out = text.first(first - text.cbegin());
    out.reserve(text.size());
    for (auto it = first; it != text.cend(); ++it) {
        if (!it->isSpace())
            out += *it;
    }
    return out;
}

QString TextNormalizer::lookupKey(const QString& text)
{
    return removeWhitespace(nfkc(text));
}

QString TextNormalizer::cleanFreeText(const QString& text)
{
    return nfkc(text).simplified();
}

} // namespace kjzy
