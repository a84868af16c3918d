// kjzy import / export / stats driven through the real program on temporary databases.
#include "core/CsvParser.h"
#include "support/CliRunner.h"
#include "support/DbProbe.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;
using namespace kjzy::test;

namespace {

QString fixture(const QString& name)
{
    return QStringLiteral(KJZY_TEST_DATA_DIR "/fixtures/") + name;
}

QJsonArray jsonArray(const CliRun& run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).array();
}

// `volunteer list --json --reveal` keyed by ID number, without ids (they differ per database).
QHash<QString, QJsonObject> peopleByIdNumber(const QString& db)
{
    QHash<QString, QJsonObject> out;
    const CliRun run = runKjzy(db, {QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json"),
                                    QStringLiteral("--reveal")});
    for (const auto& value : jsonArray(run)) {
        QJsonObject person = value.toObject();
        person.remove(QStringLiteral("id"));
        person.remove(QStringLiteral("teams"));
        out.insert(person.value(QStringLiteral("id_number")).toString(), person);
    }
    return out;
}

} // namespace

class TestSpreadsheetCommands : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshDb(const QString& region = QStringLiteral("410000"))
    {
        const QString db = m_dir.filePath(QStringLiteral("s%1.sqlite").arg(++m_counter));
        const CliRun run = runKjzy(db, {QStringLiteral("init"), QStringLiteral("--region"), region});
        if (!run.exitedWith(0))
            qFatal("init failed: %s", qPrintable(run.describe()));
        return db;
    }

private slots:
    void initTestCase() { VERIFY_CLI_PREREQUISITES(); }

    void importWithRejectsExitsOneAndWritesTheReport()
    {
        const QString db = freshDb();
        const QString rejects = m_dir.filePath(QStringLiteral("rejects.csv"));
        const CliRun run = runKjzy(db, {QStringLiteral("import"), fixture(QStringLiteral("volunteers-sample.xlsx")),
                                        QStringLiteral("--rejects"), rejects});
        EXPECT_EXIT(run, 1);
        QVERIFY2(run.out.contains(u"新增 287") && run.out.contains(u"拒绝 14") && run.out.contains(u"跳过 9"),
                 qPrintable(run.describe()));
        // stderr names file, row, column and rule for each problem; never an unmasked ID.
        QVERIFY(run.err.contains(u"volunteers-sample.xlsx 第 40 行"));
        QVERIFY(run.err.contains(u"[id_number.length]"));
        QVERIFY(!run.err.contains(u"411282195508240001"));
        QFile file(rejects);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const auto rows = CsvParser::parse(QString::fromUtf8(bytes.mid(3)));
        QCOMPARE(rows.first().join(u','), QStringLiteral("row,column,value,reason"));
        QSet<int> reported;
        for (qsizetype i = 1; i < rows.size(); ++i)
            reported.insert(rows[i].value(0).toInt());
        QCOMPARE(reported, (QSet<int>{40, 49, 86, 102, 128, 136, 174, 176, 195, 233, 236, 250, 284, 309}));
    }

    void cleanFileExitsZeroAndDryRunWritesNothing()
    {
        const QString db = freshDb();
        const CliRun dry = runKjzy(db, {QStringLiteral("import"), fixture(QStringLiteral("volunteers-sample-gb18030.csv")),
                                        QStringLiteral("--dry-run")});
        EXPECT_EXIT(dry, 0);
        QVERIFY(dry.out.contains(u"未写入"));
        DbProbe probe(db);
        QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers")), 0);
        const CliRun real = runKjzy(db, {QStringLiteral("import"), fixture(QStringLiteral("volunteers-sample-gb18030.csv")),
                                         QStringLiteral("--json")});
        EXPECT_EXIT(real, 0);
        const QJsonObject report = QJsonDocument::fromJson(real.out.toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("counts")).toObject().value(QStringLiteral("imported")).toInt(), 50);
        QCOMPARE(report.value(QStringLiteral("kind")).toString(), QStringLiteral("volunteers"));
        QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers")), 50);
    }

    void exportReimportsToTheSameData_data()
    {
        QTest::addColumn<QString>("extension");
        QTest::newRow("xlsx") << QStringLiteral("xlsx");
        QTest::newRow("csv") << QStringLiteral("csv");
    }

    void exportReimportsToTheSameData()
    {
        QFETCH(QString, extension);
        const QString source = freshDb();
        runKjzy(source, {QStringLiteral("import"), fixture(QStringLiteral("volunteers-sample.xlsx"))});
        const QString out = m_dir.filePath(QStringLiteral("export%1.%2").arg(m_counter).arg(extension));
        const CliRun exported =
            runKjzy(source, {QStringLiteral("export"), QStringLiteral("volunteers"), QStringLiteral("--out"), out});
        EXPECT_EXIT(exported, 0);
        // Exports carry full personal data: recorded in the audit log.
        DbProbe probe(source);
        QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND row_count = 287")), 1);

        const QString target = freshDb();
        const CliRun imported = runKjzy(target, {QStringLiteral("import"), out});
        EXPECT_EXIT(imported, 0);
        const auto before = peopleByIdNumber(source);
        const auto after = peopleByIdNumber(target);
        QCOMPARE(after.size(), 287);
        QCOMPARE(after.keys().size(), before.keys().size());
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QCOMPARE(after.value(it.key()), it.value());
    }

    void organizationsExportReimports()
    {
        const QString source = freshDb();
        runKjzy(source, {QStringLiteral("import"), fixture(QStringLiteral("organizations-sample.xlsx"))});
        const QString out = m_dir.filePath(QStringLiteral("teams.xlsx"));
        EXPECT_EXIT(runKjzy(source, {QStringLiteral("export"), QStringLiteral("organizations"), QStringLiteral("--out"), out}),
                    0);
        const QString target = freshDb();
        const CliRun imported = runKjzy(target, {QStringLiteral("import"), out, QStringLiteral("--json")});
        EXPECT_EXIT(imported, 0);
        auto teams = [](const QString& db) {
            QHash<QString, QJsonObject> byName;
            for (const auto& value : jsonArray(runKjzy(db, {QStringLiteral("team"), QStringLiteral("list"), QStringLiteral("--json")}))) {
                QJsonObject team = value.toObject();
                team.remove(QStringLiteral("id"));
                byName.insert(team.value(QStringLiteral("name")).toString(), team);
            }
            return byName;
        };
        const auto before = teams(source);
        const auto after = teams(target);
        QCOMPARE(after.size(), 60);
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QCOMPARE(after.value(it.key()), it.value());
    }

    void statsCountAgainstTheTargets()
    {
        const QString db = freshDb(QStringLiteral("410100"));
        runKjzy(db, {QStringLiteral("volunteer"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("张伟"),
                     QStringLiteral("--mobile"), QStringLiteral("13903710001"), QStringLiteral("--id-number"),
                     QStringLiteral("410105195001010136"), QStringLiteral("--county"), QStringLiteral("410105")});
        runKjzy(db, {QStringLiteral("volunteer"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("李娜"),
                     QStringLiteral("--mobile"), QStringLiteral("13903710002"), QStringLiteral("--id-number"),
                     QStringLiteral("410102195807150489"), QStringLiteral("--county"), QStringLiteral("410173")});
        const CliRun run = runKjzy(db, {QStringLiteral("stats"), QStringLiteral("--json")});
        EXPECT_EXIT(run, 0);
        const QJsonArray regions = QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("regions")).toArray();
        QVERIFY(regions.size() > 10);
        const QJsonObject city = regions.first().toObject();
        QCOMPARE(city.value(QStringLiteral("code")).toString(), QStringLiteral("410100"));
        QCOMPARE(city.value(QStringLiteral("level")).toString(), QStringLiteral("city"));
        QCOMPARE(city.value(QStringLiteral("volunteers")).toInt(), 2);
        QCOMPARE(city.value(QStringLiteral("target")).toInt(), 10000);
        QCOMPARE(city.value(QStringLiteral("missing")).toInt(), 9998);
        QHash<QString, QJsonObject> byCode;
        for (const auto& value : regions)
            byCode.insert(value.toObject().value(QStringLiteral("code")).toString(), value.toObject());
        QCOMPARE(byCode.value(QStringLiteral("410105")).value(QStringLiteral("volunteers")).toInt(), 1);
        QCOMPARE(byCode.value(QStringLiteral("410105")).value(QStringLiteral("target")).toInt(), 1000);
        QCOMPARE(byCode.value(QStringLiteral("410102")).value(QStringLiteral("volunteers")).toInt(), 0);
        // The functional zone is listed, counted toward the city, with no target of its own.
        QCOMPARE(byCode.value(QStringLiteral("410173")).value(QStringLiteral("volunteers")).toInt(), 1);
        QCOMPARE(byCode.value(QStringLiteral("410173")).value(QStringLiteral("level")).toString(), QStringLiteral("zone"));
        QCOMPARE(byCode.value(QStringLiteral("410173")).value(QStringLiteral("target")).toInt(), 0);
        QVERIFY(!byCode.contains(QStringLiteral("410202"))); // other cities are outside the scope
        const CliRun text = runKjzy(db, {QStringLiteral("stats")});
        EXPECT_EXIT(text, 0);
        QVERIFY(text.out.contains(u"郑州市") && text.out.contains(u"金水区"));
    }

    void badInvocationsAreUsageErrors()
    {
        const QString db = freshDb();
        EXPECT_EXIT(runKjzy(db, {QStringLiteral("import")}), 2);
        EXPECT_EXIT(runKjzy(db, {QStringLiteral("export"), QStringLiteral("volunteers")}), 2);
        EXPECT_EXIT(runKjzy(db, {QStringLiteral("export"), QStringLiteral("people"), QStringLiteral("--out"),
                                 m_dir.filePath(QStringLiteral("x.xlsx"))}),
                    2);
        const CliRun missing = runKjzy(db, {QStringLiteral("import"), m_dir.filePath(QStringLiteral("missing.xlsx"))});
        EXPECT_EXIT(missing, 1);
        QVERIFY(missing.err.contains(u"missing.xlsx"));
    }
};

QTEST_GUILESS_MAIN(TestSpreadsheetCommands)
#include "TestSpreadsheetCommands.moc"
