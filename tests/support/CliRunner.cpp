#include "support/CliRunner.h"

#include <QProcessEnvironment>

namespace kjzy::test {

QString CliRun::describe() const
{
    const QString prefix =
        faultPoint.isEmpty() ? QString() : QStringLiteral("KJZY_FAULT_POINT=%1 ").arg(faultPoint);
    return prefix + QStringLiteral("kjzy %1\n  started=%2 finished=%3 crashed=%4 exit=%5\n"
                                   "  stdout: %6\n  stderr: %7")
                        .arg(arguments.join(u' '))
                        .arg(started)
                        .arg(finished)
                        .arg(exitStatus == QProcess::CrashExit)
                        .arg(exitCode)
                        .arg(out, err);
}

QString cliPath()
{
    return QStringLiteral(KJZY_CLI_PATH);
}

CliRun runKjzy(const QString& databasePath, const QStringList& args, const QString& faultPoint, int waitMs)
{
    CliRun run;
    run.arguments = QStringList{QStringLiteral("--db"), databasePath} + args;
    run.faultPoint = faultPoint;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    if (faultPoint.isEmpty())
        env.remove(QStringLiteral("KJZY_FAULT_POINT"));
    else
        env.insert(QStringLiteral("KJZY_FAULT_POINT"), faultPoint);
    process.setProcessEnvironment(env);
    process.start(cliPath(), run.arguments);
    run.started = process.waitForStarted(10000);
    if (!run.started)
        return run;
    process.closeWriteChannel();
    run.finished = process.waitForFinished(waitMs);
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

QStringList volunteerArgs(const QString& name, const QString& mobile, const QString& idNumber,
                          const QString& county, const QStringList& extra)
{
    return QStringList{QStringLiteral("volunteer"),   QStringLiteral("add"),
                       QStringLiteral("--name"),      name,
                       QStringLiteral("--mobile"),    mobile,
                       QStringLiteral("--id-number"), idNumber,
                       QStringLiteral("--county"),    county} +
           extra;
}

const QRegularExpression& uuidPattern()
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return re;
}

} // namespace kjzy::test
