#include "TextTable.h"

namespace kjzy::cli {

int TextTable::displayWidth(const QString& text)
{
    int width = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        // CJK ideographs, full-width forms and CJK punctuation occupy two terminal cells.
        const bool wide = (u >= 0x1100 && u <= 0x115F) || (u >= 0x2E80 && u <= 0xA4CF) ||
                          (u >= 0xAC00 && u <= 0xD7A3) || (u >= 0xF900 && u <= 0xFAFF) ||
                          (u >= 0xFE30 && u <= 0xFE4F) || (u >= 0xFF00 && u <= 0xFF60) ||
                          (u >= 0xFFE0 && u <= 0xFFE6);
        width += wide ? 2 : 1;
    }
    return width;
}

void TextTable::print(QTextStream& out) const
{
    QList<int> widths(m_header.size(), 0);
    auto measure = [&widths](const QStringList& row) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], displayWidth(row[i]));
    };
    measure(m_header);
    for (const auto& row : m_rows)
        measure(row);
    auto printRow = [&](const QStringList& row) {
        QString line;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const QString cell = i < row.size() ? row[i] : QString();
            line += cell;
            if (i + 1 < widths.size())
                line += QString(widths[i] - displayWidth(cell) + 2, u' ');
        }
        while (line.endsWith(u' '))
            line.chop(1);
        out << line << Qt::endl;
    };
    printRow(m_header);
    for (const auto& row : m_rows)
        printRow(row);
}

} // namespace kjzy::cli
