#include "reference/ReferenceData.h"

#include <QTest>

using namespace kjzy;

class TestReferenceData : public QObject
{
    Q_OBJECT

private slots:
    void henanHasEighteenCitiesAnd156Counties()
    {
        const RegionTable& regions = RegionTable::henan();
        QCOMPARE(regions.province().code, QStringLiteral("410000"));
        QCOMPARE(regions.province().name, QStringLiteral("河南省"));
        QCOMPARE(regions.cities().size(), 18);
        int counties = 0;
        int zones = 0;
        for (const Region* city : regions.cities()) {
            for (const Region* child : regions.childrenOf(city->code)) {
                counties += child->level == RegionLevel::County ? 1 : 0;
                zones += child->level == RegionLevel::Zone ? 1 : 0;
            }
        }
        QCOMPARE(counties, 156);
        QCOMPARE(zones, 24);
    }

    void lookupsByCodeAndName_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("parent");
        QTest::newRow("city by name")
            << QStringLiteral("郑州市") << QStringLiteral("410100") << QStringLiteral("410000");
        QTest::newRow("county by name")
            << QStringLiteral("金水区") << QStringLiteral("410105") << QStringLiteral("410100");
        QTest::newRow("county-level city")
            << QStringLiteral("巩义市") << QStringLiteral("410181") << QStringLiteral("410100");
        QTest::newRow("兰考 stays under 开封")
            << QStringLiteral("兰考县") << QStringLiteral("410225") << QStringLiteral("410200");
        QTest::newRow("济源 is a city")
            << QStringLiteral("济源市") << QStringLiteral("419001") << QStringLiteral("410000");
        QTest::newRow("济源示范区 alias")
            << QStringLiteral("济源示范区") << QStringLiteral("419001") << QStringLiteral("410000");
        QTest::newRow("2021 merger: 孟津区")
            << QStringLiteral("孟津区") << QStringLiteral("410308") << QStringLiteral("410300");
        QTest::newRow("zone under its city") << QStringLiteral("郑州航空港经济综合实验区")
                                             << QStringLiteral("410173") << QStringLiteral("410100");
        QTest::newRow("spaces and line breaks ignored")
            << QStringLiteral(" 金水\n区 ") << QStringLiteral("410105") << QStringLiteral("410100");
    }

    void lookupsByCodeAndName()
    {
        QFETCH(QString, query);
        QFETCH(QString, code);
        QFETCH(QString, parent);
        const Region* byName = RegionTable::henan().findByName(query);
        QVERIFY2(byName, qPrintable(query));
        QCOMPARE(byName->code, code);
        QCOMPARE(byName->parentCode, parent);
        QCOMPARE(RegionTable::henan().find(code), byName);
    }

    void abolishedCodesAreNotCurrentRegions()
    {
        QVERIFY(!RegionTable::henan().find(QStringLiteral("410381"))); // 偃师市, now 偃师区 410307
        QVERIFY(!RegionTable::henan().find(QStringLiteral("410322"))); // 孟津县
        QVERIFY(RegionTable::henan().find(QStringLiteral("410307")));
    }

    void containmentFollowsTheHierarchy()
    {
        const RegionTable& regions = RegionTable::henan();
        QVERIFY(regions.contains(u"410000", u"410105"));
        QVERIFY(regions.contains(u"410100", u"410105"));
        QVERIFY(regions.contains(u"410105", u"410105"));
        QVERIFY(regions.contains(u"410100", u"410173"));
        QVERIFY(!regions.contains(u"410200", u"410105"));
        QVERIFY(!regions.contains(u"410105", u"410100"));
        QVERIFY(!regions.contains(u"410000", u"110105"));
        QCOMPARE(regions.displayName(u"410105"), QStringLiteral("郑州市金水区"));
        QCOMPARE(regions.displayName(u"410105", true), QStringLiteral("河南省郑州市金水区"));
    }

    void townshipsResolveToTheirCounty()
    {
        const RegionTable& regions = RegionTable::henan();
        const auto townships = regions.townshipsOf(u"410102");
        QVERIFY(!townships.isEmpty());
        QCOMPARE(townships.first().name, QStringLiteral("林山寨街道"));
        QVERIFY(
            regions.countiesWithTownship(QStringLiteral("林山寨街道")).contains(QStringLiteral("410102")));
        // Every county has townships.
        for (const Region* city : regions.cities()) {
            for (const Region* child : regions.childrenOf(city->code)) {
                if (child->level == RegionLevel::County)
                    QVERIFY2(!regions.townshipsOf(child->code).isEmpty(), qPrintable(child->name));
            }
        }
    }

    void valueListsAcceptCanonicalValuesAndAliases_data()
    {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("political short")
            << QStringLiteral("political") << QStringLiteral("中共党员") << QStringLiteral("中共党员");
        QTest::newRow("political full")
            << QStringLiteral("political") << QStringLiteral("中国共产党党员") << QStringLiteral("中共党员");
        QTest::newRow("political alias")
            << QStringLiteral("political") << QStringLiteral("党员") << QStringLiteral("中共党员");
        QTest::newRow("民革党员") << QStringLiteral("political") << QStringLiteral("民革党员")
                                  << QStringLiteral("民革会员");
        QTest::newRow("群众") << QStringLiteral("political") << QStringLiteral("群众")
                              << QStringLiteral("群众");
        QTest::newRow("ethnic") << QStringLiteral("ethnicity") << QStringLiteral("回族")
                                << QStringLiteral("回族");
        QTest::newRow("ethnic 毛南族")
            << QStringLiteral("ethnicity") << QStringLiteral("毛南族") << QStringLiteral("毛南族");
        QTest::newRow("education gb name")
            << QStringLiteral("education") << QStringLiteral("大学本科毕业") << QStringLiteral("大学本科");
        QTest::newRow("education alias")
            << QStringLiteral("education") << QStringLiteral("大专") << QStringLiteral("大学专科");
        QTest::newRow("title example")
            << QStringLiteral("title") << QStringLiteral("副教授") << QStringLiteral("副高级");
        QTest::newRow("title none") << QStringLiteral("title") << QStringLiteral("未评")
                                    << QStringLiteral("无");
        QTest::newRow("occupation alias")
            << QStringLiteral("occupation") << QStringLiteral("教师") << QStringLiteral("教育工作者");
        QTest::newRow("full-width spaces")
            << QStringLiteral("occupation") << QStringLiteral("　学 生　") << QStringLiteral("学生");
        QTest::newRow("service category") << QStringLiteral("category") << QStringLiteral("青少年科技教育")
                                          << QStringLiteral("青少年科技教育");
        QTest::newRow("service field")
            << QStringLiteral("field") << QStringLiteral("其他科技服务") << QStringLiteral("其他科技服务");
    }

    void valueListsAcceptCanonicalValuesAndAliases()
    {
        QFETCH(QString, list);
        QFETCH(QString, input);
        QFETCH(QString, canonical);
        const ReferenceData& ref = ReferenceData::instance();
        const QHash<QString, const ValueList*> lists{
            {QStringLiteral("political"), &ref.politicalStatus()},
            {QStringLiteral("ethnicity"), &ref.ethnicity()},
            {QStringLiteral("education"), &ref.education()},
            {QStringLiteral("title"), &ref.professionalTitle()},
            {QStringLiteral("occupation"), &ref.occupation()},
            {QStringLiteral("category"), &ref.serviceCategories()},
            {QStringLiteral("field"), &ref.serviceFields()},
        };
        QCOMPARE(lists.value(list)->canonicalize(input), std::optional<QString>(canonical));
    }

    void listsHaveTheSizesOfTheirSources()
    {
        const ReferenceData& ref = ReferenceData::instance();
        QCOMPARE(ref.ethnicity().values().size(), 58);
        QCOMPARE(ref.politicalStatus().values().size(), 13);
        QCOMPARE(ref.education().values().size(), 9);
        QCOMPARE(ref.professionalTitle().values().size(), 5);
        QCOMPARE(ref.occupation().values().size(), 11);
        QCOMPARE(ref.serviceCategories().values().size(), 8);
        QCOMPARE(ref.serviceFields().values().size(), 9);
        QCOMPARE(ref.teamCategories().size(), 16);
        QVERIFY(ref.teamCategory(QStringLiteral("county")));
        QCOMPARE(ref.teamCategory(QStringLiteral("county"))->pattern,
                 QStringLiteral("{county}科技志愿服务队"));
    }

    void canonicalValuesTakeTheShortcutToTheSameAnswer()
    {
        // ValueList answers an exact canonical value without normalising it; that must be the
        // answer the normalising lookup gives, for every value of every list.
        const ReferenceData& ref = ReferenceData::instance();
        for (const ValueList* list :
             {&ref.politicalStatus(), &ref.ethnicity(), &ref.education(), &ref.professionalTitle(),
              &ref.occupation(), &ref.serviceCategories(), &ref.serviceFields()}) {
            for (const QString& value : list->values()) {
                QVERIFY2(list->isCanonical(value), qPrintable(value));
                // A padded copy is not canonical, so it takes the normalising lookup.
                const QString padded = u' ' + value + u'\u3000';
                QVERIFY(!list->isCanonical(padded));
                QCOMPARE(list->canonicalize(padded), std::optional<QString>(value));
            }
        }
        QVERIFY(!ref.occupation().isCanonical(QStringLiteral("教师"))); // an alias
        QCOMPARE(ref.occupation().canonicalize(QStringLiteral("教师")), QStringLiteral("教育工作者"));
    }

    void unknownValuesAreNotGuessed()
    {
        const ReferenceData& ref = ReferenceData::instance();
        QVERIFY(!ref.ethnicity().canonicalize(QStringLiteral("火星族")));
        QVERIFY(!ref.politicalStatus().canonicalize(QStringLiteral("党")));
        QVERIFY(!ref.education().canonicalize(QStringLiteral("研究生"))); // 硕士 or 博士? ask, don't guess
    }
};

QTEST_APPLESS_MAIN(TestReferenceData)
#include "TestReferenceData.moc"
