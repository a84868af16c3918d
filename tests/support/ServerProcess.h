#pragma once

#include "CliRunner.h"

#include <QHash>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>

namespace kjzy::test {

// The kjzy-server binary the tests run (the kjzy-server target's file, KJZY_SERVER_PATH).
QString serverPath();

// Runs `kjzy-server --data dataDir args...` under LC_ALL=C.UTF-8 and waits for it (init,
// enroll-code, devices, lists); `environment` adds or overrides variables (e.g. USER for audits).
CliRun runServer(const QString& dataDir, const QStringList& args,
                 const QHash<QString, QString>& environment = {});

// A one-time enrollment code from `kjzy-server enroll-code` (warns with the run when it failed).
QString issueEnrollmentCode(const QString& dataDir, const QString& scope, const QString& role);

// `kjzy init --region region` on a new database file, then `kjzy enroll` with a fresh code of
// `role` from the server whose data directory is `dataDir`, listening at `serverUrl` (each step
// warns with its run when it failed). Returns `databasePath`.
QString enrollNewClient(const QString& databasePath, const QString& region, const QString& role,
                        const QString& dataDir, const QUrl& serverUrl);

// A real kjzy-server process serving on 127.0.0.1 with a port the kernel picked: started with
// `serve --listen 127.0.0.1:0`, ready once it printed its "listening on" line; killed on
// destruction.
struct ServeOptions
{
    QStringList arguments; // after `serve --listen 127.0.0.1:PORT` (e.g. --idle-timeout 2)
    quint16 port = 0;      // 0: the kernel picks one
    // The request log on stderr, for log(). Long runs that never read it turn it off: an unread
    // pipe fills and blocks the server.
    bool keepLog = true;
};

class ServerProcess
{
public:
    ~ServerProcess();
    // Starts the server for an initialised data directory; empty on failure (see error()).
    // `serveArguments` go after `serve --listen 127.0.0.1:0` (e.g. --idle-timeout 2).
    static std::unique_ptr<ServerProcess> start(const QString& dataDir, QString* error = nullptr,
                                                const QStringList& serveArguments = {});
    static std::unique_ptr<ServerProcess> start(const QString& dataDir, const ServeOptions& options,
                                                QString* error);

    const QUrl& url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    qint64 processId() const { return m_process.processId(); }
    bool running() const { return m_process.state() == QProcess::Running; }
    // SIGKILL: no chance to finish anything, as when the machine loses power.
    void kill();
    // Everything the server wrote on stderr so far (its request log).
    QString log();

private:
    ServerProcess() = default;
    QProcess m_process;
    QUrl m_url;
};

} // namespace kjzy::test
