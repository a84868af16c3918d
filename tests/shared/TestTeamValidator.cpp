#include "validation/TeamValidator.h"

#include <QTest>

using namespace kjzy;

namespace {

const QDate kToday(2026, 11, 29);

TeamInput validTeam()
{
    TeamInput in;
    in.name = QStringLiteral("金水区科技志愿服务队");
    in.adminMobile = QStringLiteral("13903710000");
    in.civilAffairsRegistered = QStringLiteral("否");
    in.supervisorType = QStringLiteral("科协");
    in.supervisor = QStringLiteral("金水区科学技术协会");
    in.founded = QStringLiteral("2021年5月1日");
    in.serviceCategories = QStringLiteral("□科技培训\n☑科技咨询\n☑科普报告");
    in.city = QStringLiteral("郑州市");
    in.county = QStringLiteral("金水区");
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

class TestTeamValidator : public QObject
{
    Q_OBJECT

private slots:
    void standardTeamIsCanonicalised()
    {
        const auto result = TeamValidator::validate(validTeam(), kToday);
        QVERIFY2(result.ok(), qPrintable(rules(result.issues).join(u' ')));
        const Team& t = result.value;
        QCOMPARE(t.category, QStringLiteral("county"));
        QVERIFY(t.nameIssues.isEmpty());
        QCOMPARE(t.founded, QStringLiteral("2021-05-01"));
        QCOMPARE(t.civilAffairsRegistered, std::optional<bool>(false));
        QCOMPARE(t.serviceCategories, (QStringList{QStringLiteral("科技咨询"), QStringLiteral("科普报告")}));
        QCOMPARE(t.county, QStringLiteral("410105"));
        QCOMPARE(t.city, QStringLiteral("410100"));
    }

    void nonStandardNameIsKeptWithAdvice()
    {
        TeamInput in = validTeam();
        in.name = QStringLiteral("金水区志愿者服务队");
        const auto result = TeamValidator::validate(in, kToday);
        QVERIFY(result.ok()); // a name issue is advice, not a rejection
        QCOMPARE(result.value.name, QStringLiteral("金水区志愿者服务队"));
        QCOMPARE(result.value.nameIssues.size(), 1);
        QVERIFY(result.value.nameIssues.first().contains(u"金水区科技志愿服务队"));
    }

    void provinceLevelTeamNeedsNoCity()
    {
        TeamInput in = validTeam();
        in.name = QStringLiteral("河南省科技志愿服务总队");
        in.city.clear();
        in.county.clear();
        const auto result = TeamValidator::validate(in, kToday);
        QVERIFY2(result.ok(), qPrintable(rules(result.issues).join(u' ')));
        QCOMPARE(result.value.category, QStringLiteral("province_general"));
        QCOMPARE(result.value.province, QStringLiteral("410000"));
        QVERIFY(result.value.city.isEmpty());
    }

    void dates_data()
    {
        QTest::addColumn<QString>("founded");
        QTest::addColumn<QString>("expected"); // empty: an issue
        QTest::addColumn<QString>("rule");
        QTest::newRow("iso") << QStringLiteral("2021-05-01") << QStringLiteral("2021-05-01") << QString();
        QTest::newRow("dots") << QStringLiteral("2021.5.1") << QStringLiteral("2021-05-01") << QString();
        QTest::newRow("slashes") << QStringLiteral("2021/5/1") << QStringLiteral("2021-05-01") << QString();
        QTest::newRow("compact") << QStringLiteral("20210501") << QStringLiteral("2021-05-01") << QString();
        QTest::newRow("serial") << QStringLiteral("44317") << QStringLiteral("2021-05-01") << QString();
        QTest::newRow("impossible") << QStringLiteral("2021-02-30") << QString()
                                    << QStringLiteral("date.invalid");
        QTest::newRow("words") << QStringLiteral("去年春天") << QString() << QStringLiteral("date.invalid");
        QTest::newRow("future") << QStringLiteral("2099-01-01") << QString() << QStringLiteral("date.future");
    }

    void dates()
    {
        QFETCH(QString, founded);
        QFETCH(QString, expected);
        QFETCH(QString, rule);
        TeamInput in = validTeam();
        in.founded = founded;
        const auto result = TeamValidator::validate(in, kToday);
        if (expected.isEmpty()) {
            QCOMPARE(rules(result.issues), QStringList{rule});
        } else {
            QVERIFY(result.ok());
            QCOMPARE(result.value.founded, expected);
        }
    }

    void everyProblemAtOnce()
    {
        TeamInput in;
        in.adminMobile = QStringLiteral("0371-65123456");
        in.civilAffairsRegistered = QStringLiteral("不清楚");
        in.province = QStringLiteral("湖北省");
        in.category = QStringLiteral("no_such_category");
        const auto result = TeamValidator::validate(in, kToday);
        const QStringList found = rules(result.issues);
        for (const auto* rule : {"team_name.empty", "region.province", "list.unknown"})
            QVERIFY2(found.contains(QString::fromLatin1(rule)), qPrintable(found.join(u' ')));
        QVERIFY2(std::any_of(found.cbegin(), found.cend(),
                             [](const QString& r) { return r.startsWith(u"mobile."); }),
                 qPrintable(found.join(u' ')));
        const auto nameIssue = std::find_if(result.issues.cbegin(), result.issues.cend(),
                                            [](const ValidationIssue& i) { return i.field == u"name"; });
        QVERIFY(nameIssue != result.issues.cend());
        QVERIFY(nameIssue->toText().startsWith(u"组织名称"));
        QCOMPARE(result.issues.size(), 5);
    }

    void freeTextSupervisorTypeIsKept()
    {
        TeamInput in = validTeam();
        in.supervisorType = QStringLiteral("街道办事处");
        const auto result = TeamValidator::validate(in, kToday);
        QVERIFY(result.ok());
        QCOMPARE(result.value.supervisorType, QStringLiteral("街道办事处"));
    }
};

QTEST_APPLESS_MAIN(TestTeamValidator)
#include "TestTeamValidator.moc"
