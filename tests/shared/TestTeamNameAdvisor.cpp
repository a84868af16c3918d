#include "reference/ReferenceData.h"
#include "validation/TeamNameAdvisor.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtTest>

#include <algorithm>

using kjzy::TeamNameAdvice;
using kjzy::TeamNameAdvisor;

namespace {

const QString kSuffix = QStringLiteral("科技志愿服务队");

// The fixture's category_hint values are coarser than team_categories.csv codes.
QStringList categoriesForHint(const QString& hint)
{
    if (hint == u"rural")
        return {QStringLiteral("rural_association"), QStringLiteral("rural_member")};
    if (hint == u"base")
        return {QStringLiteral("education_base")};
    if (hint == u"media")
        return {QStringLiteral("media_base")};
    return {hint};
}

QSet<QString> csvCategoryCodes()
{
    QSet<QString> codes;
    for (const auto& category : kjzy::ReferenceData::instance().teamCategories())
        codes.insert(category.code);
    return codes;
}

QString describe(const TeamNameAdvice& advice)
{
    return QStringLiteral("category=%1 standard=%2 suggestion=%3 issues=[%4]")
        .arg(advice.category, advice.standard ? QStringLiteral("true") : QStringLiteral("false"),
             advice.suggestion, advice.issues.join(QStringLiteral(" | ")));
}

} // namespace

class TestTeamNameAdvisor : public QObject
{
    Q_OBJECT

private slots:
    void fixture_data();
    void fixture();
    void cases_data();
    void cases();
    void messages_data();
    void messages();
    void emptyName_data();
    void emptyName();
    void fullWidthSpaces();
    void regionMismatch_data();
    void regionMismatch();
    void categoriesAreCsvCodes();
};

void TestTeamNameAdvisor::fixture_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("city");
    QTest::addColumn<QString>("county");
    QTest::addColumn<bool>("standard");
    QTest::addColumn<QString>("hint");

    QFile file(QStringLiteral(KJZY_TEST_DATA_DIR "/organizations-sample.expected.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject accepted = document.object().value(u"accepted").toObject();
    QCOMPARE(accepted.size(), 60);
    for (auto it = accepted.constBegin(); it != accepted.constEnd(); ++it) {
        const QJsonObject team = it.value().toObject();
        const QString name = team.value(u"name").toString();
        QTest::newRow(name.toUtf8().constData())
            << name << team.value(u"city").toString() << team.value(u"county").toString()
            << team.value(u"standard").toBool() << team.value(u"category_hint").toString();
    }
}

void TestTeamNameAdvisor::fixture()
{
    QFETCH(QString, name);
    QFETCH(QString, city);
    QFETCH(QString, county);
    QFETCH(bool, standard);
    QFETCH(QString, hint);

    const TeamNameAdvice advice = TeamNameAdvisor::advise(name, city, county);
    QVERIFY2(advice.standard == standard, qPrintable(describe(advice)));
    QVERIFY2(categoriesForHint(hint).contains(advice.category), qPrintable(describe(advice)));
    if (standard) {
        QVERIFY2(advice.issues.isEmpty(), qPrintable(describe(advice)));
        QVERIFY2(advice.suggestion.isEmpty(), qPrintable(describe(advice)));
        return;
    }
    QVERIFY2(advice.suggestion.endsWith(kSuffix), qPrintable(describe(advice)));
    QCOMPARE(advice.issues.size(), 1);
    QVERIFY(advice.issues.first().contains(u"“" + advice.suggestion + u"”"));
    const TeamNameAdvice again = TeamNameAdvisor::advise(advice.suggestion, city, county);
    QVERIFY2(again.standard, qPrintable(describe(again)));
    QCOMPARE(again.category, advice.category);
    QVERIFY2(again.issues.isEmpty(), qPrintable(describe(again)));
    QVERIFY(again.suggestion.isEmpty());
}

void TestTeamNameAdvisor::cases_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("city");
    QTest::addColumn<QString>("county");
    QTest::addColumn<bool>("standard");
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("suggestion");

    const auto row = [](const char* tag, const QString& name, const QString& city, const QString& county,
                        bool standard, const QString& category, const QString& suggestion) {
        QTest::newRow(tag) << name << city << county << standard << category << suggestion;
    };
    const QString none;

    // The brief's and the header's examples.
    row("county wrong suffix", QStringLiteral("金水区志愿者服务队"), QStringLiteral("410100"),
        QStringLiteral("410105"), false, QStringLiteral("county"), QStringLiteral("金水区科技志愿服务队"));
    row("society 志愿服务分队", QStringLiteral("植物保护学会志愿服务分队"), none, none, false,
        QStringLiteral("society"), QStringLiteral("植物保护学会科技志愿服务队"));
    row("county 科技志愿者队", QStringLiteral("金水区科技志愿者队"), none, none, false,
        QStringLiteral("county"), QStringLiteral("金水区科技志愿服务队"));
    row("county-level city 志愿者服务队", QStringLiteral("邓州市志愿者服务队"), QStringLiteral("411300"),
        QStringLiteral("411381"), false, QStringLiteral("county"), QStringLiteral("邓州市科技志愿服务队"));

    // Provincial general team.
    row("province general", QStringLiteral("河南省科技志愿服务总队"), none, none, true,
        QStringLiteral("province_general"), none);
    row("province as 队", QStringLiteral("河南省科技志愿服务队"), none, none, false,
        QStringLiteral("province_general"), QStringLiteral("河南省科技志愿服务总队"));
    row("province 科协", QStringLiteral("河南省科协科技志愿服务队"), none, none, false,
        QStringLiteral("province_general"), QStringLiteral("河南省科技志愿服务总队"));

    // Cities.
    row("city", QStringLiteral("郑州市科技志愿服务队"), QStringLiteral("410100"), none, true,
        QStringLiteral("city"), none);
    row("济源市", QStringLiteral("济源市科技志愿服务队"), QStringLiteral("419001"), QStringLiteral("419001"),
        true, QStringLiteral("city"), none);
    row("济源示范区", QStringLiteral("济源示范区科技志愿服务队"), QStringLiteral("419001"), none, true,
        QStringLiteral("city"), none);
    row("city 支队", QStringLiteral("郑州市科技志愿服务支队"), none, none, false, QStringLiteral("city"),
        QStringLiteral("郑州市科技志愿服务队"));
    row("city 总队", QStringLiteral("郑州市科技志愿服务总队"), none, none, false, QStringLiteral("city"),
        QStringLiteral("郑州市科技志愿服务队"));
    row("city with qualifier", QStringLiteral("郑州市科技志愿服务队（支队）"), none, none, false,
        QStringLiteral("city"), QStringLiteral("郑州市科技志愿服务队"));
    row("city with province", QStringLiteral("河南省郑州市科技志愿服务队"), none, none, false,
        QStringLiteral("city"), QStringLiteral("郑州市科技志愿服务队"));
    row("city without 市", QStringLiteral("郑州科技志愿服务队"), none, none, false, QStringLiteral("city"),
        QStringLiteral("郑州市科技志愿服务队"));
    row("city 科协", QStringLiteral("郑州市科协科技志愿服务队"), none, none, false, QStringLiteral("city"),
        QStringLiteral("郑州市科技志愿服务队"));
    row("city 科学技术协会", QStringLiteral("焦作市科学技术协会志愿服务队"), none, none, false,
        QStringLiteral("city"), QStringLiteral("焦作市科技志愿服务队"));

    // Counties, county-level cities and zones.
    row("范县", QStringLiteral("范县科技志愿服务队"), QStringLiteral("410900"), QStringLiteral("410926"),
        true, QStringLiteral("county"), none);
    row("county-level city", QStringLiteral("邓州市科技志愿服务队"), QStringLiteral("411300"),
        QStringLiteral("411381"), true, QStringLiteral("county"), none);
    row("巩义市", QStringLiteral("巩义市科技志愿服务队"), none, none, true, QStringLiteral("county"), none);
    row("管城回族区", QStringLiteral("管城回族区科技志愿服务队"), QStringLiteral("410100"),
        QStringLiteral("410104"), true, QStringLiteral("county"), none);
    row("zone", QStringLiteral("郑州航空港经济综合实验区科技志愿服务队"), QStringLiteral("410100"),
        QStringLiteral("410173"), true, QStringLiteral("county"), none);
    row("zone ending 园区", QStringLiteral("河南濮阳工业园区科技志愿服务队"), none, none, true,
        QStringLiteral("county"), none);
    row("county with city", QStringLiteral("郑州市金水区科技志愿服务队"), none, none, false,
        QStringLiteral("county"), QStringLiteral("金水区科技志愿服务队"));
    row("county 支队", QStringLiteral("巩义市志愿服务支队"), none, none, false, QStringLiteral("county"),
        QStringLiteral("巩义市科技志愿服务队"));
    row("county 科技服务队", QStringLiteral("范县科技服务队"), none, none, false, QStringLiteral("county"),
        QStringLiteral("范县科技志愿服务队"));
    row("county 志愿队", QStringLiteral("上蔡县志愿队"), none, none, false, QStringLiteral("county"),
        QStringLiteral("上蔡县科技志愿服务队"));
    row("county 科技志愿服务分队", QStringLiteral("汝阳县科技志愿服务分队"), none, none, false,
        QStringLiteral("county"), QStringLiteral("汝阳县科技志愿服务队"));
    row("county 科技志愿者服务队", QStringLiteral("宝丰县科技志愿者服务队"), none, none, false,
        QStringLiteral("county"), QStringLiteral("宝丰县科技志愿服务队"));
    row("county 科普志愿服务队", QStringLiteral("宝丰县科普志愿服务队"), none, none, false,
        QStringLiteral("county"), QStringLiteral("宝丰县科技志愿服务队"));
    row("volunteer words before suffix", QStringLiteral("金水区志愿者科技志愿服务队"), none, none, false,
        QStringLiteral("county"), QStringLiteral("金水区科技志愿服务队"));
    row("county 科协", QStringLiteral("金水区科协志愿者服务队"), none, none, false, QStringLiteral("county"),
        QStringLiteral("金水区科技志愿服务队"));

    // Townships.
    row("township", QStringLiteral("林山寨街道科技志愿服务队"), QStringLiteral("410100"),
        QStringLiteral("410102"), true, QStringLiteral("township"), none);
    row("township no region", QStringLiteral("经八路街道科技志愿服务队"), none, none, true,
        QStringLiteral("township"), none);
    row("township with county", QStringLiteral("中原区林山寨街道科技志愿服务队"), none, none, true,
        QStringLiteral("township"), none);
    row("township with city and county", QStringLiteral("郑州市中原区林山寨街道科技志愿服务队"), none, none,
        false, QStringLiteral("township"), QStringLiteral("林山寨街道科技志愿服务队"));
    row("ambiguous township with path", QStringLiteral("河南省洛阳市孟津区城关镇科技志愿服务队"), none, none,
        false, QStringLiteral("township"), QStringLiteral("孟津区城关镇科技志愿服务队"));
    row("ambiguous township own county", QStringLiteral("城关镇科技志愿服务队"), QStringLiteral("410300"),
        QStringLiteral("410308"), true, QStringLiteral("township"), none);
    row("township wrong suffix", QStringLiteral("经八路街道志愿者服务队"), QStringLiteral("410100"),
        QStringLiteral("410105"), false, QStringLiteral("township"),
        QStringLiteral("经八路街道科技志愿服务队"));
    row("township 工业园区 in own county", QStringLiteral("工业园区科技志愿服务队"), QStringLiteral("410200"),
        QStringLiteral("410221"), true, QStringLiteral("township"), none);
    row("济源 township", QStringLiteral("济源市沁园街道科技志愿服务队"), QStringLiteral("419001"),
        QStringLiteral("419001"), true, QStringLiteral("township"), none);
    row("济源 township short", QStringLiteral("沁园街道科技志愿服务队"), QStringLiteral("419001"),
        QStringLiteral("419001"), true, QStringLiteral("township"), none);

    // Societies and their committees.
    row("society", QStringLiteral("河南省电气学会科技志愿服务队"), none, none, true,
        QStringLiteral("society"), none);
    row("research society", QStringLiteral("河南省黄河文化研究会科技志愿服务队"), none, none, true,
        QStringLiteral("society"), none);
    row("provincial 协会", QStringLiteral("河南省养蜂协会科技志愿服务队"), none, none, true,
        QStringLiteral("society"), none);
    row("committee", QStringLiteral("河南省植物保护学会昆虫专委会科技志愿服务队"), none, none, true,
        QStringLiteral("society_committee"), none);
    row("committee long form", QStringLiteral("河南省植物保护学会昆虫专业委员会科技志愿服务队"), none, none,
        true, QStringLiteral("society_committee"), none);
    row("committee wrong suffix", QStringLiteral("河南省医学会急诊专委会志愿服务分队"), none, none, false,
        QStringLiteral("society_committee"), QStringLiteral("河南省医学会急诊专委会科技志愿服务队"));

    // Universities and colleges.
    row("university", QStringLiteral("郑州大学科技志愿服务队"), QStringLiteral("411200"), none, true,
        QStringLiteral("university"), none);
    row("university ending 学院", QStringLiteral("河南科技学院科技志愿服务队"), none, none, true,
        QStringLiteral("university"), none);
    row("vocational college", QStringLiteral("河南工业职业技术学院科技志愿服务队"), none, none, true,
        QStringLiteral("university"), none);
    row("university wrong suffix", QStringLiteral("郑州大学科技志愿者服务队"), none, none, false,
        QStringLiteral("university"), QStringLiteral("郑州大学科技志愿服务队"));
    row("college", QStringLiteral("郑州大学化学学院科技志愿服务队"), none, none, true,
        QStringLiteral("college"), none);
    row("college 系", QStringLiteral("河南工业职业技术学院机电工程系科技志愿服务队"), none, none, true,
        QStringLiteral("college"), none);
    row("college wrong suffix", QStringLiteral("河南理工大学作物学院志愿服务队"), none, none, false,
        QStringLiteral("college"), QStringLiteral("河南理工大学作物学院科技志愿服务队"));

    // Rural technical associations.
    row("rural association", QStringLiteral("洛宁县医学农技协科技志愿服务队"), none, none, true,
        QStringLiteral("rural_association"), none);
    row("rural association full form", QStringLiteral("河南省农村专业技术协会科技志愿服务队"), none, none,
        true, QStringLiteral("rural_association"), none);
    row("rural member by county", QStringLiteral("洛宁县苹果协会科技志愿服务队"), none, none, true,
        QStringLiteral("rural_member"), none);
    row("urban district association", QStringLiteral("郑州市金水区计算机协会科技志愿服务队"), none, none,
        true, QStringLiteral("society"), none);
    row("rural member wrong suffix", QStringLiteral("滑县养殖协会志愿者服务队"), none, none, false,
        QStringLiteral("rural_member"), QStringLiteral("滑县养殖协会科技志愿服务队"));
    row("rural member by trade", QStringLiteral("金银花种植协会科技志愿服务队"), none, none, true,
        QStringLiteral("rural_member"), none);

    // Other kinds.
    row("youth", QStringLiteral("新乡市青少年科技志愿服务队"), none, none, true, QStringLiteral("youth"),
        none);
    row("caravan", QStringLiteral("周口市科普大篷车科技志愿服务队"), none, none, true,
        QStringLiteral("caravan"), none);
    row("education base", QStringLiteral("商丘市农业科普教育基地科技志愿服务队"), none, none, true,
        QStringLiteral("education_base"), none);
    row("media base", QStringLiteral("计算机全媒体科普创作基地科技志愿服务队"), none, none, true,
        QStringLiteral("media_base"), none);
    row("enterprise", QStringLiteral("河南计算机科技有限公司科技志愿服务队"), none, none, true,
        QStringLiteral("enterprise"), none);
    row("enterprise park", QStringLiteral("郑州金水科技园区科技志愿服务队"), none, none, true,
        QStringLiteral("enterprise"), none);
    row("enterprise keeps full-width brackets", QStringLiteral("中原（河南）科技有限公司志愿服务队"), none,
        none, false, QStringLiteral("enterprise"), QStringLiteral("中原（河南）科技有限公司科技志愿服务队"));
    row("medical", QStringLiteral("河南省人民医院科技志愿服务队"), none, none, true,
        QStringLiteral("medical"), none);
    row("medical wrong suffix", QStringLiteral("郑州大学第一附属医院志愿者服务队"), none, none, false,
        QStringLiteral("medical"), QStringLiteral("郑州大学第一附属医院科技志愿服务队"));
    // A unit no category names: accepted with the standard suffix (see TeamNameAdvisor.cpp).
    row("academy unit", QStringLiteral("河南省农业科学院科技志愿服务队"), none, none, true, none, none);
    row("centre unit", QStringLiteral("郑州市青少年科技活动中心科技志愿服务队"), none, none, true, none,
        none);

    // No category can be inferred: no suggestion.
    row("just 志愿者协会", QStringLiteral("志愿者协会"), none, none, false, none, none);
    row("no team word", QStringLiteral("金水区"), none, none, false, none, none);
    row("own 突击队", QStringLiteral("红旗渠突击队"), none, none, false, none, none);
    row("unknown stem wrong suffix", QStringLiteral("爱心志愿服务队"), none, none, false, none, none);
    row("template placeholder", QStringLiteral("某某县科技志愿服务队"), none, none, false, none, none);
    row("suffix only", QStringLiteral("科技志愿服务队"), none, none, false, none, none);
    row("one-character stem", QStringLiteral("县科技志愿服务队"), none, none, false, none, none);
}

void TestTeamNameAdvisor::cases()
{
    QFETCH(QString, name);
    QFETCH(QString, city);
    QFETCH(QString, county);
    QFETCH(bool, standard);
    QFETCH(QString, category);
    QFETCH(QString, suggestion);

    const TeamNameAdvice advice = TeamNameAdvisor::advise(name, city, county);
    const QByteArray details = describe(advice).toUtf8();
    QVERIFY2(advice.standard == standard, details.constData());
    QCOMPARE(advice.category, category);
    QCOMPARE(advice.suggestion, suggestion);
    if (standard) {
        QVERIFY2(advice.issues.isEmpty(), details.constData());
        return;
    }
    QCOMPARE(advice.issues.size(), 1);
    QVERIFY(!advice.issues.first().isEmpty());
    if (suggestion.isEmpty()) {
        // The message explains the rule instead.
        QVERIFY2(advice.issues.first().contains(u"科技志愿服务队"), details.constData());
        return;
    }
    QVERIFY2(advice.issues.first().contains(u"“" + suggestion + u"”"), details.constData());
    QVERIFY(suggestion.endsWith(kSuffix) || suggestion == u"河南省科技志愿服务总队");
    const TeamNameAdvice again = TeamNameAdvisor::advise(suggestion, city, county);
    QVERIFY2(again.standard, describe(again).toUtf8().constData());
    QCOMPARE(again.category, category);
    QVERIFY(again.issues.isEmpty());
    QVERIFY(again.suggestion.isEmpty());
}

void TestTeamNameAdvisor::messages_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");

    QTest::newRow("county")
        << QStringLiteral("金水区志愿者服务队")
        << QStringLiteral("组织名称不符合规范：县（市、区）分队的规范名称应为“金水区科技志愿服务队”");
    QTest::newRow("city") << QStringLiteral("郑州市志愿服务支队")
                          << QStringLiteral(
                                 "组织名称不符合规范：省辖市支队的规范名称应为“郑州市科技志愿服务队”");
    QTest::newRow("no category, the user's text quoted")
        << QStringLiteral("志愿者协会")
        << QStringLiteral("组织名称“志愿者协会”不符合规范：名称应以“科技志愿服务队”结尾，"
                          "由所在地区或单位的名称加“科技志愿服务队”组成，"
                          "如“某某市科技志愿服务队”“某某县科技志愿服务队”“某某学会科技志愿服务队”");
    QTest::newRow("placeholder")
        << QStringLiteral("某某县科技志愿服务队")
        << QStringLiteral("组织名称“某某县科技志愿服务队”不符合规范：“某某”应替换为所在地区或单位的实际名称");
    QTest::newRow("full-width text kept in the quote")
        << QStringLiteral("ＡＢＣ志愿者协会")
        << QStringLiteral("组织名称“ＡＢＣ志愿者协会”不符合规范：名称应以“科技志愿服务队”结尾，"
                          "由所在地区或单位的名称加“科技志愿服务队”组成，"
                          "如“某某市科技志愿服务队”“某某县科技志愿服务队”“某某学会科技志愿服务队”");
}

void TestTeamNameAdvisor::messages()
{
    QFETCH(QString, name);
    QFETCH(QString, message);
    const TeamNameAdvice advice = TeamNameAdvisor::advise(name);
    QCOMPARE(advice.issues, QStringList{message});
}

void TestTeamNameAdvisor::emptyName_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("null") << QString();
    QTest::newRow("empty") << QStringLiteral("");
    QTest::newRow("spaces") << QStringLiteral("  \u3000\t\n ");
}

void TestTeamNameAdvisor::emptyName()
{
    QFETCH(QString, name);
    const TeamNameAdvice advice =
        TeamNameAdvisor::advise(name, QStringLiteral("410100"), QStringLiteral("410105"));
    QVERIFY(!advice.standard);
    QVERIFY(advice.category.isEmpty());
    QVERIFY(advice.suggestion.isEmpty());
    QCOMPARE(advice.issues, QStringList{QStringLiteral("组织名称为空")});
}

void TestTeamNameAdvisor::fullWidthSpaces()
{
    // An ideographic space (U+3000) typed inside a standard name: still the standard name, with
    // the tidy form offered.
    const TeamNameAdvice spaced = TeamNameAdvisor::advise(QStringLiteral("金水区\u3000科技志愿服务队"),
                                                          QStringLiteral("410100"), QStringLiteral("410105"));
    QVERIFY2(spaced.standard, qPrintable(describe(spaced)));
    QCOMPARE(spaced.category, QStringLiteral("county"));
    QVERIFY(spaced.issues.isEmpty());
    QCOMPARE(spaced.suggestion, QStringLiteral("金水区科技志愿服务队"));

    // Spaces inside a non-standard name do not get in the way of the suggestion.
    const TeamNameAdvice wrong = TeamNameAdvisor::advise(QStringLiteral(" 金水区\u3000\u3000志愿者 服务队 "));
    QVERIFY(!wrong.standard);
    QCOMPARE(wrong.category, QStringLiteral("county"));
    QCOMPARE(wrong.suggestion, QStringLiteral("金水区科技志愿服务队"));

    // A full-width bracket qualifier (NFKC makes it ASCII for analysis) is still found.
    const TeamNameAdvice qualified =
        TeamNameAdvisor::advise(QStringLiteral("郑州大学\u3000科技志愿服务队（校队）"));
    QVERIFY(!qualified.standard);
    QCOMPARE(qualified.category, QStringLiteral("university"));
    QCOMPARE(qualified.suggestion, QStringLiteral("郑州大学科技志愿服务队"));

    // Surrounding whitespace alone needs no suggestion.
    const TeamNameAdvice padded = TeamNameAdvisor::advise(QStringLiteral("\u3000河南省科技志愿服务总队 "));
    QVERIFY(padded.standard);
    QCOMPARE(padded.category, QStringLiteral("province_general"));
    QVERIFY(padded.suggestion.isEmpty());
    QVERIFY(padded.issues.isEmpty());
}

void TestTeamNameAdvisor::regionMismatch_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("city");
    QTest::addColumn<QString>("county");
    QTest::addColumn<bool>("standard");
    QTest::addColumn<bool>("mismatch");

    QTest::newRow("city team, county inside")
        << QStringLiteral("焦作市科技志愿服务队") << QStringLiteral("410800") << QStringLiteral("410803")
        << true << false;
    QTest::newRow("city team, other city")
        << QStringLiteral("焦作市科技志愿服务队") << QStringLiteral("410100") << QString() << true << true;
    QTest::newRow("city team, county elsewhere")
        << QStringLiteral("焦作市科技志愿服务队") << QString() << QStringLiteral("410105") << true << true;
    QTest::newRow("county team, own county")
        << QStringLiteral("管城回族区科技志愿服务队") << QStringLiteral("410100") << QStringLiteral("410104")
        << true << false;
    QTest::newRow("county team, other county")
        << QStringLiteral("管城回族区科技志愿服务队") << QStringLiteral("410100") << QStringLiteral("410105")
        << true << true;
    QTest::newRow("county team, other city only")
        << QStringLiteral("范县科技志愿服务队") << QStringLiteral("410100") << QString() << true << true;
    QTest::newRow("county-level city in its city")
        << QStringLiteral("灵宝市科技志愿服务队") << QStringLiteral("411200") << QString() << true << false;
    QTest::newRow("non-standard and mismatched")
        << QStringLiteral("金水区志愿者服务队") << QStringLiteral("410100") << QStringLiteral("410102")
        << false << true;
    QTest::newRow("township of another county")
        << QStringLiteral("林山寨街道科技志愿服务队") << QStringLiteral("410100") << QStringLiteral("410105")
        << true << true;
    QTest::newRow("township in the city") << QStringLiteral("林山寨街道科技志愿服务队")
                                          << QStringLiteral("410100") << QString() << true << false;
    QTest::newRow("university: region irrelevant")
        << QStringLiteral("郑州大学科技志愿服务队") << QStringLiteral("411200") << QStringLiteral("411203")
        << true << false;
    QTest::newRow("rural association: region irrelevant")
        << QStringLiteral("洛宁县医学农技协科技志愿服务队") << QStringLiteral("410100")
        << QStringLiteral("410105") << true << false;
    QTest::newRow("unknown region code: not compared")
        << QStringLiteral("范县科技志愿服务队") << QStringLiteral("999999") << QStringLiteral("999901")
        << true << false;
}

void TestTeamNameAdvisor::regionMismatch()
{
    QFETCH(QString, name);
    QFETCH(QString, city);
    QFETCH(QString, county);
    QFETCH(bool, standard);
    QFETCH(bool, mismatch);

    const TeamNameAdvice advice = TeamNameAdvisor::advise(name, city, county);
    const QByteArray details = describe(advice).toUtf8();
    QVERIFY2(advice.standard == standard, details.constData());
    const int mismatchIssues =
        int(std::count_if(advice.issues.cbegin(), advice.issues.cend(),
                          [](const QString& issue) { return issue.contains(u"不一致"); }));
    QCOMPARE(mismatchIssues, mismatch ? 1 : 0);
    QCOMPARE(advice.issues.size(), (standard ? 0 : 1) + (mismatch ? 1 : 0));
    if (mismatch) {
        // No suggestion comes from the mismatch alone: the name or the region cell may be wrong.
        QCOMPARE(advice.suggestion.isEmpty(), standard);
    }
}

void TestTeamNameAdvisor::categoriesAreCsvCodes()
{
    const QSet<QString> codes = csvCategoryCodes();
    QCOMPARE(codes.size(), 16);
    const QStringList names{
        QStringLiteral("河南省科技志愿服务总队"),
        QStringLiteral("郑州市科技志愿服务队"),
        QStringLiteral("金水区科技志愿服务队"),
        QStringLiteral("经八路街道科技志愿服务队"),
        QStringLiteral("河南省电气学会科技志愿服务队"),
        QStringLiteral("河南省医学会急诊专委会科技志愿服务队"),
        QStringLiteral("郑州大学科技志愿服务队"),
        QStringLiteral("郑州大学化学学院科技志愿服务队"),
        QStringLiteral("河南计算机科技有限公司科技志愿服务队"),
        QStringLiteral("洛宁县医学农技协科技志愿服务队"),
        QStringLiteral("洛宁县苹果协会科技志愿服务队"),
        QStringLiteral("新乡市青少年科技志愿服务队"),
        QStringLiteral("周口市科普大篷车科技志愿服务队"),
        QStringLiteral("商丘市农业科普教育基地科技志愿服务队"),
        QStringLiteral("计算机全媒体科普创作基地科技志愿服务队"),
        QStringLiteral("河南省人民医院科技志愿服务队"),
    };
    QSet<QString> seen;
    for (const QString& name : names) {
        const TeamNameAdvice advice = TeamNameAdvisor::advise(name);
        QVERIFY2(advice.standard, qPrintable(name + u": " + describe(advice)));
        QVERIFY2(codes.contains(advice.category), qPrintable(name + u": " + describe(advice)));
        seen.insert(advice.category);
    }
    // Every category of team_categories.csv can be inferred from a name.
    QCOMPARE(seen, codes);
}

QTEST_GUILESS_MAIN(TestTeamNameAdvisor)
#include "TestTeamNameAdvisor.moc"
