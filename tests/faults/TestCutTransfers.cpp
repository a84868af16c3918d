// Adversarial suite, item 1: a real kjzy-server process, in-process clients behind FaultProxy, and
// a cut at EVERY byte offset of a small sync (push + pull) and at seeded sampled offsets of a large
// one (hundreds of people, several pull pages). After each cut the sync is run again until it
// completes. At the end: each person on the server exactly once, each client equal to the server
// (its scope of it) field for field, and each change set ingested once and acknowledged once.
// The checks are about outcomes, not about how the engine resumes.
//
// KJZY_CUT_SEED=n reruns one seed; KJZY_CUT_SAMPLES=n sets the number of sampled offsets (40).
#include "FaultWorld.h"
#include "support/FaultProxy.h"

#include "crypto/Sodium.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::test;

namespace {

const QString kJinshui = QStringLiteral("410105"); // 郑州市金水区
const QString kZhengzhou = QStringLiteral("410100");

} // namespace

class TestCutTransfers : public QObject
{
    Q_OBJECT

private:
    quint32 m_seed = numberFromEnvironment("KJZY_CUT_SEED", 20261129u);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_data;
    std::unique_ptr<RestartableServer> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    QString m_countyDb;
    QString m_cityDb;
    int m_nextPerson = 0;
    QSet<QString> m_created; // ids of every volunteer the county made

    QString seedNote() const { return QStringLiteral(" (rerun: KJZY_CUT_SEED=%1)").arg(m_seed); }

    // Adds `count` new people of 金水区 to the county's outbox; false (with a warning) on failure.
    bool addPeople(InProcessClient& county, int count, QRandomGenerator& random)
    {
        for (int i = 0; i < count; ++i) {
            auto id = county.volunteers().add(personFor(kJinshui, m_nextPerson++, random));
            if (!id) {
                qWarning().noquote() << id.error().message;
                return false;
            }
            m_created.insert(*id);
        }
        return true;
    }

    // Runs a sync with a cut at `offset` of this sync's bytes; true when it completed in the end.
    // `cut` tells whether the proxy did cut (an offset past the end of the transfer does not).
    bool syncCutAt(InProcessClient& client, qint64 offset, int pageSize, bool* cut, QString* error)
    {
        m_proxy->reset();
        m_proxy->setCutOffsets({offset});
        int calls = 0;
        const auto summary = client.syncUntilDone(8, pageSize, &calls);
        *cut = m_proxy->cuts() > 0;
        if (!summary) {
            *error = QStringLiteral("sync cut at byte %1 never completed (%2 calls): %3")
                         .arg(offset)
                         .arg(calls)
                         .arg(summary.error().message);
            return false;
        }
        return true;
    }

    // Each person once, both clients equal to the server, change sets ingested once.
    void verifyConverged()
    {
        const auto server = serverVolunteers(m_data);
        QVERIFY2(eachPersonOnce(server).isEmpty(), qPrintable(eachPersonOnce(server) + seedNote()));
        QCOMPARE(QSet<QString>(server.keyBegin(), server.keyEnd()), m_created);
        const int rows =
            DbProbe(registryPath(m_data))
                .count(QStringLiteral("SELECT count(*) FROM records WHERE entity = 'volunteer'"));
        QCOMPARE(rows, m_created.size());
        for (const QString& db : {m_countyDb, m_cityDb}) {
            const QString differences = sameRecords(clientVolunteers(db), server);
            QVERIFY2(differences.isEmpty(), qPrintable(db + QStringLiteral(": ") + differences + seedNote()));
            const QString changeSets = changeSetsMatch(m_data, db);
            QVERIFY2(changeSets.isEmpty(), qPrintable(changeSets + seedNote()));
        }
        QCOMPARE(integrityCheck(registryPath(m_data)), QStringLiteral("ok"));
    }

private slots:
    void initTestCase()
    {
        VERIFY_CLI_PREREQUISITES();
        QVERIFY(Sodium::initialize().has_value());
        QLoggingCategory::setFilterRules(QStringLiteral("kjzy.*=false"));
        dropSeekWarnings();
        qInfo("KJZY_CUT_SEED=%u", m_seed);
        m_dir = scratchDirectory();
        QVERIFY(m_dir->isValid());
        m_data = m_dir->filePath(QStringLiteral("server"));
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("init")}), 0);
        m_server = std::make_unique<RestartableServer>();
        QString error;
        QVERIFY2(m_server->start(m_data, 0, &error), qPrintable(error));
        m_proxy = std::make_unique<FaultProxy>(m_server->port());
        QVERIFY(m_proxy->listen());
        m_countyDb = m_dir->filePath(QStringLiteral("county.db"));
        m_cityDb = m_dir->filePath(QStringLiteral("city.db"));
        QVERIFY2(
            enrollClient(m_countyDb, kJinshui, QStringLiteral("county"), m_data, m_server->url(), &error),
            qPrintable(error));
        QVERIFY2(enrollClient(m_cityDb, kZhengzhou, QStringLiteral("city"), m_data, m_server->url(), &error),
                 qPrintable(error));
    }

    void cleanupTestCase()
    {
        qInfo("%d QIODevice::seek warnings dropped", droppedSeekWarnings().load());
        m_proxy.reset();
        m_server.reset();
        m_dir.reset();
    }

    // A push of one person and the pull that follows, cut at every byte offset of the clean
    // transfer: one fresh person per offset, so every run has something new to push.
    void everyOffsetOfASmallSync()
    {
        QRandomGenerator random(m_seed);
        InProcessClient county(m_countyDb, QUrl(m_proxy->url()));
        QVERIFY(addPeople(county, 1, random));
        m_proxy->reset();
        const auto clean = county.syncOnce();
        QVERIFY2(clean.has_value(), clean ? "" : qPrintable(clean.error().message));
        const qint64 total = m_proxy->bytesTotal();
        QCOMPARE(m_proxy->cuts(), 0);
        QVERIFY2(clean->recordsPulled >= 1, "the small sync pulls nothing: the pull is never cut");
        qInfo("clean small sync: %lld bytes (%lld up, %lld down) over %d connections", total,
              m_proxy->bytesUp(), m_proxy->bytesDown(), m_proxy->connections());

        QElapsedTimer elapsed;
        elapsed.start();
        int cutRuns = 0;
        QList<qint64> notCut;
        for (qint64 offset = 0; offset < total; ++offset) {
            QVERIFY(addPeople(county, 1, random));
            bool cut = false;
            QString error;
            QVERIFY2(syncCutAt(county, offset, 5000, &cut, &error), qPrintable(error + seedNote()));
            if (cut)
                ++cutRuns;
            else
                notCut << offset;
        }
        qInfo("%lld offsets in %lld ms: %d runs cut, %lld not reached", total, elapsed.elapsed(), cutRuns,
              qint64(notCut.size()));
        // Sizes vary by a few bytes between runs (compressed, encrypted bodies): only the last
        // bytes of a run may fall past its end.
        for (const qint64 offset : notCut)
            QVERIFY2(
                offset >= total - 64,
                qPrintable(
                    QStringLiteral("the run cut at byte %1 of %2 never reached it").arg(offset).arg(total)));

        // The city pulls what the county pushed: its first pull, cut at seeded offsets (the every-
        // offset sweep above already cut the county's pull phase at each of its bytes).
        InProcessClient city(m_cityDb, QUrl(m_proxy->url()));
        m_proxy->reset();
        const auto first = city.syncOnce();
        QVERIFY2(first.has_value(), first ? "" : qPrintable(first.error().message));
        QVERIFY(addPeople(county, 1, random));
        QVERIFY(county.syncOnce().has_value());
        m_proxy->reset();
        QVERIFY(city.syncOnce().has_value());
        const qint64 pullTotal = m_proxy->bytesTotal();
        for (int sample = 0; sample < 20; ++sample) {
            QVERIFY(addPeople(county, 1, random));
            m_proxy->reset();
            QVERIFY(county.syncOnce().has_value());
            const qint64 offset = qint64(random.bounded(quint32(pullTotal - 64)));
            bool cut = false;
            QString error;
            QVERIFY2(syncCutAt(city, offset, 5000, &cut, &error), qPrintable(error + seedNote()));
            QVERIFY2(cut, qPrintable(QStringLiteral("pull offset %1 not cut").arg(offset)));
        }
        verifyConverged();
    }

    // Hundreds of people per run, pulled in several pages, cut at seeded sampled offsets of the
    // county's sync and of the city's pull.
    void sampledOffsetsOfALargeSync()
    {
        const int people = 200;
        const int pageSize = 40;
        const int samples = int(numberFromEnvironment("KJZY_CUT_SAMPLES", 40));
        QRandomGenerator random(m_seed + 1);
        InProcessClient county(m_countyDb, QUrl(m_proxy->url()));
        InProcessClient city(m_cityDb, QUrl(m_proxy->url()));
        QVERIFY(city.syncOnce().has_value());

        QVERIFY(addPeople(county, people, random));
        m_proxy->reset();
        const auto clean = county.syncOnce(60000, pageSize);
        QVERIFY2(clean.has_value(), clean ? "" : qPrintable(clean.error().message));
        const qint64 pushTotal = m_proxy->bytesTotal();
        m_proxy->reset();
        const auto cleanPull = city.syncOnce(60000, pageSize);
        QVERIFY2(cleanPull.has_value(), cleanPull ? "" : qPrintable(cleanPull.error().message));
        const qint64 pullTotal = m_proxy->bytesTotal();
        QVERIFY2(cleanPull->pages >= 3, qPrintable(QStringLiteral("%1 pages").arg(cleanPull->pages)));
        qInfo("clean large sync: county %lld bytes, city pull %lld bytes in %d pages", pushTotal, pullTotal,
              cleanPull->pages);

        QElapsedTimer elapsed;
        elapsed.start();
        int cuts = 0;
        for (int sample = 0; sample < samples; ++sample) {
            QVERIFY(addPeople(county, people, random));
            const qint64 pushOffset = qint64(random.bounded(quint32(pushTotal)));
            const qint64 pullOffset = qint64(random.bounded(quint32(pullTotal)));
            bool cut = false;
            QString error;
            QVERIFY2(syncCutAt(county, pushOffset, pageSize, &cut, &error),
                     qPrintable(error + QStringLiteral(" (sample %1)").arg(sample) + seedNote()));
            cuts += cut;
            QVERIFY2(cut || pushOffset >= pushTotal * 98 / 100,
                     qPrintable(QStringLiteral("offset %1 of %2 not cut").arg(pushOffset).arg(pushTotal)));
            QVERIFY2(syncCutAt(city, pullOffset, pageSize, &cut, &error),
                     qPrintable(error + QStringLiteral(" (sample %1)").arg(sample) + seedNote()));
            cuts += cut;
            QVERIFY2(
                cut || pullOffset >= pullTotal * 98 / 100,
                qPrintable(QStringLiteral("pull offset %1 of %2 not cut").arg(pullOffset).arg(pullTotal)));
        }
        qInfo("%d samples x (push + pull) in %lld ms, %d cuts", samples, elapsed.elapsed(), cuts);
        verifyConverged();
    }
};

QTEST_GUILESS_MAIN(TestCutTransfers)
#include "TestCutTransfers.moc"
