#pragma once

#include <QStringList>
#include <QTextStream>

namespace kjzy::cli {

// A plain-text table for terminals; CJK characters count as two columns so columns line up.
class TextTable
{
public:
    explicit TextTable(QStringList header) : m_header(std::move(header)) {}
    void addRow(QStringList row) { m_rows << std::move(row); }
    void print(QTextStream& out) const;
    static int displayWidth(const QString& text);

private:
    QStringList m_header;
    QList<QStringList> m_rows;
};

} // namespace kjzy::cli
