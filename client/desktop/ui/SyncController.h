#pragma once

#include "core/Error.h"

#include <QFuture>
#include <QObject>

#include <functional>

namespace kjzy::desktop {

// Runs sync and the carried-bundle exchange off the UI thread, each run on its own connection to
// the database file, and reports progress and a Chinese outcome by signal. One run at a time.
class SyncController : public QObject
{
    Q_OBJECT
public:
    // How the last run ended, for the status bar and for callers that branch (like an exit code).
    enum class Outcome
    {
        None,        // nothing ran yet
        Succeeded,   // everything sent was accepted
        Rejections,  // done, but the server refused some changes (they wait for a fix)
        LinkDown,    // the server could not be reached; nothing was lost
        NotEnrolled, // this computer has no server yet (enroll, or use bundles)
        Refused,     // the server refused this device (revoked, wrong key) or the bundle
        Failed       // anything else (file unreadable, database error)
    };
    Q_ENUM(Outcome)

    struct RunResult
    {
        Outcome outcome = Outcome::Failed;
        QString message;
        int rejected = 0;
    };

    explicit SyncController(const QString& databasePath, QObject* parent = nullptr);
    ~SyncController() override;

    bool isRunning() const;
    Outcome lastOutcome() const { return m_lastOutcome; }
    QString lastMessage() const { return m_lastMessage; }
    // Whether the server answered at the last attempt or health check; unknown before any.
    bool onlineKnown() const { return m_onlineKnown; }
    bool online() const { return m_online; }
    const QString& databasePath() const { return m_databasePath; }
    // How long one sync may keep retrying a broken link before it gives up (default 90 s).
    void setTimeoutMs(qint64 timeoutMs) { m_timeoutMs = timeoutMs; }

public slots:
    void startSync();
    void exportBundle(const QString& file);
    void importBundleReply(const QString& file);
    // A cheap GET /v1/health (one attempt, a few seconds) off the UI thread; emits connectionChanged.
    void checkConnection();

signals:
    void started();
    void progress(int done, int total, const QString& phase);
    void finished(bool ok, const QString& message);
    void statusChanged();
    void connectionChanged(bool online);

private:
    using ProgressSink = std::function<void(int done, int total, const QString& phase)>;
    static RunResult runSync(const QString& databasePath, qint64 timeoutMs, const ProgressSink& sink);
    static RunResult runExport(const QString& databasePath, const QString& file);
    static RunResult runImportReply(const QString& databasePath, const QString& file);
    static int runHealthCheck(const QString& databasePath);
    static RunResult failure(const Error& error);

    void launch(QFuture<RunResult> future);
    void conclude();
    void setOnline(bool known, bool online);
    void reportProgress(int done, int total, const QString& phase);

    QString m_databasePath;
    qint64 m_timeoutMs = 90'000;
    QFuture<RunResult> m_run;
    QFuture<int> m_check; // -1 unknown (not enrolled), 0 offline, 1 online
    bool m_running = false;
    bool m_checking = false;
    bool m_runIsSync = false;
    int m_generation = 0; // runs concluded: a health check older than the last run is stale
    Outcome m_lastOutcome = Outcome::None;
    QString m_lastMessage;
    bool m_onlineKnown = false;
    bool m_online = false;
};

} // namespace kjzy::desktop
