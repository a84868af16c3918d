#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace kjzy {

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF.
// Decoding bytes to text is the caller's job (UTF-8 or GB18030 is detected elsewhere).
class CsvParser
{
public:
    static QList<QStringList> parse(QStringView text, QChar separator = u',');

    // Quotes a field when it holds a separator, quote or line break.
    static QString quote(const QString& field, QChar separator = u',');
};

} // namespace kjzy
