#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace kjzy::test {

// Rows of a CSV file in tests/data as header -> value maps (header row removed, trailing blank
// line skipped). Stops the test with qFatal when the file is missing or a row has the wrong width.
QList<QHash<QString, QString>> readCsv(const QString& name);

} // namespace kjzy::test
