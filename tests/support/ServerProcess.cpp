#include "ServerProcess.h"

#include <QDeadlineTimer>
#include <QProcessEnvironment>

namespace kjzy::test {

QString serverPath()
{
    return QStringLiteral(KJZY_SERVER_PATH);
}

CliRun runServer(const QString& dataDir, const QStringList& args, const QHash<QString, QString>& environment)
{
    CliRun run;
    run.arguments = QStringList{QStringLiteral("--data"), dataDir} + args;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("KJZY_FAULT_POINT"));
    for (auto it = environment.constBegin(); it != environment.constEnd(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.start(serverPath(), run.arguments);
    run.started = process.waitForStarted(30000);
    if (!run.started)
        return run;
    process.closeWriteChannel();
    run.finished = process.waitForFinished(120000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitStatus = process.exitStatus();
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QString issueEnrollmentCode(const QString& dataDir, const QString& scope, const QString& role)
{
    const CliRun run = runServer(dataDir, {QStringLiteral("enroll-code"), QStringLiteral("--scope"), scope,
                                           QStringLiteral("--role"), role});
    if (!run.exitedWith(0))
        qWarning().noquote() << run.describe();
    return run.out.trimmed();
}

QString enrollNewClient(const QString& databasePath, const QString& region, const QString& role,
                        const QString& dataDir, const QUrl& serverUrl)
{
    const CliRun init = runKjzy(databasePath, {QStringLiteral("init"), QStringLiteral("--region"), region});
    if (!init.exitedWith(0))
        qWarning().noquote() << init.describe();
    const CliRun enroll =
        runKjzy(databasePath, {QStringLiteral("enroll"), QStringLiteral("--server"), serverUrl.toString(),
                               QStringLiteral("--code"), issueEnrollmentCode(dataDir, region, role)});
    if (!enroll.exitedWith(0))
        qWarning().noquote() << enroll.describe();
    return databasePath;
}

ServerProcess::~ServerProcess()
{
    kill();
}

void ServerProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

std::unique_ptr<ServerProcess> ServerProcess::start(const QString& dataDir, QString* error,
                                                    const QStringList& serveArguments)
{
    return start(dataDir, ServeOptions{serveArguments, 0, true}, error);
}

std::unique_ptr<ServerProcess> ServerProcess::start(const QString& dataDir, const ServeOptions& options,
                                                    QString* error)
{
    std::unique_ptr<ServerProcess> server(new ServerProcess);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    environment.remove(QStringLiteral("KJZY_FAULT_POINT"));
    server->m_process.setProcessEnvironment(environment);
    if (!options.keepLog)
        server->m_process.setStandardErrorFile(QProcess::nullDevice());
    server->m_process.start(serverPath(), QStringList{QStringLiteral("--data"), dataDir,
                                                      QStringLiteral("serve"), QStringLiteral("--listen"),
                                                      QStringLiteral("127.0.0.1:%1").arg(options.port)} +
                                              options.arguments);
    const QDeadlineTimer deadline(60000);
    QByteArray line;
    // Wait for the first line on stdout: the process tells its port when it is listening.
    while (!line.contains('\n') && !deadline.hasExpired()) {
        if (!server->m_process.waitForReadyRead(int(deadline.remainingTime())) &&
            server->m_process.state() == QProcess::NotRunning)
            break;
        line += server->m_process.readAllStandardOutput();
    }
    const QString first = QString::fromUtf8(line).section(u'\n', 0, 0).trimmed();
    const QString prefix = QStringLiteral("listening on ");
    if (!first.startsWith(prefix)) {
        if (error)
            *error =
                QStringLiteral("kjzy-server did not start on port %1: %2 %3")
                    .arg(options.port)
                    .arg(first, options.keepLog ? QString::fromUtf8(server->m_process.readAllStandardError())
                                                : QString());
        return nullptr;
    }
    server->m_url = QUrl(first.mid(prefix.size()));
    return server;
}

QString ServerProcess::log()
{
    return QString::fromUtf8(m_process.readAllStandardError());
}

} // namespace kjzy::test
