// Adversarial suite, item 4: convergence fuzzing. Per seed: a fresh copy of an enrolled template
// (a kjzy-server data directory and five client databases with their keys: two counties of 郑州,
// 郑州 itself, a county of 洛阳 and the province), a real kjzy-server process, FaultProxy in front
// of it, and the five clients in this process making random offline creates, edits, deletes,
// duplicate registrations (one ID number registered on two devices), memberships and moves, and
// syncing in random order through random cuts. After a final round (two passes of every client):
//   - each client holds exactly the server's volunteers of its scope, field for field;
//   - each ID number is one live person on the server;
//   - each change set the server ingested is acknowledged once by its device, none pending;
//   - every field write the server accepted is live, or in the conflict log as the lost value, or
//     knowingly replaced (a later write by the same device, or by one whose base had seen it), or
//     its record is deleted; writes to a record folded into another person count on the survivor.
// A person registered in another county is refused by design: refused changes are not accepted
// writes and are not checked.
//
// KJZY_FUZZ_SEEDS=n runs n seeds (200); KJZY_FUZZ_SEED=n runs that one seed only.
#include "FaultWorld.h"
#include "support/FaultProxy.h"

#include "crypto/Sodium.h"
#include "model/RecordJson.h"
#include "service/RegistryQueries.h"
#include "storage/SqliteConnection.h"
#include "store/SqliteRegistryStore.h"
#include "store/TeamStore.h"
#include "sync/Change.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <functional>
#include <optional>

using namespace kjzy;
using namespace kjzy::test;

namespace {

struct DeviceSpec
{
    QString name;
    QString scope;
    QString role;
    QStringList counties; // where it may register people
    QString team;         // the team it makes in the template (empty: none)
};

const QList<DeviceSpec>& deviceSpecs()
{
    static const QList<DeviceSpec> specs{
        {QStringLiteral("jinshui"),
         QStringLiteral("410105"),
         QStringLiteral("county"),
         {QStringLiteral("410105")},
         QStringLiteral("金水区科技志愿服务队")},
        {QStringLiteral("zhongyuan"),
         QStringLiteral("410102"),
         QStringLiteral("county"),
         {QStringLiteral("410102")},
         QStringLiteral("中原区科技志愿服务队")},
        {QStringLiteral("zhengzhou"),
         QStringLiteral("410100"),
         QStringLiteral("city"),
         {QStringLiteral("410105"), QStringLiteral("410102")},
         QStringLiteral("郑州市科技志愿服务队")},
        {QStringLiteral("laocheng"),
         QStringLiteral("410302"),
         QStringLiteral("county"),
         {QStringLiteral("410302")},
         QStringLiteral("老城区科技志愿服务队")},
        {QStringLiteral("province"),
         QStringLiteral("410000"),
         QStringLiteral("province"),
         {QStringLiteral("410105"), QStringLiteral("410102"), QStringLiteral("410302")},
         QString()},
    };
    return specs;
}

// ID numbers the fuzz registers: few, so two devices often register the same person.
constexpr int kIdentityPool = 16;
constexpr int kPoolBase = 5000; // apart from the template's people

// What the seeds did, to show the run exercised what it claims to.
struct FuzzTally
{
    int registered = 0;
    int edits = 0;
    int syncs = 0;
    int cuts = 0;
    int refused = 0;   // changes the server refused (another county's person, scope, rules)
    int folded = 0;    // aliases: offline duplicates folded into one person
    int conflicts = 0; // lost values in the conflict log
    int departures = 0;
    int keptRefused = 0; // records a client keeps with a refused change (not compared)
};

bool copyTree(const QString& from, const QString& to)
{
    QDir source(from);
    if (!QDir().mkpath(to))
        return false;
    for (const QFileInfo& entry : source.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = QDir(to).filePath(entry.fileName());
        if (entry.isDir()) {
            if (!copyTree(entry.filePath(), target))
                return false;
            continue;
        }
        if (!QFile::copy(entry.filePath(), target))
            return false;
        QFile::setPermissions(target, entry.permissions());
    }
    return true;
}

// One accepted field write, as the writing client's outbox holds it.
struct Write
{
    QString device;
    QString entity;
    QString id; // as written; resolved through the server's aliases before checking
    QString field;
    QJsonValue value;
    HlcTimestamp stamp;
    std::optional<HlcTimestamp> base; // the stamp of the value the writer replaced, if it had one
};

QString fieldNames(const Volunteer& a, const Volunteer& b)
{
    const FieldMap x = RecordJson::volunteerFields(a);
    const FieldMap y = RecordJson::volunteerFields(b);
    QStringList names;
    for (const QString& key : x.keys() + y.keys()) {
        if (x.value(key) != y.value(key) && !names.contains(key))
            names << key;
    }
    if (a.teams != b.teams && !names.contains(QStringLiteral("teams")))
        names << QStringLiteral("teams");
    return names.join(u',');
}

} // namespace

class TestConvergenceFuzz : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_template;
    QStringList m_failures;
    FuzzTally m_tally;

    QString templateDb(const QString& name) const
    {
        return m_template->filePath(name + QStringLiteral(".db"));
    }

    // Called after the final round, before the checks: the self-test breaks what they must see.
    using Tamper = std::function<void(const QString& data, const QStringList& clientDbs)>;

    // One seed, start to end; empty when every check held, else what failed.
    QString runSeed(quint32 seed, int steps, const Tamper& tamper = {})
    {
        QRandomGenerator random(seed);
        auto dir = scratchDirectory();
        if (!dir->isValid() || !copyTree(m_template->path(), dir->path()))
            return QStringLiteral("cannot copy the template");
        if (qEnvironmentVariableIsSet("KJZY_FUZZ_KEEP")) { // to look into one seed's files afterwards
            dir->setAutoRemove(false);
            qInfo("seed %u: files in %s", seed, qPrintable(dir->path()));
        }
        const QString data = dir->filePath(QStringLiteral("server"));
        RestartableServer server;
        QString error;
        if (!server.start(data, 0, &error))
            return error;
        FaultProxy proxy(server.port());
        if (!proxy.listen())
            return QStringLiteral("the proxy does not listen");
        std::vector<std::unique_ptr<InProcessClient>> clients;
        std::vector<std::unique_ptr<TeamStore>> teams;
        for (const DeviceSpec& spec : deviceSpecs()) {
            clients.push_back(std::make_unique<InProcessClient>(
                dir->filePath(spec.name + QStringLiteral(".db")), QUrl(proxy.url())));
            teams.push_back(std::make_unique<TeamStore>(clients.back()->database(), SystemClock::instance()));
        }
        const int deviceCount = int(clients.size());
        int unique = 0;

        const auto syncThroughCut = [&](int d, bool mayCut) -> QString {
            proxy.reset();
            if (mayCut && random.bounded(2) == 0)
                proxy.setCutOffsets({qint64(random.bounded(3000))});
            const auto done = clients[d]->syncUntilDone(8, 5000);
            ++m_tally.syncs;
            m_tally.cuts += proxy.cuts();
            if (!done)
                return QStringLiteral("sync of %1 never completed: %2")
                    .arg(deviceSpecs().at(d).name, done.error().message);
            return {};
        };

        for (int step = 0; step < steps; ++step) {
            const int d = int(random.bounded(deviceCount));
            const DeviceSpec& spec = deviceSpecs().at(d);
            InProcessClient& client = *clients[d];
            const int op = int(random.bounded(100));
            if (op < 75) {
                auto held = client.volunteers().list();
                if (!held)
                    return held.error().message;
                if (op < 30 || held->isEmpty()) {
                    // A registration: from a small pool of ID numbers, so duplicates happen. The
                    // client refuses a number it already holds; the server folds or refuses the rest.
                    const QString county = spec.counties.at(random.bounded(int(spec.counties.size())));
                    Volunteer v = personFor(county, kPoolBase + int(random.bounded(kIdentityPool)), random);
                    m_tally.registered += client.volunteers().add(v).has_value();
                    continue;
                }
                Volunteer v = held->at(random.bounded(int(held->size())));
                if (op < 50) {
                    v.employer = QStringLiteral("单位%1-%2").arg(seed).arg(++unique);
                } else if (op < 57) {
                    v.mobile =
                        QStringLiteral("139%1").arg(random.bounded(100'000'000), 8, 10, QLatin1Char('0'));
                } else if (op < 63) {
                    (void)client.volunteers().remove(v.id);
                    continue;
                } else if (op < 71) {
                    auto visible = teams[d]->list();
                    if (!visible || visible->isEmpty())
                        continue;
                    const QString team = visible->at(random.bounded(int(visible->size()))).id;
                    if (v.teams.contains(team))
                        v.teams.removeAll(team);
                    else
                        v.teams << team;
                } else {
                    if (spec.counties.size() < 2)
                        continue;
                    v.county = spec.counties.at(random.bounded(int(spec.counties.size())));
                    v.city = cityOf(v.county);
                }
                // Refusals (scope, rules) change nothing.
                m_tally.edits += client.volunteers().update(v).has_value();
            } else {
                if (const QString failed = syncThroughCut(d, true); !failed.isEmpty())
                    return failed;
            }
        }
        for (int pass = 0; pass < 2; ++pass) {
            QList<int> order;
            for (int d = 0; d < deviceCount; ++d)
                order.insert(int(random.bounded(int(order.size()) + 1)), d);
            for (const int d : order) {
                if (const QString failed = syncThroughCut(d, false); !failed.isEmpty())
                    return failed;
            }
        }
        if (tamper) {
            QStringList paths;
            for (const auto& client : clients)
                paths << client->path();
            tamper(data, paths);
        }
        const DbProbe registry(registryPath(data));
        m_tally.folded += registry.count(QStringLiteral("SELECT count(*) FROM aliases"));
        m_tally.conflicts += registry.count(QStringLiteral("SELECT count(*) FROM conflicts"));
        m_tally.departures += registry.count(QStringLiteral("SELECT count(*) FROM departures"));
        m_tally.refused +=
            registry.count(QStringLiteral("SELECT coalesce(sum(rejected), 0) FROM change_sets"));
        return verify(data, clients);
    }

    QString verify(const QString& data, const std::vector<std::unique_ptr<InProcessClient>>& clients)
    {
        QStringList problems;
        auto store = SqliteRegistryStore::open(registryPath(data), SystemClock::instance());
        if (!store)
            return store.error().message;
        RegistryQueries queries(**store);
        for (int d = 0; d < int(clients.size()); ++d) {
            const DeviceSpec& spec = deviceSpecs().at(d);
            auto held = clients[d]->volunteers().list();
            auto expected = queries.volunteers(spec.scope == u"410000" ? QString() : spec.scope);
            if (!held || !expected)
                return QStringLiteral("cannot list volunteers");
            QHash<QString, Volunteer> client;
            for (const Volunteer& v : *held)
                client.insert(v.id, v);
            // A change the server refused stays on the device, with its reason, until someone fixes
            // it (kjzy status): such a record may differ from the server's or be missing there.
            const QStringList refused =
                DbProbe(clients[d]->path())
                    .dump(QStringLiteral("SELECT DISTINCT entity_id FROM rejected_changes "
                                         "WHERE entity = 'volunteer'"));
            m_tally.keptRefused += int(refused.size());
            QSet<QString> idNumbers;
            for (const Volunteer& v : *expected) {
                if (d == int(clients.size()) - 1 && idNumbers.contains(v.idNumber))
                    problems << QStringLiteral("the server holds one ID number twice");
                idNumbers.insert(v.idNumber);
                if (refused.contains(v.id)) {
                    client.remove(v.id);
                    continue;
                }
                if (!client.contains(v.id))
                    problems << QStringLiteral("%1 lacks %2").arg(spec.name, v.id);
                else if (!(client.value(v.id) == v))
                    problems << QStringLiteral("%1 differs on %2 in %3")
                                    .arg(spec.name, v.id, fieldNames(client.value(v.id), v));
                client.remove(v.id);
            }
            for (const QString& extra : client.keys()) {
                if (!refused.contains(extra))
                    problems << QStringLiteral("%1 holds %2, which the server does not show it")
                                    .arg(spec.name, extra);
            }
            if (const QString changeSets = changeSetsMatch(data, clients[d]->path()); !changeSets.isEmpty())
                problems << spec.name + QStringLiteral(": ") + changeSets;
        }
        problems << acceptedWritesAccountedFor(data, clients);
        problems.removeAll(QString());
        return problems.mid(0, 8).join(QStringLiteral("\n  "));
    }

    // Every accepted field write is live, lost in the conflict log, knowingly replaced, or on a
    // deleted record.
    QStringList acceptedWritesAccountedFor(const QString& data,
                                           const std::vector<std::unique_ptr<InProcessClient>>& clients)
    {
        const DbProbe registry(registryPath(data));
        QHash<QString, QString> aliases;
        for (const QVariantList& row : registry.rows(QStringLiteral("SELECT from_id, to_id FROM aliases")))
            aliases.insert(row.at(0).toString(), row.at(1).toString());
        const auto resolve = [&](QString id) -> QString {
            for (int hops = 0; aliases.contains(id) && hops < 10; ++hops)
                id = aliases.value(id);
            return id;
        };
        const auto resolveRecord = [&](const QString& entityName, const QString& id) -> QString {
            if (entityName == entity::kMembership) {
                const qsizetype slash = id.indexOf(u'/');
                return id.left(slash + 1) + resolve(id.mid(slash + 1));
            }
            return entityName == entity::kVolunteer ? resolve(id) : id;
        };
        QHash<QString, QJsonObject> records; // "entity|id" -> data
        for (const QVariantList& row :
             registry.rows(QStringLiteral("SELECT entity, id, data, deleted FROM records"))) {
            QJsonObject object = QJsonDocument::fromJson(row.at(2).toByteArray()).object();
            if (row.at(3).toInt() != 0)
                object.insert(QStringLiteral("deleted"), true);
            records.insert(row.at(0).toString() + u'|' + row.at(1).toString(), object);
        }
        // "entity|id|field|lost stamp" and "entity|id|field|lost value": a write whose value is in
        // the log as lost is recorded there even when another device wrote the same value and that
        // write's stamp is the one the log names (equal values do not conflict with each other).
        QSet<QString> lost;
        for (const QVariantList& row : registry.rows(
                 QStringLiteral("SELECT entity, entity_id, field, lost_stamp, lost FROM conflicts"))) {
            const QString key =
                QStringList{row.at(0).toString(), row.at(1).toString(), row.at(2).toString()}.join(u'|');
            lost.insert(key + u'|' + row.at(3).toString());
            lost.insert(key + QStringLiteral("|=") + row.at(4).toString());
        }
        const auto jsonText = [](const QJsonValue& value) {
            const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
            return QString::fromUtf8(text.mid(1, text.size() - 2));
        };
        QHash<QString, QList<Write>> writes; // "entity|resolved id|field" -> writes
        for (const auto& client : clients) {
            const DbProbe outbox(client->path());
            const QString device =
                outbox.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'device_id'"))
                    .toString();
            const auto rows = outbox.rows(QStringLiteral("SELECT entity, entity_id, fields, hlc, base FROM "
                                                         "outbox WHERE acked_at IS NOT NULL AND seq NOT IN "
                                                         "(SELECT outbox_seq FROM rejected_changes)"));
            for (const QVariantList& row : rows) {
                const QString entity = row.at(0).toString();
                const QString id = resolveRecord(entity, row.at(1).toString());
                const QJsonObject fields = QJsonDocument::fromJson(row.at(2).toByteArray()).object();
                const auto stamp = HlcTimestamp::fromString(row.at(3).toString());
                const QJsonObject base = QJsonDocument::fromJson(row.at(4).toByteArray()).object();
                if (!stamp)
                    return {QStringLiteral("unreadable stamp in an outbox")};
                for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
                    Write write{device, entity, id, it.key(), it.value(), *stamp, std::nullopt};
                    if (base.contains(it.key()))
                        write.base = HlcTimestamp::fromString(base.value(it.key()).toString());
                    writes[entity + u'|' + id + u'|' + it.key()] << write;
                }
            }
        }
        QStringList problems;
        for (auto it = writes.constBegin(); it != writes.constEnd(); ++it) {
            for (const Write& w : it.value()) {
                const QString recordKey = w.entity + u'|' + w.id;
                if (!records.contains(recordKey)) {
                    problems << QStringLiteral("an accepted write to %1 %2, which the server does not hold")
                                    .arg(w.entity, w.id);
                    continue;
                }
                const QJsonObject record = records.value(recordKey);
                if (record.value(QStringLiteral("deleted")).toBool() || record.value(w.field) == w.value)
                    continue;
                const QString fieldKey = QStringList{w.entity, w.id, w.field}.join(u'|');
                if (lost.contains(fieldKey + u'|' + w.stamp.toString()) ||
                    lost.contains(fieldKey + QStringLiteral("|=") + jsonText(w.value)))
                    continue;
                const bool replacedKnowingly =
                    std::any_of(it.value().cbegin(), it.value().cend(), [&w](const Write& later) {
                        return later.stamp > w.stamp &&
                               (later.device == w.device || (later.base && *later.base >= w.stamp));
                    });
                if (replacedKnowingly)
                    continue;
                problems << QStringLiteral(
                                "the accepted write of %1.%2 on %3 at %4 is neither live nor in the "
                                "conflict log")
                                .arg(w.entity, w.field, w.id, w.stamp.toString());
            }
        }
        return problems;
    }

private slots:
    void initTestCase()
    {
        VERIFY_CLI_PREREQUISITES();
        QVERIFY(Sodium::initialize().has_value());
        QLoggingCategory::setFilterRules(QStringLiteral("kjzy.*=false"));
        dropSeekWarnings();
        m_template = scratchDirectory();
        QVERIFY(m_template->isValid());
        const QString data = m_template->filePath(QStringLiteral("server"));
        EXPECT_EXIT(runServer(data, {QStringLiteral("init")}), 0);
        RestartableServer server;
        QString error;
        QVERIFY2(server.start(data, 0, &error), qPrintable(error));
        QRandomGenerator random(1);
        int person = 0;
        for (const DeviceSpec& spec : deviceSpecs()) {
            const QString db = templateDb(spec.name);
            QVERIFY2(enrollClient(db, spec.scope, spec.role, data, server.url(), &error), qPrintable(error));
            if (!spec.team.isEmpty())
                EXPECT_EXIT(
                    runKjzy(db, {QStringLiteral("team"), QStringLiteral("add"), QStringLiteral("--name"),
                                 spec.team, QStringLiteral("--admin-mobile"), QStringLiteral("13703710000")}),
                    0);
            InProcessClient client(db, server.url());
            if (spec.role == u"county") {
                for (int i = 0; i < 2; ++i)
                    QVERIFY(client.volunteers().add(personFor(spec.scope, person++, random)).has_value());
            }
            QVERIFY(client.syncOnce().has_value());
        }
        for (const DeviceSpec& spec : deviceSpecs()) {
            InProcessClient client(templateDb(spec.name), server.url());
            QVERIFY(client.syncOnce().has_value());
        }
    }

    // The checks can fail: a client value changed behind the sync's back, and a lost value
    // removed from the conflict log, are both reported.
    void checksSeeADivergence()
    {
        const QString differs = runSeed(7, 40, [](const QString&, const QStringList& dbs) {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(dbs.at(2)); // the city
            if (db.open()) {
                QSqlQuery update(db);
                if (!update.exec(QStringLiteral("UPDATE volunteers SET employer = 'tampered' WHERE id = "
                                                "(SELECT min(id) FROM volunteers WHERE deleted = 0)")) ||
                    update.numRowsAffected() != 1)
                    qWarning("tamper failed: %s", qPrintable(update.lastError().text()));
            }
            db.close();
        });
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        QVERIFY2(differs.contains(QStringLiteral("zhengzhou differs")) &&
                     differs.contains(QStringLiteral("employer")),
                 qPrintable(differs));

        bool hadConflicts = false;
        const QString unaccounted = runSeed(7, 40, [&hadConflicts](const QString& data, const QStringList&) {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(registryPath(data));
            if (db.open()) {
                QSqlQuery count(QStringLiteral("SELECT count(*) FROM conflicts"), db);
                hadConflicts = count.next() && count.value(0).toInt() > 0;
                QSqlQuery(QStringLiteral("DELETE FROM conflicts"), db);
            }
            db.close();
        });
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        QVERIFY2(hadConflicts, "seed 7 logs no conflict: pick another seed for the self-test");
        QVERIFY2(unaccounted.contains(QStringLiteral("neither live nor in the conflict log")),
                 qPrintable(unaccounted));
        m_tally = {};
    }

    // The smallest history the fuzz found diverging (seeds 36, 46, 99, 136 of the default run): a
    // county registers a person and deletes the record offline; the province registers the same
    // person later, offline, and syncs first; then the county syncs (its registration is folded
    // into the province's record, its delete follows the alias); then the province syncs again.
    void deleteOfAFoldedDuplicateReachesEveryCopy()
    {
        auto dir = scratchDirectory();
        QVERIFY(copyTree(m_template->path(), dir->path()));
        const QString data = dir->filePath(QStringLiteral("server"));
        RestartableServer server;
        QString error;
        QVERIFY2(server.start(data, 0, &error), qPrintable(error));
        InProcessClient county(dir->filePath(QStringLiteral("jinshui.db")), server.url());
        InProcessClient province(dir->filePath(QStringLiteral("province.db")), server.url());
        QRandomGenerator random(5);
        const Volunteer person = personFor(QStringLiteral("410105"), 9000, random);
        auto countyId = county.volunteers().add(person);
        QVERIFY(countyId.has_value());
        QVERIFY(county.volunteers().remove(*countyId).has_value());
        QThread::msleep(5); // the province's registration is stamped after the county's delete
        auto provinceId = province.volunteers().add(person);
        QVERIFY(provinceId.has_value());
        QVERIFY(province.syncOnce().has_value());
        QVERIFY(county.syncOnce().has_value());
        QVERIFY(province.syncOnce().has_value());
        QVERIFY(county.syncOnce().has_value());

        auto store = SqliteRegistryStore::open(registryPath(data), SystemClock::instance());
        QVERIFY(store.has_value());
        RegistryQueries queries(**store);
        auto registry = queries.volunteers();
        QVERIFY(registry.has_value());
        const bool live = std::any_of(registry->cbegin(), registry->cend(),
                                      [&](const Volunteer& v) { return v.id == *provinceId; });
        auto held = province.volunteers().list();
        QVERIFY(held.has_value());
        const bool provinceHolds = std::any_of(held->cbegin(), held->cend(),
                                               [&](const Volunteer& v) { return v.id == *provinceId; });
        QVERIFY2(live == provinceHolds,
                 qPrintable(QStringLiteral("the registry %1 the person, the province's device %2 it")
                                .arg(live ? QStringLiteral("holds") : QStringLiteral("deleted"),
                                     provinceHolds ? QStringLiteral("holds") : QStringLiteral("dropped"))));
    }

    void cleanupTestCase() { qInfo("%d QIODevice::seek warnings dropped", droppedSeekWarnings().load()); }

    // Seeds beyond the default range that once found bugs, replayed in every run: 284 and 663 kept
    // a twin's acknowledged edits in the registry's person on the device that folded the twin,
    // while the server held them on the twin (deleted later). Fixed in LocalRecords::fold.
    void seedsThatOnceFailed_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::newRow("284") << 284u;
        QTest::newRow("663") << 663u;
    }

    void seedsThatOnceFailed()
    {
        QFETCH(quint32, seed);
        const QString failed = runSeed(seed, 60);
        QVERIFY2(failed.isEmpty(), qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(failed)));
    }

    void randomHistoriesConverge()
    {
        const bool one = qEnvironmentVariableIsSet("KJZY_FUZZ_SEED");
        const quint32 first = numberFromEnvironment("KJZY_FUZZ_SEED", 1);
        const int seeds = one ? 1 : int(numberFromEnvironment("KJZY_FUZZ_SEEDS", 200));
        const int steps = int(numberFromEnvironment("KJZY_FUZZ_STEPS", 60));
        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < seeds; ++i) {
            const quint32 seed = first + quint32(i);
            const QString failed = runSeed(seed, steps);
            if (!failed.isEmpty()) {
                m_failures << QStringLiteral("seed %1: %2").arg(seed).arg(failed);
                qWarning("seed %u failed (rerun: KJZY_FUZZ_SEED=%u):\n  %s", seed, seed, qPrintable(failed));
            }
        }
        qInfo("%d seeds of %d steps in %lld ms, %lld failed", seeds, steps, elapsed.elapsed(),
              qint64(m_failures.size()));
        qInfo("in all: %d registrations, %d edits, %d syncs through %d cuts; the server refused %d changes, "
              "folded %d duplicates, logged %d conflicts and %d departures; %d records kept refused on a "
              "device",
              m_tally.registered, m_tally.edits, m_tally.syncs, m_tally.cuts, m_tally.refused, m_tally.folded,
              m_tally.conflicts, m_tally.departures, m_tally.keptRefused);
        // A run that never folded, refused or conflicted did not test the rules it claims to.
        if (seeds >= 20) {
            QVERIFY(m_tally.folded > 0);
            QVERIFY(m_tally.refused > 0);
            QVERIFY(m_tally.conflicts > 0);
            QVERIFY(m_tally.cuts > 0);
        }
        QVERIFY2(m_failures.isEmpty(),
                 qPrintable(QStringLiteral("%1 of %2 seeds failed; rerun one with KJZY_FUZZ_SEED=n:\n")
                                .arg(m_failures.size())
                                .arg(seeds) +
                            m_failures.mid(0, 10).join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestConvergenceFuzz)
#include "TestConvergenceFuzz.moc"
