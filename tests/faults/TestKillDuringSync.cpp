// Adversarial suite, item 2: power cuts. SIGKILL of the real `kjzy` process while it pulls and
// applies a large pull, and of the real kjzy-server while it takes in a large push, at seeded
// random delays sampled over the measured duration of a clean run. After every kill SQLite's
// integrity check must pass on the killed side's database; then the server is started again / the
// sync is run again, and every round ends with nothing lost or doubled and the client equal to
// the server.
//
// KJZY_KILL_SEED=n reruns one seed; KJZY_KILL_ROUNDS=n kills each side n times (25, so 50 kills).
#include "FaultWorld.h"

#include "crypto/Sodium.h"
#include "storage/SqliteConnection.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::test;

namespace {

const QString kJinshui = QStringLiteral("410105"); // 郑州市金水区
const QString kZhengzhou = QStringLiteral("410100");

// `kjzy --db db sync --server url` as a child process the test can kill.
class SyncProcess
{
public:
    SyncProcess(const QString& db, const QUrl& server)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.remove(QStringLiteral("KJZY_FAULT_POINT"));
        m_process.setProcessEnvironment(env);
        m_process.start(cliPath(), {QStringLiteral("--db"), db, QStringLiteral("sync"),
                                    QStringLiteral("--server"), server.toString()});
        m_process.waitForStarted(10000);
    }
    ~SyncProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }

    // Waits up to `ms` for the process to end by itself; true if it did.
    bool finishesWithin(int ms) { return !running() || m_process.waitForFinished(ms); }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    // SIGKILL, then waits until the process is gone.
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    bool succeeded() const
    {
        return m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
    }
    QString output()
    {
        return QStringLiteral("exit %1, stderr: %2")
            .arg(m_process.exitCode())
            .arg(QString::fromUtf8(m_process.readAllStandardError()).left(2000));
    }

private:
    QProcess m_process;
};

bool copyFile(const QString& from, const QString& to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

// The database and its key directory (<db>.keys), as a fresh copy of an enrolled device.
bool copyDevice(const QString& from, const QString& to)
{
    // A killed run may have left a journal of the old copy: it must not be replayed into the new.
    for (const char* suffix : {"-wal", "-shm", "-journal"})
        QFile::remove(to + QLatin1String(suffix));
    if (!copyFile(from, to))
        return false;
    const QDir keys(from + QStringLiteral(".keys"));
    QDir().mkpath(to + QStringLiteral(".keys"));
    for (const QString& name : keys.entryList(QDir::Files)) {
        if (!copyFile(keys.filePath(name), QDir(to + QStringLiteral(".keys")).filePath(name)))
            return false;
        QFile::setPermissions(QDir(to + QStringLiteral(".keys")).filePath(name),
                              QFile::permissions(keys.filePath(name)));
    }
    return true;
}

} // namespace

class TestKillDuringSync : public QObject
{
    Q_OBJECT

private:
    quint32 m_seed = numberFromEnvironment("KJZY_KILL_SEED", 20261129u);
    int m_killsPerSide = int(numberFromEnvironment("KJZY_KILL_ROUNDS", 25));
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_data;
    RestartableServer m_server;
    quint16 m_port = 0;
    QString m_countyDb;
    QString m_cityTemplate;
    int m_nextPerson = 0;
    QSet<QString> m_created;

    QString seedNote() const { return QStringLiteral(" (rerun: KJZY_KILL_SEED=%1)").arg(m_seed); }

    // `count` new people of 金水区 in the county's outbox, in one transaction.
    bool addPeople(int count, QRandomGenerator& random)
    {
        InProcessClient county(m_countyDb, m_server.url());
        auto transaction = SqliteTransaction::begin(county.database().sql());
        if (!transaction)
            return false;
        for (int i = 0; i < count; ++i) {
            auto id = county.volunteers().add(personFor(kJinshui, m_nextPerson++, random));
            if (!id) {
                qWarning().noquote() << id.error().message;
                return false;
            }
            m_created.insert(*id);
        }
        return transaction->commit().has_value();
    }

    // The server holds each person the county made exactly once, and nothing else.
    QString serverHoldsEachPersonOnce(QHash<QString, QJsonObject>* server)
    {
        *server = serverVolunteers(m_data);
        QStringList problems;
        if (const QString doubled = eachPersonOnce(*server); !doubled.isEmpty())
            problems << doubled;
        if (QSet<QString>(server->keyBegin(), server->keyEnd()) != m_created)
            problems << QStringLiteral("server holds %1 volunteers, the county made %2")
                            .arg(server->size())
                            .arg(m_created.size());
        return problems.join(QStringLiteral("; "));
    }

    bool restartServer(QString* error) { return m_server.start(m_data, m_port, error); }

private slots:
    void initTestCase()
    {
        VERIFY_CLI_PREREQUISITES();
        QVERIFY(Sodium::initialize().has_value());
        QLoggingCategory::setFilterRules(QStringLiteral("kjzy.*=false"));
        dropSeekWarnings();
        qInfo("KJZY_KILL_SEED=%u, %d kills per side", m_seed, m_killsPerSide);
        m_dir = scratchDirectory();
        QVERIFY(m_dir->isValid());
        m_data = m_dir->filePath(QStringLiteral("server"));
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("init")}), 0);
        QString error;
        QVERIFY2(m_server.start(m_data, 0, &error), qPrintable(error));
        m_port = m_server.port();
        m_countyDb = m_dir->filePath(QStringLiteral("county.db"));
        m_cityTemplate = m_dir->filePath(QStringLiteral("city-template.db"));
        QVERIFY2(enrollClient(m_countyDb, kJinshui, QStringLiteral("county"), m_data, m_server.url(), &error),
                 qPrintable(error));
        QVERIFY2(
            enrollClient(m_cityTemplate, kZhengzhou, QStringLiteral("city"), m_data, m_server.url(), &error),
            qPrintable(error));
    }

    void cleanupTestCase()
    {
        qInfo("%d QIODevice::seek warnings dropped", droppedSeekWarnings().load());
        m_server.kill();
        m_dir.reset();
    }

    // The server is killed while it takes in pushes of a few hundred people, at random points of
    // the push; it restarts on the same port and the same `kjzy sync` goes on (or a new one).
    void killServerDuringIngest()
    {
        const int people = 600;
        QRandomGenerator random(m_seed);
        QVERIFY(addPeople(people, random));
        QElapsedTimer clock;
        clock.start();
        {
            SyncProcess clean(m_countyDb, m_server.url());
            QVERIFY(clean.finishesWithin(120000));
            QVERIFY2(clean.succeeded(), qPrintable(clean.output()));
        }
        const qint64 duration = clock.elapsed();
        qInfo("clean push of %d people: %lld ms", people, duration);

        int kills = 0;
        int rounds = 0;
        while (kills < m_killsPerSide) {
            ++rounds;
            QVERIFY(addPeople(people, random));
            SyncProcess sync(m_countyDb, m_server.url());
            // Up to three kills in one push: the client keeps retrying while the server is down.
            for (int k = 0; k < 3 && kills < m_killsPerSide; ++k) {
                const int delay = int(random.bounded(quint32(duration)));
                if (sync.finishesWithin(delay))
                    break;
                m_server.kill();
                ++kills;
                const QString integrity = integrityCheck(registryPath(m_data));
                QVERIFY2(integrity == u"ok",
                         qPrintable(QStringLiteral("after kill %1 (%2 ms into round %3): %4")
                                        .arg(kills)
                                        .arg(delay)
                                        .arg(rounds)
                                        .arg(integrity) +
                                    seedNote()));
                QString error;
                QVERIFY2(restartServer(&error), qPrintable(error));
            }
            QVERIFY2(sync.finishesWithin(180000), "the sync did not end after the server came back");
            if (!sync.succeeded()) {
                // A sync may give up while the server is down: run it again, as a user would.
                SyncProcess again(m_countyDb, m_server.url());
                QVERIFY(again.finishesWithin(180000));
                QVERIFY2(again.succeeded(), qPrintable(again.output() + seedNote()));
            }
            QHash<QString, QJsonObject> server;
            const QString problems = serverHoldsEachPersonOnce(&server);
            QVERIFY2(problems.isEmpty(),
                     qPrintable(problems + QStringLiteral(" after round %1").arg(rounds) + seedNote()));
            const QString changeSets = changeSetsMatch(m_data, m_countyDb);
            QVERIFY2(changeSets.isEmpty(), qPrintable(changeSets + seedNote()));
        }
        QHash<QString, QJsonObject> server;
        QVERIFY(serverHoldsEachPersonOnce(&server).isEmpty());
        const QString differences = sameRecords(clientVolunteers(m_countyDb), server);
        QVERIFY2(differences.isEmpty(), qPrintable(differences + seedNote()));
        qInfo("%d server kills in %d rounds, %lld ms in all", kills, rounds, clock.elapsed());
    }

    // A fresh city device (a copy of one enrolled, never synced) pulls the whole city; `kjzy` is
    // killed at random points of the pull and apply, then run again until it completes.
    void killClientDuringPullApply()
    {
        QRandomGenerator random(m_seed + 1);
        QHash<QString, QJsonObject> server;
        const QString problems = serverHoldsEachPersonOnce(&server);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
        QVERIFY2(server.size() >= 600, "nothing large to pull: run killServerDuringIngest first");

        const QString db = m_dir->filePath(QStringLiteral("city.db"));
        QVERIFY(copyDevice(m_cityTemplate, db));
        QElapsedTimer clock;
        clock.start();
        {
            SyncProcess clean(db, m_server.url());
            QVERIFY(clean.finishesWithin(120000));
            QVERIFY2(clean.succeeded(), qPrintable(clean.output()));
        }
        const qint64 duration = clock.elapsed();
        qInfo("clean pull of %lld people: %lld ms", qint64(server.size()), duration);
        QString differences = sameRecords(clientVolunteers(db), server);
        QVERIFY2(differences.isEmpty(), qPrintable(differences));

        int kills = 0;
        int rounds = 0;
        int endedFirst = 0; // runs that ended by themselves before their kill time
        while (kills < m_killsPerSide) {
            ++rounds;
            QVERIFY(copyDevice(m_cityTemplate, db));
            for (int k = 0; k < 3 && kills < m_killsPerSide; ++k) {
                SyncProcess sync(db, m_server.url());
                const int delay = int(random.bounded(quint32(duration)));
                if (sync.finishesWithin(delay)) {
                    ++endedFirst;
                    QVERIFY2(sync.succeeded(), qPrintable(sync.output() + seedNote()));
                    break;
                }
                sync.kill();
                ++kills;
                const QString integrity = integrityCheck(db);
                QVERIFY2(integrity == u"ok",
                         qPrintable(QStringLiteral("after kill %1 (%2 ms into round %3): %4")
                                        .arg(kills)
                                        .arg(delay)
                                        .arg(rounds)
                                        .arg(integrity) +
                                    seedNote()));
            }
            SyncProcess rest(db, m_server.url());
            QVERIFY(rest.finishesWithin(180000));
            QVERIFY2(rest.succeeded(), qPrintable(rest.output() + seedNote()));
            differences = sameRecords(clientVolunteers(db), server);
            QVERIFY2(differences.isEmpty(),
                     qPrintable(differences + QStringLiteral(" after round %1").arg(rounds) + seedNote()));
            const QString changeSets = changeSetsMatch(m_data, db);
            QVERIFY2(changeSets.isEmpty(), qPrintable(changeSets + seedNote()));
        }
        qInfo("%d client kills in %d rounds (%d runs ended before their kill time), %lld ms in all", kills,
              rounds, endedFirst, clock.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestKillDuringSync)
#include "TestKillDuringSync.moc"
