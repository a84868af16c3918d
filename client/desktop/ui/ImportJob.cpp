#include "ImportJob.h"

#include "clock/Clock.h"
#include "importer/SheetImporter.h"
#include "store/ClientDatabase.h"

#include <QCoreApplication>
#include <QPromise>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace kjzy::desktop {

namespace {

void runImport(QPromise<ImportJobResult>& promise, const QString& databasePath, const QString& file,
               bool dryRun, const QString& teamId)
{
    ImportJobResult result;
    auto database = ClientDatabase::open(databasePath);
    if (!database) {
        result.error = database.error().message;
        promise.addResult(result);
        return;
    }
    if (auto region = (*database)->region(); !region) {
        result.error = region.error().message;
        promise.addResult(result);
        return;
    }
    SheetImporter importer(**database, SystemClock::instance());
    ImportOptions options;
    options.dryRun = dryRun;
    options.teamId = teamId;
    qsizetype rangeSent = -1;
    options.progress = [&promise, &rangeSent](qsizetype done, qsizetype total) {
        // Every range change reaches the UI thread as an event: send it once. Values are throttled
        // by QFutureInterface to a few per second.
        if (total != rangeSent) {
            promise.setProgressRange(0, int(total));
            rangeSent = total;
        }
        promise.setProgressValue(int(done));
    };
    auto report = importer.importFile(file, options);
    if (!report) {
        result.error = report.error().message;
    } else {
        result.ok = true;
        result.report = std::move(*report);
    }
    promise.addResult(result);
}

} // namespace

QFuture<ImportJobResult> ImportJob::start(const QString& databasePath, const QString& file, bool dryRun,
                                          const QString& teamId)
{
    return QtConcurrent::run(runImport, databasePath, file, dryRun, teamId);
}

bool ImportJob::saveRejects(const ImportReport& report, const QString& path, QString* error)
{
    QSaveFile out(path);
    const QByteArray bytes = QByteArray("\xEF\xBB\xBF") + SheetImporter::rejectsCsv(report).toUtf8();
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        if (error)
            *error = QCoreApplication::translate("kjzy::desktop::ImportJob",
                                                 "Cannot write the problem list %1: %2")
                         .arg(path, out.errorString());
        return false;
    }
    return true;
}

} // namespace kjzy::desktop
