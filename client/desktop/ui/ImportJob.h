#pragma once

#include "importer/ImportReport.h"

#include <QFuture>
#include <QString>

namespace kjzy::desktop {

// A run of the real SheetImporter in a pool thread, on that thread's own connection to the
// database file (a connection belongs to the thread that opened it). Progress goes through the
// future (progressRange/progressValue = rows), so a QFutureWatcher on the UI thread can show it.
struct ImportJobResult
{
    bool ok = false;
    QString error; // Chinese, when !ok
    ImportReport report;
};

class ImportJob
{
public:
    static QFuture<ImportJobResult> start(const QString& databasePath, const QString& file, bool dryRun,
                                          const QString& teamId = {});
    // The rejects report as `kjzy import --rejects` writes it: UTF-8 with a BOM (for Excel).
    static bool saveRejects(const ImportReport& report, const QString& path, QString* error = nullptr);
};

} // namespace kjzy::desktop
