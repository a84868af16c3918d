#include "reference/ReferenceData.h"
#include "validation/MultiSelectParser.h"
#include "validation/RegionResolver.h"
#include "validation/VolunteerValidator.h"

#include <QTest>

using namespace kjzy;

namespace {

const QDate kToday(2026, 11, 29);

VolunteerInput validInput()
{
    VolunteerInput in;
    in.name = QStringLiteral("张三");
    in.mobile = QStringLiteral("13903710000");
    in.idNumber = QStringLiteral("410105195001010136"); // male, born 1950-01-01
    in.politicalStatus = QStringLiteral("中共党员");
    in.ethnicity = QStringLiteral("汉族");
    in.employer = QStringLiteral("金水区科学技术协会");
    in.title = QStringLiteral("中级");
    in.education = QStringLiteral("大学本科");
    in.occupation = QStringLiteral("科研人员");
    in.province = QStringLiteral("河南省");
    in.city = QStringLiteral("郑州市");
    in.county = QStringLiteral("金水区");
    in.serviceCategories = QStringLiteral("科技培训、科普讲解");
    in.serviceFields = QStringLiteral("科技咨询类");
    in.threeHeads = QStringLiteral("否");
    return in;
}

QStringList rules(const ValidationIssues& issues)
{
    QStringList out;
    for (const auto& issue : issues)
        out << issue.rule;
    return out;
}

} // namespace

class TestVolunteerValidator : public QObject
{
    Q_OBJECT

private slots:
    void validRecordIsCanonicalised()
    {
        VolunteerInput in = validInput();
        in.mobile = QStringLiteral("+86 139-0371-0000");
        in.idNumber = QStringLiteral(" 41010519500101013６ ");
        in.politicalStatus = QStringLiteral("中国共产党党员");
        in.threeHeads = QStringLiteral("是");
        const auto result = VolunteerValidator::validate(in, kToday);
        QVERIFY2(result.ok(), qPrintable(rules(result.issues).join(u' ')));
        const Volunteer& v = result.value;
        QCOMPARE(v.mobile, QStringLiteral("13903710000"));
        QCOMPARE(v.idNumber, QStringLiteral("410105195001010136"));
        QCOMPARE(v.gender, QStringLiteral("男"));
        QCOMPARE(v.politicalStatus, QStringLiteral("中共党员"));
        QCOMPARE(v.province, QStringLiteral("410000"));
        QCOMPARE(v.city, QStringLiteral("410100"));
        QCOMPARE(v.county, QStringLiteral("410105"));
        QCOMPARE(v.serviceCategories, (QStringList{QStringLiteral("科技培训"), QStringLiteral("科普讲解")}));
        QCOMPARE(v.serviceFields, QStringList{QStringLiteral("科技咨询类")});
        QVERIFY(v.threeHeads);
    }

    void onlyNameMobileIdAndCountyAreRequired()
    {
        VolunteerInput in;
        in.name = QStringLiteral("李四");
        in.mobile = QStringLiteral("13903710001");
        in.idNumber = QStringLiteral("410102195807150489");
        in.county = QStringLiteral("410102");
        const auto result = VolunteerValidator::validate(in, kToday);
        QVERIFY2(result.ok(), qPrintable(rules(result.issues).join(u' ')));
        QCOMPARE(result.value.city, QStringLiteral("410100"));
        QCOMPARE(result.value.gender, QStringLiteral("女")); // from the 17th digit
        QVERIFY(!result.value.threeHeads);

        const auto empty = VolunteerValidator::validate(VolunteerInput{}, kToday);
        const QStringList found = rules(empty.issues);
        for (const auto* rule : {"name.empty", "mobile.empty", "id_number.empty", "region.county_required"})
            QVERIFY2(found.contains(QString::fromLatin1(rule)), rule);
        QCOMPARE(empty.issues.size(), 4);
    }

    void genderContradictingTheIdNumberIsAnErrorNotAFix()
    {
        VolunteerInput in = validInput();
        in.gender = QStringLiteral("女");
        const auto result = VolunteerValidator::validate(in, kToday);
        QCOMPARE(rules(result.issues), QStringList{QStringLiteral("gender.mismatch")});
        QVERIFY(result.issues.first().message.contains(u"男"));
        in.gender = QStringLiteral("男性");
        QVERIFY(VolunteerValidator::validate(in, kToday).ok());
    }

    void everyProblemIsReportedAtOnce()
    {
        VolunteerInput in = validInput();
        in.mobile = QStringLiteral("1390371");
        in.idNumber = QStringLiteral("410105195001010130");
        in.ethnicity = QStringLiteral("火星族");
        in.city = QStringLiteral("开封市");
        in.county = QStringLiteral("金水区");
        in.threeHeads = QStringLiteral("也许");
        const auto result = VolunteerValidator::validate(in, kToday);
        const QStringList found = rules(result.issues);
        QCOMPARE(found.size(), 5);
        for (const auto* rule :
             {"mobile.length", "id_number.checksum", "list.unknown", "region.county_not_in_city"})
            QVERIFY2(found.contains(QString::fromLatin1(rule)), qPrintable(found.join(u' ')));
        for (const auto& issue : result.issues) {
            QVERIFY(!issue.message.isEmpty());
            QVERIFY2(!issue.value.contains(u"410105195001010130"), "ID number must be masked");
            QVERIFY2(!issue.toText().contains(u"1390371"), "mobile number must be masked");
        }
        const auto ethnic = std::find_if(result.issues.cbegin(), result.issues.cend(),
                                         [](const ValidationIssue& i) { return i.field == u"ethnicity"; });
        QVERIFY(ethnic != result.issues.cend());
        QCOMPARE(ethnic->value, QStringLiteral("火星族"));
        QVERIFY(ethnic->message.contains(u"汉族")); // lists the allowed values
    }

    void namesMustLookLikeNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << QStringLiteral("王小明") << true;
        QTest::newRow("transliterated") << QStringLiteral("买买提·艾力") << true;
        QTest::newRow("inner spaces collapsed") << QStringLiteral(" 欧阳  娜娜 ") << true;
        QTest::newRow("digits") << QStringLiteral("张三1") << false;
        QTest::newRow("phone typed in name column") << QStringLiteral("13903710000") << false;
        QTest::newRow("too long") << QString(31, u'王') << false;
    }

    void namesMustLookLikeNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, ok);
        VolunteerInput in = validInput();
        in.name = name;
        QCOMPARE(VolunteerValidator::validate(in, kToday).ok(), ok);
    }

    void regions_data()
    {
        QTest::addColumn<QString>("province");
        QTest::addColumn<QString>("city");
        QTest::addColumn<QString>("county");
        QTest::addColumn<QString>("expectCity");
        QTest::addColumn<QString>("expectCounty");
        QTest::addColumn<QString>("rule");
        QTest::newRow("names") << QStringLiteral("河南省") << QStringLiteral("郑州市")
                               << QStringLiteral("金水区") << QStringLiteral("410100")
                               << QStringLiteral("410105") << QString();
        QTest::newRow("codes") << QStringLiteral("410000") << QStringLiteral("410200")
                               << QStringLiteral("410225") << QStringLiteral("410200")
                               << QStringLiteral("410225") << QString();
        QTest::newRow("county alone") << QString() << QString() << QStringLiteral("巩义市")
                                      << QStringLiteral("410100") << QStringLiteral("410181") << QString();
        QTest::newRow("济源 without county")
            << QString() << QStringLiteral("济源市") << QString() << QStringLiteral("419001")
            << QStringLiteral("419001") << QString();
        QTest::newRow("济源 as its own county")
            << QString() << QStringLiteral("济源示范区") << QStringLiteral("济源市")
            << QStringLiteral("419001") << QStringLiteral("419001") << QString();
        QTest::newRow("functional zone")
            << QString() << QStringLiteral("郑州市") << QStringLiteral("郑州航空港经济综合实验区")
            << QStringLiteral("410100") << QStringLiteral("410173") << QString();
        QTest::newRow("county outside city")
            << QString() << QStringLiteral("洛阳市") << QStringLiteral("金水区") << QString() << QString()
            << QStringLiteral("region.county_not_in_city");
        QTest::newRow("unknown county") << QString() << QStringLiteral("郑州市") << QStringLiteral("火星区")
                                        << QString() << QString() << QStringLiteral("region.unknown_county");
        QTest::newRow("city given as county")
            << QString() << QString() << QStringLiteral("郑州市") << QString() << QString()
            << QStringLiteral("region.unknown_county");
        QTest::newRow("unknown city") << QString() << QStringLiteral("武汉市") << QStringLiteral("金水区")
                                      << QString() << QString() << QStringLiteral("region.unknown_city");
        QTest::newRow("another province")
            << QStringLiteral("湖北省") << QStringLiteral("郑州市") << QStringLiteral("金水区") << QString()
            << QString() << QStringLiteral("region.province");
        QTest::newRow("abolished county code")
            << QString() << QString() << QStringLiteral("410381") << QString() << QString()
            << QStringLiteral("region.unknown_county");
        QTest::newRow("city but no county") << QString() << QStringLiteral("郑州市") << QString() << QString()
                                            << QString() << QStringLiteral("region.county_required");
    }

    void regions()
    {
        QFETCH(QString, province);
        QFETCH(QString, city);
        QFETCH(QString, county);
        QFETCH(QString, expectCity);
        QFETCH(QString, expectCounty);
        QFETCH(QString, rule);
        const auto result = RegionResolver::resolve(province, city, county, RegionResolver::Require::County);
        if (rule.isEmpty()) {
            QVERIFY2(result.ok(), qPrintable(rules(result.issues).join(u' ')));
            QCOMPARE(result.value.province, QStringLiteral("410000"));
            QCOMPARE(result.value.city, expectCity);
            QCOMPARE(result.value.county, expectCounty);
        } else {
            QVERIFY2(rules(result.issues).contains(rule), qPrintable(rules(result.issues).join(u' ')));
            for (const auto& issue : result.issues)
                QVERIFY(!issue.message.isEmpty());
        }
    }

    void multiSelectCells_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QStringList>("chosen");
        const QString all = QStringLiteral(
            "□科技培训\n□科技咨询\n□科普报告\n□农技服务\n□青少年科技教育\n□科普讲解\n□网络科普\n□其他");
        QTest::newRow("untouched template") << all << QStringList();
        QTest::newRow("☑ marks") << QString(all).replace(QStringLiteral("□科普报告"),
                                                         QStringLiteral("☑科普报告"))
                                 << QStringList{QStringLiteral("科普报告")};
        QString two = all;
        two.replace(QStringLiteral("□科技咨询"), QStringLiteral("■科技咨询"))
            .replace(QStringLiteral("□其他"), QStringLiteral("√其他"));
        QTest::newRow("■ and √ marks")
            << two << QStringList{QStringLiteral("科技咨询"), QStringLiteral("其他")};
        QTest::newRow("✓ on one line") << QStringLiteral("✓科技培训□科技咨询✔网络科普")
                                       << QStringList{QStringLiteral("科技培训"), QStringLiteral("网络科普")};
        QTest::newRow("unwanted deleted")
            << QStringLiteral("□科技培训\n□农技服务")
            << QStringList{QStringLiteral("科技培训"), QStringLiteral("农技服务")};
        QTest::newRow("typed with 、") << QStringLiteral("科普讲解、科技培训")
                                       << QStringList{QStringLiteral("科技培训"), QStringLiteral("科普讲解")};
        QTest::newRow("typed with mixed separators")
            << QStringLiteral("科技培训，科技咨询;网络科普； 其他 ,科普报告")
            << QStringList{QStringLiteral("科技培训"), QStringLiteral("科技咨询"), QStringLiteral("科普报告"),
                           QStringLiteral("网络科普"), QStringLiteral("其他")};
        QTest::newRow("mark, space, option") << QStringLiteral("✓ 科技培训 □ 科技咨询")
                                             << QStringList{QStringLiteral("科技培训")};
        QTest::newRow("empty") << QString() << QStringList();
        QTest::newRow("duplicates once")
            << QStringLiteral("科技培训,科技培训") << QStringList{QStringLiteral("科技培训")};
    }

    void multiSelectCells()
    {
        QFETCH(QString, cell);
        QFETCH(QStringList, chosen);
        const auto result = MultiSelectParser::parse(cell, ReferenceData::instance().serviceCategories());
        QVERIFY2(result.has_value(), result ? "" : qPrintable(result.error().toText()));
        QCOMPARE(*result, chosen);
    }

    void unknownMultiSelectValuesAreRejectedWithTheAllowedList()
    {
        const auto result = MultiSelectParser::parse(QStringLiteral("科技培训、打篮球"),
                                                     ReferenceData::instance().serviceCategories());
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().rule, QStringLiteral("list.unknown"));
        QCOMPARE(result.error().value, QStringLiteral("打篮球"));
        QVERIFY(result.error().message.contains(u"科普讲解"));
    }

    void threeHeadsFlag_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("value");
        QTest::newRow("是") << QStringLiteral("是") << true << true;
        QTest::newRow("否") << QStringLiteral("否") << true << false;
        QTest::newRow("yes") << QStringLiteral("yes") << true << true;
        QTest::newRow("empty means no") << QString() << true << false;
        QTest::newRow("other") << QStringLiteral("也许") << false << false;
    }

    void threeHeadsFlag()
    {
        QFETCH(QString, input);
        QFETCH(bool, ok);
        QFETCH(bool, value);
        VolunteerInput in = validInput();
        in.threeHeads = input;
        const auto result = VolunteerValidator::validate(in, kToday);
        QCOMPARE(result.ok(), ok);
        if (ok)
            QCOMPARE(result.value.threeHeads, value);
    }

    void canonicalRecordValidatesToItself()
    {
        const auto first = VolunteerValidator::validate(validInput(), kToday);
        QVERIFY(first.ok());
        const auto second = VolunteerValidator::validate(VolunteerInput::from(first.value), kToday);
        QVERIFY(second.ok());
        QCOMPARE(second.value, first.value);
    }
};

QTEST_APPLESS_MAIN(TestVolunteerValidator)
#include "TestVolunteerValidator.moc"
