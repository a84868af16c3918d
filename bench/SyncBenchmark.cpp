// kjzy-bench-sync: the sync core against the figures the sync milestone names. A benchmark, not a
// test: every figure is printed with its target and PASS or FAIL, and the exit status is 0 whatever
// they say (1 only when something broke and a figure could not be measured at all).
//
//   1. server ingest: IngestService::ingest() over sealed change sets of new volunteers, on a real
//      SqliteRegistryStore file; sealing the change sets is not timed.
//   2. a fresh province client applying the pulled registry: SyncApplier::applyPage() for every
//      page PullService builds (page building timed apart).
//   3. bytes on the wire per new volunteer against gzip -9 of the same rows as CSV.
//   4. a no-op sync over real HTTP: ApiServer + SyncRoutes on 127.0.0.1:0, SyncEngine over HttpLink,
//      through a relay that counts every byte, headers included.
//   5. a bad link: two fresh county clients push the same number of new volunteers (default 10,000)
//      through that relay, one clean, one cutting every connection after 64 KiB; the bytes moved
//      both ways by the push (and the whole sync) on the bad link against the clean one.
#include "BenchReport.h"
#include "ByteCountingProxy.h"
#include "CsvBaseline.h"
#include "SyncBreakdown.h"
#include "VolunteerGenerator.h"

#include "clock/HybridLogicalClock.h"
#include "clock/RecordId.h"
#include "crypto/Envelope.h"
#include "crypto/Sodium.h"
#include "http/ApiServer.h"
#include "http/SyncRoutes.h"
#include "model/RecordJson.h"
#include "net/HttpLink.h"
#include "service/EnrollmentService.h"
#include "service/IngestService.h"
#include "service/PullService.h"
#include "service/ServerData.h"
#include "service/UploadService.h"
#include "spreadsheet/RegistrationTableBuilder.h"
#include "spreadsheet/TableWriter.h"
#include "store/VolunteerStore.h"
#include "sync/Compression.h"
#include "sync/OutboxSealer.h"
#include "sync/PinnedServer.h"
#include "sync/SyncApplier.h"
#include "sync/SyncCodec.h"
#include "sync/SyncEngine.h"
#include "validation/VolunteerValidator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

using namespace kjzy;
using namespace kjzy::bench;

namespace {

using Goal = BenchReport::Goal;

const QString kProvince = QStringLiteral("410000");

struct Options
{
    int people = 50'000;
    int changeSetSize = OutboxSealer::kDefaultMaxChanges; // what the client seals
    int pageSize = SyncOptions{}.pageSize;                // what the client asks for
    int badLinkPeople = 10'000;
    // Applies of the pulled registry, each into a fresh replica, each followed by one run of
    // kjzy-bench-sqlite on the same rows; the medians are compared. One run on this machine can be a
    // quarter off, and minutes apart the machine is not the same: interleaved, both sides see it alike.
    int applyRuns = 3;
    quint32 seed = 20210033; // 豫科协发〔2021〕33号
    QString parentDir;
    bool keep = false;
    bool breakdown = true;
};

double secondsOf(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e9;
}

class SyncBenchmark
{
public:
    SyncBenchmark(Options options, BenchReport& report) : m_options(std::move(options)), m_report(report) {}

    Status run()
    {
        for (const auto step :
             {&SyncBenchmark::setUp, &SyncBenchmark::generate, &SyncBenchmark::sealChangeSets,
              &SyncBenchmark::measureIngest, &SyncBenchmark::measurePull, &SyncBenchmark::measureWire,
              &SyncBenchmark::measureNoOpSync, &SyncBenchmark::measureBadLink}) {
            if (auto done = (this->*step)(); !done)
                return done;
        }
        return {};
    }

private:
    Status setUp();
    Status generate();
    Status sealChangeSets();
    Status measureIngest();
    Status measurePull();
    Status measureWire();
    Status measureNoOpSync();
    Status measureBadLink();
    // One run of kjzy-bench-sqlite (beside this program) inserting the province replica's rows
    // into a fresh client database: its seconds.
    Result<double> sqliteLimit();
    struct LinkRun
    {
        qint64 pushBytes = 0; // both ways, headers included, until the pull began
        qint64 syncBytes = 0; // the whole sync
        int connections = 0;
        int cuts = 0;
        SyncSummary summary;
    };
    Result<LinkRun> pushOverRelay(const QString& name, const QString& county, qint64 cutEvery);
    Status enrollProvinceClient();
    Result<DeviceRecord> enroll(const QString& deviceId, const QByteArray& signKey, const QByteArray& boxKey,
                                const QString& label);

    Options m_options;
    BenchReport& m_report;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QDir m_dir;
    std::unique_ptr<ServerData> m_server;
    std::unique_ptr<EnrollmentService> m_enrollment;
    std::unique_ptr<IngestService> m_ingest;
    std::unique_ptr<PullService> m_pull;
    std::unique_ptr<UploadService> m_uploads;
    std::unique_ptr<ApiServer> m_api;
    quint16 m_apiPort = 0;

    // One generator for every person of the run, so no ID number is drawn twice (the bad-link
    // clients register people beyond the registry's).
    std::unique_ptr<VolunteerGenerator> m_generator;
    QList<Volunteer> m_people;
    std::optional<SigningKeyPair> m_pusherSigning;
    DeviceRecord m_pusher;
    QList<QByteArray> m_changeSets;
    qint64 m_changeSetBytes = 0;
    qint64 m_changeSetCodecBytes = 0; // SyncCodec::encode: CBOR, zlib level 9
    qint64 m_changeSetCborBytes = 0;  // the same inflated
    ChangeSet m_firstChangeSet;       // kept to see what its bytes are made of
    double m_ingestSeconds = 0;

    QString m_clientPath;
    std::unique_ptr<ClientDatabase> m_client;
    std::unique_ptr<DeviceKeys> m_clientKeys;
    PinnedServer m_pinned;
    DeviceRecord m_clientDevice;
    QList<QByteArray> m_pages;
    qint64 m_pageBytes = 0;
};

Status SyncBenchmark::setUp()
{
    m_tmp = m_options.parentDir.isEmpty()
                ? std::make_unique<QTemporaryDir>()
                : std::make_unique<QTemporaryDir>(
                      QDir(m_options.parentDir).filePath(QStringLiteral("kjzy-bench-sync-XXXXXX")));
    if (!m_tmp->isValid())
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot make a temporary directory: %1").arg(m_tmp->errorString()));
    m_tmp->setAutoRemove(!m_options.keep);
    m_dir = QDir(m_tmp->path());
    m_report.text(QStringLiteral("work_dir"), m_dir.path());
    auto server = ServerData::create(m_dir.filePath(QStringLiteral("server")));
    if (!server)
        return fail(server.error());
    m_server = std::move(*server);
    const Clock& clock = SystemClock::instance();
    m_enrollment =
        std::make_unique<EnrollmentService>(m_server->store(), m_server->keys().enrollmentKey(), clock);
    m_ingest = std::make_unique<IngestService>(m_server->store(), m_server->keys(), clock);
    m_pull = std::make_unique<PullService>(m_server->store(), m_server->keys());
    m_api = std::make_unique<ApiServer>();
    m_uploads = std::make_unique<UploadService>(*m_ingest);
    SyncRoutes::install(*m_api, *m_enrollment, *m_ingest, *m_pull, *m_uploads, m_server->keys());
    auto port = m_api->listen(QHostAddress::LocalHost, 0);
    if (!port)
        return fail(port.error());
    m_apiPort = *port;
    return {};
}

Result<DeviceRecord> SyncBenchmark::enroll(const QString& deviceId, const QByteArray& signKey,
                                           const QByteArray& boxKey, const QString& label)
{
    auto code = m_enrollment->issue(kProvince, QStringLiteral("province"));
    if (!code)
        return fail(code.error());
    return m_enrollment->enroll(code->code, deviceId, signKey, boxKey, label);
}

Status SyncBenchmark::generate()
{
    QElapsedTimer timer;
    timer.start();
    m_generator = std::make_unique<VolunteerGenerator>(m_options.seed);
    m_people = m_generator->registry(m_options.people);
    m_report.info(QStringLiteral("generate_s"), secondsOf(timer), QStringLiteral("s (not timed below)"), 3);
    // Every 50th record through the client's validator: it must come back valid and unchanged.
    const QDate today = QDate::currentDate();
    int checked = 0;
    for (qsizetype i = 0; i < m_people.size(); i += 50, ++checked) {
        const Volunteer& v = m_people.at(i);
        const Validated<Volunteer> validated = VolunteerValidator::validate(VolunteerInput::from(v), today);
        Volunteer canonical = validated.value;
        canonical.id = v.id;
        if (!validated.ok() || canonical != v)
            return fail(ErrorCode::Internal,
                        QStringLiteral("generated volunteer %1 is not valid: %2")
                            .arg(i)
                            .arg(validated.ok() ? QStringLiteral("canonical form differs")
                                                : validated.issues.first().toText()));
    }
    m_report.info(QStringLiteral("validated_sample"), checked,
                  QStringLiteral("volunteers valid and canonical"));
    return {};
}

Status SyncBenchmark::sealChangeSets()
{
    // A province device, as a province clerk importing a workbook would push: OutboxSealer's
    // change sets (CBOR, compressed, sealed to the server, signed), rebuilt here from the records
    // so that 50,000 rows need not go through a client database first.
    auto signing = SigningKeyPair::generate();
    auto box = BoxKeyPair::generate();
    if (!signing)
        return fail(signing.error());
    if (!box)
        return fail(box.error());
    auto device =
        enroll(RecordId::generate(), signing->publicKey(), box->publicKey(), QStringLiteral("bench-pusher"));
    if (!device)
        return fail(device.error());
    m_pusher = *device;
    m_pusherSigning.emplace(std::move(*signing));

    QElapsedTimer timer;
    timer.start();
    HybridLogicalClock clock(m_pusher.id, SystemClock::instance());
    quint64 sequence = 0;
    for (qsizetype start = 0; start < m_people.size(); start += m_options.changeSetSize) {
        ChangeSet changeSet;
        changeSet.id = RecordId::generate();
        changeSet.device = m_pusher.id;
        changeSet.sequence = ++sequence;
        const qsizetype end = std::min(m_people.size(), start + m_options.changeSetSize);
        changeSet.changes.reserve(end - start);
        for (qsizetype i = start; i < end; ++i) {
            // As VolunteerStore::add does: a new record's id comes from its creation stamp.
            const HlcTimestamp created = clock.now();
            Volunteer& v = m_people[i];
            v.id = RecordId::forCreation(created);
            FieldMap fields = RecordJson::volunteerFields(v);
            fields.insert(QStringLiteral("deleted"), false); // as VolunteerStore::add sends it
            changeSet.changes.append(Change{entity::kVolunteer, v.id, fields, created, {}});
        }
        EnvelopeHeader meta;
        meta.kind = EnvelopeKind::Push;
        meta.senderDeviceId = m_pusher.id;
        meta.keyEpoch = m_pusher.keyEpoch;
        meta.changeSetId = changeSet.id;
        meta.sequence = changeSet.sequence;
        const QByteArray encoded = SyncCodec::encode(changeSet);
        m_changeSetCodecBytes += encoded.size();
        if (auto inflated = Compression::decompress(encoded, encoded.size() * 64LL); inflated)
            m_changeSetCborBytes += inflated->size();
        auto sealed = Envelope::seal(encoded, meta, m_server->keys().box().publicKey(), *m_pusherSigning);
        if (!sealed)
            return fail(sealed.error());
        m_changeSets << sealed->toBytes();
        m_changeSetBytes += m_changeSets.constLast().size();
        if (sequence == 1)
            m_firstChangeSet = std::move(changeSet);
    }
    m_report.info(QStringLiteral("client_seal_s"), secondsOf(timer), QStringLiteral("s (not timed below)"),
                  3);
    m_report.info(QStringLiteral("change_sets"), m_changeSets.size(),
                  QStringLiteral("x %1 volunteers").arg(m_options.changeSetSize));
    return {};
}

Status SyncBenchmark::measureIngest()
{
    int accepted = 0;
    int rejected = 0;
    QString firstReason;
    for (const QByteArray& changeSet : std::as_const(m_changeSets)) {
        QElapsedTimer timer;
        timer.start();
        auto result = m_ingest->ingest(changeSet);
        m_ingestSeconds += secondsOf(timer);
        if (!result)
            return fail(result.error());
        accepted += result->reply.accepted;
        rejected += int(result->reply.rejected.size());
        if (firstReason.isEmpty() && !result->reply.rejected.isEmpty())
            firstReason = result->reply.rejected.first().reason;
    }
    m_report.info(QStringLiteral("ingest_accepted"), accepted, QStringLiteral("volunteers"));
    m_report.info(QStringLiteral("ingest_rejected"), rejected, QStringLiteral("volunteers"));
    if (rejected > 0 || accepted != m_people.size())
        m_report.note(
            QStringLiteral("WARNING: the server refused generated records, e.g. %1").arg(firstReason));
    m_report.info(QStringLiteral("ingest_s"), m_ingestSeconds, QStringLiteral("s"), 3);
    m_report.target(QStringLiteral("ingest_people_per_s"), m_people.size() / m_ingestSeconds,
                    QStringLiteral("people/s"), Goal::AtLeast, 50'000);
    if (m_options.breakdown) {
        auto phases = SyncBreakdown::ingest(m_changeSets, m_pusherSigning->publicKey(), m_server->keys(),
                                            m_dir.filePath(QStringLiteral("replica-registry.db")));
        if (!phases)
            return fail(phases.error());
        SyncBreakdown::print(m_report, QStringLiteral("ingest"), *phases, m_ingestSeconds);
    }
    return {};
}

Status SyncBenchmark::enrollProvinceClient()
{
    m_clientPath = m_dir.filePath(QStringLiteral("province.db"));
    auto database = ClientDatabase::open(m_clientPath);
    if (!database)
        return fail(database.error());
    m_client = std::move(*database);
    if (auto initialized = m_client->initialize(kProvince); !initialized)
        return initialized;
    auto keys = DeviceKeys::create(DeviceKeys::directoryFor(m_clientPath));
    if (!keys)
        return fail(keys.error());
    m_clientKeys = std::move(*keys);
    auto deviceId = m_client->deviceId();
    if (!deviceId)
        return fail(deviceId.error());
    auto device = enroll(*deviceId, m_clientKeys->signing().publicKey(), m_clientKeys->box().publicKey(),
                         QStringLiteral("bench-province"));
    if (!device)
        return fail(device.error());
    m_clientDevice = *device;
    // What SyncEngine::enroll pins from the server's answer.
    m_pinned = PinnedServer{QStringLiteral("http://127.0.0.1:%1").arg(m_apiPort),
                            m_server->keys().signing().publicKey(), m_server->keys().box().publicKey(),
                            m_clientDevice.keyEpoch};
    if (auto saved = m_pinned.save(*m_client); !saved)
        return saved;
    return m_client->setSetting(settings::kRole, QStringLiteral("province"));
}

Status SyncBenchmark::measurePull()
{
    if (auto enrolled = enrollProvinceClient(); !enrolled)
        return enrolled;
    // The server's side: every page from cursor 0, as PullService::pull() builds and seals them.
    double pageSeconds = 0;
    double sealSeconds = 0;
    quint64 cursor = 0;
    int records = 0;
    for (bool more = true; more;) {
        QElapsedTimer timer;
        timer.start();
        auto page = m_pull->page(m_clientDevice, cursor, m_options.pageSize);
        pageSeconds += secondsOf(timer);
        if (!page)
            return fail(page.error());
        timer.restart();
        auto sealed = m_pull->sealPage(m_clientDevice, *page);
        sealSeconds += secondsOf(timer);
        if (!sealed)
            return fail(sealed.error());
        m_pages << *sealed;
        m_pageBytes += sealed->size();
        records += int(page->records.size());
        cursor = page->nextCursor;
        more = page->more;
    }
    m_report.info(QStringLiteral("pull_pages"), m_pages.size(),
                  QStringLiteral("x %1 records").arg(m_options.pageSize));
    m_report.info(QStringLiteral("pull_server_page_s"), pageSeconds, QStringLiteral("s (PullService::page)"),
                  3);
    m_report.info(QStringLiteral("pull_server_seal_s"), sealSeconds,
                  QStringLiteral("s (PullService::sealPage)"), 3);
    m_report.info(QStringLiteral("pull_server_people_per_s"), records / (pageSeconds + sealSeconds),
                  QStringLiteral("people/s"));

    // The client's side: a fresh province database applying them in order. The runs after the first
    // apply into copies of the enrolled, still empty database; the first run's file stays, it is
    // what the SQLite limit reads its rows from.
    const auto applyAll = [this](ClientDatabase& database) -> Result<double> {
        SyncApplier applier(database, *m_clientKeys, m_pinned, SystemClock::instance());
        double seconds = 0;
        for (const QByteArray& page : std::as_const(m_pages)) {
            QElapsedTimer timer;
            timer.start();
            auto applied = applier.applyPage(page);
            seconds += secondsOf(timer);
            if (!applied)
                return fail(applied.error());
        }
        return seconds;
    };
    QStringList copies;
    for (int run = 1; run < m_options.applyRuns; ++run) {
        copies << m_dir.filePath(QStringLiteral("province-run%1.db").arg(run + 1));
        if (auto copied = m_client->sql().run(QStringLiteral("VACUUM INTO ?"), {copies.constLast()}); !copied)
            return fail(copied.error());
    }
    std::vector<double> applyRuns;
    std::vector<double> sqliteRuns;
    for (int run = 0; run < m_options.applyRuns; ++run) {
        Result<double> seconds;
        if (run == 0) {
            seconds = applyAll(*m_client);
        } else {
            const QString copy = copies.at(run - 1);
            auto database = ClientDatabase::open(copy);
            if (!database)
                return fail(database.error());
            seconds = applyAll(**database);
            database->reset();
            for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QFile::remove(copy + suffix);
        }
        if (!seconds)
            return fail(seconds.error());
        applyRuns.push_back(*seconds);
        auto limit = sqliteLimit();
        if (!limit)
            return fail(limit.error());
        sqliteRuns.push_back(*limit);
    }
    const auto median = [](std::vector<double> runs) {
        std::sort(runs.begin(), runs.end());
        return std::pair{runs[runs.size() / 2], QStringLiteral("%1..%2 (%3 runs, median taken)")
                                                    .arg(runs.front(), 0, 'f', 3)
                                                    .arg(runs.back(), 0, 'f', 3)
                                                    .arg(runs.size())};
    };
    const auto [applySeconds, applyRange] = median(applyRuns);
    const auto [sqliteSeconds, sqliteRange] = median(sqliteRuns);
    auto held = m_client->sql().scalar(QStringLiteral("SELECT COUNT(*) FROM volunteers"));
    if (!held)
        return fail(held.error());
    m_report.info(QStringLiteral("pull_client_volunteers"), held->toLongLong(), QStringLiteral("volunteers"));
    if (held->toLongLong() != m_people.size())
        m_report.note(QStringLiteral("WARNING: the client holds %1 volunteers, expected %2")
                          .arg(held->toLongLong())
                          .arg(m_people.size()));
    m_report.info(QStringLiteral("apply_s"), applySeconds,
                  QStringLiteral("s (median of %1 runs, each into a fresh replica)").arg(applyRuns.size()),
                  3);
    m_report.text(QStringLiteral("apply_runs_s"), applyRange);
    m_report.info(QStringLiteral("sqlite_client_insert_s"), sqliteSeconds,
                  QStringLiteral("s (kjzy-bench-sqlite, one run after each apply, median)"), 3);
    m_report.text(QStringLiteral("sqlite_client_insert_runs_s"), sqliteRange);
    m_report.info(QStringLiteral("sqlite_client_insert_per_s"), m_people.size() / sqliteSeconds,
                  QStringLiteral("rows/s"));
    m_report.target(QStringLiteral("apply_vs_sqlite"), applySeconds / sqliteSeconds,
                    QStringLiteral("x (median apply / median SQLite limit, runs interleaved)"), Goal::AtMost,
                    2.0, 3);
    m_report.target(QStringLiteral("apply_people_per_s"), m_people.size() / applySeconds,
                    QStringLiteral("people/s"), Goal::AtLeast, 100'000);
    if (m_options.breakdown) {
        auto phases = SyncBreakdown::apply(m_pages, m_server->keys().signing().publicKey(), *m_clientKeys,
                                           m_dir.filePath(QStringLiteral("replica-province.db")));
        if (!phases)
            return fail(phases.error());
        SyncBreakdown::print(m_report, QStringLiteral("apply"), *phases, applySeconds);
    }
    return {};
}

Result<double> SyncBenchmark::sqliteLimit()
{
    const QString program =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("kjzy-bench-sqlite"));
    QProcess process;
    process.start(program, {QStringLiteral("--kind"), QStringLiteral("client"), QStringLiteral("--source"),
                            m_clientPath, QStringLiteral("--out"), m_dir.path(), QStringLiteral("--repeat"),
                            QStringLiteral("1")});
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0)
        return fail(
            ErrorCode::Internal,
            QStringLiteral("%1 failed: %2").arg(program, QString::fromUtf8(process.readAllStandardError())));
    const QString output = QString::fromUtf8(process.readAllStandardOutput());
    static const QRegularExpression seconds(QStringLiteral("^sqlite_client_insert_s=([0-9.]+)$"),
                                            QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = seconds.match(output);
    bool ok = false;
    const double value = match.hasMatch() ? match.captured(1).toDouble(&ok) : 0;
    if (!ok || value <= 0)
        return fail(ErrorCode::Internal, QStringLiteral("%1 printed no time: %2").arg(program, output));
    return value;
}

Status SyncBenchmark::measureWire()
{
    const double people = m_people.size();
    const QByteArray plain = CsvBaseline::plainCsv(m_people, false);
    auto plainGzip =
        CsvBaseline::writeAndGzip9(m_dir.filePath(QStringLiteral("volunteers-plain.csv")), plain);
    auto idsGzip = CsvBaseline::writeAndGzip9(m_dir.filePath(QStringLiteral("volunteers-plain-ids.csv")),
                                              CsvBaseline::plainCsv(m_people, true));
    if (!plainGzip || !idsGzip)
        return fail(!plainGzip ? plainGzip.error() : idsGzip.error());
    const QString formPath = m_dir.filePath(QStringLiteral("volunteers-form.csv"));
    if (auto written = TableWriter::write(formPath, RegistrationTableBuilder::volunteers(m_people)); !written)
        return written;
    QFile formFile(formPath);
    if (!formFile.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("cannot read %1").arg(formPath));
    const GzipSize formGzip = CsvBaseline::gzip9(formPath, formFile.readAll());

    m_report.text(QStringLiteral("gzip_method"), plainGzip->method);
    m_report.info(QStringLiteral("push_bytes_per_person"), m_changeSetBytes / people,
                  QStringLiteral("B (sealed change sets as POSTed, SealedEnvelope::toBytes)"), 1);
    m_report.info(QStringLiteral("push_codec_bytes_per_person"), m_changeSetCodecBytes / people,
                  QStringLiteral("B (SyncCodec::encode: CBOR + zlib 9; the rest is the envelope)"), 1);
    m_report.info(QStringLiteral("push_cbor_bytes_per_person"), m_changeSetCborBytes / people,
                  QStringLiteral("B (the CBOR inflated)"), 1);
    // What ids and stamps cost: the first change set encoded again with random version-4 ids (as
    // before ids came from creation stamps), then with every stamp equal to the first one's.
    const double inSet = m_firstChangeSet.changes.size();
    const qsizetype firstEncoded = SyncCodec::encode(m_firstChangeSet).size();
    ChangeSet randomIds = m_firstChangeSet;
    ChangeSet sameStamps = m_firstChangeSet;
    const HlcTimestamp firstStamp = m_firstChangeSet.changes.constFirst().stamp;
    for (qsizetype i = 0; i < randomIds.changes.size(); ++i) {
        randomIds.changes[i].id = RecordId::generate();
        sameStamps.changes[i].stamp = firstStamp;
        sameStamps.changes[i].id = RecordId::forCreation(firstStamp);
    }
    m_report.info(QStringLiteral("push_random_ids_would_add_bytes_per_person"),
                  (SyncCodec::encode(randomIds).size() - firstEncoded) / inSet,
                  QStringLiteral("B (random 16-byte ids instead of ids derived from creation stamps)"), 1);
    m_report.info(QStringLiteral("push_stamps_bytes_per_person"),
                  (firstEncoded - SyncCodec::encode(sameStamps).size()) / inSet,
                  QStringLiteral("B (one HLC stamp per change)"), 1);
    m_report.info(QStringLiteral("csv_plain_bytes_per_person"), plain.size() / people,
                  QStringLiteral("B (CSV of the 16 synced field values, UTF-8, codes as synced)"), 1);
    m_report.info(QStringLiteral("csv_plain_gzip9_bytes_per_person"), plainGzip->bytes / people,
                  QStringLiteral("B"), 1);
    m_report.target(QStringLiteral("push_vs_gzip9_plain_csv"), m_changeSetBytes / double(plainGzip->bytes),
                    QStringLiteral("x"), Goal::AtMost, 1.25, 3);
    m_report.info(QStringLiteral("csv_plain_ids_gzip9_bytes_per_person"), idsGzip->bytes / people,
                  QStringLiteral("B (the same CSV plus the record id column)"), 1);
    m_report.info(QStringLiteral("push_vs_gzip9_plain_csv_with_ids"),
                  m_changeSetBytes / double(idsGzip->bytes), QStringLiteral("x"), 3);
    m_report.info(QStringLiteral("csv_form_gzip9_bytes_per_person"), formGzip.bytes / people,
                  QStringLiteral("B (附件2 layout via TableWriter: region names, 序号, BOM, CRLF)"), 1);
    m_report.info(QStringLiteral("push_vs_gzip9_form_csv"), m_changeSetBytes / double(formGzip.bytes),
                  QStringLiteral("x"), 3);

    // The pages again, opened as the client opens them, to see what they carry.
    qint64 cborBytes = 0;
    qint64 fieldStamps = 0;
    qint64 records = 0;
    PullPage firstPage;
    for (const QByteArray& bytes : std::as_const(m_pages)) {
        auto envelope = SealedEnvelope::fromBytes(bytes, bytes.size());
        if (!envelope)
            return fail(envelope.error());
        auto header = Envelope::verify(*envelope, m_pinned.signKey, EnvelopeKind::Pull);
        if (!header)
            return fail(header.error());
        auto encoded = Envelope::open(*envelope, *header, m_clientKeys->box());
        if (!encoded)
            return fail(encoded.error());
        if (auto inflated = Compression::decompress(*encoded, encoded->size() * 64LL); inflated)
            cborBytes += inflated->size();
        auto page = SyncCodec::decodePullPage(*encoded);
        if (!page)
            return fail(page.error());
        for (const RecordState& record : std::as_const(page->records))
            fieldStamps += record.clocks.fields().size();
        records += page->records.size();
        if (firstPage.records.isEmpty())
            firstPage = std::move(*page);
    }
    // What the per-field clocks cost: the first page again with each record's clocks as one stamp
    // for all fields, the way a client stores a record it created whole.
    PullPage oneStamp = firstPage;
    for (RecordState& record : oneStamp.records) {
        RecordClocks clocks;
        clocks.setAll(record.clocks.latest());
        record.clocks = clocks;
    }
    m_report.info(QStringLiteral("pull_bytes_per_person"), m_pageBytes / people,
                  QStringLiteral("B (sealed pull pages)"), 1);
    m_report.info(QStringLiteral("pull_cbor_bytes_per_person"), cborBytes / people,
                  QStringLiteral("B (the pages' CBOR inflated)"), 1);
    m_report.info(QStringLiteral("pull_field_stamps_per_record"), records ? double(fieldStamps) / records : 0,
                  QStringLiteral("stamps (per-field clocks a pulled record carries)"), 1);
    if (!firstPage.records.isEmpty())
        m_report.info(QStringLiteral("pull_field_clocks_bytes_per_person"),
                      double(SyncCodec::encode(firstPage).size() - SyncCodec::encode(oneStamp).size()) /
                          firstPage.records.size(),
                      QStringLiteral("B (per-field stamps instead of one stamp for the record)"), 1);
    m_report.info(QStringLiteral("pull_vs_gzip9_plain_csv"), m_pageBytes / double(plainGzip->bytes),
                  QStringLiteral("x"), 3);
    return {};
}

Status SyncBenchmark::measureNoOpSync()
{
    // The province client is enrolled and holds everything: its next sync has nothing to do.
    ByteCountingProxy relay(QHostAddress::LocalHost, m_apiPort);
    const quint16 relayPort = relay.listen();
    if (relayPort == 0)
        return fail(ErrorCode::Network, QStringLiteral("the counting relay cannot listen"));
    HttpLink link(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(relayPort)));
    SyncEngine engine(*m_client, m_clientPath, link, SystemClock::instance());
    QElapsedTimer timer;
    timer.start();
    auto summary = engine.sync(m_options.pageSize);
    const double seconds = secondsOf(timer);
    if (!summary)
        return fail(summary.error());
    if (summary->changeSetsSent != 0 || summary->recordsPulled != 0)
        m_report.note(QStringLiteral("WARNING: the no-op sync sent %1 change sets and pulled %2 records")
                          .arg(summary->changeSetsSent)
                          .arg(summary->recordsPulled));
    const qint64 bodies = link.bytesSent() + link.bytesReceived();
    const qint64 wire = relay.bytesUp() + relay.bytesDown();
    m_report.info(QStringLiteral("noop_ms"), seconds * 1000, QStringLiteral("ms"), 1);
    m_report.target(QStringLiteral("noop_round_trips"), link.requests(), QStringLiteral("HTTP requests"),
                    Goal::AtMost, 2);
    m_report.info(QStringLiteral("noop_tcp_connections"), relay.connections(), QStringLiteral("connections"));
    m_report.info(QStringLiteral("noop_body_bytes"), bodies,
                  QStringLiteral("B (HttpLink: %1 sent + %2 received)")
                      .arg(link.bytesSent())
                      .arg(link.bytesReceived()));
    m_report.info(QStringLiteral("noop_header_bytes"), wire - bodies,
                  QStringLiteral("B (measured by the relay)"));
    m_report.target(QStringLiteral("noop_bytes"), wire,
                    QStringLiteral("B (bodies + HTTP headers, both ways)"), Goal::AtMost, 2048);
    return {};
}

Result<SyncBenchmark::LinkRun> SyncBenchmark::pushOverRelay(const QString& name, const QString& county,
                                                            qint64 cutEvery)
{
    // A county clerk's laptop: every new person registered in its county, then one sync. The two
    // runs use two counties of 郑州, so each pulls back only what it pushed (and the county's share
    // of the registry above).
    const QString path = m_dir.filePath(name + QStringLiteral(".db"));
    auto opened = ClientDatabase::open(path);
    if (!opened)
        return fail(opened.error());
    std::unique_ptr<ClientDatabase> database = std::move(*opened);
    if (auto initialized = database->initialize(county); !initialized)
        return fail(initialized.error());
    auto keys = DeviceKeys::create(DeviceKeys::directoryFor(path));
    if (!keys)
        return fail(keys.error());
    auto deviceId = database->deviceId();
    if (!deviceId)
        return fail(deviceId.error());
    auto code = m_enrollment->issue(county, QStringLiteral("county"));
    if (!code)
        return fail(code.error());
    auto device = m_enrollment->enroll(code->code, *deviceId, (*keys)->signing().publicKey(),
                                       (*keys)->box().publicKey(), name);
    if (!device)
        return fail(device.error());
    const PinnedServer pinned{QStringLiteral("http://127.0.0.1:%1").arg(m_apiPort),
                              m_server->keys().signing().publicKey(), m_server->keys().box().publicKey(),
                              device->keyEpoch};
    if (auto saved = pinned.save(*database); !saved)
        return fail(saved.error());
    if (auto saved = database->setSetting(settings::kRole, QStringLiteral("county")); !saved)
        return fail(saved.error());
    {
        VolunteerStore store(*database, SystemClock::instance());
        auto transaction = SqliteTransaction::begin(database->sql());
        if (!transaction)
            return fail(transaction.error());
        for (Volunteer v : m_generator->take(m_options.badLinkPeople)) {
            v.id.clear();
            v.city = QStringLiteral("410100");
            v.county = county;
            if (auto added = store.add(v); !added)
                return fail(added.error());
        }
        if (auto committed = transaction->commit(); !committed)
            return fail(committed.error());
    }

    ByteCountingProxy relay(QHostAddress::LocalHost, m_apiPort);
    const quint16 relayPort = relay.listen();
    if (relayPort == 0)
        return fail(ErrorCode::Network, QStringLiteral("the counting relay cannot listen"));
    relay.setPerConnectionLimit(cutEvery);
    HttpLink link(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(relayPort)));
    SyncEngine engine(*database, path, link, SystemClock::instance());
    LinkRun run;
    SyncOptions options;
    options.timeoutMs = 600'000;
    options.progress = [&run, &relay](const SyncProgress& progress) {
        if (progress.phase == SyncProgress::Phase::Pull && run.pushBytes == 0)
            run.pushBytes = relay.bytesUp() + relay.bytesDown();
    };
    auto summary = engine.sync(options);
    if (!summary)
        return fail(summary.error());
    if (summary->accepted != m_options.badLinkPeople)
        m_report.note(QStringLiteral("WARNING: %1 accepted %2 of %3 volunteers")
                          .arg(name)
                          .arg(summary->accepted)
                          .arg(m_options.badLinkPeople));
    run.summary = *summary;
    run.syncBytes = relay.bytesUp() + relay.bytesDown();
    run.connections = relay.connections();
    run.cuts = relay.cuts();
    return run;
}

Status SyncBenchmark::measureBadLink()
{
    constexpr qint64 kCutEvery = 64 * 1024;
    auto clean = pushOverRelay(QStringLiteral("county-clean-link"), QStringLiteral("410105"), 0);
    if (!clean)
        return fail(clean.error());
    auto cut = pushOverRelay(QStringLiteral("county-64k-link"), QStringLiteral("410102"), kCutEvery);
    if (!cut)
        return fail(cut.error());
    m_report.info(
        QStringLiteral("badlink_people"), m_options.badLinkPeople,
        QStringLiteral("new volunteers pushed by each of two county clients (金水区 clean, 中原区 cut)"));
    m_report.info(QStringLiteral("badlink_clean_push_bytes"), clean->pushBytes,
                  QStringLiteral("B both ways, headers included (%1 chunks, %2 connections)")
                      .arg(clean->summary.chunks)
                      .arg(clean->connections));
    m_report.info(
        QStringLiteral("badlink_cut_push_bytes"), cut->pushBytes,
        QStringLiteral("B over a link cutting every connection after 64 KiB (%1 chunks, %2 connections, "
                       "%3 cuts, %4 failed attempts)")
            .arg(cut->summary.chunks)
            .arg(cut->connections)
            .arg(cut->cuts)
            .arg(cut->summary.failures));
    m_report.target(QStringLiteral("badlink_bytes_ratio"), double(cut->pushBytes) / double(clean->pushBytes),
                    QStringLiteral("x (push, bad link / clean link)"), Goal::AtMost, 1.2, 3);
    m_report.info(QStringLiteral("badlink_sync_bytes_ratio"),
                  double(cut->syncBytes) / double(clean->syncBytes),
                  QStringLiteral("x (whole sync: push and the pull of the county, %1 vs %2 pages)")
                      .arg(cut->summary.pages)
                      .arg(clean->summary.pages),
                  3);
    return {};
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kjzy-bench-sync"));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures the sync core against its targets. Always exits 0 unless a figure could not be measured."));
    parser.addHelpOption();
    const QCommandLineOption people(QStringLiteral("people"),
                                    QStringLiteral("new volunteers to push (default 50000)"),
                                    QStringLiteral("N"), QStringLiteral("50000"));
    const QCommandLineOption changeSet(QStringLiteral("change-set"),
                                       QStringLiteral("changes per change set (default: the client's, %1)")
                                           .arg(OutboxSealer::kDefaultMaxChanges),
                                       QStringLiteral("N"),
                                       QString::number(OutboxSealer::kDefaultMaxChanges));
    const QCommandLineOption page(
        QStringLiteral("page"),
        QStringLiteral("records per pull page (default: the client's, %1)").arg(SyncOptions{}.pageSize),
        QStringLiteral("N"), QString::number(SyncOptions{}.pageSize));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("generator seed"),
                                  QStringLiteral("S"), QStringLiteral("20210033"));
    const QCommandLineOption dir(QStringLiteral("dir"),
                                 QStringLiteral("parent of the work directory (default: TMPDIR)"),
                                 QStringLiteral("DIR"));
    const QCommandLineOption keep(QStringLiteral("keep"), QStringLiteral("keep the work directory"));
    const QCommandLineOption noBreakdown(QStringLiteral("no-breakdown"),
                                         QStringLiteral("skip timing the phases of ingest and apply"));
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QStringLiteral("show the libraries' info logging"));
    const QCommandLineOption badLink(
        QStringLiteral("badlink-people"),
        QStringLiteral("new volunteers each bad-link client pushes (default 10000)"), QStringLiteral("N"),
        QStringLiteral("10000"));
    const QCommandLineOption applyRuns(
        QStringLiteral("apply-runs"),
        QStringLiteral("applies of the pulled registry, each into a fresh replica; the median is taken "
                       "(default 3)"),
        QStringLiteral("N"), QStringLiteral("3"));
    parser.addOptions({people, changeSet, page, seed, dir, keep, noBreakdown, verbose, badLink, applyRuns});
    parser.process(app);

    Options options;
    bool ok[6] = {};
    options.people = parser.value(people).toInt(&ok[0]);
    options.changeSetSize = parser.value(changeSet).toInt(&ok[1]);
    options.pageSize = parser.value(page).toInt(&ok[2]);
    options.seed = parser.value(seed).toUInt(&ok[3]);
    options.parentDir = parser.value(dir);
    options.keep = parser.isSet(keep);
    options.breakdown = !parser.isSet(noBreakdown);
    options.badLinkPeople = parser.value(badLink).toInt(&ok[4]);
    options.applyRuns = parser.value(applyRuns).toInt(&ok[5]);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || !ok[4] || !ok[5] || options.people < 1 ||
        options.changeSetSize < 1 || options.pageSize < 1 || options.badLinkPeople < 1 ||
        options.applyRuns < 1) {
        err << "kjzy-bench-sync: --people, --change-set, --page, --badlink-people and --apply-runs take "
               "positive integers"
            << Qt::endl;
        return 2;
    }
    if (!parser.isSet(verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("kjzy.*.info=false\nkjzy.*.debug=false"));
    if (auto sodium = Sodium::initialize(); !sodium) {
        err << "kjzy-bench-sync: " << sodium.error().message << Qt::endl;
        return 1;
    }

    BenchReport report(out);
    report.info(QStringLiteral("people"), options.people, QStringLiteral("new volunteers"));
    report.text(QStringLiteral("load_at_start"), BenchReport::loadAverage());
    SyncBenchmark benchmark(options, report);
    const Status done = benchmark.run();
    report.text(QStringLiteral("load_at_end"), BenchReport::loadAverage());
    QJsonObject json = report.json();
    json.insert(QStringLiteral("people"), options.people);
    if (!done) {
        json.insert(QStringLiteral("error"), done.error().message);
        err << "kjzy-bench-sync: " << errorCodeName(done.error().code) << ": " << done.error().message
            << Qt::endl;
    }
    out << QJsonDocument(json).toJson(QJsonDocument::Compact) << Qt::endl;
    return done ? 0 : 1;
}
