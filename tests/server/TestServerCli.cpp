// The registry-reading commands of the real kjzy-server binary (KJZY_SERVER_PATH): lists, report,
// export and the conflict log over a registry written in-process, plus masking, auditing, usage
// errors and a missing data directory.
#include "core/CsvParser.h"
#include "crypto/Sodium.h"
#include "model/RecordJson.h"
#include "service/RegistryRecord.h"
#include "store/SqliteRegistryStore.h"
#include "support/CliRunner.h"
#include "support/DbProbe.h"
#include "support/ServerProcess.h"
#include "sync/Change.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;
using namespace kjzy::test;
using namespace Qt::StringLiterals;

namespace {

const QString kActor = u"kjzy-auditor"_s;

// CLI.md `kjzy volunteer list --json` / `kjzy team list --json` keys.
const QStringList kVolunteerKeys{u"id"_s,
                                 u"name"_s,
                                 u"mobile"_s,
                                 u"gender"_s,
                                 u"id_number"_s,
                                 u"political_status"_s,
                                 u"ethnicity"_s,
                                 u"employer"_s,
                                 u"title"_s,
                                 u"education"_s,
                                 u"occupation"_s,
                                 u"province"_s,
                                 u"city"_s,
                                 u"county"_s,
                                 u"service_categories"_s,
                                 u"service_fields"_s,
                                 u"three_heads"_s,
                                 u"teams"_s};
const QStringList kTeamKeys{u"id"_s,
                            u"name"_s,
                            u"category"_s,
                            u"parent"_s,
                            u"admin_mobile"_s,
                            u"civil_affairs_registered"_s,
                            u"supervisor_type"_s,
                            u"supervisor"_s,
                            u"founded"_s,
                            u"service_categories"_s,
                            u"province"_s,
                            u"city"_s,
                            u"county"_s,
                            u"name_issues"_s};
const QStringList kConflictKeys{u"entity"_s, u"id"_s,          u"field"_s,       u"kept"_s,
                                u"lost"_s,   u"kept_device"_s, u"lost_device"_s, u"at"_s};

// Runs `kjzy-server --data dataDir args...` as the OS user kActor (the audit rows name it).
CliRun runAsActor(const QString& dataDir, const QStringList& args)
{
    return runServer(dataDir, args, {{u"USER"_s, kActor}});
}

QJsonDocument parseJson(const CliRun& run)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("stdout is not JSON (%s): %s", qPrintable(error.errorString()), qPrintable(run.out));
    return document;
}

QStringList keysOf(const QJsonObject& object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList idsOf(const QJsonArray& array)
{
    QStringList ids;
    for (const QJsonValue& item : array)
        ids << item.toObject().value(u"id"_s).toString();
    return ids;
}

StoredRecord row(const QString& entity, const QString& id, FieldMap fields, const QString& region,
                 bool deleted = false)
{
    fields.insert(u"deleted"_s, deleted);
    RecordClocks clocks;
    clocks.setAll(HlcTimestamp{1'767'600'000'000, 0, u"dev-a"_s});
    StoredRecord r;
    RegistryRecord::fillRow(r, RecordState{entity, id, fields, clocks});
    r.region = region;
    return r;
}

StoredRecord volunteerRow(const QString& id, const QString& name, const QString& mobile,
                          const QString& idNumber, const QString& county, bool deleted = false)
{
    Volunteer v;
    v.name = name;
    v.mobile = mobile;
    v.idNumber = idNumber;
    v.gender = idNumber.at(16).digitValue() % 2 == 1 ? u"男"_s : u"女"_s;
    v.politicalStatus = u"中共党员"_s;
    v.ethnicity = u"汉族"_s;
    v.employer = u"河南省农业科学院"_s;
    v.province = u"410000"_s;
    v.city = county.left(4) + u"00"_s;
    v.county = county;
    v.serviceCategories = {u"科技培训"_s};
    StoredRecord r = row(entity::kVolunteer, id, RecordJson::volunteerFields(v), county, deleted);
    r.identity = "blind-" + id.toUtf8();
    return r;
}

StoredRecord teamRow(const QString& id, const QString& name, const QString& city, const QString& county)
{
    Team t;
    t.name = name;
    t.adminMobile = u"13700001111"_s;
    t.province = u"410000"_s;
    t.city = city;
    t.county = county;
    return row(entity::kTeam, id, RecordJson::teamFields(t), county.isEmpty() ? city : county);
}

} // namespace

// Fails unless `run` exited normally with `code`, printing the run (kjzy-server's, not kjzy's).
#define EXPECT_SERVER_EXIT(run, code)                                                                        \
    QVERIFY2((run).exitedWith(code),                                                                         \
             qPrintable(u"expected exit code %1\nkjzy-server "_s.arg(code) + (run).describe().mid(5)))

class TestServerCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_data;

    QString databasePath() const { return QDir(m_data).filePath(u"registry.db"_s); }

    int auditRows(const QString& action, const QString& entity) const
    {
        DbProbe probe(databasePath());
        return probe.count(u"SELECT count(*) FROM audit_log WHERE action = ? AND entity = ? AND actor = ?"_s,
                           {action, entity, kActor});
    }

    // Two counties of 郑州 (one holding a deleted volunteer), one county of 洛阳, three teams, live and
    // deleted memberships, and two conflicts carrying personal numbers.
    static void putRegistry(RegistryStore& store)
    {
        for (StoredRecord r : {
                 volunteerRow(u"v-zhang"_s, u"张伟"_s, u"13800138000"_s, u"410105195001010136"_s,
                              u"410105"_s),
                 volunteerRow(u"v-wang"_s, u"王芳"_s, u"13900139000"_s, u"410105198807150487"_s, u"410105"_s),
                 volunteerRow(u"v-gone"_s, u"刘洋"_s, u"13600136000"_s, u"410105199001011237"_s, u"410105"_s,
                              true),
                 volunteerRow(u"v-li"_s, u"李娜"_s, u"13500135000"_s, u"410102195807150489"_s, u"410102"_s),
                 volunteerRow(u"v-chen"_s, u"陈静"_s, u"13300133000"_s, u"410305197109101961"_s, u"410305"_s),
                 teamRow(u"t-city"_s, u"郑州市科技志愿服务总队"_s, u"410100"_s, {}),
                 teamRow(u"t-jinshui"_s, u"金水区科技志愿服务队"_s, u"410100"_s, u"410105"_s),
                 teamRow(u"t-jianxi"_s, u"涧西区志愿者服务队"_s, u"410300"_s, u"410305"_s),
                 row(entity::kMembership, u"t-jinshui/v-zhang"_s, {}, u"410105"_s),
                 row(entity::kMembership, u"t-jinshui/v-wang"_s, {}, u"410105"_s, true),
             }) {
            if (!store.putRecord(r))
                qFatal("cannot write the registry fixture");
        }
        ConflictRecord mobile{entity::kVolunteer,
                              u"v-zhang"_s,
                              u"mobile"_s,
                              R"("13800138000")",
                              R"("13911112222")",
                              u"000001767600000000-000001-dev-a"_s,
                              u"000001767600000000-000000-dev-b"_s,
                              u"dev-a"_s,
                              u"dev-b"_s,
                              u"2026-01-05T08:00:00.000Z"_s,
                              u"cs-1"_s};
        ConflictRecord idNumber = mobile;
        idNumber.field = u"id_number"_s;
        idNumber.kept = R"("410105195001010136")";
        idNumber.lost = R"("41010519500101013X")";
        ConflictRecord employer = mobile;
        employer.field = u"employer"_s;
        employer.kept = R"("河南省农业科学院")";
        employer.lost = R"("郑州大学")";
        for (const ConflictRecord& c : {mobile, idNumber, employer}) {
            if (!store.addConflict(c))
                qFatal("cannot write the conflict fixture");
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(serverPath()), qPrintable(serverPath() + u" does not exist"_s));
        QVERIFY(Sodium::initialize().has_value());
        QVERIFY(m_dir.isValid());
        m_data = m_dir.filePath(u"server"_s);
        const CliRun init = runAsActor(m_data, {u"init"_s});
        EXPECT_SERVER_EXIT(init, 0);
        // The same database, opened in-process after init and closed before any command runs.
        auto store = SqliteRegistryStore::open(databasePath());
        QVERIFY2(store.has_value(), store ? "" : qPrintable(store.error().message));
        putRegistry(**store);
    }

    void volunteerListJsonIsMasked()
    {
        const CliRun run = runAsActor(m_data, {u"volunteer"_s, u"list"_s, u"--json"_s});
        EXPECT_SERVER_EXIT(run, 0);
        const QJsonArray array = parseJson(run).array();
        // Like the client's list: county, name, id; the deleted volunteer is absent.
        QCOMPARE(idsOf(array), (QStringList{u"v-li"_s, u"v-zhang"_s, u"v-wang"_s, u"v-chen"_s}));
        for (const QJsonValue& item : array) {
            const QJsonObject v = item.toObject();
            QCOMPARE(keysOf(v), sorted(kVolunteerKeys));
            QVERIFY(v.value(u"service_categories"_s).isArray());
            QVERIFY(v.value(u"three_heads"_s).isBool());
            QVERIFY(v.value(u"teams"_s).isArray());
        }
        const QJsonObject zhang = array.at(1).toObject();
        QCOMPARE(zhang.value(u"name"_s).toString(), u"张伟"_s);
        QCOMPARE(zhang.value(u"mobile"_s).toString(), u"138****8000"_s);
        QCOMPARE(zhang.value(u"id_number"_s).toString(), u"410105********0136"_s);
        QCOMPARE(zhang.value(u"gender"_s).toString(), u"男"_s);
        QCOMPARE(zhang.value(u"province"_s).toString(), u"410000"_s);
        QCOMPARE(zhang.value(u"city"_s).toString(), u"410100"_s);
        QCOMPARE(zhang.value(u"county"_s).toString(), u"410105"_s);
        QCOMPARE(zhang.value(u"teams"_s).toArray(), QJsonArray{u"t-jinshui"_s});
        QCOMPARE(array.at(2).toObject().value(u"teams"_s).toArray(), QJsonArray{}); // membership deleted
        QVERIFY(!run.out.contains(u"13800138000"_s));
        QVERIFY(!run.out.contains(u"410105195001010136"_s));
        QCOMPARE(auditRows(u"reveal"_s, u"volunteer"_s), 0);
    }

    void volunteerListRevealIsAudited()
    {
        const int before = auditRows(u"reveal"_s, u"volunteer"_s);
        const CliRun run = runAsActor(m_data, {u"volunteer"_s, u"list"_s, u"--json"_s, u"--reveal"_s});
        EXPECT_SERVER_EXIT(run, 0);
        const QJsonArray array = parseJson(run).array();
        QCOMPARE(array.size(), 4);
        const QJsonObject zhang = array.at(1).toObject();
        QCOMPARE(zhang.value(u"mobile"_s).toString(), u"13800138000"_s);
        QCOMPARE(zhang.value(u"id_number"_s).toString(), u"410105195001010136"_s);
        QCOMPARE(auditRows(u"reveal"_s, u"volunteer"_s), before + 1);
        DbProbe probe(databasePath());
        QCOMPARE(probe.scalar(u"SELECT row_count FROM audit_log WHERE action = 'reveal' ORDER BY id DESC"_s)
                     .toInt(),
                 4);
    }

    void regionNarrowsTheList_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<QStringList>("ids");
        QTest::newRow("province") << u"410000"_s
                                  << QStringList{u"v-li"_s, u"v-zhang"_s, u"v-wang"_s, u"v-chen"_s};
        QTest::newRow("city 郑州") << u"410100"_s << QStringList{u"v-li"_s, u"v-zhang"_s, u"v-wang"_s};
        QTest::newRow("county 金水区") << u"410105"_s << QStringList{u"v-zhang"_s, u"v-wang"_s};
        QTest::newRow("city 洛阳") << u"410300"_s << QStringList{u"v-chen"_s};
        QTest::newRow("empty county") << u"410122"_s << QStringList{};
    }

    void regionNarrowsTheList()
    {
        QFETCH(QString, region);
        QFETCH(QStringList, ids);
        const CliRun run =
            runAsActor(m_data, {u"volunteer"_s, u"list"_s, u"--json"_s, u"--region"_s, region});
        EXPECT_SERVER_EXIT(run, 0);
        QCOMPARE(idsOf(parseJson(run).array()), ids);
    }

    void unknownRegionIsRefused()
    {
        const CliRun run =
            runAsActor(m_data, {u"volunteer"_s, u"list"_s, u"--json"_s, u"--region"_s, u"110000"_s});
        EXPECT_SERVER_EXIT(run, 1);
        QVERIFY2(run.err.contains(u"110000"_s), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void volunteerListTableIsMasked()
    {
        const CliRun run = runAsActor(m_data, {u"volunteer"_s, u"list"_s});
        EXPECT_SERVER_EXIT(run, 0);
        QVERIFY2(run.out.contains(u"张伟"_s), qPrintable(run.out));
        QVERIFY(run.out.contains(u"138****8000"_s));
        QVERIFY(run.out.contains(u"410105********0136"_s));
        QVERIFY(!run.out.contains(u"13800138000"_s));
        QVERIFY2(run.err.contains(u"共 4 名志愿者"_s), qPrintable(run.err));
    }

    void teamListJson()
    {
        const CliRun run = runAsActor(m_data, {u"team"_s, u"list"_s, u"--json"_s});
        EXPECT_SERVER_EXIT(run, 0);
        const QJsonArray array = parseJson(run).array();
        QCOMPARE(idsOf(array), (QStringList{u"t-city"_s, u"t-jinshui"_s, u"t-jianxi"_s}));
        for (const QJsonValue& item : array)
            QCOMPARE(keysOf(item.toObject()), sorted(kTeamKeys));
        const QJsonObject jinshui = array.at(1).toObject();
        QCOMPARE(jinshui.value(u"name"_s).toString(), u"金水区科技志愿服务队"_s);
        QCOMPARE(jinshui.value(u"admin_mobile"_s).toString(), u"13700001111"_s);
        QCOMPARE(jinshui.value(u"county"_s).toString(), u"410105"_s);
        QCOMPARE(jinshui.value(u"name_issues"_s).toArray(), QJsonArray{});
        QVERIFY(!array.at(2).toObject().value(u"name_issues"_s).toArray().isEmpty());

        const CliRun county =
            runAsActor(m_data, {u"team"_s, u"list"_s, u"--json"_s, u"--region"_s, u"410305"_s});
        EXPECT_SERVER_EXIT(county, 0);
        QCOMPARE(idsOf(parseJson(county).array()), QStringList{u"t-jianxi"_s});

        const CliRun table = runAsActor(m_data, {u"team"_s, u"list"_s});
        EXPECT_SERVER_EXIT(table, 0);
        QVERIFY2(table.out.contains(u"涧西区志愿者服务队"_s), qPrintable(table.out));
    }

    void reportJson()
    {
        const CliRun run = runAsActor(m_data, {u"report"_s, u"--json"_s});
        EXPECT_SERVER_EXIT(run, 0);
        const QJsonArray regions = parseJson(run).object().value(u"regions"_s).toArray();
        QVERIFY(regions.size() > 100); // the province, 18 cities and every county and zone
        QHash<QString, QJsonObject> byCode;
        for (const QJsonValue& item : regions) {
            const QJsonObject r = item.toObject();
            for (const char* key : {"code", "name", "level", "volunteers", "target"})
                QVERIFY2(r.contains(QLatin1StringView(key)), key);
            byCode.insert(r.value(u"code"_s).toString(), r);
        }
        QCOMPARE(regions.first().toObject().value(u"code"_s).toString(), u"410000"_s);
        QCOMPARE(byCode.value(u"410000"_s).value(u"level"_s).toString(), u"province"_s);
        QCOMPARE(byCode.value(u"410000"_s).value(u"volunteers"_s).toInt(), 4);
        QCOMPARE(byCode.value(u"410000"_s).value(u"target"_s).toInt(), 250000);
        QCOMPARE(byCode.value(u"410100"_s).value(u"volunteers"_s).toInt(), 3);
        QCOMPARE(byCode.value(u"410100"_s).value(u"target"_s).toInt(), 10000);
        QCOMPARE(byCode.value(u"410105"_s).value(u"volunteers"_s).toInt(), 2);
        QCOMPARE(byCode.value(u"410105"_s).value(u"level"_s).toString(), u"county"_s);
        QCOMPARE(byCode.value(u"410105"_s).value(u"target"_s).toInt(), 1000);
        QCOMPARE(byCode.value(u"410102"_s).value(u"volunteers"_s).toInt(), 1);
        QCOMPARE(byCode.value(u"410300"_s).value(u"volunteers"_s).toInt(), 1);
        QCOMPARE(byCode.value(u"410305"_s).value(u"volunteers"_s).toInt(), 1);
        QCOMPARE(byCode.value(u"411700"_s).value(u"volunteers"_s).toInt(), 0);

        const CliRun table = runAsActor(m_data, {u"report"_s});
        EXPECT_SERVER_EXIT(table, 0);
        QVERIFY2(table.out.contains(u"金水区"_s), qPrintable(table.out));
    }

    void exportVolunteersCsv()
    {
        const QString out = m_dir.filePath(u"volunteers.csv"_s);
        const int before = auditRows(u"export"_s, u"volunteers"_s);
        const CliRun run = runAsActor(m_data, {u"export"_s, u"volunteers"_s, u"--out"_s, out});
        EXPECT_SERVER_EXIT(run, 0);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QList<QStringList> lines = CsvParser::parse(QString::fromUtf8(bytes.mid(3)));
        // 附件2 marker, title, header, then one row per live volunteer in list order.
        QVERIFY2(lines.size() >= 7, qPrintable(QString::fromUtf8(bytes)));
        QCOMPARE(lines.at(0).value(0), u"附件2"_s);
        const QStringList header = lines.at(2);
        const qsizetype name = header.indexOf(u"真实姓名"_s);
        const qsizetype mobile = header.indexOf(u"手机号"_s);
        const qsizetype idNumber = header.indexOf(u"身份证号"_s);
        const qsizetype county = header.indexOf(u"所在区域县"_s);
        QVERIFY(name >= 0 && mobile >= 0 && idNumber >= 0 && county >= 0);
        QList<QStringList> rows;
        for (qsizetype i = 3; i < lines.size(); ++i) {
            if (!(lines.at(i).size() == 1 && lines.at(i).first().isEmpty()))
                rows << lines.at(i);
        }
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(0).value(name), u"李娜"_s);
        QCOMPARE(rows.at(1).value(name), u"张伟"_s);
        // Full values: the national system needs them.
        QCOMPARE(rows.at(1).value(mobile), u"13800138000"_s);
        QCOMPARE(rows.at(1).value(idNumber), u"410105195001010136"_s);
        QCOMPARE(rows.at(1).value(county), u"金水区"_s);
        QCOMPARE(rows.at(3).value(name), u"陈静"_s);
        QCOMPARE(rows.at(3).value(county), u"涧西区"_s);
        QCOMPARE(auditRows(u"export"_s, u"volunteers"_s), before + 1);
        DbProbe probe(databasePath());
        QCOMPARE(probe.scalar(u"SELECT row_count FROM audit_log WHERE action = 'export' ORDER BY id DESC"_s)
                     .toInt(),
                 4);
        QVERIFY(probe.scalar(u"SELECT detail FROM audit_log WHERE action = 'export' ORDER BY id DESC"_s)
                    .toString()
                    .contains(u"volunteers.csv"_s));
    }

    void exportOrganizationsByRegion()
    {
        const QString out = m_dir.filePath(u"organizations.csv"_s);
        const CliRun run = runAsActor(
            m_data, {u"export"_s, u"organizations"_s, u"--out"_s, out, u"--region"_s, u"410100"_s});
        EXPECT_SERVER_EXIT(run, 0);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(u"附件1"_s));
        QVERIFY(text.contains(u"郑州市科技志愿服务总队"_s));
        QVERIFY(text.contains(u"金水区科技志愿服务队"_s));
        QVERIFY(!text.contains(u"涧西区志愿者服务队"_s));
        QCOMPARE(auditRows(u"export"_s, u"organizations"_s), 1);
    }

    void conflictsJsonIsMasked()
    {
        const CliRun run = runAsActor(m_data, {u"conflicts"_s, u"--json"_s});
        EXPECT_SERVER_EXIT(run, 0);
        const QJsonArray array = parseJson(run).array();
        QCOMPARE(array.size(), 3);
        for (const QJsonValue& item : array) {
            const QJsonObject c = item.toObject();
            for (const QString& key : kConflictKeys)
                QVERIFY2(c.contains(key), qPrintable(key));
        }
        const QJsonObject mobile = array.at(0).toObject();
        QCOMPARE(mobile.value(u"entity"_s).toString(), u"volunteer"_s);
        QCOMPARE(mobile.value(u"id"_s).toString(), u"v-zhang"_s);
        QCOMPARE(mobile.value(u"field"_s).toString(), u"mobile"_s);
        QCOMPARE(mobile.value(u"kept"_s).toString(), u"138****8000"_s);
        QCOMPARE(mobile.value(u"lost"_s).toString(), u"139****2222"_s);
        QCOMPARE(mobile.value(u"kept_device"_s).toString(), u"dev-a"_s);
        QCOMPARE(mobile.value(u"lost_device"_s).toString(), u"dev-b"_s);
        QCOMPARE(mobile.value(u"at"_s).toString(), u"2026-01-05T08:00:00.000Z"_s);
        QCOMPARE(array.at(1).toObject().value(u"kept"_s).toString(), u"410105********0136"_s);
        QCOMPARE(array.at(2).toObject().value(u"lost"_s).toString(), u"郑州大学"_s);
        QVERIFY(!run.out.contains(u"13911112222"_s));
        QVERIFY(!run.out.contains(u"410105195001010136"_s));
        QCOMPARE(auditRows(u"reveal"_s, u"conflict"_s), 0);

        const CliRun revealed = runAsActor(m_data, {u"conflicts"_s, u"--json"_s, u"--reveal"_s});
        EXPECT_SERVER_EXIT(revealed, 0);
        const QJsonArray full = parseJson(revealed).array();
        QCOMPARE(full.at(0).toObject().value(u"lost"_s).toString(), u"13911112222"_s);
        QCOMPARE(full.at(1).toObject().value(u"lost"_s).toString(), u"41010519500101013X"_s);
        QCOMPARE(auditRows(u"reveal"_s, u"conflict"_s), 1);

        const CliRun table = runAsActor(m_data, {u"conflicts"_s});
        EXPECT_SERVER_EXIT(table, 0);
        QVERIFY2(table.out.contains(u"139****2222"_s), qPrintable(table.out));
        QVERIFY(!table.out.contains(u"13911112222"_s));
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("volunteer without verb") << QStringList{u"volunteer"_s};
        QTest::newRow("volunteer add") << QStringList{u"volunteer"_s, u"add"_s, u"--name"_s, u"张伟"_s};
        QTest::newRow("team show") << QStringList{u"team"_s, u"show"_s, u"t-city"_s};
        QTest::newRow("unknown option") << QStringList{u"volunteer"_s, u"list"_s, u"--bogus"_s};
        QTest::newRow("region without code") << QStringList{u"volunteer"_s, u"list"_s, u"--region"_s};
        QTest::newRow("stray argument") << QStringList{u"team"_s, u"list"_s, u"extra"_s};
        QTest::newRow("report --reveal") << QStringList{u"report"_s, u"--reveal"_s};
        QTest::newRow("export without what") << QStringList{u"export"_s, u"--out"_s, u"x.csv"_s};
        QTest::newRow("export people") << QStringList{u"export"_s, u"people"_s, u"--out"_s, u"x.csv"_s};
        QTest::newRow("export without --out") << QStringList{u"export"_s, u"volunteers"_s};
        QTest::newRow("conflicts --region") << QStringList{u"conflicts"_s, u"--region"_s, u"410105"_s};
        QTest::newRow("unknown command") << QStringList{u"volunteers"_s};
    }

    void badUsage()
    {
        QFETCH(QStringList, args);
        const CliRun run = runAsActor(m_data, args);
        EXPECT_SERVER_EXIT(run, 2);
        QVERIFY2(run.err.contains(u"用法错误"_s), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void exportToAnUnsupportedFileIsRefused()
    {
        const CliRun run =
            runAsActor(m_data, {u"export"_s, u"volunteers"_s, u"--out"_s, m_dir.filePath(u"x.txt"_s)});
        QVERIFY2(run.finished && run.exitCode != 0, qPrintable(run.describe()));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"x.txt"_s)));
    }

    void missingDataDirectory_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("volunteer list") << QStringList{u"volunteer"_s, u"list"_s, u"--json"_s};
        QTest::newRow("team list") << QStringList{u"team"_s, u"list"_s, u"--json"_s};
        QTest::newRow("report") << QStringList{u"report"_s, u"--json"_s};
        QTest::newRow("export") << QStringList{u"export"_s, u"volunteers"_s, u"--out"_s, u"unused.csv"_s};
        QTest::newRow("conflicts") << QStringList{u"conflicts"_s, u"--json"_s};
    }

    void missingDataDirectory()
    {
        QFETCH(QStringList, args);
        const QString missing = m_dir.filePath(u"nowhere"_s);
        const CliRun run = runAsActor(missing, args);
        QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode != 0,
                 qPrintable(run.describe()));
        QVERIFY2(run.err.contains(u"init"_s), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
        QVERIFY(!QFileInfo::exists(missing)); // reading never creates a server
    }
};

QTEST_GUILESS_MAIN(TestServerCli)
#include "TestServerCli.moc"
