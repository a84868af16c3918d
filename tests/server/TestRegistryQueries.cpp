// RegistryQueries over a real SqliteRegistryStore: region narrowing, memberships, ordering, the
// report against the targets and the conflict log (masking included).
#include "crypto/Sodium.h"
#include "model/RecordJson.h"
#include "service/RegistryQueries.h"
#include "service/RegistryRecord.h"
#include "store/SqliteRegistryStore.h"
#include "sync/Change.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;
using namespace Qt::StringLiterals;

// Evaluates `result` once and only touches error() when there is one.
#define VERIFY_OK(result)                                                                                    \
    do {                                                                                                     \
        const auto& ok_ = (result);                                                                          \
        QVERIFY2(ok_.has_value(), ok_.has_value() ? "" : qPrintable(ok_.error().message));                   \
    } while (false)
#define VERIFY_ERROR(result, expected)                                                                       \
    do {                                                                                                     \
        const auto& r_ = (result);                                                                           \
        QVERIFY2(!r_.has_value(), "expected a failure");                                                     \
        QVERIFY2(r_.error().code == (expected),                                                              \
                 qPrintable(errorCodeName(r_.error().code) + u": "_s + r_.error().message));                 \
    } while (false)

namespace {

// A row as the ingest writes it: fields as CLI.md JSON plus "deleted", stamped whole.
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

QString cityOf(const QString& county)
{
    return county == u"419001" ? county : county.left(4) + u"00"_s;
}

StoredRecord volunteerRow(const QString& id, const QString& name, const QString& mobile,
                          const QString& idNumber, const QString& county, bool deleted = false)
{
    Volunteer v;
    v.name = name;
    v.mobile = mobile;
    v.idNumber = idNumber;
    v.gender = idNumber.at(16).digitValue() % 2 == 1 ? u"男"_s : u"女"_s;
    v.politicalStatus = u"群众"_s;
    v.ethnicity = u"汉族"_s;
    v.province = u"410000"_s;
    v.city = cityOf(county);
    v.county = county;
    v.serviceCategories = {u"科技培训"_s, u"科普讲解"_s};
    v.threeHeads = name == u"张伟";
    StoredRecord r = row(entity::kVolunteer, id, RecordJson::volunteerFields(v), county, deleted);
    r.identity = QByteArray(deleted ? "" : "blind-") + id.toUtf8();
    return r;
}

StoredRecord teamRow(const QString& id, const QString& name, const QString& city, const QString& county,
                     bool deleted = false)
{
    Team t;
    t.name = name;
    t.adminMobile = u"13700001111"_s;
    t.province = u"410000"_s;
    t.city = city;
    t.county = county;
    t.civilAffairsRegistered = false;
    return row(entity::kTeam, id, RecordJson::teamFields(t), county.isEmpty() ? city : county, deleted);
}

StoredRecord membershipRow(const QString& team, const QString& volunteer, const QString& region, bool deleted)
{
    return row(entity::kMembership, team + u'/' + volunteer, {}, region, deleted);
}

QStringList idsOf(const QList<Volunteer>& volunteers)
{
    QStringList ids;
    for (const auto& v : volunteers)
        ids << v.id;
    return ids;
}

QStringList idsOf(const QList<Team>& teams)
{
    QStringList ids;
    for (const auto& t : teams)
        ids << t.id;
    return ids;
}

int volunteersOf(const QList<RegionProgress>& rows, const QString& code)
{
    for (const auto& r : rows) {
        if (r.code == code)
            return r.volunteers;
    }
    return -1;
}

} // namespace

class TestRegistryQueries : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SqliteRegistryStore> m_store;
    std::unique_ptr<RegistryQueries> m_queries;

    // Zhengzhou: 金水区 (two live, one deleted), 中原区, 巩义市; Luoyang: 涧西区; plus 济源市.
    // v-jianxi moved from 金水区 to 涧西区 after joining t-jianxi, so its membership row still
    // carries the old region.
    void putFixture()
    {
        for (StoredRecord r : {
                 volunteerRow(u"v-zhang"_s, u"张伟"_s, u"13800138000"_s, u"410105195001010136"_s,
                              u"410105"_s),
                 volunteerRow(u"v-wang"_s, u"王芳"_s, u"13900139000"_s, u"410105198807150487"_s, u"410105"_s),
                 volunteerRow(u"v-gone"_s, u"刘洋"_s, u"13600136000"_s, u"410105199001011237"_s, u"410105"_s,
                              true),
                 volunteerRow(u"v-zhongyuan"_s, u"李娜"_s, u"13500135000"_s, u"410102195807150489"_s,
                              u"410102"_s),
                 volunteerRow(u"v-gongyi"_s, u"赵磊"_s, u"13700137000"_s, u"410181196002290855"_s,
                              u"410181"_s),
                 volunteerRow(u"v-jianxi"_s, u"陈静"_s, u"13300133000"_s, u"410305197109101961"_s,
                              u"410305"_s),
                 volunteerRow(u"v-jiyuan"_s, u"周强"_s, u"13200132000"_s, u"419001196805041597"_s,
                              u"419001"_s),
                 teamRow(u"t-city"_s, u"郑州市科技志愿服务总队"_s, u"410100"_s, {}),
                 teamRow(u"t-jinshui"_s, u"金水区科技志愿服务队"_s, u"410100"_s, u"410105"_s),
                 teamRow(u"t-jianxi"_s, u"涧西区志愿者服务队"_s, u"410300"_s, u"410305"_s),
                 teamRow(u"t-old"_s, u"金水区老年科技志愿服务队"_s, u"410100"_s, u"410105"_s, true),
                 membershipRow(u"t-jinshui"_s, u"v-zhang"_s, u"410105"_s, false),
                 membershipRow(u"t-city"_s, u"v-zhang"_s, u"410105"_s, false),
                 membershipRow(u"t-jinshui"_s, u"v-wang"_s, u"410105"_s, true),
                 membershipRow(u"t-jianxi"_s, u"v-jianxi"_s, u"410105"_s, false),
             }) {
            auto put = m_store->putRecord(r);
            if (!put)
                qFatal("cannot write the fixture: %s", qPrintable(put.error().message));
        }
    }

private slots:
    void dataTextIsWhatQJsonDocumentWrites()
    {
        // Stored rows are compared as text elsewhere: the direct writer must not change a byte.
        const QJsonObject data{
            {QStringLiteral("name"), QStringLiteral("张\"伟\\ \n\t\u0001\u001f/é")},
            {QStringLiteral("deleted"), false},
            {QStringLiteral("three_heads"), true},
            {QStringLiteral("parent"), QJsonValue()},
            {QStringLiteral("service_fields"), QJsonArray{QStringLiteral("科普"), QStringLiteral("a\"b")}},
            {QStringLiteral("empty"), QJsonArray{}},
            {QStringLiteral("*odd key\""), QStringLiteral("")},
        };
        QCOMPARE(RegistryRecord::dataText(data), QJsonDocument(data).toJson(QJsonDocument::Compact));
        QCOMPARE(RegistryRecord::dataText({}), QJsonDocument(QJsonObject()).toJson(QJsonDocument::Compact));
    }
    void initTestCase()
    {
        QVERIFY(Sodium::initialize().has_value());
        QVERIFY(m_dir.isValid());
        auto store = SqliteRegistryStore::open(m_dir.filePath(u"registry.db"_s));
        VERIFY_OK(store);
        m_store = std::move(*store);
        m_queries = std::make_unique<RegistryQueries>(*m_store);
        putFixture();
    }

    void volunteersByRegion_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<QStringList>("ids");
        // Ordered like the client's list: county, then name, then id.
        QTest::newRow("everything") << QString()
                                    << QStringList{u"v-zhongyuan"_s, u"v-zhang"_s,  u"v-wang"_s,
                                                   u"v-gongyi"_s,    u"v-jianxi"_s, u"v-jiyuan"_s};
        QTest::newRow("province") << u"410000"_s
                                  << QStringList{u"v-zhongyuan"_s, u"v-zhang"_s,  u"v-wang"_s,
                                                 u"v-gongyi"_s,    u"v-jianxi"_s, u"v-jiyuan"_s};
        QTest::newRow("city 郑州") << u"410100"_s
                                   << QStringList{u"v-zhongyuan"_s, u"v-zhang"_s, u"v-wang"_s, u"v-gongyi"_s};
        QTest::newRow("city 洛阳") << u"410300"_s << QStringList{u"v-jianxi"_s};
        QTest::newRow("county 金水区") << u"410105"_s << QStringList{u"v-zhang"_s, u"v-wang"_s};
        QTest::newRow("county-level city 巩义市") << u"410181"_s << QStringList{u"v-gongyi"_s};
        QTest::newRow("济源市 (no counties)") << u"419001"_s << QStringList{u"v-jiyuan"_s};
        QTest::newRow("county without volunteers") << u"410122"_s << QStringList{};
    }

    void volunteersByRegion()
    {
        QFETCH(QString, region);
        QFETCH(QStringList, ids);
        auto volunteers = m_queries->volunteers(region);
        VERIFY_OK(volunteers);
        QCOMPARE(idsOf(*volunteers), ids);
    }

    void volunteersCarryFullValuesAndLiveMemberships()
    {
        auto volunteers = m_queries->volunteers(u"410105"_s);
        VERIFY_OK(volunteers);
        QCOMPARE(volunteers->size(), 2);
        const Volunteer& zhang = volunteers->at(0);
        QCOMPARE(zhang.name, u"张伟"_s);
        QCOMPARE(zhang.mobile, u"13800138000"_s);
        QCOMPARE(zhang.idNumber, u"410105195001010136"_s);
        QCOMPARE(zhang.gender, u"男"_s);
        QCOMPARE(zhang.province, u"410000"_s);
        QCOMPARE(zhang.city, u"410100"_s);
        QCOMPARE(zhang.county, u"410105"_s);
        QCOMPARE(zhang.serviceCategories, (QStringList{u"科技培训"_s, u"科普讲解"_s}));
        QVERIFY(zhang.threeHeads);
        QCOMPARE(zhang.teams, (QStringList{u"t-city"_s, u"t-jinshui"_s})); // sorted ids
        // 王芳's only membership was deleted.
        QCOMPARE(volunteers->at(1).teams, QStringList{});
    }

    void membershipFollowsAMovedVolunteer()
    {
        // The membership row still sits at 金水区; the volunteer is in 涧西区 now.
        auto volunteers = m_queries->volunteers(u"410305"_s);
        VERIFY_OK(volunteers);
        QCOMPARE(volunteers->size(), 1);
        QCOMPARE(volunteers->first().teams, QStringList{u"t-jianxi"_s});
    }

    void unknownRegionIsRefused_data()
    {
        QTest::addColumn<QString>("region");
        QTest::newRow("another province") << u"110000"_s;
        QTest::newRow("not a code") << u"41%"_s;
        QTest::newRow("prefix only") << u"4101"_s;
    }

    void unknownRegionIsRefused()
    {
        QFETCH(QString, region);
        VERIFY_ERROR(m_queries->volunteers(region), ErrorCode::InvalidInput);
        VERIFY_ERROR(m_queries->teams(region), ErrorCode::InvalidInput);
    }

    void teamsByRegion_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<QStringList>("ids");
        // province, city, county, name: the city-level team comes before its counties' teams.
        QTest::newRow("everything") << QString() << QStringList{u"t-city"_s, u"t-jinshui"_s, u"t-jianxi"_s};
        QTest::newRow("province") << u"410000"_s << QStringList{u"t-city"_s, u"t-jinshui"_s, u"t-jianxi"_s};
        QTest::newRow("city 郑州") << u"410100"_s << QStringList{u"t-city"_s, u"t-jinshui"_s};
        QTest::newRow("county 金水区") << u"410105"_s << QStringList{u"t-jinshui"_s};
        QTest::newRow("city 洛阳") << u"410300"_s << QStringList{u"t-jianxi"_s};
    }

    void teamsByRegion()
    {
        QFETCH(QString, region);
        QFETCH(QStringList, ids);
        auto teams = m_queries->teams(region);
        VERIFY_OK(teams);
        QCOMPARE(idsOf(*teams), ids);
    }

    void teamsCarryNameAdvice()
    {
        auto teams = m_queries->teams();
        VERIFY_OK(teams);
        QCOMPARE(teams->size(), 3);
        const Team& jinshui = teams->at(1);
        QCOMPARE(jinshui.name, u"金水区科技志愿服务队"_s);
        QCOMPARE(jinshui.adminMobile, u"13700001111"_s);
        QCOMPARE(jinshui.civilAffairsRegistered, std::optional<bool>(false));
        QCOMPARE(jinshui.nameIssues, QStringList{});
        const Team& jianxi = teams->at(2);
        QVERIFY(!jianxi.nameIssues.isEmpty());
        QVERIFY2(jianxi.nameIssues.join(u'\n').contains(u"涧西区科技志愿服务队"_s),
                 qPrintable(jianxi.nameIssues.join(u'\n')));
    }

    void reportCountsLiveVolunteers()
    {
        auto rows = m_queries->report();
        VERIFY_OK(rows);
        QVERIFY(!rows->isEmpty());
        QCOMPARE(rows->first().code, u"410000"_s);
        QCOMPARE(rows->first().level, RegionLevel::Province);
        QCOMPARE(rows->first().target, 250000);
        QCOMPARE(volunteersOf(*rows, u"410000"_s), 6);
        QCOMPARE(volunteersOf(*rows, u"410100"_s), 4);
        QCOMPARE(volunteersOf(*rows, u"410105"_s), 2); // the deleted one is not counted
        QCOMPARE(volunteersOf(*rows, u"410102"_s), 1);
        QCOMPARE(volunteersOf(*rows, u"410181"_s), 1);
        QCOMPARE(volunteersOf(*rows, u"410300"_s), 1);
        QCOMPARE(volunteersOf(*rows, u"410305"_s), 1);
        QCOMPARE(volunteersOf(*rows, u"419001"_s), 1);
        // Regions with nobody registered are listed too: they are the ones to chase.
        QCOMPARE(volunteersOf(*rows, u"410122"_s), 0);
        QCOMPARE(volunteersOf(*rows, u"411700"_s), 0);
    }

    void conflictsRoundTrip()
    {
        QTemporaryDir dir;
        auto store = SqliteRegistryStore::open(dir.filePath(u"conflicts.db"_s));
        VERIFY_OK(store);
        RegistryQueries queries(**store);
        auto none = queries.conflicts();
        VERIFY_OK(none);
        QVERIFY(none->isEmpty());
        const ConflictRecord mobile{entity::kVolunteer,
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
        ConflictRecord admin = mobile;
        admin.entity = entity::kTeam;
        admin.entityId = u"t-jinshui"_s;
        admin.field = u"admin_mobile"_s;
        admin.kept = R"("13700001111")";
        admin.lost = R"("")";
        ConflictRecord flag = mobile;
        flag.field = u"three_heads"_s;
        flag.kept = "true";
        flag.lost = "false";
        ConflictRecord list = mobile;
        list.field = u"service_categories"_s;
        list.kept = R"(["科技培训"])";
        list.lost = "null";
        for (const ConflictRecord& c : {mobile, idNumber, admin, flag, list})
            VERIFY_OK((*store)->addConflict(c));

        auto conflicts = queries.conflicts();
        VERIFY_OK(conflicts);
        QCOMPARE(conflicts->size(), 5);
        QCOMPARE(conflicts->at(0).entityId, u"v-zhang"_s);
        QCOMPARE(conflicts->at(0).kept, QByteArray(R"("13800138000")"));
        QCOMPARE(conflicts->at(0).changeSet, u"cs-1"_s);

        const QJsonObject masked = RegistryQueries::conflictJson(conflicts->at(0), PersonalData::Masked);
        for (const char* key : {"entity", "id", "field", "kept", "lost", "kept_device", "lost_device", "at"})
            QVERIFY2(masked.contains(QLatin1StringView(key)), key);
        QCOMPARE(masked.value(u"entity"_s).toString(), u"volunteer"_s);
        QCOMPARE(masked.value(u"id"_s).toString(), u"v-zhang"_s);
        QCOMPARE(masked.value(u"kept"_s).toString(), u"138****8000"_s);
        QCOMPARE(masked.value(u"lost"_s).toString(), u"139****2222"_s);
        QCOMPARE(masked.value(u"kept_device"_s).toString(), u"dev-a"_s);
        QCOMPARE(masked.value(u"lost_device"_s).toString(), u"dev-b"_s);
        QCOMPARE(masked.value(u"at"_s).toString(), u"2026-01-05T08:00:00.000Z"_s);
        const QJsonObject revealed = RegistryQueries::conflictJson(conflicts->at(0), PersonalData::Revealed);
        QCOMPARE(revealed.value(u"kept"_s).toString(), u"13800138000"_s);
        QCOMPARE(revealed.value(u"lost"_s).toString(), u"13911112222"_s);

        const QJsonObject id = RegistryQueries::conflictJson(conflicts->at(1), PersonalData::Masked);
        QCOMPARE(id.value(u"kept"_s).toString(), u"410105********0136"_s);
        QCOMPARE(id.value(u"lost"_s).toString(), u"410105********013X"_s);
        const QJsonObject team = RegistryQueries::conflictJson(conflicts->at(2), PersonalData::Masked);
        QCOMPARE(team.value(u"entity"_s).toString(), u"team"_s);
        QCOMPARE(team.value(u"kept"_s).toString(), u"137****1111"_s);
        QCOMPARE(team.value(u"lost"_s).toString(), QString());
        // Values keep their JSON types.
        const QJsonObject bools = RegistryQueries::conflictJson(conflicts->at(3), PersonalData::Masked);
        QCOMPARE(bools.value(u"kept"_s), QJsonValue(true));
        QCOMPARE(bools.value(u"lost"_s), QJsonValue(false));
        const QJsonObject lists = RegistryQueries::conflictJson(conflicts->at(4), PersonalData::Masked);
        QCOMPARE(lists.value(u"kept"_s), QJsonValue(QJsonArray{u"科技培训"_s}));
        QVERIFY(lists.value(u"lost"_s).isNull());
    }

    void unreadableConflictValueIsScrubbed()
    {
        ConflictRecord broken;
        broken.entity = entity::kVolunteer;
        broken.entityId = u"v-zhang"_s;
        broken.field = u"employer"_s;
        broken.kept = "{not json 13800138000";
        broken.lost = R"("某单位")";
        const QJsonObject masked = RegistryQueries::conflictJson(broken, PersonalData::Masked);
        QVERIFY(masked.value(u"kept"_s).isString());
        QVERIFY(!masked.value(u"kept"_s).toString().contains(u"13800138000"_s));
        QCOMPARE(masked.value(u"lost"_s).toString(), u"某单位"_s);
        const QJsonObject revealed = RegistryQueries::conflictJson(broken, PersonalData::Revealed);
        QCOMPARE(revealed.value(u"kept"_s).toString(), u"{not json 13800138000"_s);
    }
};

QTEST_GUILESS_MAIN(TestRegistryQueries)
#include "TestRegistryQueries.moc"
