#include "SyncController.h"

#include "clock/Clock.h"
#include "crypto/Sodium.h"
#include "net/HttpLink.h"
#include "store/ClientDatabase.h"
#include "sync/BundleExchange.h"
#include "sync/PinnedServer.h"
#include "sync/SyncEngine.h"

#include <QFile>
#include <QFutureWatcher>
#include <QSaveFile>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace kjzy::desktop {

SyncController::SyncController(const QString& databasePath, QObject* parent)
    : QObject(parent), m_databasePath(databasePath)
{}

SyncController::~SyncController()
{
    // The workers post progress to this object and write the database: let them end first.
    m_run.waitForFinished();
    m_check.waitForFinished();
}

bool SyncController::isRunning() const
{
    return m_running;
}

SyncController::RunResult SyncController::failure(const Error& error)
{
    RunResult result;
    switch (error.code) {
    case ErrorCode::Network:
        result.outcome = Outcome::LinkDown;
        result.message = tr("The server cannot be reached: %1\nNothing is lost: the changes stay on this "
                            "computer. Sync again when the link is back, or carry a bundle file.")
                             .arg(error.message);
        break;
    case ErrorCode::Auth:
    case ErrorCode::Crypto:
        result.outcome = Outcome::Refused;
        result.message = tr("Refused: %1").arg(error.message);
        break;
    default:
        result.outcome = Outcome::Failed;
        result.message = tr("Failed: %1").arg(error.message);
        break;
    }
    return result;
}

namespace {

// Opens this thread's own connection (connections belong to the thread that opened them).
Result<std::unique_ptr<ClientDatabase>> openInitialized(const QString& path)
{
    if (auto ready = Sodium::initialize(); !ready)
        return fail(ready.error());
    auto database = ClientDatabase::open(path);
    if (!database)
        return database;
    if (auto region = (*database)->region(); !region)
        return fail(region.error());
    return database;
}

} // namespace

SyncController::RunResult SyncController::runSync(const QString& databasePath, qint64 timeoutMs,
                                                  const ProgressSink& sink)
{
    auto database = openInitialized(databasePath);
    if (!database)
        return failure(database.error());
    auto pinned = PinnedServer::load(**database);
    if (!pinned) {
        RunResult result;
        result.outcome = Outcome::NotEnrolled;
        result.message = tr("This computer is not enrolled with a server yet. Enroll it with the server "
                            "address and the one-time code from your coordinator, or exchange bundle files.");
        return result;
    }
    const QUrl url(pinned->url);
    HttpLink link(url);
    SyncEngine engine(**database, databasePath, link, SystemClock::instance());
    SyncOptions options;
    options.timeoutMs = timeoutMs;
    options.progress = [&sink](const SyncProgress& progress) {
        if (progress.phase == SyncProgress::Phase::Push) {
            // Kilobytes keep a 2 GB upload inside an int.
            sink(int(progress.bytesSent / 1024), int(progress.bytesTotal / 1024),
                 tr("Uploading changes %1/%2").arg(progress.changeSetsDone).arg(progress.changeSetsTotal));
        } else {
            sink(0, 0,
                 tr("Downloading: page %1, %2 records").arg(progress.pages).arg(progress.recordsPulled));
        }
    };
    auto summary = engine.sync(options);
    if (!summary)
        return failure(summary.error());
    RunResult result;
    result.rejected = summary->rejected;
    if (summary->rejected > 0) {
        result.outcome = Outcome::Rejections;
        result.message = tr("Sync finished, but the server returned %1 of %2 changes with a reason. "
                            "Open \"Rejected changes\" to correct them; they go out again at the next sync.")
                             .arg(summary->rejected)
                             .arg(summary->changesSent);
    } else {
        result.outcome = Outcome::Succeeded;
        result.message = tr("Sync finished: %1 changes sent and accepted, %2 records received.")
                             .arg(summary->accepted)
                             .arg(summary->recordsPulled);
    }
    return result;
}

SyncController::RunResult SyncController::runExport(const QString& databasePath, const QString& file)
{
    auto database = openInitialized(databasePath);
    if (!database)
        return failure(database.error());
    if (auto pinned = PinnedServer::load(**database); !pinned) {
        RunResult result;
        result.outcome = Outcome::NotEnrolled;
        result.message = tr("This computer is not enrolled with a server yet: a bundle can only be made for "
                            "the server it is enrolled with.");
        return result;
    }
    BundleExchange exchange(**database, databasePath, SystemClock::instance());
    auto exported = exchange.exportBundle();
    if (!exported)
        return failure(exported.error());
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(exported->sealed) != exported->sealed.size() ||
        !out.commit()) {
        RunResult result;
        result.message = tr("Cannot write the bundle file %1: %2").arg(file, out.errorString());
        return result;
    }
    RunResult result;
    result.outcome = Outcome::Succeeded;
    result.message = tr("Bundle saved to %1: %2 change sets (%3 changes). Take it to the server to be "
                        "imported there, then import the reply file here.")
                         .arg(file)
                         .arg(exported->changeSets)
                         .arg(exported->changes);
    return result;
}

SyncController::RunResult SyncController::runImportReply(const QString& databasePath, const QString& file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        RunResult result;
        result.message = tr("Cannot read the reply file %1: %2").arg(file, in.errorString());
        return result;
    }
    if (in.size() > BundleExchange::kMaxReplyBytes) {
        RunResult result;
        result.outcome = Outcome::Refused;
        result.message = tr("The reply file %1 is larger than any reply can be: refused.").arg(file);
        return result;
    }
    const QByteArray bytes = in.readAll();
    if (in.error() != QFileDevice::NoError) {
        RunResult result;
        result.message = tr("Cannot read the reply file %1: %2").arg(file, in.errorString());
        return result;
    }
    auto database = openInitialized(databasePath);
    if (!database)
        return failure(database.error());
    BundleExchange exchange(**database, databasePath, SystemClock::instance());
    auto imported = exchange.importReply(bytes);
    if (!imported) {
        RunResult result = failure(imported.error());
        if (imported.error().code == ErrorCode::Crypto)
            result.message = tr("The reply file was changed on the way or is not meant for this computer; "
                                "nothing was applied. (%1)")
                                 .arg(imported.error().message);
        return result;
    }
    RunResult result;
    result.rejected = imported->rejected;
    if (imported->rejected > 0) {
        result.outcome = Outcome::Rejections;
        result.message = tr("Reply imported, but the server returned %1 changes with a reason. Open "
                            "\"Rejected changes\" to correct them.")
                             .arg(imported->rejected);
    } else {
        result.outcome = Outcome::Succeeded;
        result.message = tr("Reply imported: %1 changes accepted, %2 records received.")
                             .arg(imported->accepted)
                             .arg(imported->records);
    }
    return result;
}

int SyncController::runHealthCheck(const QString& databasePath)
{
    auto database = openInitialized(databasePath);
    if (!database)
        return -1;
    auto pinned = PinnedServer::load(**database);
    if (!pinned)
        return -1;
    database->reset(); // nothing more to read: do not hold the file during the request
    HttpLink link(QUrl(pinned->url));
    HttpCall call;
    call.attempts = 1;
    call.timeoutMs = 5000;
    call.maxDurationMs = 8000;
    return link.get(QStringLiteral("/v1/health"), {}, {}, call) ? 1 : 0;
}

void SyncController::reportProgress(int done, int total, const QString& phase)
{
    emit progress(done, total, phase);
}

void SyncController::launch(QFuture<RunResult> future)
{
    m_running = true;
    m_run = future;
    auto* watcher = new QFutureWatcher<RunResult>(this);
    connect(watcher, &QFutureWatcher<RunResult>::finished, this, [this, watcher] {
        watcher->deleteLater();
        conclude();
    });
    watcher->setFuture(future);
    emit started();
}

void SyncController::startSync()
{
    if (m_running)
        return;
    m_runIsSync = true;
    const ProgressSink sink = [this](int done, int total, const QString& phase) {
        // Queued to this object's (the UI) thread; the destructor waits for the worker.
        QMetaObject::invokeMethod(
            this, [this, done, total, phase] { reportProgress(done, total, phase); }, Qt::QueuedConnection);
    };
    launch(QtConcurrent::run(&SyncController::runSync, m_databasePath, m_timeoutMs, sink));
}

void SyncController::exportBundle(const QString& file)
{
    if (m_running)
        return;
    m_runIsSync = false;
    launch(QtConcurrent::run(&SyncController::runExport, m_databasePath, file));
}

void SyncController::importBundleReply(const QString& file)
{
    if (m_running)
        return;
    m_runIsSync = false;
    launch(QtConcurrent::run(&SyncController::runImportReply, m_databasePath, file));
}

void SyncController::checkConnection()
{
    if (m_checking || m_running)
        return;
    m_checking = true;
    const int generation = m_generation;
    m_check = QtConcurrent::run(&SyncController::runHealthCheck, m_databasePath);
    auto* watcher = new QFutureWatcher<int>(this);
    connect(watcher, &QFutureWatcher<int>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        m_checking = false;
        // A sync that ended meanwhile knows better than a check that began before it.
        if (generation != m_generation)
            return;
        const int answer = watcher->result();
        setOnline(answer >= 0, answer == 1);
    });
    watcher->setFuture(m_check);
}

void SyncController::setOnline(bool known, bool online)
{
    const bool changed = known != m_onlineKnown || online != m_online;
    m_onlineKnown = known;
    m_online = online;
    if (changed)
        emit connectionChanged(online);
}

void SyncController::conclude()
{
    const RunResult result = m_run.result();
    m_running = false;
    ++m_generation;
    m_lastOutcome = result.outcome;
    m_lastMessage = result.message;
    switch (result.outcome) {
    case Outcome::Succeeded:
    case Outcome::Rejections:
    case Outcome::Refused:
        // A bundle exchange says nothing about the link; a sync the server answered does.
        if (m_runIsSync)
            setOnline(true, true);
        break;
    case Outcome::LinkDown:
        setOnline(true, false);
        break;
    case Outcome::NotEnrolled:
        setOnline(false, false);
        break;
    case Outcome::None:
    case Outcome::Failed:
        break;
    }
    emit statusChanged();
    emit finished(result.outcome == Outcome::Succeeded, result.message);
}

} // namespace kjzy::desktop
