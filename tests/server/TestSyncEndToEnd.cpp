// End to end: a real kjzy-server process on 127.0.0.1:0 and several kjzy client databases, driven
// through the real binaries. Each test starts from a fresh server and fresh clients.
#include "support/CliRunner.h"
#include "support/DbProbe.h"
#include "support/ServerProcess.h"

#include "clock/HlcTimestamp.h"
#include "crypto/Sodium.h"
#include "net/HttpLink.h"
#include "validation/IdNumber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::test;

namespace {

const QString kJinshui = QStringLiteral("410105");   // 郑州市金水区
const QString kZhongyuan = QStringLiteral("410102"); // 郑州市中原区
const QString kZhengzhou = QStringLiteral("410100");
const QString kLaocheng = QStringLiteral("410302"); // 洛阳市老城区

// A valid GB 11643 number for a region, birth date and serial.
QString idNumber(const QString& region, int serial, const QString& birth = QStringLiteral("19850312"))
{
    const QString first17 = region + birth + QStringLiteral("%1").arg(serial % 1000, 3, 10, QLatin1Char('0'));
    return first17 + IdNumber::checkCharacter(first17);
}

QJsonArray jsonArray(const CliRun& run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).array();
}

} // namespace

class TestSyncEndToEnd : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_data;

    QString dbPath(const QString& name) const { return m_dir->filePath(name + QStringLiteral(".db")); }

    // init + enroll: a client database for `region` enrolled with a fresh code of `role`.
    QString client(const QString& name, const QString& region, const QString& role)
    {
        return enrollNewClient(dbPath(name), region, role, m_data, m_server->url());
    }

    QString addVolunteer(const QString& db, const QString& name, const QString& id, const QString& county,
                         const QStringList& extra = {})
    {
        const CliRun run = runKjzy(db, volunteerArgs(name, QStringLiteral("13800138000"), id, county, extra));
        if (!run.exitedWith(0))
            qWarning().noquote() << run.describe();
        return run.out.trimmed();
    }

    CliRun sync(const QString& db) { return runKjzy(db, {QStringLiteral("sync")}); }

    // The volunteers a client holds, by id, with full values.
    QHash<QString, QJsonObject> clientVolunteers(const QString& db)
    {
        QHash<QString, QJsonObject> byId;
        const CliRun run = runKjzy(db, {QStringLiteral("volunteer"), QStringLiteral("list"),
                                        QStringLiteral("--json"), QStringLiteral("--reveal")});
        for (const QJsonValue& v : jsonArray(run))
            byId.insert(v[QStringLiteral("id")].toString(), v.toObject());
        return byId;
    }

    QHash<QString, QJsonObject> serverVolunteers(const QString& region = {})
    {
        QStringList args{QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json"),
                         QStringLiteral("--reveal")};
        if (!region.isEmpty())
            args << QStringLiteral("--region") << region;
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue& v : jsonArray(runServer(m_data, args)))
            byId.insert(v[QStringLiteral("id")].toString(), v.toObject());
        return byId;
    }

    int registryRows()
    {
        DbProbe probe(QDir(m_data).filePath(QStringLiteral("registry.db")));
        return probe.count(QStringLiteral("SELECT COUNT(*) FROM records"));
    }

private slots:
    void initTestCase()
    {
        VERIFY_CLI_PREREQUISITES();
        QVERIFY2(QFileInfo::exists(serverPath()), qPrintable(serverPath()));
        QVERIFY(Sodium::initialize().has_value());
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_data = m_dir->filePath(QStringLiteral("server"));
        const CliRun initRun = runServer(m_data, {QStringLiteral("init")});
        EXPECT_EXIT(initRun, 0);
        QString error;
        m_server = ServerProcess::start(m_data, &error);
        QVERIFY2(m_server, qPrintable(error));
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void countiesAndCityConverge()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString b = client(QStringLiteral("zhongyuan"), kZhongyuan, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        const QString a1 = addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 11), kJinshui);
        const QString a2 = addVolunteer(a, QStringLiteral("李四"), idNumber(kJinshui, 12), kJinshui);
        const QString b1 = addVolunteer(b, QStringLiteral("王五"), idNumber(kZhongyuan, 13), kZhongyuan);
        const QString c1 = addVolunteer(city, QStringLiteral("赵六"), idNumber(kJinshui, 14), kJinshui);
        for (const QString& db : {a, b, city, a, b}) {
            const CliRun run = sync(db);
            EXPECT_EXIT(run, 0);
        }
        const auto server = serverVolunteers();
        QCOMPARE(QSet<QString>(server.keyBegin(), server.keyEnd()), (QSet<QString>{a1, a2, b1, c1}));
        const auto cityHolds = clientVolunteers(city);
        QCOMPARE(cityHolds, server); // the city sees its whole city, field for field
        const auto aHolds = clientVolunteers(a);
        QCOMPARE(QSet<QString>(aHolds.keyBegin(), aHolds.keyEnd()), (QSet<QString>{a1, a2, c1}));
        for (const QString& id : aHolds.keys())
            QCOMPARE(aHolds.value(id), server.value(id));
        const auto bHolds = clientVolunteers(b);
        QCOMPARE(QSet<QString>(bHolds.keyBegin(), bHolds.keyEnd()), (QSet<QString>{b1}));

        const QJsonObject status =
            QJsonDocument::fromJson(
                runKjzy(a, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
                .object();
        QCOMPARE(status[QStringLiteral("pending")].toInt(), 0);
        QCOMPARE(status[QStringLiteral("rejected")].toInt(), 0);
        QVERIFY(!status[QStringLiteral("last_sync")].isNull());
        QVERIFY(status[QStringLiteral("device")].isString());
    }

    void laterEditOfOneFieldWinsAndTheOtherIsLogged()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        const QString id = addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 21), kJinshui);
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(city), 0);
        // Both edit the same field offline; the city's edit is the later one.
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("volunteer"), QStringLiteral("edit"), id,
                                QStringLiteral("--employer"), QStringLiteral("金水区科协")}),
                    0);
        EXPECT_EXIT(runKjzy(city, {QStringLiteral("volunteer"), QStringLiteral("edit"), id,
                                   QStringLiteral("--employer"), QStringLiteral("郑州市科协")}),
                    0);
        EXPECT_EXIT(sync(city), 0);
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(city), 0);
        for (const QString& db : {a, city})
            QCOMPARE(clientVolunteers(db).value(id)[QStringLiteral("employer")].toString(),
                     QStringLiteral("郑州市科协"));
        QCOMPARE(serverVolunteers().value(id)[QStringLiteral("employer")].toString(),
                 QStringLiteral("郑州市科协"));

        const CliRun conflicts = runServer(m_data, {QStringLiteral("conflicts"), QStringLiteral("--json")});
        EXPECT_EXIT(conflicts, 0);
        const QJsonArray log = jsonArray(conflicts);
        const auto entry = std::find_if(log.begin(), log.end(), [&](const QJsonValue& c) {
            return c[QStringLiteral("id")].toString() == id &&
                   c[QStringLiteral("field")].toString() == u"employer";
        });
        QVERIFY2(entry != log.end(), qPrintable(conflicts.out));
        QCOMPARE((*entry)[QStringLiteral("kept")].toString(), QStringLiteral("郑州市科协"));
        QCOMPARE((*entry)[QStringLiteral("lost")].toString(), QStringLiteral("金水区科协"));
        QCOMPARE((*entry)[QStringLiteral("entity")].toString(), QStringLiteral("volunteer"));
        QVERIFY((*entry)[QStringLiteral("kept_device")].toString() !=
                (*entry)[QStringLiteral("lost_device")].toString());
    }

    void editsOfDifferentFieldsBothSurvive()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        const QString id = addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 31), kJinshui);
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(city), 0);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("volunteer"), QStringLiteral("edit"), id,
                                QStringLiteral("--employer"), QStringLiteral("金水区科协")}),
                    0);
        EXPECT_EXIT(runKjzy(city, {QStringLiteral("volunteer"), QStringLiteral("edit"), id,
                                   QStringLiteral("--mobile"), QStringLiteral("13912345678")}),
                    0);
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(city), 0);
        EXPECT_EXIT(sync(a), 0);
        for (const auto& holder : {clientVolunteers(a).value(id), clientVolunteers(city).value(id),
                                   serverVolunteers().value(id)}) {
            QCOMPARE(holder[QStringLiteral("employer")].toString(), QStringLiteral("金水区科协"));
            QCOMPARE(holder[QStringLiteral("mobile")].toString(), QStringLiteral("13912345678"));
        }
        const CliRun conflicts = runServer(m_data, {QStringLiteral("conflicts"), QStringLiteral("--json")});
        QCOMPARE(jsonArray(conflicts).size(), 0);
    }

    void samePersonRegisteredOfflineTwiceIsOnePerson()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        const QString person = idNumber(kJinshui, 41);
        const QString first = addVolunteer(a, QStringLiteral("张三"), person, kJinshui,
                                           {QStringLiteral("--employer"), QStringLiteral("甲单位")});
        const QString second = addVolunteer(city, QStringLiteral("张三"), person, kJinshui,
                                            {QStringLiteral("--title"), QStringLiteral("中级")});
        QVERIFY(first != second);
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(city), 0);
        EXPECT_EXIT(sync(a), 0);
        const auto server = serverVolunteers();
        QCOMPARE(server.size(), 1);
        QVERIFY(server.contains(first)); // the registry's first id survives
        for (const QString& db : {a, city}) {
            const auto holds = clientVolunteers(db);
            QCOMPARE(holds.size(), 1);
            QVERIFY2(holds.contains(first), qPrintable(db));
            QCOMPARE(holds.value(first), server.value(first));
        }
    }

    void samePersonInAnotherCountyIsRefused()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString b = client(QStringLiteral("zhongyuan"), kZhongyuan, QStringLiteral("county"));
        const QString person = idNumber(kJinshui, 51);
        addVolunteer(a, QStringLiteral("张三"), person, kJinshui);
        const QString twin = addVolunteer(b, QStringLiteral("张三"), person, kZhongyuan);
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(b), 1); // rejected changes: done in part
        QCOMPARE(serverVolunteers().size(), 1);
        const QJsonObject status =
            QJsonDocument::fromJson(
                runKjzy(b, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
                .object();
        QCOMPARE(status[QStringLiteral("rejected")].toInt(), 1);
        QCOMPARE(status[QStringLiteral("pending")].toInt(), 0);
        const QJsonObject rejection = status[QStringLiteral("rejections")].toArray().first().toObject();
        QCOMPARE(rejection[QStringLiteral("id")].toString(), twin);
        QVERIFY2(rejection[QStringLiteral("reason")].toString().contains(QStringLiteral("金水区")),
                 qPrintable(rejection[QStringLiteral("reason")].toString()));
        QVERIFY(!rejection[QStringLiteral("reason")].toString().contains(person)); // no unmasked ID number
    }

    // The server never took a record it refused at its creation, so the fix (an edit) must go as
    // the whole record: the changed fields alone would arrive as a record without a region.
    void aRecordRefusedAtCreationIsFixedByEditingIt()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString b = client(QStringLiteral("zhongyuan"), kZhongyuan, QStringLiteral("county"));
        const auto addTeam = [](const QString& db, const QString& name) {
            const CliRun run =
                runKjzy(db, {QStringLiteral("team"), QStringLiteral("add"), QStringLiteral("--name"), name,
                             QStringLiteral("--admin-mobile"), QStringLiteral("13903710000")});
            if (!run.exitedWith(0))
                qWarning().noquote() << run.describe();
            return run.out.trimmed();
        };
        addTeam(a, QStringLiteral("金水区科技志愿服务队"));
        const QString team = addTeam(b, QStringLiteral("金水区科技志愿服务队")); // the other county's name
        const QString person = idNumber(kJinshui, 57);
        addVolunteer(a, QStringLiteral("张三"), person, kJinshui);
        const QString twin = addVolunteer(b, QStringLiteral("李四"), person, kZhongyuan); // mistyped ID
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(b), 1);
        const auto statusOf = [this](const QString& db) {
            return QJsonDocument::fromJson(
                       runKjzy(db, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
                .object();
        };
        QCOMPARE(statusOf(b)[QStringLiteral("rejected")].toInt(), 2);
        const auto serverTeams = [this] {
            QStringList names;
            for (const QJsonValue& t : jsonArray(runServer(
                     m_data, {QStringLiteral("team"), QStringLiteral("list"), QStringLiteral("--json")})))
                names << t[QStringLiteral("name")].toString();
            return names;
        };
        QCOMPARE(serverTeams().size(), 1);

        EXPECT_EXIT(runKjzy(b, {QStringLiteral("team"), QStringLiteral("edit"), team,
                                QStringLiteral("--name"), QStringLiteral("中原区科技志愿服务队")}),
                    0);
        const QString corrected = idNumber(kZhongyuan, 59); // odd: male, as the record says
        EXPECT_EXIT(runKjzy(b, {QStringLiteral("volunteer"), QStringLiteral("edit"), twin,
                                QStringLiteral("--id-number"), corrected}),
                    0);
        EXPECT_EXIT(sync(b), 0);
        QCOMPARE(statusOf(b)[QStringLiteral("rejected")].toInt(), 0);
        QCOMPARE(statusOf(b)[QStringLiteral("pending")].toInt(), 0);
        QVERIFY2(serverTeams().contains(QStringLiteral("中原区科技志愿服务队")),
                 qPrintable(serverTeams().join(u',')));
        const QHash<QString, QJsonObject> registry = serverVolunteers();
        QVERIFY(registry.contains(twin));
        QCOMPARE(registry[twin][QStringLiteral("id_number")].toString(), corrected);
        QCOMPARE(registry[twin][QStringLiteral("county")].toString(), kZhongyuan);
        QCOMPARE(registry[twin][QStringLiteral("name")].toString(), QStringLiteral("李四"));
        // Both replicas agree field for field after the other county pulls.
        EXPECT_EXIT(sync(b), 0);
        QCOMPARE(clientVolunteers(b)[twin], registry[twin]);
    }

    void outOfScopeWriteNeverReachesTheRegistry()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        // The client refuses it before writing…
        const CliRun refused = runKjzy(a, volunteerArgs(QStringLiteral("外县"), QStringLiteral("13800138000"),
                                                        idNumber(kLaocheng, 61), kLaocheng));
        QVERIFY(!refused.exitedWith(0));
        // …so play a modified client: write the outbox entry straight into its database.
        const QString id = addVolunteer(a, QStringLiteral("本县"), idNumber(kJinshui, 62), kJinshui);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            db.setDatabaseName(a);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "UPDATE outbox SET fields = json_set(fields, '$.county', '410302', '$.city', '410300') "
                "WHERE entity = 'volunteer'")));
            QCOMPARE(q.numRowsAffected(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        EXPECT_EXIT(sync(a), 1);
        QVERIFY(!serverVolunteers().contains(id));
        QCOMPARE(registryRows(), 0);
        const QJsonObject status =
            QJsonDocument::fromJson(
                runKjzy(a, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
                .object();
        QCOMPARE(status[QStringLiteral("rejected")].toInt(), 1);
    }

    void aStampFarAheadIsClampedAndAdoptedByTheDevice()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString id = addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 65), kJinshui);
        // Play a device whose clock runs a year fast: push its stamp 365 days ahead.
        const qint64 yearMs = 365LL * 24 * 3600 * 1000;
        QString future;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fast"));
            db.setDatabaseName(a);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT hlc FROM outbox")) && q.next());
            const HlcTimestamp stamp = *HlcTimestamp::fromString(q.value(0).toString());
            future = HlcTimestamp{stamp.ms + yearMs, stamp.counter, stamp.device}.toString();
            q.finish();
            QVERIFY(q.prepare(QStringLiteral("UPDATE outbox SET hlc = ?")));
            q.addBindValue(future);
            QVERIFY(q.exec());
            for (const QString& table :
                 {QStringLiteral("volunteers"), QStringLiteral("teams"), QStringLiteral("memberships")}) {
                QVERIFY(q.prepare(
                    QStringLiteral("UPDATE %1 SET clocks = json_object('*', ?) WHERE clocks IS NOT NULL")
                        .arg(table)));
                q.addBindValue(future);
                QVERIFY(q.exec());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fast"));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        EXPECT_EXIT(sync(a), 0);
        {
            DbProbe registry(QDir(m_data).filePath(QStringLiteral("registry.db")));
            QCOMPARE(registry.count(QStringLiteral("SELECT COUNT(*) FROM clock_clamps WHERE original = ?"),
                                    {future}),
                     1);
            const auto clamped = HlcTimestamp::fromString(
                registry.scalar(QStringLiteral("SELECT clamped FROM clock_clamps")).toString());
            QVERIFY(clamped && clamped->ms >= before && clamped->ms < before + yearMs / 2);
        }
        // The device now holds the server's stamp, not its own fast one.
        DbProbe local(a);
        const QString clocks =
            local.scalar(QStringLiteral("SELECT clocks FROM volunteers WHERE id = ?"), {id}).toString();
        QVERIFY2(!clocks.contains(future), qPrintable(clocks));
        QCOMPARE(clientVolunteers(a).value(id), serverVolunteers().value(id));
    }

    void deletePropagates()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        const QString keep = addVolunteer(a, QStringLiteral("留下"), idNumber(kJinshui, 71), kJinshui);
        const QString gone = addVolunteer(a, QStringLiteral("删除"), idNumber(kJinshui, 72), kJinshui);
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(city), 0);
        QCOMPARE(clientVolunteers(city).size(), 2);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("volunteer"), QStringLiteral("remove"), gone}), 0);
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(city), 0);
        for (const auto& holds : {clientVolunteers(city), clientVolunteers(a), serverVolunteers()}) {
            QVERIFY(holds.contains(keep));
            QVERIFY(!holds.contains(gone));
        }
    }

    void aPersonMovedByTheCityReachesTheNewCountyWithTheirTeams()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString b = client(QStringLiteral("zhongyuan"), kZhongyuan, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        const CliRun team = runKjzy(a, {QStringLiteral("team"), QStringLiteral("add"),
                                        QStringLiteral("--name"), QStringLiteral("金水区科技志愿服务队"),
                                        QStringLiteral("--admin-mobile"), QStringLiteral("13903710000")});
        EXPECT_EXIT(team, 0);
        const QString teamId = team.out.trimmed();
        const QString id = addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 75), kJinshui,
                                        {QStringLiteral("--team"), teamId});
        EXPECT_EXIT(sync(a), 0);
        EXPECT_EXIT(sync(b), 0);
        QVERIFY(clientVolunteers(b).isEmpty());
        EXPECT_EXIT(sync(city), 0);
        EXPECT_EXIT(runKjzy(city, {QStringLiteral("volunteer"), QStringLiteral("edit"), id,
                                   QStringLiteral("--county"), kZhongyuan}),
                    0);
        EXPECT_EXIT(sync(city), 0);
        EXPECT_EXIT(sync(b), 0);
        const auto bHolds = clientVolunteers(b);
        QVERIFY(bHolds.contains(id));
        QCOMPARE(bHolds.value(id)[QStringLiteral("county")].toString(), kZhongyuan);
        QCOMPARE(bHolds.value(id)[QStringLiteral("teams")].toArray(), QJsonArray{teamId});
        // The county the person left learns that they left, and drops its copy.
        EXPECT_EXIT(sync(a), 0);
        QVERIFY(!clientVolunteers(a).contains(id));
        QVERIFY(clientVolunteers(city).contains(id));
    }

    void usedOrWrongEnrollmentCodeIsRefused()
    {
        const QString code = issueEnrollmentCode(m_data, kJinshui, QStringLiteral("county"));
        const QString first = dbPath(QStringLiteral("first"));
        const QString second = dbPath(QStringLiteral("second"));
        for (const QString& db : {first, second})
            EXPECT_EXIT(runKjzy(db, {QStringLiteral("init"), QStringLiteral("--region"), kJinshui}), 0);
        const QStringList enroll{QStringLiteral("enroll"), QStringLiteral("--server"),
                                 m_server->url().toString(), QStringLiteral("--code")};
        EXPECT_EXIT(runKjzy(first, enroll + QStringList{code}), 0);
        const CliRun reused = runKjzy(second, enroll + QStringList{code});
        EXPECT_EXIT(reused, 4);
        QVERIFY2(reused.err.contains(QStringLiteral("已使用")), qPrintable(reused.err));
        EXPECT_EXIT(runKjzy(second, enroll + QStringList{QStringLiteral("ABCD-EFGH-JKMN-PQRS-TVWX")}), 4);
        const CliRun devices = runServer(m_data, {QStringLiteral("devices"), QStringLiteral("--json")});
        QCOMPARE(jsonArray(devices).size(), 1);
    }

    void forgedReplayedAndRevokedChangeSetsChangeNothing()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 81), kJinshui);
        EXPECT_EXIT(sync(a), 0);
        const int rowsAfterFirst = registryRows();
        QCOMPARE(rowsAfterFirst, 1);
        QByteArray sealed;
        {
            DbProbe probe(a);
            sealed = probe.scalar(QStringLiteral("SELECT sealed FROM change_sets ORDER BY sequence LIMIT 1"))
                         .toByteArray();
        }
        QVERIFY(!sealed.isEmpty());
        HttpLink link(m_server->url(), HttpLinkOptions{1, 10, 10, 10000});
        // Replayed: answered with the stored reply, applied once.
        auto replay =
            link.post(QStringLiteral("/v1/push"), sealed, QByteArrayLiteral("application/octet-stream"));
        QVERIFY2(replay.has_value(), qPrintable(replay ? QString() : replay.error().message));
        QCOMPARE(registryRows(), rowsAfterFirst);
        // Forged: any flipped byte is refused before anything is applied.
        for (const qsizetype at : {qsizetype(20), sealed.size() / 2, sealed.size() - 1}) {
            QByteArray forged = sealed;
            forged[at] = char(forged[at] ^ 0x01);
            auto refused =
                link.post(QStringLiteral("/v1/push"), forged, QByteArrayLiteral("application/octet-stream"));
            QVERIFY(!refused.has_value());
            QVERIFY2(refused.error().code == ErrorCode::Crypto || refused.error().code == ErrorCode::Auth,
                     qPrintable(refused.error().message));
        }
        QCOMPARE(registryRows(), rowsAfterFirst);
        // Revoked: the device's next change set is refused with exit code 4.
        const QString device = runKjzy(a, {QStringLiteral("status"), QStringLiteral("--json")}).out;
        const QString deviceId =
            QJsonDocument::fromJson(device.toUtf8()).object()[QStringLiteral("device")].toString();
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("revoke"), deviceId}), 0);
        addVolunteer(a, QStringLiteral("李四"), idNumber(kJinshui, 82), kJinshui);
        const CliRun revoked = sync(a);
        EXPECT_EXIT(revoked, 4);
        QCOMPARE(registryRows(), rowsAfterFirst);
        const QJsonArray devices =
            jsonArray(runServer(m_data, {QStringLiteral("devices"), QStringLiteral("--json")}));
        QCOMPARE(devices.first()[QStringLiteral("revoked")].toBool(), true);
    }

    void syncWithTheServerDownExitsThreeAndKeepsEverything()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString id = addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 91), kJinshui);
        m_server.reset(); // the link goes down
        // sync retries until --timeout (default 180 s); the link stays down, so keep the wait short.
        const CliRun down =
            runKjzy(a, {QStringLiteral("sync"), QStringLiteral("--timeout"), QStringLiteral("2")});
        EXPECT_EXIT(down, 3);
        QString error;
        m_server = ServerProcess::start(m_data, &error);
        QVERIFY2(m_server, qPrintable(error));
        // Same data directory, new port: the device is told where the server is now.
        EXPECT_EXIT(
            runKjzy(a, {QStringLiteral("sync"), QStringLiteral("--server"), m_server->url().toString()}), 0);
        QVERIFY(serverVolunteers().contains(id));
    }
};

QTEST_GUILESS_MAIN(TestSyncEndToEnd)
#include "TestSyncEndToEnd.moc"
