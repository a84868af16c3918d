#pragma once

#include "XlsxReader.h"

#include <QList>
#include <QString>

namespace kjzy {

class XmlPartReader;

// xl/sharedStrings.xml: every <si>, plain or rich text (runs joined, phonetic runs left out), its
// whitespace and line breaks kept. Refuses more items than limits.maxSharedStrings and any item
// longer than limits.maxCellChars.
class SharedStringTable
{
public:
    // false on an error (see the reader's error()).
    bool load(XmlPartReader& part, const WorkbookLimits& limits);

    qsizetype size() const { return m_strings.size(); }
    const QString& at(qsizetype index) const { return m_strings.at(index); }

private:
    QList<QString> m_strings;
};

} // namespace kjzy
