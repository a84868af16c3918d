// Drives the real kjzy binary (KJZY_CLI_PATH) through QProcess on temporary databases and checks
// the command-line contract of /work/shared/design/CLI.md: exit codes, stdout/stderr, JSON keys.
#include "support/CliRunner.h"
#include "support/DbProbe.h"
#include "support/TestData.h"

#include <algorithm>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::test;

namespace {

// ---------------------------------------------------------------------------------------------
// Running the CLI (support/CliRunner.h: CliRun, runKjzy, EXPECT_EXIT, VERIFY_CLI_PREREQUISITES,
// uuidPattern, volunteerArgs)

#define EXPECT_CONTAINS(text, needle, run)                                                                   \
    QVERIFY2(QString(text).contains(needle),                                                                 \
             qPrintable(QStringLiteral("expected to find «%1»\n").arg(needle) + (run).describe()))

#define EXPECT_NOT_CONTAINS(text, needle, run)                                                               \
    QVERIFY2(!QString(text).contains(needle),                                                                \
             qPrintable(QStringLiteral("must not contain «%1»\n").arg(needle) + (run).describe()))

// Parses stdout of a `--json` command; `ok` is false when it is not one JSON document.
QJsonDocument parseJson(const CliRun& run, bool& ok)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    ok = error.error == QJsonParseError::NoError;
    return doc;
}

bool matches(const QRegularExpression& re, const QString& text)
{
    return re.match(text).hasMatch();
}

// ---------------------------------------------------------------------------------------------
// Test data (support/TestData.h: readCsv; support/DbProbe.h reads the database file directly)

const QStringList& volunteerKeys()
{
    static const QStringList keys{
        QStringLiteral("id"),
        QStringLiteral("name"),
        QStringLiteral("mobile"),
        QStringLiteral("gender"),
        QStringLiteral("id_number"),
        QStringLiteral("political_status"),
        QStringLiteral("ethnicity"),
        QStringLiteral("employer"),
        QStringLiteral("title"),
        QStringLiteral("education"),
        QStringLiteral("occupation"),
        QStringLiteral("province"),
        QStringLiteral("city"),
        QStringLiteral("county"),
        QStringLiteral("service_categories"),
        QStringLiteral("service_fields"),
        QStringLiteral("three_heads"),
        QStringLiteral("teams"),
    };
    return keys;
}

const QStringList& teamKeys()
{
    static const QStringList keys{
        QStringLiteral("id"),
        QStringLiteral("name"),
        QStringLiteral("category"),
        QStringLiteral("parent"),
        QStringLiteral("admin_mobile"),
        QStringLiteral("civil_affairs_registered"),
        QStringLiteral("supervisor_type"),
        QStringLiteral("supervisor"),
        QStringLiteral("founded"),
        QStringLiteral("service_categories"),
        QStringLiteral("province"),
        QStringLiteral("city"),
        QStringLiteral("county"),
        QStringLiteral("name_issues"),
    };
    return keys;
}

// The keys of `object` that CLI.md requires but that are missing.
QStringList missingKeys(const QJsonObject& object, const QStringList& required)
{
    QStringList missing;
    for (const QString& key : required) {
        if (!object.contains(key))
            missing << key;
    }
    return missing;
}

bool isStringArray(const QJsonValue& value)
{
    if (!value.isArray())
        return false;
    const QJsonArray array = value.toArray();
    return std::all_of(array.begin(), array.end(), [](const QJsonValue& v) { return v.isString(); });
}

QString jsonText(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A fresh database in its own temporary directory.
struct Workspace
{
    QTemporaryDir dir;
    QString db() const { return dir.filePath(QStringLiteral("kjzy.sqlite")); }
};

const QString kIdJinshui = QStringLiteral("410105195001010136");   // 男, from id_valid.csv
const QString kIdZhongyuan = QStringLiteral("410102195807150489"); // 女
const QString kIdGongyi = QStringLiteral("410181196002290855");    // 男

// Runs `init --region` on a workspace; an error text, empty on success.
QString init(const Workspace& ws, const QString& region)
{
    const CliRun run = runKjzy(ws.db(), {QStringLiteral("init"), QStringLiteral("--region"), region});
    if (!run.exitedWith(0))
        return QStringLiteral("init --region %1 failed\n").arg(region) + run.describe();
    return {};
}

// `volunteer list --json` (plus options) parsed into `array`; an error text, empty on success.
QString listVolunteers(const Workspace& ws, const QStringList& options, QJsonArray& array)
{
    const CliRun run = runKjzy(
        ws.db(),
        QStringList{QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")} + options);
    bool ok = false;
    const QJsonDocument doc = parseJson(run, ok);
    if (!run.exitedWith(0) || !ok || !doc.isArray())
        return QStringLiteral("volunteer list --json did not print one array\n") + run.describe();
    array = doc.array();
    return {};
}

#define REQUIRE_OK(expr)                                                                                     \
    do {                                                                                                     \
        const QString kjzyError_ = (expr);                                                                   \
        QVERIFY2(kjzyError_.isEmpty(), qPrintable(kjzyError_));                                              \
    } while (false)

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void acceptsValidIdNumbers_data();
    void acceptsValidIdNumbers();
    void invalidIdNumbers_data();
    void invalidIdNumbers();

    void volunteerListJsonShapeAndMasking();
    void revealIsAudited();
    void teamJsonAndNameAdvice();
    void volunteerTeamsAndTeamFilter();
    void addEditRemoveShow();
    void allProblemsReportedAtOnce();
    void countyScopeRefusesOtherCounty();
    void cityScopeAcceptsItsCountiesOnly();
    void exitCodes_data();
    void exitCodes();
    void initWithUnknownRegionCreatesNothing();
    void reinitWithAnotherRegionIsRefused();
    void statusJson();
    void sameIdNumberTwiceIsRefused();
};

void TestCommandLine::initTestCase()
{
    VERIFY_CLI_PREREQUISITES();
}

// ---------------------------------------------------------------------------------------------

void TestCommandLine::acceptsValidIdNumbers_data()
{
    QTest::addColumn<QString>("idNumber");
    QTest::addColumn<QString>("county");
    QTest::addColumn<QString>("mobile");
    QTest::addColumn<QString>("genderZh");
    QTest::addColumn<QString>("birthdate");

    const auto rows = readCsv(QStringLiteral("id_valid.csv"));
    QVERIFY(!rows.isEmpty());
    int n = 0;
    for (const auto& row : rows) {
        ++n;
        const QString id = row.value(QStringLiteral("id_number"));
        // The ID's address code records the first registration and may be abolished (410381 偃师市,
        // now 410307): the residence must be a current county, so such rows live in 金水区.
        QString county = row.value(QStringLiteral("region_code"));
        if (county == u"410381")
            county = QStringLiteral("410105");
        const QString mobile = QStringLiteral("139037100%1").arg(n, 2, 10, QChar(u'0'));
        QTest::addRow("%d %s %s", n, qPrintable(id), qPrintable(row.value(QStringLiteral("note"))))
            << id << county << mobile << row.value(QStringLiteral("gender_zh"))
            << row.value(QStringLiteral("birthdate"));
    }
}

void TestCommandLine::acceptsValidIdNumbers()
{
    QFETCH(QString, idNumber);
    QFETCH(QString, county);
    QFETCH(QString, mobile);
    QFETCH(QString, genderZh);
    QFETCH(QString, birthdate);

    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));

    const CliRun add = runKjzy(ws.db(), volunteerArgs(QStringLiteral("王志愿"), mobile, idNumber, county));
    EXPECT_EXIT(add, 0);
    const QString newId = add.out.trimmed();
    QVERIFY2(matches(uuidPattern(), newId), qPrintable(add.describe()));

    QJsonArray revealed;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--reveal")}, revealed));
    QCOMPARE(revealed.size(), 1);
    const QJsonObject v = revealed.first().toObject();
    QCOMPARE(v.value(QStringLiteral("id")).toString(), newId);
    QCOMPARE(v.value(QStringLiteral("id_number")).toString(), idNumber);
    QCOMPARE(v.value(QStringLiteral("gender")).toString(), genderZh);
    QCOMPARE(v.value(QStringLiteral("mobile")).toString(), mobile);
    QCOMPARE(v.value(QStringLiteral("county")).toString(), county);

    // The birth date is not a field of its own: no key names it and no other value holds it.
    const QString compactBirth = QString(birthdate).remove(u'-');
    for (auto it = v.constBegin(); it != v.constEnd(); ++it) {
        QVERIFY2(!it.key().contains(QStringLiteral("birth"), Qt::CaseInsensitive), qPrintable(jsonText(v)));
        if (it.key() == u"id_number")
            continue;
        const QString text =
            QString::fromUtf8(QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact));
        QVERIFY2(!text.contains(birthdate) && !text.contains(compactBirth),
                 qPrintable(QStringLiteral("birth date exposed in %1: %2").arg(it.key(), jsonText(v))));
    }

    // Masked listing: neither the full number nor the birth date appears anywhere.
    const CliRun masked =
        runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")});
    EXPECT_EXIT(masked, 0);
    EXPECT_NOT_CONTAINS(masked.out, idNumber, masked);
    EXPECT_NOT_CONTAINS(masked.out, compactBirth, masked);
    EXPECT_NOT_CONTAINS(masked.out, birthdate, masked);
    EXPECT_CONTAINS(masked.out, QString(idNumber.left(6) + QStringLiteral("********") + idNumber.right(4)),
                    masked);
}

void TestCommandLine::invalidIdNumbers_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("canonical");

    const auto rows = readCsv(QStringLiteral("id_invalid.csv"));
    QVERIFY(!rows.isEmpty());
    int n = 0;
    for (const auto& row : rows) {
        ++n;
        const bool accepted = row.value(QStringLiteral("accept_after_normalisation")) == u"yes";
        // strict_error names the rule for every refused row (legacy15 for the 15-digit one,
        // province for the unknown province prefix).
        const QString rule = QStringLiteral("id_number.") + row.value(QStringLiteral("strict_error"));
        QTest::addRow("%d %s", n, qPrintable(row.value(QStringLiteral("reason"))))
            << row.value(QStringLiteral("input")) << accepted << rule
            << row.value(QStringLiteral("canonical"));
    }
}

void TestCommandLine::invalidIdNumbers()
{
    QFETCH(QString, input);
    QFETCH(bool, accepted);
    QFETCH(QString, rule);
    QFETCH(QString, canonical);

    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));

    const CliRun add = runKjzy(ws.db(), volunteerArgs(QStringLiteral("李志愿"), QStringLiteral("13903710001"),
                                                      input, QStringLiteral("410105")));
    QJsonArray list;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--reveal")}, list));

    if (accepted) {
        EXPECT_EXIT(add, 0);
        QVERIFY2(matches(uuidPattern(), add.out.trimmed()), qPrintable(add.describe()));
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().toObject().value(QStringLiteral("id_number")).toString(), canonical);
        return;
    }

    EXPECT_EXIT(add, 1);
    QVERIFY2(add.out.trimmed().isEmpty(), qPrintable(add.describe()));
    EXPECT_CONTAINS(add.err, rule, add);
    // A refused number is quoted masked, never whole.
    const QString compact = input.trimmed();
    if (compact.size() >= 15)
        EXPECT_NOT_CONTAINS(add.err, compact, add);
    QVERIFY2(list.isEmpty(), qPrintable(QString::fromUtf8(QJsonDocument(list).toJson())));

    DbProbe probe(ws.db());
    QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers")), 0);
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox")), 0);
}

// ---------------------------------------------------------------------------------------------

void TestCommandLine::volunteerListJsonShapeAndMasking()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));
    const CliRun add = runKjzy(
        ws.db(),
        volunteerArgs(
            QStringLiteral("张三"), QStringLiteral("13903710001"), kIdJinshui, QStringLiteral("410105"),
            {QStringLiteral("--political-status"), QStringLiteral("中共党员"), QStringLiteral("--ethnicity"),
             QStringLiteral("汉族"), QStringLiteral("--employer"), QStringLiteral("郑州大学"),
             QStringLiteral("--title"), QStringLiteral("中级"), QStringLiteral("--education"),
             QStringLiteral("本科"), QStringLiteral("--occupation"), QStringLiteral("科研人员"),
             QStringLiteral("--service-categories"), QStringLiteral("科技培训,科普讲解"),
             QStringLiteral("--service-fields"), QStringLiteral("科技咨询类"),
             QStringLiteral("--three-heads"), QStringLiteral("yes")}));
    EXPECT_EXIT(add, 0);
    const CliRun add2 = runKjzy(ws.db(), volunteerArgs(QStringLiteral("李四"), QStringLiteral("13903710002"),
                                                       kIdZhongyuan, QStringLiteral("410102")));
    EXPECT_EXIT(add2, 0);

    const CliRun list =
        runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")});
    EXPECT_EXIT(list, 0);
    bool ok = false;
    const QJsonDocument doc = parseJson(list, ok);
    QVERIFY2(ok && doc.isArray(), qPrintable(list.describe()));
    const QJsonArray array = doc.array();
    QCOMPARE(array.size(), 2);

    const QRegularExpression code(QStringLiteral("^[0-9]{6}$"));
    const QRegularExpression maskedMobile(QStringLiteral("^1[0-9]{2}\\*{4}[0-9]{4}$"));
    const QRegularExpression maskedId(QStringLiteral("^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$"));
    for (const QJsonValue& value : array) {
        QVERIFY(value.isObject());
        const QJsonObject v = value.toObject();
        const QString text = jsonText(v);
        const QStringList missing = missingKeys(v, volunteerKeys());
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("missing %1 in %2").arg(missing.join(u','), text)));
        QVERIFY2(matches(uuidPattern(), v.value(QStringLiteral("id")).toString()), qPrintable(text));
        for (const char16_t* key : {u"name", u"political_status", u"ethnicity", u"employer", u"title",
                                    u"education", u"occupation"}) {
            QVERIFY2(v.value(QString::fromUtf16(key)).isString(),
                     qPrintable(QString::fromUtf16(key) + QStringLiteral(" is not a string: ") + text));
        }
        for (const char16_t* key : {u"province", u"city", u"county"}) {
            const QJsonValue field = v.value(QString::fromUtf16(key));
            QVERIFY2(
                field.isString() && matches(code, field.toString()),
                qPrintable(QString::fromUtf16(key) + QStringLiteral(" is not a 6-digit string: ") + text));
        }
        QCOMPARE(v.value(QStringLiteral("province")).toString(), QStringLiteral("410000"));
        QCOMPARE(v.value(QStringLiteral("city")).toString(), QStringLiteral("410100"));
        for (const char16_t* key : {u"service_categories", u"service_fields", u"teams"}) {
            QVERIFY2(
                isStringArray(v.value(QString::fromUtf16(key))),
                qPrintable(QString::fromUtf16(key) + QStringLiteral(" is not an array of strings: ") + text));
        }
        QVERIFY2(v.value(QStringLiteral("three_heads")).isBool(), qPrintable(text));
        const QString gender = v.value(QStringLiteral("gender")).toString();
        QVERIFY2(gender == u"男" || gender == u"女", qPrintable(text));
        QVERIFY2(matches(maskedMobile, v.value(QStringLiteral("mobile")).toString()), qPrintable(text));
        QVERIFY2(matches(maskedId, v.value(QStringLiteral("id_number")).toString()), qPrintable(text));
        QVERIFY2(!text.contains(kIdJinshui) && !text.contains(kIdZhongyuan), qPrintable(text));
    }

    QJsonObject zhang;
    for (const QJsonValue& value : array) {
        if (value.toObject().value(QStringLiteral("name")).toString() == u"张三")
            zhang = value.toObject();
    }
    QVERIFY2(!zhang.isEmpty(), qPrintable(list.out));
    QCOMPARE(zhang.value(QStringLiteral("mobile")).toString(), QStringLiteral("139****0001"));
    QCOMPARE(zhang.value(QStringLiteral("id_number")).toString(), QStringLiteral("410105********0136"));
    QCOMPARE(zhang.value(QStringLiteral("gender")).toString(), QStringLiteral("男"));
    QCOMPARE(zhang.value(QStringLiteral("county")).toString(), QStringLiteral("410105"));
    QCOMPARE(zhang.value(QStringLiteral("three_heads")).toBool(), true);
    QCOMPARE(zhang.value(QStringLiteral("ethnicity")).toString(), QStringLiteral("汉族"));
    QCOMPARE(zhang.value(QStringLiteral("employer")).toString(), QStringLiteral("郑州大学"));
    QCOMPARE(zhang.value(QStringLiteral("title")).toString(), QStringLiteral("中级"));
    QCOMPARE(zhang.value(QStringLiteral("service_categories")).toArray(),
             (QJsonArray{QStringLiteral("科技培训"), QStringLiteral("科普讲解")}));
    QCOMPARE(zhang.value(QStringLiteral("service_fields")).toArray(),
             QJsonArray{QStringLiteral("科技咨询类")});
    QCOMPARE(zhang.value(QStringLiteral("teams")).toArray(), QJsonArray());

    // The human-readable listing masks too.
    const CliRun table = runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("list")});
    EXPECT_EXIT(table, 0);
    EXPECT_NOT_CONTAINS(table.out + table.err, kIdJinshui, table);
    EXPECT_NOT_CONTAINS(table.out + table.err, QStringLiteral("13903710001"), table);
}

void TestCommandLine::revealIsAudited()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));
    EXPECT_EXIT(runKjzy(ws.db(), volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"),
                                               kIdJinshui, QStringLiteral("410105"))),
                0);

    QJsonArray masked;
    REQUIRE_OK(listVolunteers(ws, {}, masked));
    {
        DbProbe probe(ws.db());
        QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
        QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 0);
    }

    QJsonArray revealed;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--reveal")}, revealed));
    QCOMPARE(revealed.size(), 1);
    const QJsonObject v = revealed.first().toObject();
    QCOMPARE(v.value(QStringLiteral("id_number")).toString(), kIdJinshui);
    QCOMPARE(v.value(QStringLiteral("mobile")).toString(), QStringLiteral("13903710001"));
    // Apart from the two personal fields, the revealed record is the masked one.
    QJsonObject maskedRecord = masked.first().toObject();
    QJsonObject revealedRecord = v;
    for (const char16_t* key : {u"id_number", u"mobile"}) {
        maskedRecord.remove(QString::fromUtf16(key));
        revealedRecord.remove(QString::fromUtf16(key));
    }
    QCOMPARE(revealedRecord, maskedRecord);

    DbProbe probe(ws.db());
    QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 1);
    QCOMPARE(probe.scalar(QStringLiteral("SELECT action FROM audit_log")).toString(),
             QStringLiteral("reveal"));
    QCOMPARE(probe.scalar(QStringLiteral("SELECT row_count FROM audit_log")).toInt(), 1);
}

// ---------------------------------------------------------------------------------------------

void TestCommandLine::teamJsonAndNameAdvice()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));

    const CliRun bad = runKjzy(ws.db(), {QStringLiteral("team"), QStringLiteral("add"),
                                         QStringLiteral("--name"), QStringLiteral("金水区志愿者服务队"),
                                         QStringLiteral("--county"), QStringLiteral("410105"),
                                         QStringLiteral("--admin-mobile"), QStringLiteral("13903710002")});
    EXPECT_EXIT(bad, 0);
    const QString badId = bad.out.trimmed();
    QVERIFY2(matches(uuidPattern(), badId), qPrintable(bad.describe()));
    EXPECT_CONTAINS(bad.err, QStringLiteral("金水区科技志愿服务队"), bad);

    const CliRun good = runKjzy(ws.db(), {QStringLiteral("team"), QStringLiteral("add"),
                                          QStringLiteral("--name"), QStringLiteral("金水区科技志愿服务队"),
                                          QStringLiteral("--county"), QStringLiteral("410105"),
                                          QStringLiteral("--admin-mobile"), QStringLiteral("13903710003")});
    EXPECT_EXIT(good, 0);
    const QString goodId = good.out.trimmed();
    QVERIFY2(matches(uuidPattern(), goodId), qPrintable(good.describe()));

    const CliRun list =
        runKjzy(ws.db(), {QStringLiteral("team"), QStringLiteral("list"), QStringLiteral("--json")});
    EXPECT_EXIT(list, 0);
    bool ok = false;
    const QJsonDocument doc = parseJson(list, ok);
    QVERIFY2(ok && doc.isArray(), qPrintable(list.describe()));
    QCOMPARE(doc.array().size(), 2);

    const QRegularExpression code(QStringLiteral("^[0-9]{6}$"));
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue& value : doc.array()) {
        QVERIFY(value.isObject());
        const QJsonObject t = value.toObject();
        const QString text = jsonText(t);
        const QStringList missing = missingKeys(t, teamKeys());
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("missing %1 in %2").arg(missing.join(u','), text)));
        for (const char16_t* key :
             {u"id", u"name", u"category", u"admin_mobile", u"supervisor_type", u"supervisor"})
            QVERIFY2(t.value(QString::fromUtf16(key)).isString(),
                     qPrintable(QString::fromUtf16(key) + u' ' + text));
        for (const char16_t* key : {u"parent", u"founded"}) {
            const QJsonValue field = t.value(QString::fromUtf16(key));
            QVERIFY2(field.isNull() || field.isString(), qPrintable(QString::fromUtf16(key) + u' ' + text));
        }
        const QJsonValue registered = t.value(QStringLiteral("civil_affairs_registered"));
        QVERIFY2(registered.isNull() || registered.isBool(), qPrintable(text));
        QVERIFY2(isStringArray(t.value(QStringLiteral("service_categories"))), qPrintable(text));
        QVERIFY2(isStringArray(t.value(QStringLiteral("name_issues"))), qPrintable(text));
        for (const char16_t* key : {u"province", u"city", u"county"}) {
            const QJsonValue field = t.value(QString::fromUtf16(key));
            QVERIFY2(
                field.isString() && matches(code, field.toString()),
                qPrintable(QString::fromUtf16(key) + QStringLiteral(" is not a 6-digit string: ") + text));
        }
        QCOMPARE(t.value(QStringLiteral("county")).toString(), QStringLiteral("410105"));
        byId.insert(t.value(QStringLiteral("id")).toString(), t);
    }
    QVERIFY2(byId.contains(badId) && byId.contains(goodId), qPrintable(list.out));

    const QJsonObject badTeam = byId.value(badId);
    QCOMPARE(badTeam.value(QStringLiteral("name")).toString(), QStringLiteral("金水区志愿者服务队"));
    const QJsonArray issues = badTeam.value(QStringLiteral("name_issues")).toArray();
    QVERIFY2(!issues.isEmpty(), qPrintable(jsonText(badTeam)));
    const bool suggests = std::any_of(issues.begin(), issues.end(), [](const QJsonValue& issue) {
        return issue.toString().contains(QStringLiteral("金水区科技志愿服务队"));
    });
    QVERIFY2(suggests, qPrintable(jsonText(badTeam)));

    const QJsonObject goodTeam = byId.value(goodId);
    QVERIFY2(goodTeam.value(QStringLiteral("name_issues")).toArray().isEmpty(),
             qPrintable(jsonText(goodTeam)));
}

void TestCommandLine::volunteerTeamsAndTeamFilter()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));
    const CliRun team = runKjzy(ws.db(), {QStringLiteral("team"), QStringLiteral("add"),
                                          QStringLiteral("--name"), QStringLiteral("金水区科技志愿服务队"),
                                          QStringLiteral("--county"), QStringLiteral("410105"),
                                          QStringLiteral("--admin-mobile"), QStringLiteral("13903710003")});
    EXPECT_EXIT(team, 0);
    const QString teamId = team.out.trimmed();
    QVERIFY2(matches(uuidPattern(), teamId), qPrintable(team.describe()));
    const CliRun otherTeam = runKjzy(
        ws.db(), {QStringLiteral("team"), QStringLiteral("add"), QStringLiteral("--name"),
                  QStringLiteral("中原区科技志愿服务队"), QStringLiteral("--county"),
                  QStringLiteral("410102"), QStringLiteral("--admin-mobile"), QStringLiteral("13903710004")});
    EXPECT_EXIT(otherTeam, 0);
    const QString otherTeamId = otherTeam.out.trimmed();

    const CliRun member =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"), kIdJinshui,
                                       QStringLiteral("410105"), {QStringLiteral("--team"), teamId}));
    EXPECT_EXIT(member, 0);
    const QString memberId = member.out.trimmed();
    const CliRun loner = runKjzy(ws.db(), volunteerArgs(QStringLiteral("李四"), QStringLiteral("13903710002"),
                                                        kIdZhongyuan, QStringLiteral("410102")));
    EXPECT_EXIT(loner, 0);
    const QString lonerId = loner.out.trimmed();

    QJsonArray all;
    REQUIRE_OK(listVolunteers(ws, {}, all));
    QCOMPARE(all.size(), 2);
    for (const QJsonValue& value : std::as_const(all)) {
        const QJsonObject v = value.toObject();
        const QString id = v.value(QStringLiteral("id")).toString();
        const QJsonArray teams = v.value(QStringLiteral("teams")).toArray();
        if (id == memberId)
            QCOMPARE(teams, QJsonArray{teamId});
        else if (id == lonerId)
            QCOMPARE(teams, QJsonArray());
        else
            QFAIL(qPrintable(QStringLiteral("unexpected volunteer ") + jsonText(v)));
    }

    QJsonArray filtered;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--team"), teamId}, filtered));
    QCOMPARE(filtered.size(), 1);
    QCOMPARE(filtered.first().toObject().value(QStringLiteral("id")).toString(), memberId);

    QJsonArray none;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--team"), otherTeamId}, none));
    QVERIFY2(none.isEmpty(), qPrintable(QString::fromUtf8(QJsonDocument(none).toJson())));

    // Joining a team that does not exist is refused and stores nothing.
    const CliRun ghost =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("王五"), QStringLiteral("13903710005"), kIdGongyi,
                                       QStringLiteral("410181"),
                                       {QStringLiteral("--team"), QStringLiteral("no-such-team")}));
    EXPECT_EXIT(ghost, 1);
    QJsonArray after;
    REQUIRE_OK(listVolunteers(ws, {}, after));
    QCOMPARE(after.size(), 2);
}

void TestCommandLine::addEditRemoveShow()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));

    const CliRun add =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"), kIdJinshui,
                                       QStringLiteral("410105"),
                                       {QStringLiteral("--ethnicity"), QStringLiteral("回族")}));
    EXPECT_EXIT(add, 0);
    // stdout holds the new id and nothing else.
    const QStringList lines = add.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 1 && matches(uuidPattern(), lines.first().trimmed()),
             qPrintable(add.describe()));
    const QString id = lines.first().trimmed();

    QJsonArray before;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--reveal")}, before));
    QCOMPARE(before.size(), 1);
    int outboxBefore = 0;
    {
        DbProbe probe(ws.db());
        QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
        outboxBefore = probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE entity_id = ?"), {id});
        QVERIFY(outboxBefore > 0);
    }

    const CliRun edit = runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("edit"), id,
                                          QStringLiteral("--mobile"), QStringLiteral("13803710099")});
    EXPECT_EXIT(edit, 0);

    QJsonArray after;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--reveal")}, after));
    QCOMPARE(after.size(), 1);
    QJsonObject expected = before.first().toObject();
    expected.insert(QStringLiteral("mobile"), QStringLiteral("13803710099"));
    QCOMPARE(after.first().toObject(), expected);
    {
        // The edit travels as one change: the mobile field alone.
        DbProbe probe(ws.db());
        QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
        const auto newRows = probe.rows(
            QStringLiteral("SELECT fields FROM outbox WHERE entity_id = ? ORDER BY seq LIMIT -1 OFFSET ?"),
            {id, outboxBefore});
        QCOMPARE(newRows.size(), 1);
        const QJsonObject fields =
            QJsonDocument::fromJson(newRows.first().first().toString().toUtf8()).object();
        QCOMPARE(fields.keys(), QStringList{QStringLiteral("mobile")});
        QCOMPARE(fields.value(QStringLiteral("mobile")).toString(), QStringLiteral("13803710099"));
    }

    const CliRun show = runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("show"), id});
    EXPECT_EXIT(show, 0);
    EXPECT_CONTAINS(show.out, QStringLiteral("张三"), show);
    EXPECT_NOT_CONTAINS(show.out, kIdJinshui, show);

    const CliRun remove = runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("remove"), id});
    EXPECT_EXIT(remove, 0);
    QJsonArray gone;
    REQUIRE_OK(listVolunteers(ws, {}, gone));
    QVERIFY2(gone.isEmpty(), qPrintable(QString::fromUtf8(QJsonDocument(gone).toJson())));

    const CliRun showRemoved = runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("show"), id});
    EXPECT_EXIT(showRemoved, 1);
    QVERIFY2(!showRemoved.err.trimmed().isEmpty(), qPrintable(showRemoved.describe()));
    const CliRun showUnknown = runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("show"),
                                                 QStringLiteral("00000000-0000-0000-0000-000000000000")});
    EXPECT_EXIT(showUnknown, 1);
    const CliRun removeAgain = runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("remove"), id});
    EXPECT_EXIT(removeAgain, 1);
    const CliRun editRemoved = runKjzy(ws.db(), {QStringLiteral("volunteer"), QStringLiteral("edit"), id,
                                                 QStringLiteral("--mobile"), QStringLiteral("13803710098")});
    EXPECT_EXIT(editRemoved, 1);

    // The ID number is free again once its holder is removed.
    const CliRun again = runKjzy(ws.db(), volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"),
                                                        kIdJinshui, QStringLiteral("410105")));
    EXPECT_EXIT(again, 0);
    QVERIFY(again.out.trimmed() != id);
}

void TestCommandLine::allProblemsReportedAtOnce()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));

    const QString badId = QStringLiteral("410105195001010130"); // checksum should be 6
    const CliRun add = runKjzy(
        ws.db(), QStringList{QStringLiteral("volunteer"), QStringLiteral("add"), QStringLiteral("--name"),
                             QStringLiteral("赵六"), QStringLiteral("--mobile"), QStringLiteral("1390371"),
                             QStringLiteral("--id-number"), badId, QStringLiteral("--ethnicity"),
                             QStringLiteral("火星族"), QStringLiteral("--city"), QStringLiteral("410100"),
                             QStringLiteral("--county"), QStringLiteral("410202")});
    EXPECT_EXIT(add, 1);
    QVERIFY2(add.out.trimmed().isEmpty(), qPrintable(add.describe()));
    for (const QString& rule : {QStringLiteral("[mobile."), QStringLiteral("id_number.checksum"),
                                QStringLiteral("list.unknown"), QStringLiteral("region.county_not_in_city")})
        EXPECT_CONTAINS(add.err, rule, add);
    EXPECT_CONTAINS(add.err, QStringLiteral("火星族"), add);
    EXPECT_CONTAINS(add.err, QStringLiteral("410105********0130"), add);
    EXPECT_NOT_CONTAINS(add.err, badId, add);

    DbProbe probe(ws.db());
    QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers")), 0);
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox")), 0);
}

// ---------------------------------------------------------------------------------------------

void TestCommandLine::countyScopeRefusesOtherCounty()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410105")));

    const CliRun outside =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("李四"), QStringLiteral("13903710002"), kIdZhongyuan,
                                       QStringLiteral("410102")));
    EXPECT_EXIT(outside, 1);
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    QVERIFY2(matches(han, outside.err), qPrintable(outside.describe()));
    QJsonArray list;
    REQUIRE_OK(listVolunteers(ws, {}, list));
    QVERIFY(list.isEmpty());

    const CliRun inside =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"), kIdJinshui,
                                       QStringLiteral("410105")));
    EXPECT_EXIT(inside, 0);
    REQUIRE_OK(listVolunteers(ws, {}, list));
    QCOMPARE(list.size(), 1);
}

void TestCommandLine::cityScopeAcceptsItsCountiesOnly()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410100")));

    const CliRun inside =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("李四"), QStringLiteral("13903710002"), kIdZhongyuan,
                                       QStringLiteral("410102")));
    EXPECT_EXIT(inside, 0);
    const CliRun outside =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"), kIdJinshui,
                                       QStringLiteral("410202")));
    EXPECT_EXIT(outside, 1);
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    QVERIFY2(matches(han, outside.err), qPrintable(outside.describe()));

    QJsonArray list;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--reveal")}, list));
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().toObject().value(QStringLiteral("county")).toString(), QStringLiteral("410102"));
}

void TestCommandLine::exitCodes_data()
{
    QTest::addColumn<QString>("initRegion"); // empty: the database is never initialised
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("expected");

    const QString province = QStringLiteral("410000");
    const QStringList validAdd = volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"),
                                               kIdJinshui, QStringLiteral("410105"));

    QTest::newRow("no command") << province << QStringList{} << 2;
    QTest::newRow("unknown command") << province << QStringList{QStringLiteral("frobnicate")} << 2;
    QTest::newRow("unknown volunteer verb")
        << province << QStringList{QStringLiteral("volunteer"), QStringLiteral("frobnicate")} << 2;
    QTest::newRow("volunteer without verb") << province << QStringList{QStringLiteral("volunteer")} << 2;
    QTest::newRow("unknown option of volunteer list")
        << province
        << QStringList{QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--bogus")} << 2;
    QTest::newRow("unknown option of volunteer add")
        << province
        << QStringList{QStringLiteral("volunteer"), QStringLiteral("add"), QStringLiteral("--nmae"),
                       QStringLiteral("张三")}
        << 2;
    QTest::newRow("unknown option of team list")
        << province << QStringList{QStringLiteral("team"), QStringLiteral("list"), QStringLiteral("--bogus")}
        << 2;
    QTest::newRow("unknown option of status")
        << province << QStringList{QStringLiteral("status"), QStringLiteral("--bogus")} << 2;
    QTest::newRow("volunteer edit without id")
        << province
        << QStringList{QStringLiteral("volunteer"), QStringLiteral("edit"), QStringLiteral("--mobile"),
                       QStringLiteral("13903710001")}
        << 2;
    QTest::newRow("team edit without id")
        << province
        << QStringList{QStringLiteral("team"), QStringLiteral("edit"), QStringLiteral("--name"),
                       QStringLiteral("金水区科技志愿服务队")}
        << 2;
    QTest::newRow("volunteer add with an extra argument")
        << province << (validAdd + QStringList{QStringLiteral("extra")}) << 2;
    QTest::newRow("team add with an extra argument")
        << province
        << QStringList{QStringLiteral("team"), QStringLiteral("add"), QStringLiteral("--name"),
                       QStringLiteral("金水区科技志愿服务队"), QStringLiteral("extra")}
        << 2;
    QTest::newRow("init without --region") << QString() << QStringList{QStringLiteral("init")} << 2;
    QTest::newRow("init --region without value")
        << QString() << QStringList{QStringLiteral("init"), QStringLiteral("--region")} << 2;
    QTest::newRow("uninitialised volunteer list")
        << QString()
        << QStringList{QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")} << 1;
    QTest::newRow("uninitialised volunteer add") << QString() << validAdd << 1;
    QTest::newRow("uninitialised team list")
        << QString() << QStringList{QStringLiteral("team"), QStringLiteral("list"), QStringLiteral("--json")}
        << 1;
    QTest::newRow("uninitialised status")
        << QString() << QStringList{QStringLiteral("status"), QStringLiteral("--json")} << 1;
    QTest::newRow("init unknown region")
        << QString()
        << QStringList{QStringLiteral("init"), QStringLiteral("--region"), QStringLiteral("999999")} << 1;
    QTest::newRow("re-init with another region")
        << province
        << QStringList{QStringLiteral("init"), QStringLiteral("--region"), QStringLiteral("410100")} << 1;
}

void TestCommandLine::exitCodes()
{
    QFETCH(QString, initRegion);
    QFETCH(QStringList, args);
    QFETCH(int, expected);

    Workspace ws;
    QVERIFY(ws.dir.isValid());
    if (!initRegion.isEmpty())
        REQUIRE_OK(init(ws, initRegion));
    const CliRun run = runKjzy(ws.db(), args);
    EXPECT_EXIT(run, expected);
    // Errors go to stderr; stdout stays clean for scripts.
    QVERIFY2(!run.err.trimmed().isEmpty(), qPrintable(run.describe()));
    QVERIFY2(run.out.trimmed().isEmpty(), qPrintable(run.describe()));
    // Only init creates a database: a mistyped --db path must not leave an empty one behind.
    if (initRegion.isEmpty())
        QVERIFY2(!QFileInfo::exists(ws.db()), qPrintable(run.describe()));
}

void TestCommandLine::initWithUnknownRegionCreatesNothing()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    const CliRun run =
        runKjzy(ws.db(), {QStringLiteral("init"), QStringLiteral("--region"), QStringLiteral("999999")});
    EXPECT_EXIT(run, 1);
    EXPECT_CONTAINS(run.err, QStringLiteral("999999"), run);
    QVERIFY2(!QFileInfo::exists(ws.db()), "a refused init left a database file behind");
    // The database can still be initialised properly afterwards.
    REQUIRE_OK(init(ws, QStringLiteral("410105")));
}

void TestCommandLine::reinitWithAnotherRegionIsRefused()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410105")));
    const CliRun run =
        runKjzy(ws.db(), {QStringLiteral("init"), QStringLiteral("--region"), QStringLiteral("410100")});
    EXPECT_EXIT(run, 1);
    const CliRun status = runKjzy(ws.db(), {QStringLiteral("status"), QStringLiteral("--json")});
    EXPECT_EXIT(status, 0);
    bool ok = false;
    const QJsonDocument doc = parseJson(status, ok);
    QVERIFY2(ok && doc.isObject(), qPrintable(status.describe()));
    QCOMPARE(doc.object().value(QStringLiteral("region")).toString(), QStringLiteral("410105"));
}

void TestCommandLine::statusJson()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));

    auto readStatus = [&ws](QJsonObject& status, CliRun& run) {
        run = runKjzy(ws.db(), {QStringLiteral("status"), QStringLiteral("--json")});
        bool ok = false;
        const QJsonDocument doc = parseJson(run, ok);
        status = doc.object();
        return run.exitedWith(0) && ok && doc.isObject();
    };
    auto pendingInDb = [&ws]() {
        DbProbe probe(ws.db());
        return probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL"));
    };

    QJsonObject status;
    CliRun run;
    QVERIFY2(readStatus(status, run), qPrintable(run.describe()));
    for (const char16_t* key : {u"pending", u"rejected", u"last_sync", u"server", u"device", u"region"})
        QVERIFY2(status.contains(QString::fromUtf16(key)),
                 qPrintable(QString::fromUtf16(key) + u' ' + run.out));
    QVERIFY2(status.value(QStringLiteral("pending")).isDouble(), qPrintable(run.out));
    QVERIFY2(status.value(QStringLiteral("rejected")).isDouble(), qPrintable(run.out));
    QCOMPARE(status.value(QStringLiteral("pending")).toInt(), 0);
    QCOMPARE(status.value(QStringLiteral("rejected")).toInt(), 0);
    QVERIFY2(status.value(QStringLiteral("last_sync")).isNull(), qPrintable(run.out));
    QVERIFY2(status.value(QStringLiteral("server")).isNull(), qPrintable(run.out));
    const QJsonValue device = status.value(QStringLiteral("device"));
    QVERIFY2(device.isNull() || device.isString(), qPrintable(run.out));
    QCOMPARE(status.value(QStringLiteral("region")).toString(), QStringLiteral("410000"));

    int previous = 0;
    const QList<QStringList> adds{
        volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"), kIdJinshui,
                      QStringLiteral("410105")),
        volunteerArgs(QStringLiteral("李四"), QStringLiteral("13903710002"), kIdZhongyuan,
                      QStringLiteral("410102")),
    };
    for (const QStringList& args : adds) {
        const CliRun add = runKjzy(ws.db(), args);
        EXPECT_EXIT(add, 0);
        QVERIFY2(readStatus(status, run), qPrintable(run.describe()));
        const int pending = status.value(QStringLiteral("pending")).toInt();
        QCOMPARE(pending, pendingInDb());
        // One outbox entry per change: each added volunteer is one more pending change.
        QVERIFY2(pending == previous + 1,
                 qPrintable(QStringLiteral("pending %1 after %2\n").arg(pending).arg(previous) + run.out));
        previous = pending;
    }
    QVERIFY2(status.value(QStringLiteral("last_sync")).isNull(), qPrintable(run.out));
    QVERIFY2(status.value(QStringLiteral("server")).isNull(), qPrintable(run.out));
}

void TestCommandLine::sameIdNumberTwiceIsRefused()
{
    Workspace ws;
    QVERIFY(ws.dir.isValid());
    REQUIRE_OK(init(ws, QStringLiteral("410000")));
    const CliRun first = runKjzy(ws.db(), volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"),
                                                        kIdJinshui, QStringLiteral("410105")));
    EXPECT_EXIT(first, 0);
    int outboxAfterFirst = 0;
    {
        DbProbe probe(ws.db());
        QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
        outboxAfterFirst = probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox"));
    }

    // Another name and mobile (families share phones), same person by ID number.
    const CliRun second =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("张叁"), QStringLiteral("13903710009"), kIdJinshui,
                                       QStringLiteral("410102")));
    EXPECT_EXIT(second, 1);
    EXPECT_NOT_CONTAINS(second.err, kIdJinshui, second);
    // The same number typed in groups is still the same number.
    const CliRun grouped =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("张叁"), QStringLiteral("13903710009"),
                                       QStringLiteral("410105 19500101 0136"), QStringLiteral("410105")));
    EXPECT_EXIT(grouped, 1);

    // A shared mobile alone is fine.
    const CliRun sharedPhone =
        runKjzy(ws.db(), volunteerArgs(QStringLiteral("李四"), QStringLiteral("13903710001"), kIdZhongyuan,
                                       QStringLiteral("410102")));
    EXPECT_EXIT(sharedPhone, 0);

    QJsonArray list;
    REQUIRE_OK(listVolunteers(ws, {QStringLiteral("--reveal")}, list));
    QCOMPARE(list.size(), 2);
    DbProbe probe(ws.db());
    QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers WHERE id_number = ?"), {kIdJinshui}),
             1);
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers WHERE name = ?"),
                         {QStringLiteral("张叁")}),
             0);
    QVERIFY(probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox")) > outboxAfterFirst);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "TestCommandLine.moc"
