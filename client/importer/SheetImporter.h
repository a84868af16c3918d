#pragma once

#include "HeaderLocator.h"
#include "ImportReport.h"
#include "clock/Clock.h"
#include "store/ClientDatabase.h"

#include <QDate>

#include <functional>

namespace kjzy {

struct ImportOptions
{
    QString teamId;    // 附件2: every volunteer of the sheet becomes a member of this team
    bool dryRun = false;
    QDate today;       // bound for birth and founding dates; invalid: the clock's date
    std::function<void(qsizetype done, qsizetype total)> progress;
};

// Takes in a returned 附件1/附件2 (.xlsx or .csv): every row ends imported, updated, unchanged,
// rejected (with all its problems) or skipped. The whole file is one transaction with its outbox
// entries; a dry run reports the same verdicts and writes nothing.
class SheetImporter
{
public:
    SheetImporter(ClientDatabase& database, const Clock& clock);

    Result<ImportReport> importFile(const QString& path, const ImportOptions& options);
    Result<ImportReport> importSheets(const QList<SheetData>& sheets, const QString& fileName,
                                      const ImportOptions& options);

    // The rejects report: `row,column,value,reason`, one line per problem (CLI.md).
    static QString rejectsCsv(const ImportReport& report);

private:
    Status importVolunteers(const SheetData& sheet, const LocatedHeader& header, const ImportOptions& options,
                            ImportReport& report);
    Status importTeams(const SheetData& sheet, const LocatedHeader& header, const ImportOptions& options,
                       ImportReport& report);

    ClientDatabase& m_database;
    const Clock& m_clock;
};

} // namespace kjzy
