#include "support/TestData.h"

#include "core/CsvParser.h"

#include <QFile>
#include <QStringList>
#include <QtGlobal>

namespace kjzy::test {

QList<QHash<QString, QString>> readCsv(const QString& name)
{
    QFile file(QStringLiteral(KJZY_TEST_DATA_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", qPrintable(file.fileName()));
    const QList<QStringList> rows = CsvParser::parse(QString::fromUtf8(file.readAll()));
    QList<QHash<QString, QString>> out;
    if (rows.isEmpty())
        return out;
    const QStringList header = rows.first();
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList& row = rows[r];
        if (row.size() == 1 && row.first().isEmpty())
            continue; // trailing blank line
        if (row.size() != header.size())
            qFatal("%s row %lld has %lld fields, header has %lld", qPrintable(name),
                   static_cast<long long>(r), static_cast<long long>(row.size()),
                   static_cast<long long>(header.size()));
        QHash<QString, QString> map;
        for (qsizetype c = 0; c < header.size(); ++c)
            map.insert(header[c], row[c]);
        out << map;
    }
    return out;
}

} // namespace kjzy::test
