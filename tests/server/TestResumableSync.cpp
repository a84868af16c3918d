// A transfer that survives a bad link, end to end: a real kjzy-server process, the FaultProxy in
// front of it cutting connections, clients driven through the real kjzy binary (one `kjzy sync`,
// its exit codes) or in-process (SyncEngine over HttpLink with a tiny backoff) where the test must
// act in the middle of a transfer. Every test ends by checking that the server holds each person
// exactly once and that the client holds what the server holds.
//
// Volunteers are generated from a seed (KJZY_TEST_SEED, printed at start; random names and
// mobiles so the change sets compress like real data). KJZY_MEASURE_PUSH=N runs the byte
// measurement of an N-person push over the 64 KiB-cutting link against a clean one.
#include "support/CliRunner.h"
#include "support/DbProbe.h"
#include "support/FaultProxy.h"
#include "support/RestartableServer.h"
#include "support/ServerProcess.h"

#include "VolunteerGenerator.h" // bench/generator: kjzy_volunteer_generator

#include "clock/Clock.h"
#include "crypto/Sodium.h"
#include "net/HttpLink.h"
#include "store/ClientDatabase.h"
#include "sync/SyncEngine.h"

#include <QDate>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace kjzy;
using namespace kjzy::test;

namespace {

const QString kJinshui = QStringLiteral("410105");   // 郑州市金水区
const QString kZhengzhou = QStringLiteral("410100"); // 郑州市
const QString kProvince = QStringLiteral("410000");
constexpr qint64 kCutEvery = 64 * 1024;

quint32 testSeed()
{
    bool ok = false;
    const quint32 fromEnvironment = qEnvironmentVariable("KJZY_TEST_SEED").toUInt(&ok);
    return ok ? fromEnvironment : 20211129u;
}

// A long transfer under ASan needs more than runKjzy's default wait.
CliRun runKjzyWaiting(const QString& db, const QStringList& args, int waitMs)
{
    return runKjzy(db, args, {}, waitMs);
}

QHash<QString, QJsonObject> byId(const QString& json)
{
    QHash<QString, QJsonObject> records;
    for (const QJsonValue& v : QJsonDocument::fromJson(json.toUtf8()).array())
        records.insert(v[QStringLiteral("id")].toString(), v.toObject());
    return records;
}

HttpLinkOptions quickBackoff()
{
    HttpLinkOptions options;
    options.initialBackoffMs = 5;
    options.maxBackoffMs = 50;
    return options;
}

} // namespace

class TestResumableSync : public QObject
{
    Q_OBJECT

private:
    quint32 m_seed = testSeed();
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_data;
    std::unique_ptr<RestartableServer> m_server;
    std::unique_ptr<FaultProxy> m_proxy;

    QString seedNote() const { return QStringLiteral(" (KJZY_TEST_SEED=%1)").arg(m_seed); }

    // A client database for `region`, enrolled directly with the server (not through the proxy).
    QString enrolledClient(const QString& name, const QString& region, const QString& role,
                           const QString& dataDir, const QUrl& serverUrl)
    {
        return enrollNewClient(m_dir->filePath(name + QStringLiteral(".db")), region, role, dataDir,
                               serverUrl);
    }

    // `count` new volunteers living in `scope` in the client's outbox, through `kjzy import` (one
    // transaction).
    bool importVolunteers(const QString& db, int count, quint32 seed, const QString& scope = kProvince)
    {
        const QString csv = m_dir->filePath(QStringLiteral("people-%1-%2.csv").arg(count).arg(seed));
        QFile file(csv);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(bench::VolunteerGenerator(seed, scope).sheet(count)) < 0)
            return false;
        file.close();
        const CliRun run = runKjzyWaiting(db, {QStringLiteral("import"), csv}, 240000);
        if (!run.exitedWith(0)) {
            qWarning().noquote() << run.describe().left(4000);
            return false;
        }
        return DbProbe(db).count(QStringLiteral("SELECT count(*) FROM volunteers")) == count;
    }

    CliRun sync(const QString& db, const QStringList& extra = {})
    {
        return runKjzyWaiting(
            db, QStringList{QStringLiteral("sync"), QStringLiteral("--server"), m_proxy->url()} + extra,
            240000);
    }

    QHash<QString, QJsonObject> clientVolunteers(const QString& db)
    {
        return byId(runKjzyWaiting(db,
                                   {QStringLiteral("volunteer"), QStringLiteral("list"),
                                    QStringLiteral("--json"), QStringLiteral("--reveal")},
                                   60000)
                        .out);
    }

    QHash<QString, QJsonObject> serverVolunteers(const QString& dataDir)
    {
        return byId(runServer(dataDir, {QStringLiteral("volunteer"), QStringLiteral("list"),
                                        QStringLiteral("--json"), QStringLiteral("--reveal")})
                        .out);
    }

    // The server holds `count` volunteers, each ID number once, and the client holds exactly them,
    // field for field.
    void verifyExactlyOnceAndEqual(const QString& db, int count, const QString& dataDir = {})
    {
        const QString data = dataDir.isEmpty() ? m_data : dataDir;
        const auto server = serverVolunteers(data);
        QVERIFY2(server.size() == count,
                 qPrintable(
                     QStringLiteral("server holds %1 volunteers, expected %2").arg(server.size()).arg(count) +
                     seedNote()));
        QSet<QString> idNumbers;
        for (const QJsonObject& v : server)
            idNumbers.insert(v[QStringLiteral("id_number")].toString());
        QCOMPARE(idNumbers.size(), count);
        const int rows =
            DbProbe(QDir(data).filePath(QStringLiteral("registry.db")))
                .count(QStringLiteral("SELECT count(*) FROM records WHERE entity = 'volunteer'"));
        QCOMPARE(rows, count);
        const auto client = clientVolunteers(db);
        QCOMPARE(client.size(), count);
        for (auto it = server.constBegin(); it != server.constEnd(); ++it) {
            QVERIFY2(client.value(it.key()) == it.value(),
                     qPrintable(QStringLiteral("volunteer %1 differs").arg(it.key()) + seedNote()));
        }
        const QJsonObject status =
            QJsonDocument::fromJson(
                runKjzy(db, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
                .object();
        QCOMPARE(status[QStringLiteral("pending")].toInt(), 0);
    }

    qint64 sealedBytes(const QString& db)
    {
        return DbProbe(db)
            .scalar(QStringLiteral("SELECT sum(length(sealed)) FROM change_sets WHERE acked_at IS NULL"))
            .toLongLong();
    }

    struct OpenClient
    {
        std::unique_ptr<ClientDatabase> database;
        std::unique_ptr<HttpLink> link;
        std::unique_ptr<SyncEngine> engine;

        // Closes the database before a kjzy process or a probe reads it.
        void close()
        {
            engine.reset();
            link.reset();
            database.reset();
        }
    };

    // The client library in this process, talking through the proxy: for tests that act in the
    // middle of a transfer or read the engine's summary.
    OpenClient openClient(const QString& db, const QUrl& url)
    {
        OpenClient client;
        auto database = ClientDatabase::open(db);
        if (!database)
            qFatal("open %s: %s", qPrintable(db), qPrintable(database.error().message));
        client.database = std::move(*database);
        client.link = std::make_unique<HttpLink>(url);
        client.engine =
            std::make_unique<SyncEngine>(*client.database, db, *client.link, SystemClock::instance());
        return client;
    }

private slots:
    void initTestCase()
    {
        VERIFY_CLI_PREREQUISITES();
        QVERIFY2(QFileInfo::exists(serverPath()), qPrintable(serverPath()));
        QVERIFY(Sodium::initialize().has_value());
        qInfo("KJZY_TEST_SEED=%u", m_seed);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_data = m_dir->filePath(QStringLiteral("server"));
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("init")}), 0);
        m_server = std::make_unique<RestartableServer>();
        QString error;
        QVERIFY2(m_server->start(m_data, 0, &error), qPrintable(error));
        m_proxy = std::make_unique<FaultProxy>(m_server->port());
        QVERIFY(m_proxy->listen());
    }

    void cleanup()
    {
        m_proxy.reset();
        m_server.reset();
        m_dir.reset();
    }

    // (a) One `kjzy sync` pushes 3,000 new people over a link that cuts every connection after
    // 64 KiB: the chunks shrink under the cut, each cut chunk is resumed from the server's offset.
    void pushCompletesOverALinkThatCutsEvery64KiB()
    {
        const QString db = enrolledClient(QStringLiteral("province"), kProvince, QStringLiteral("province"),
                                          m_data, m_server->url());
        QVERIFY(importVolunteers(db, 3000, m_seed));
        m_proxy->setPerConnectionLimit(kCutEvery);
        const CliRun run = sync(db);
        EXPECT_EXIT(run, 0);
        qInfo().noquote() << run.err.trimmed();
        QVERIFY2(!run.err.contains(u'\r'), "a progress bar on a stderr that is not a terminal");
        QVERIFY2(run.err.contains(QStringLiteral("同步完成")), qPrintable(run.err));
        QVERIFY2(m_proxy->cuts() >= 1, "the link never cut: the test proves nothing");
        qInfo("3,000 people over the 64 KiB link: %d connections, %d cuts, %lld bytes up, %lld down",
              m_proxy->connections(), m_proxy->cuts(), m_proxy->bytesUp(), m_proxy->bytesDown());
        verifyExactlyOnceAndEqual(db, 3000);
    }

    // (b) The link breaks after half of the upload and stays down: `kjzy sync --timeout 3` gives up
    // with exit 3. The next sync over a clean link sends only what the server does not hold yet.
    void cutRunExitsThreeAndTheNextSendsOnlyTheRest()
    {
        const QString db = enrolledClient(QStringLiteral("province"), kProvince, QStringLiteral("province"),
                                          m_data, m_server->url());
        QVERIFY(importVolunteers(db, 4000, m_seed + 1));

        // Server unreachable from the start (nobody listens on port 1): sealed, nothing sent, exit 3.
        const CliRun unreachable = runKjzyWaiting(db,
                                                  {QStringLiteral("sync"), QStringLiteral("--server"),
                                                   QStringLiteral("http://127.0.0.1:1"),
                                                   QStringLiteral("--timeout"), QStringLiteral("2")},
                                                  60000);
        EXPECT_EXIT(unreachable, 3);
        const qint64 total = sealedBytes(db);
        // The cut must fall after the first chunk (64 KiB) was acknowledged.
        QVERIFY2(total / 2 > kCutEvery + 4096,
                 qPrintable(QStringLiteral("change set of %1 bytes").arg(total)));

        // Cut at half of the change set, then every connection after its first few bytes.
        QList<qint64> cuts;
        for (qint64 at = total / 2; cuts.size() < 20000; at += 64)
            cuts << at;
        m_proxy->setCutOffsets(cuts);
        QElapsedTimer elapsed;
        elapsed.start();
        const CliRun cut = sync(db, {QStringLiteral("--timeout"), QStringLiteral("3")});
        EXPECT_EXIT(cut, 3);
        QVERIFY2(cut.err.contains(QStringLiteral("kjzy sync")), qPrintable(cut.err));
        qInfo("cut run gave up after %lld ms, %d connections, %d cuts", elapsed.elapsed(),
              m_proxy->connections(), m_proxy->cuts());

        // What the server holds, asked the way the client asks.
        const QString device =
            DbProbe(db)
                .scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'device_id'"))
                .toString();
        const QString changeSet =
            DbProbe(db)
                .scalar(QStringLiteral("SELECT id FROM change_sets WHERE acked_at IS NULL"))
                .toString();
        HttpLink direct(m_server->url());
        const auto status =
            direct.post(QStringLiteral("/v1/push/status"), {}, {},
                        {{"X-Kjzy-Device", device.toUtf8()}, {"X-Kjzy-Change-Set", changeSet.toUtf8()}});
        QVERIFY2(status.has_value(), status ? "" : qPrintable(status.error().message));
        QCOMPARE(status->status, 202);
        const qint64 held =
            QJsonDocument::fromJson(status->body).object().value(QStringLiteral("offset")).toInteger();
        QVERIFY2(held > 0 && held <= total / 2,
                 qPrintable(QStringLiteral("server holds %1 of %2 bytes").arg(held).arg(total)));

        m_proxy->reset();
        const CliRun rest = sync(db);
        EXPECT_EXIT(rest, 0);
        QVERIFY2(rest.err.contains(QStringLiteral("续传")), qPrintable(rest.err));
        // Upload bytes of the second run: the rest of the change set, plus HTTP headers (under 1 KiB
        // a request) and the small pull requests; no byte of what the server held goes again.
        const qint64 overhead = 1024 * qint64(m_proxy->connections()) + 4096;
        qInfo("total %lld bytes, server held %lld after the cut run (half = %lld), second run sent %lld up "
              "over %d "
              "connections",
              total, held, total / 2, m_proxy->bytesUp(), m_proxy->connections());
        QVERIFY2(m_proxy->bytesUp() < total - held + overhead,
                 qPrintable(QStringLiteral("second run sent %1 bytes up; rest %2 + overhead %3")
                                .arg(m_proxy->bytesUp())
                                .arg(total - held)
                                .arg(overhead)));
        verifyExactlyOnceAndEqual(db, 4000);
    }

    // (c) A city device pulls a few thousand records over the 64 KiB-cutting link: pages bounded
    // in bytes (max_bytes) get through; unbounded ones would be cut every time.
    void pullCompletesWithBoundedPages()
    {
        const QString province = enrolledClient(QStringLiteral("province"), kProvince,
                                                QStringLiteral("province"), m_data, m_server->url());
        QVERIFY(importVolunteers(province, 2500, m_seed + 2, kZhengzhou));
        EXPECT_EXIT(runKjzyWaiting(province, {QStringLiteral("sync")}, 240000), 0);

        const QString city = enrolledClient(QStringLiteral("city"), kZhengzhou, QStringLiteral("city"),
                                            m_data, m_server->url());
        m_proxy->reset();
        m_proxy->setPerConnectionLimit(kCutEvery);
        OpenClient client = openClient(city, QUrl(m_proxy->url()));
        SyncOptions options;
        options.backoff = quickBackoff();
        options.timeoutMs = 120000;
        const auto summary = client.engine->sync(options);
        QVERIFY2(summary.has_value(), summary ? "" : qPrintable(summary.error().message + seedNote()));
        qInfo("pulled %d records in %d pages, %d failed attempts, %d cuts, %lld bytes down",
              summary->recordsPulled, summary->pages, summary->failures, m_proxy->cuts(),
              m_proxy->bytesDown());
        QCOMPARE(summary->recordsPulled, 2500);
        // Each answer that got through was under the cut: pages (and cut attempts) cover every byte.
        QVERIFY2(summary->pages + summary->failures >= int(m_proxy->bytesDown() / kCutEvery),
                 qPrintable(
                     QStringLiteral("%1 pages for %2 bytes").arg(summary->pages).arg(m_proxy->bytesDown())));
        QVERIFY(summary->failures <= 2); // the first page, maybe; then the size stays under the cut
        client.close();
        verifyExactlyOnceAndEqual(city, 2500);
    }

    // (d) The server is killed (SIGKILL) in the middle of a chunked upload, with half of the change
    // set acknowledged, and started again a moment later on the same data directory and port: the
    // client's next chunk fails, it asks where the server got, and goes on from exactly there.
    void serverRestartMidUploadResumesFromItsOffset()
    {
        const QString db = enrolledClient(QStringLiteral("province"), kProvince, QStringLiteral("province"),
                                          m_data, m_server->url());
        QVERIFY(importVolunteers(db, 3000, m_seed + 3));
        OpenClient client = openClient(db, QUrl(m_proxy->url()));
        SyncOptions options;
        options.backoff = quickBackoff();
        options.timeoutMs = 120000;
        options.chunks.initial = 16 * 1024; // several chunks on each side of the kill
        options.chunks.cap = 32 * 1024;
        qint64 acknowledgedAtKill = -1;
        qint64 total = 0;
        QString restartError;
        bool restarted = false;
        options.progress = [&](const SyncProgress& progress) {
            total = progress.bytesTotal;
            if (acknowledgedAtKill >= 0 || progress.phase != SyncProgress::Phase::Push ||
                progress.bytesAcknowledged < progress.bytesTotal / 2 ||
                progress.bytesAcknowledged == progress.bytesTotal)
                return;
            acknowledgedAtKill = progress.bytesAcknowledged;
            const quint16 port = m_server->port();
            m_server->kill();
            // Back a little later, while the client keeps failing and backing off.
            QTimer::singleShot(300, [this, port, &restartError, &restarted] {
                restarted = m_server->start(m_data, port, &restartError);
            });
        };
        const auto summary = client.engine->sync(options);
        QVERIFY2(restartError.isEmpty(), qPrintable(restartError));
        QVERIFY2(summary.has_value(), summary ? "" : qPrintable(summary.error().message + seedNote()));
        QVERIFY2(acknowledgedAtKill > 0, "the upload ended before the server could be killed");
        QVERIFY(restarted);
        QVERIFY2(summary->failures >= 1, "no request failed: the kill was not noticed");
        QVERIFY2(!summary->resumedAt.isEmpty(), "the client never asked the server where it got");
        QStringList resumed;
        for (const qint64 offset : summary->resumedAt)
            resumed << QString::number(offset);
        qInfo("killed with %lld of %lld bytes acknowledged; %d failed attempts; resumed at %s; %lld bytes up",
              acknowledgedAtKill, total, summary->failures, qPrintable(resumed.join(u' ')),
              m_proxy->bytesUp());
        // Every acknowledged chunk survived the kill (one transaction per chunk), and nothing more.
        QCOMPARE(summary->resumedAt.first(), acknowledgedAtKill);
        // Nothing went twice but, at most, chunks refused while the server was down.
        QVERIFY2(client.link->bytesSent() <= total + 4 * options.chunks.cap,
                 qPrintable(QStringLiteral("%1 bytes sent for %2").arg(client.link->bytesSent()).arg(total)));
        client.close();
        verifyExactlyOnceAndEqual(db, 3000);
    }

    // The server ingested a change set but its reply never reached the client (the link broke on
    // the way back): the next run asks first and gets the stored reply; nothing is sent or applied
    // twice.
    void lostReplyIsFetchedNotResent()
    {
        const QString db = enrolledClient(QStringLiteral("county"), kJinshui, QStringLiteral("county"),
                                          m_data, m_server->url());
        QVERIFY(importVolunteers(db, 400, m_seed + 5, kJinshui));
        EXPECT_EXIT(sync(db), 0);
        const QString changeSet = DbProbe(db).scalar(QStringLiteral("SELECT id FROM change_sets")).toString();
        const qint64 size =
            DbProbe(db).scalar(QStringLiteral("SELECT length(sealed) FROM change_sets")).toLongLong();
        {
            // As if the reply had been lost: the client still waits for it.
            DbProbe probe(db);
            probe.rows(QStringLiteral("UPDATE outbox SET acked_at = NULL WHERE change_set = ?"), {changeSet});
            probe.rows(QStringLiteral("UPDATE change_sets SET acked_at = NULL WHERE id = ?"), {changeSet});
            QCOMPARE(probe.lastError(), QString());
            QCOMPARE(probe.count(QStringLiteral("SELECT count(*) FROM change_sets WHERE acked_at IS NULL")),
                     1);
        }
        m_proxy->reset();
        const CliRun again = sync(db);
        EXPECT_EXIT(again, 0);
        qInfo("change set of %lld bytes; the run that fetched its reply sent %lld bytes up", size,
              m_proxy->bytesUp());
        QVERIFY2(m_proxy->bytesUp() < size / 2, qPrintable(QString::number(m_proxy->bytesUp())));
        verifyExactlyOnceAndEqual(db, 400);
    }

    // A revoked device is told so through the chunked upload: exit 4, nothing stored.
    void revokedDeviceExitsFour()
    {
        const QString db = enrolledClient(QStringLiteral("county"), kJinshui, QStringLiteral("county"),
                                          m_data, m_server->url());
        QVERIFY(importVolunteers(db, 10, m_seed + 4, kJinshui));
        const QString device =
            DbProbe(db)
                .scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'device_id'"))
                .toString();
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("revoke"), device}), 0);
        const CliRun run = sync(db);
        EXPECT_EXIT(run, 4);
        QCOMPARE(serverVolunteers(m_data).size(), 0);
    }

    void timeoutMustBeSeconds()
    {
        const QString db = enrolledClient(QStringLiteral("county"), kJinshui, QStringLiteral("county"),
                                          m_data, m_server->url());
        for (const QString& bad : {QStringLiteral("0"), QStringLiteral("-5"), QStringLiteral("abc")})
            EXPECT_EXIT(runKjzy(db, {QStringLiteral("sync"), QStringLiteral("--timeout"), bad}), 2);
        const CliRun help = runKjzy(db, {QStringLiteral("sync"), QStringLiteral("--help")});
        QVERIFY2(help.out.contains(QStringLiteral("--timeout")), qPrintable(help.out));
    }
};

QTEST_GUILESS_MAIN(TestResumableSync)
#include "TestResumableSync.moc"
