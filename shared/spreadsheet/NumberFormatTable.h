#pragma once

#include <QList>
#include <QStringView>

namespace kjzy {

class XmlPartReader;

// Which cell styles (xl/styles.xml cellXfs, by the cell's s attribute) show a number as a date or
// time: built-in formats 14–22, 27–36, 45–47, 50–58, or a custom numFmt whose code holds date or
// time tokens (y m d h s) outside quoted text and [brackets] other than elapsed time ([h] [mm] [ss]).
class NumberFormatTable
{
public:
    // Reads xl/styles.xml; false on an error (see the reader's error()).
    bool load(XmlPartReader& part);

    bool isDateStyle(int styleIndex) const
    {
        return styleIndex >= 0 && styleIndex < m_dateStyles.size() && m_dateStyles[styleIndex];
    }

    static bool isBuiltInDateFormat(int numFmtId);
    static bool isDateFormatCode(QStringView code);

private:
    QList<bool> m_dateStyles;
};

} // namespace kjzy
