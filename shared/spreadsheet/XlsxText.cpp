#include "XlsxText.h"

#include "TableWriter.h"

namespace kjzy::xlsx::text {

using namespace Qt::StringLiterals;

// Excel refuses []:*?/\ in a sheet name, an apostrophe at either end and more than 31 characters.
// Characters XML cannot carry (controls, U+FFFE, U+FFFF, unpaired surrogates) are dropped too.
QString sanitizedSheetName(const TemplateTable& table)
{
    QString source = table.sheetName.trimmed();
    if (source.isEmpty())
        source = table.title.trimmed();
    QString name;
    for (qsizetype i = 0; i < source.size(); ++i) {
        const QChar ch = source.at(i);
        if (ch.isHighSurrogate() && i + 1 < source.size() && source.at(i + 1).isLowSurrogate()) {
            name += ch;
            name += source.at(++i);
            continue;
        }
        if (ch.unicode() < 0x20 || ch.isSurrogate() || ch.unicode() >= 0xFFFE || u"[]:*?/\\"_s.contains(ch))
            continue;
        name += ch;
    }
    auto trim = [&name] {
        name = name.trimmed();
        while (name.startsWith(u'\'') || name.endsWith(u'\'')) {
            name = name.startsWith(u'\'') ? name.mid(1) : name.chopped(1);
            name = name.trimmed();
        }
    };
    trim();
    if (name.size() > kMaxSheetNameLength) {
        qsizetype cut = kMaxSheetNameLength;
        if (name.at(cut - 1).isHighSurrogate())
            --cut; // never split a surrogate pair
        name.truncate(cut);
        trim();
    }
    return name.isEmpty() ? u"Sheet1"_s : name;
}

// The length Excel counts and limits: that of the stored text (cellText()), with escapes decoded.
qsizetype storedLength(const QString& text)
{
    if (text.size() <= kMaxCellLength)
        return text.size(); // it can only shrink: CR LF becomes one LF
    return text.size() - text.count(u"\r\n"_s);
}

namespace {

int hexDigit(QChar ch)
{
    const char16_t u = ch.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

} // namespace

// True when `text` holds "_xHHHH_" at `at`: Excel would read it as an escaped character.
bool looksLikeEscape(const QString& text, qsizetype at)
{
    if (at + 7 > text.size() || text.at(at + 1) != u'x' || text.at(at + 6) != u'_')
        return false;
    for (qsizetype k = at + 2; k < at + 6; ++k) {
        if (hexDigit(text.at(k)) < 0)
            return false;
    }
    return true;
}

namespace {

void appendEscape(QString& out, char16_t code)
{
    out += u"_x"_s + QString::number(code, 16).toUpper().rightJustified(4, u'0') + u'_';
}

} // namespace

// A cell's text as SpreadsheetML stores it. CR LF and a lone CR become LF, Excel's line break.
// XML 1.0 cannot carry the other control characters, U+FFFE or U+FFFF. They are not dropped but,
// as Excel does, written as the escape "_xHHHH_" (U+0001 becomes "_x0001_"), which Excel and our
// XlsxReader decode. So that text already reading like an escape ("_x0041_") comes back unchanged,
// its "_" is escaped as "_x005F_". An unpaired surrogate has no UTF-8 form: it becomes U+FFFD.
QString cellText(const QString& text)
{
    auto plain = [](char16_t u) {
        return (u >= 0x20 || u == u'\t' || u == u'\n') && u != u'_' && !QChar::isSurrogate(u) && u < 0xFFFE;
    };
    if (std::all_of(text.cbegin(), text.cend(), [&](QChar ch) { return plain(ch.unicode()); }))
        return text; // shared, not copied: the common case
    QString out;
    out.reserve(text.size() + 16);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        const char16_t u = ch.unicode();
        if (plain(u)) {
            out += ch;
        } else if (u == u'\r') {
            out += u'\n';
            if (i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
        } else if (u == u'_') {
            out += looksLikeEscape(text, i) ? u"_x005F_"_s : u"_"_s;
        } else if (ch.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += ch;
            out += text.at(++i);
        } else if (ch.isSurrogate()) {
            out += QChar::ReplacementCharacter;
        } else {
            appendEscape(out, u); // a control character, U+FFFE or U+FFFF
        }
    }
    return out;
}

// Excel keeps leading and trailing white space only when the element says so.
bool needsPreserve(const QString& text)
{
    auto space = [](QChar ch) { return ch == u' ' || ch == u'\t' || ch == u'\n'; };
    return !text.isEmpty() && (space(text.front()) || space(text.back()));
}

} // namespace kjzy::xlsx::text
