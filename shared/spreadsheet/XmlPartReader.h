#pragma once

#include "core/Error.h"

#include <QString>
#include <QXmlStreamReader>

#include <algorithm>
#include <memory>

namespace kjzy {

class ZipPackage;
class ZipEntryReader;

// Streams one XML part of a zip package through QXmlStreamReader (fed chunk by chunk as it asks
// for more, so memory stays flat whatever the part's size), refusing any DTD (OOXML never
// needs one, and a DTD is how entity-expansion bombs get in), and turns whatever went wrong
// (inflation budget, damaged entry, DTD, malformed XML, a limit the caller hit) into one Chinese
// error naming the file and the part.
class XmlPartReader
{
public:
    XmlPartReader(ZipPackage& package, QString partName);
    ~XmlPartReader();
    XmlPartReader(const XmlPartReader&) = delete;
    XmlPartReader& operator=(const XmlPartReader&) = delete;

    // false when the part is missing or cannot be opened; see error().
    bool open();

    QXmlStreamReader& xml() { return m_xml; }

    // Element and attribute name comparison for the hot loops: lengths first, no library call.
    static bool is(QStringView name, QStringView expected)
    {
        return name.size() == expected.size() && std::equal(name.begin(), name.end(), expected.begin());
    }
    const QString& partName() const { return m_partName; }
    ZipPackage& package() { return m_package; }

    // The next token, inflating more of the entry whenever the parser runs dry; a DTD stops the
    // reader with an error (Invalid is returned). Never call the QXmlStreamReader's own readNext()
    // or skipCurrentElement(): they would stop at the end of the data inflated so far.
    QXmlStreamReader::TokenType next();
    // Skips the current element up to its end tag. false on an error.
    bool skipElement();
    bool failed() const { return m_xml.hasError(); }

    // Appends the character data of the current element up to its end tag (ignoring nested
    // elements' tags). Stops appending once `out` is longer than `maxChars` but still reads to the
    // end tag, so the caller can see `out.size() > maxChars` and report the limit in its terms.
    // false on an XML error.
    bool appendText(QString& out, qsizetype maxChars);
    // For <si> and <is>: the element's plain <t> text or its rich-text runs joined, phonetic runs
    // (<rPh>) left out, _xHHHH_ escapes decoded. As appendText, but as an escape shrinks seven
    // characters to one, the raw text may run to 7 × maxChars before it stops growing; the caller
    // checks the decoded length.
    bool readStringItem(QString& out, qsizetype maxChars);

    // Stops reading with a content error (a limit, a dangling index); `message` is the whole
    // user-facing text.
    void fail(const QString& message);

    // Reads the rest of the entry, closes it and checks its CRC. false on any error.
    bool finish();
    Error error() const;

private:
    ZipPackage& m_package;
    QString m_partName;
    std::unique_ptr<ZipEntryReader> m_entry;
    QXmlStreamReader m_xml;
    QString m_customMessage;
    bool m_exhausted = false; // the whole entry has been handed to the parser
    bool m_missing = false;
    bool m_dtd = false;
    bool m_finished = false;
};

} // namespace kjzy
