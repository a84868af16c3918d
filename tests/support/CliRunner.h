#pragma once

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace kjzy::test {

// What one run of the kjzy binary did: how it ended and what it printed.
struct CliRun
{
    bool started = false;
    bool finished = false;
    QProcess::ExitStatus exitStatus = QProcess::NormalExit;
    int exitCode = -1;
    QString out;
    QString err;
    QStringList arguments;
    QString faultPoint;

    bool exitedWith(int code) const
    {
        return finished && exitStatus == QProcess::NormalExit && exitCode == code;
    }
    bool crashed() const { return finished && exitStatus == QProcess::CrashExit; }

    // The command line, how it ended and its output, for failure messages.
    QString describe() const;
};

// The kjzy binary the tests run (the kjzy target's file, KJZY_CLI_PATH).
QString cliPath();

// Runs the kjzy binary (KJZY_CLI_PATH) as `kjzy --db databasePath args...` under LC_ALL=C.UTF-8 and
// waits for it. `faultPoint` (when not empty) arms KJZY_FAULT_POINT; otherwise it is unset.
// `waitMs`: how long the run may take before it is killed (a long transfer under ASan needs more).
CliRun runKjzy(const QString& databasePath, const QStringList& args, const QString& faultPoint = {},
               int waitMs = 30000);

// Arguments of `volunteer add` for a person with the given fields; `extra` options appended.
QStringList volunteerArgs(const QString& name, const QString& mobile, const QString& idNumber,
                          const QString& county, const QStringList& extra = {});

// A canonical 8-4-4-4-12 hexadecimal UUID, anchored at both ends.
const QRegularExpression& uuidPattern();

} // namespace kjzy::test

// Fails the current test unless `run` (a CliRun) exited normally with `code`, printing the run.
#define EXPECT_EXIT(run, code)                                                                               \
    QVERIFY2((run).exitedWith(code),                                                                         \
             qPrintable(QStringLiteral("expected exit code %1\n").arg(code) + (run).describe()))

// For initTestCase(): fails unless the kjzy binary exists and Qt has its SQLite driver.
#define VERIFY_CLI_PREREQUISITES()                                                                           \
    do {                                                                                                     \
        QVERIFY2(                                                                                            \
            QFileInfo::exists(kjzy::test::cliPath()),                                                        \
            qPrintable(kjzy::test::cliPath() + QStringLiteral(" does not exist: build the kjzy target")));   \
        QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")),                                 \
                 "the QSQLITE driver is not available");                                                     \
    } while (false)
