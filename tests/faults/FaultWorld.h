// What the adversarial suites share: a kjzy-server process that can be SIGKILLed and started again
// on the same port, in-process clients (ClientDatabase + SyncEngine + HttpLink with a tiny backoff),
// seeded people, and the end-of-run checks (the registry and a client read through the real
// binaries, SQLite's own integrity check). Header-only: tests/faults/CMakeLists.txt turns each
// Test*.cpp into an executable of its own.
#pragma once

#include "support/CliRunner.h"
#include "support/DbProbe.h"
#include "support/RestartableServer.h"
#include "support/ServerProcess.h"

#include "clock/Clock.h"
#include "model/Volunteer.h"
#include "net/HttpLink.h"
#include "store/ClientDatabase.h"
#include "store/VolunteerStore.h"
#include "sync/SyncEngine.h"
#include "validation/IdNumber.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>

#include <atomic>
#include <memory>

namespace kjzy::test {

// A number from the environment (a seed, a count), or `fallback`.
inline quint32 numberFromEnvironment(const char* name, quint32 fallback)
{
    bool ok = false;
    const quint32 value = qEnvironmentVariable(name).toUInt(&ok);
    return ok ? value : fallback;
}

// A scratch directory for servers and clients: in /dev/shm when there is one, because these suites
// commit tens of thousands of small transactions and a disk's fsync would dominate their time. The
// files are real SQLite files all the same, and a SIGKILLed process loses exactly what it would
// lose on a disk (the kernel's page cache survives it).
inline std::unique_ptr<QTemporaryDir> scratchDirectory()
{
    const QFileInfo shm(QStringLiteral("/dev/shm"));
    if (shm.isDir() && shm.isWritable()) {
        auto dir = std::make_unique<QTemporaryDir>(QStringLiteral("/dev/shm/kjzy-faults-XXXXXX"));
        if (dir->isValid())
            return dir;
    }
    return std::make_unique<QTemporaryDir>();
}

// Qt warns "QIODevice::seek (QIODevice): Cannot call seek on a sequential device" on every cut
// upload HttpLink retries; thousands of cuts would exceed QtTest's warning limit, after which it
// prints nothing more (not even the suites' figures). This handler drops that one message and
// counts it; everything else goes to QtTest's handler.
inline std::atomic<int>& droppedSeekWarnings()
{
    static std::atomic<int> count{0};
    return count;
}

inline void dropSeekWarnings()
{
    static QtMessageHandler previous = nullptr;
    previous =
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& text) {
            if (type == QtWarningMsg && text.startsWith(QLatin1String("QIODevice::seek"))) {
                ++droppedSeekWarnings();
                return;
            }
            if (previous)
                previous(type, context, text);
        });
}

inline HttpLinkOptions quickBackoff()
{
    HttpLinkOptions options;
    options.attempts = 4;
    options.initialBackoffMs = 2;
    options.maxBackoffMs = 20;
    options.timeoutMs = 15000;
    return options;
}

// A client database and the sync engine over it, in this process.
class InProcessClient
{
public:
    InProcessClient(const QString& path, const QUrl& url) : m_path(path)
    {
        auto database = ClientDatabase::open(path);
        if (!database)
            qFatal("open %s: %s", qPrintable(path), qPrintable(database.error().message));
        m_database = std::move(*database);
        m_link = std::make_unique<HttpLink>(url, quickBackoff());
        m_engine = std::make_unique<SyncEngine>(*m_database, path, *m_link, SystemClock::instance());
        m_volunteers = std::make_unique<VolunteerStore>(*m_database, SystemClock::instance());
    }

    const QString& path() const { return m_path; }
    ClientDatabase& database() { return *m_database; }
    VolunteerStore& volunteers() { return *m_volunteers; }
    SyncEngine& engine() { return *m_engine; }

    // One sync call with a tiny backoff and `timeoutMs` for every retry in it.
    Result<SyncSummary> syncOnce(qint64 timeoutMs = 60000, int pageSize = 5000)
    {
        SyncOptions options;
        options.timeoutMs = timeoutMs;
        options.pageSize = pageSize;
        options.backoff = quickBackoff();
        return m_engine->sync(options);
    }

    // Syncs until a call succeeds (an engine that gives up after a cut is simply run again, as a
    // user would), at most `calls` calls; the last error otherwise.
    Result<SyncSummary> syncUntilDone(int calls = 8, int pageSize = 5000, int* callsMade = nullptr)
    {
        Result<SyncSummary> last = fail(ErrorCode::Network, QStringLiteral("no sync attempted"));
        for (int i = 0; i < calls; ++i) {
            if (callsMade)
                *callsMade = i + 1;
            last = syncOnce(60000, pageSize);
            if (last)
                return last;
        }
        return last;
    }

private:
    QString m_path;
    std::unique_ptr<ClientDatabase> m_database;
    std::unique_ptr<HttpLink> m_link;
    std::unique_ptr<SyncEngine> m_engine;
    std::unique_ptr<VolunteerStore> m_volunteers;
};

// init + enroll through the library: `region`'s database at `path`, enrolled with a fresh code.
inline bool enrollClient(const QString& path, const QString& region, const QString& role,
                         const QString& dataDir, const QUrl& serverUrl, QString* error)
{
    auto database = ClientDatabase::open(path);
    if (!database) {
        *error = database.error().message;
        return false;
    }
    if (auto initialized = (*database)->initialize(region); !initialized) {
        *error = initialized.error().message;
        return false;
    }
    HttpLink link(serverUrl, quickBackoff());
    SyncEngine engine(**database, path, link, SystemClock::instance());
    auto enrolled = engine.enroll(serverUrl.toString(), issueEnrollmentCode(dataDir, region, role));
    if (!enrolled) {
        *error = enrolled.error().message;
        return false;
    }
    return true;
}

// 济源 (419001) has no counties: it is its own city.
inline QString cityOf(const QString& county)
{
    return county == u"419001" ? county : county.left(4) + QStringLiteral("00");
}

// A valid GB 11643 number of `county`, unique per (birth day index, serial).
inline QString idNumberFor(const QString& county, int index)
{
    const QString first17 = county +
                            QDate(1960, 1, 1).addDays(index / 500).toString(QStringLiteral("yyyyMMdd")) +
                            QStringLiteral("%1").arg(index % 500 * 2 + 1, 3, 10, QLatin1Char('0'));
    return first17 + IdNumber::checkCharacter(first17);
}

// A canonical volunteer (as VolunteerStore stores it) of `county` with a random name and mobile.
inline Volunteer personFor(const QString& county, int index, QRandomGenerator& random)
{
    static const QStringList surnames =
        QStringLiteral("王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 马 朱 胡 郭").split(u' ');
    static const QStringList given =
        QStringLiteral("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀").split(u' ');
    Volunteer v;
    v.name = surnames.at(random.bounded(surnames.size())) + given.at(random.bounded(given.size())) +
             (random.bounded(2) ? given.at(random.bounded(given.size())) : QString());
    v.mobile = QStringLiteral("1%1%2")
                   .arg(3 + random.bounded(7))
                   .arg(random.bounded(1'000'000'000), 9, 10, QLatin1Char('0'));
    v.idNumber = idNumberFor(county, index);
    v.gender = v.idNumber.at(16).digitValue() % 2 == 1 ? QStringLiteral("男") : QStringLiteral("女");
    v.politicalStatus = QStringLiteral("群众");
    v.ethnicity = QStringLiteral("汉族");
    v.employer = QStringLiteral("第%1中学").arg(random.bounded(1, 60));
    v.province = QStringLiteral("410000");
    v.city = cityOf(county);
    v.county = county;
    v.serviceCategories = {QStringLiteral("科技培训")};
    return v;
}

inline QHash<QString, QJsonObject> recordsById(const QString& json)
{
    QHash<QString, QJsonObject> records;
    for (const QJsonValue& v : QJsonDocument::fromJson(json.toUtf8()).array())
        records.insert(v[QStringLiteral("id")].toString(), v.toObject());
    return records;
}

// The registry's live volunteers (optionally of one region), full values, through kjzy-server.
inline QHash<QString, QJsonObject> serverVolunteers(const QString& dataDir, const QString& region = {})
{
    QStringList args{QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json"),
                     QStringLiteral("--reveal")};
    if (!region.isEmpty())
        args << QStringLiteral("--region") << region;
    const CliRun run = runServer(dataDir, args);
    if (!run.exitedWith(0))
        qWarning().noquote() << run.describe().left(2000);
    return recordsById(run.out);
}

// A client's live volunteers, full values, through the kjzy binary.
inline QHash<QString, QJsonObject> clientVolunteers(const QString& db)
{
    const CliRun run = runKjzy(db, {QStringLiteral("volunteer"), QStringLiteral("list"),
                                    QStringLiteral("--json"), QStringLiteral("--reveal")});
    if (!run.exitedWith(0))
        qWarning().noquote() << run.describe().left(2000);
    return recordsById(run.out);
}

// SQLite's own verdict on a database file: "ok" or the problems it found.
inline QString integrityCheck(const QString& path)
{
    const DbProbe probe(path);
    if (!probe.isOpen())
        return QStringLiteral("cannot open: ") + probe.error();
    return probe.dump(QStringLiteral("PRAGMA integrity_check")).join(u'\n');
}

inline QString registryPath(const QString& dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("registry.db"));
}

// Empty when the change sets the server ingested from `device` are exactly the ones the client
// holds as acknowledged, each once; otherwise what differs.
inline QString changeSetsMatch(const QString& dataDir, const QString& clientDb)
{
    const DbProbe client(clientDb);
    const QString device =
        client.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'device_id'")).toString();
    const QStringList acked =
        client.dump(QStringLiteral("SELECT id FROM change_sets WHERE acked_at IS NOT NULL "
                                   "ORDER BY id"));
    const QStringList pending =
        client.dump(QStringLiteral("SELECT id FROM change_sets WHERE acked_at IS NULL ORDER BY id"));
    const DbProbe server(registryPath(dataDir));
    const QStringList ingested =
        server.dump(QStringLiteral("SELECT id FROM change_sets WHERE device = ? ORDER BY id"), {device});
    const int distinct = server.count(
        QStringLiteral("SELECT count(DISTINCT sequence) FROM change_sets WHERE device = ?"), {device});
    QStringList problems;
    if (!pending.isEmpty())
        problems << QStringLiteral("%1 change sets still pending on the client").arg(pending.size());
    if (acked != ingested)
        problems << QStringLiteral("client acknowledged %1 change sets, server ingested %2")
                        .arg(acked.size())
                        .arg(ingested.size());
    if (distinct != ingested.size())
        problems << QStringLiteral("server holds %1 change sets of the device under %2 sequence numbers")
                        .arg(ingested.size())
                        .arg(distinct);
    return problems.join(QStringLiteral("; "));
}

// Empty when every live ID number is held by exactly one live volunteer record on the server.
inline QString eachPersonOnce(const QHash<QString, QJsonObject>& server)
{
    QHash<QString, int> seen;
    for (const QJsonObject& v : server)
        ++seen[v[QStringLiteral("id_number")].toString()];
    QStringList doubled;
    for (auto it = seen.constBegin(); it != seen.constEnd(); ++it) {
        if (it.value() > 1)
            doubled << QStringLiteral("%1 records for one ID number").arg(it.value());
    }
    return doubled.join(QStringLiteral("; "));
}

// Empty when the client holds exactly `expected`, field for field; otherwise the first differences.
inline QString sameRecords(const QHash<QString, QJsonObject>& client,
                           const QHash<QString, QJsonObject>& expected)
{
    QStringList problems;
    for (auto it = expected.constBegin(); it != expected.constEnd() && problems.size() < 5; ++it) {
        if (!client.contains(it.key()))
            problems << QStringLiteral("missing %1").arg(it.key());
        else if (client.value(it.key()) != it.value()) {
            // Field names only: the values hold ID and mobile numbers.
            QStringList fields;
            const QJsonObject held = client.value(it.key());
            for (const QString& key : it.value().keys() + held.keys()) {
                if (held.value(key) != it.value().value(key) && !fields.contains(key))
                    fields << key;
            }
            problems << QStringLiteral("%1 differs in %2").arg(it.key(), fields.join(u','));
        }
    }
    for (auto it = client.constBegin(); it != client.constEnd() && problems.size() < 5; ++it) {
        if (!expected.contains(it.key()))
            problems << QStringLiteral("extra %1").arg(it.key());
    }
    if (client.size() != expected.size())
        problems << QStringLiteral("client holds %1, expected %2").arg(client.size()).arg(expected.size());
    return problems.join(QStringLiteral("; "));
}

} // namespace kjzy::test
