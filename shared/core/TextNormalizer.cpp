#include "TextNormalizer.h"

namespace kjzy {

QString TextNormalizer::nfkc(const QString& text)
{
    return text.normalized(QString::NormalizationForm_KC);
}

QString TextNormalizer::removeWhitespace(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (!c.isSpace())
            out += c;
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
