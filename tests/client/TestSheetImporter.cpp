// The importer against the published fixtures: every row's verdict, the normalised fields of every
// kept record, the rejects report, re-import, dry run, --team, and a kill before the commit.
#include "core/CsvParser.h"
#include "importer/SheetImporter.h"
#include "model/RecordJson.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"
#include "support/CliRunner.h"
#include "support/DbProbe.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;
using namespace kjzy::test;

namespace {

const QDate kToday(2026, 11, 29);

QString fixture(const QString& name)
{
    return QStringLiteral(KJZY_TEST_DATA_DIR "/fixtures/") + name;
}

QJsonObject expected(const QString& name)
{
    QFile file(fixture(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

QSet<int> rowSet(const QJsonArray& rows)
{
    QSet<int> out;
    for (const auto& value : rows)
        out.insert(value.toInt());
    return out;
}

QSet<int> rowsWith(const ImportReport& report, RowOutcome outcome)
{
    QSet<int> out;
    for (const auto& row : report.rows) {
        if (row.outcome == outcome)
            out.insert(row.row);
    }
    return out;
}

QString describe(const QSet<int>& rows)
{
    QList<int> sorted(rows.cbegin(), rows.cend());
    std::sort(sorted.begin(), sorted.end());
    QStringList parts;
    for (int r : sorted)
        parts << QString::number(r);
    return parts.join(u',');
}

QString issuesOf(const ImportReport& report, int rowNumber)
{
    for (const auto& row : report.rows) {
        if (row.row == rowNumber) {
            QStringList texts;
            for (const auto& issue : row.issues)
                texts << issue.toText();
            return rowOutcomeName(row.outcome) + u' ' + texts.join(u" | ");
        }
    }
    return QStringLiteral("(no such row)");
}

} // namespace

class TestSheetImporter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    ManualClock m_clock{1'764'000'000'000};

    std::unique_ptr<ClientDatabase> freshDatabase(const QString& region = QStringLiteral("410000"))
    {
        auto db = ClientDatabase::open(m_dir.filePath(QStringLiteral("import%1.sqlite").arg(++m_counter)));
        if (!db || !(*db)->initialize(region))
            qFatal("cannot create a database");
        return std::move(*db);
    }

    ImportReport importOk(ClientDatabase& db, const QString& file, ImportOptions options = {})
    {
        options.today = kToday;
        SheetImporter importer(db, m_clock);
        auto report = importer.importFile(fixture(file), options);
        if (!report)
            qFatal("import failed: %s", qPrintable(report.error().message));
        return *report;
    }

    static int outboxRows(ClientDatabase& db)
    {
        return db.sql().scalar(QStringLiteral("SELECT COUNT(*) FROM outbox"))->toInt();
    }

private slots:
    void volunteersSampleGivesTheExpectedVerdicts()
    {
        auto db = freshDatabase();
        const ImportReport report = importOk(*db, QStringLiteral("volunteers-sample.xlsx"));
        const QJsonObject truth = expected(QStringLiteral("volunteers-sample.expected.json"));
        QCOMPARE(report.kind, TemplateKind::Volunteers);
        QCOMPARE(report.headerRow, 3);

        const QSet<int> rejected = rowsWith(report, RowOutcome::Rejected);
        const QSet<int> skipped = rowsWith(report, RowOutcome::Skipped);
        const QSet<int> wantRejected = rowSet(truth.value(QStringLiteral("rejected_rows")).toArray());
        const QSet<int> wantSkipped = rowSet(truth.value(QStringLiteral("skipped_rows")).toArray());
        for (int r : wantRejected - rejected)
            QFAIL(
                qPrintable(QStringLiteral("row %1 should be rejected: %2").arg(r).arg(issuesOf(report, r))));
        for (int r : rejected - wantRejected)
            QFAIL(qPrintable(QStringLiteral("row %1 wrongly rejected: %2").arg(r).arg(issuesOf(report, r))));
        QCOMPARE(describe(skipped), describe(wantSkipped));
        for (const auto& row : report.rows) {
            if (row.outcome == RowOutcome::Rejected)
                QVERIFY2(!row.issues.isEmpty(), qPrintable(QString::number(row.row)));
        }

        // Every kept record with exactly its normalised fields.
        VolunteerStore store(*db, m_clock);
        const QJsonObject accepted = truth.value(QStringLiteral("accepted")).toObject();
        QCOMPARE(store.list()->size(), accepted.size());
        QCOMPARE(report.count(RowOutcome::Imported), accepted.size());
        for (auto it = accepted.constBegin(); it != accepted.constEnd(); ++it) {
            auto found = store.findByIdNumber(it.key());
            QVERIFY2(found && *found, qPrintable(it.key()));
            const QJsonObject want = it.value().toObject();
            const QJsonObject got = RecordJson::volunteer(**found, PersonalData::Revealed);
            for (auto field = want.constBegin(); field != want.constEnd(); ++field)
                QVERIFY2(
                    got.value(field.key()) == field.value(),
                    qPrintable(QStringLiteral("%1 %2: got %3, want %4")
                                   .arg(it.key(), field.key(),
                                        QString::fromUtf8(QJsonDocument(QJsonArray{got.value(field.key())})
                                                              .toJson(QJsonDocument::Compact)),
                                        QString::fromUtf8(QJsonDocument(QJsonArray{field.value()})
                                                              .toJson(QJsonDocument::Compact)))));
        }
    }

    void organizationsSampleGivesTheExpectedVerdicts()
    {
        auto db = freshDatabase();
        const ImportReport report = importOk(*db, QStringLiteral("organizations-sample.xlsx"));
        const QJsonObject truth = expected(QStringLiteral("organizations-sample.expected.json"));
        QCOMPARE(report.kind, TemplateKind::Organizations);
        const QSet<int> rejected = rowsWith(report, RowOutcome::Rejected);
        const QSet<int> wantRejected = rowSet(truth.value(QStringLiteral("rejected_rows")).toArray());
        for (int r : wantRejected - rejected)
            QFAIL(
                qPrintable(QStringLiteral("row %1 should be rejected: %2").arg(r).arg(issuesOf(report, r))));
        for (int r : rejected - wantRejected)
            QFAIL(qPrintable(QStringLiteral("row %1 wrongly rejected: %2").arg(r).arg(issuesOf(report, r))));
        QCOMPARE(describe(rowsWith(report, RowOutcome::Skipped)),
                 describe(rowSet(truth.value(QStringLiteral("skipped_rows")).toArray())));

        TeamStore store(*db, m_clock);
        const QJsonObject accepted = truth.value(QStringLiteral("accepted")).toObject();
        QCOMPARE(store.list()->size(), accepted.size());
        for (auto it = accepted.constBegin(); it != accepted.constEnd(); ++it) {
            auto found = store.findByName(it.key());
            QVERIFY2(found && *found, qPrintable(it.key()));
            const Team& team = **found;
            const QJsonObject want = it.value().toObject();
            QCOMPARE(team.county, want.value(QStringLiteral("county")).toString());
            QCOMPARE(team.city, want.value(QStringLiteral("city")).toString());
            QCOMPARE(team.founded, want.value(QStringLiteral("founded")).toString());
            QCOMPARE(team.adminMobile, want.value(QStringLiteral("admin_mobile")).toString());
            QStringList categories;
            for (const auto& c : want.value(QStringLiteral("service_categories")).toArray())
                categories << c.toString();
            QCOMPARE(team.serviceCategories, categories);
            // A non-standard name is kept, with advice.
            QVERIFY2(team.nameIssues.isEmpty() == want.value(QStringLiteral("standard")).toBool(),
                     qPrintable(it.key()));
        }
    }

    void gb18030CsvImportsEveryPerson()
    {
        auto db = freshDatabase();
        const ImportReport report = importOk(*db, QStringLiteral("volunteers-sample-gb18030.csv"));
        QCOMPARE(report.count(RowOutcome::Rejected), 0);
        QCOMPARE(report.count(RowOutcome::Imported), 50);
        VolunteerStore store(*db, m_clock);
        const QList<Volunteer> people = store.list().value();
        QCOMPARE(people.size(), 50);
        for (const auto& v : people) {
            QVERIFY(!v.name.isEmpty());
            QCOMPARE(v.province, QStringLiteral("410000"));
        }
    }

    void reimportingTheSameFileChangesNothing()
    {
        auto db = freshDatabase();
        const ImportReport first = importOk(*db, QStringLiteral("volunteers-sample.xlsx"));
        const int outbox = outboxRows(*db);
        const ImportReport second = importOk(*db, QStringLiteral("volunteers-sample.xlsx"));
        QCOMPARE(second.count(RowOutcome::Imported), 0);
        QCOMPARE(second.count(RowOutcome::Updated), 0);
        QCOMPARE(second.count(RowOutcome::Unchanged), first.count(RowOutcome::Imported));
        QCOMPARE(second.count(RowOutcome::Rejected), first.count(RowOutcome::Rejected));
        QCOMPARE(outboxRows(*db), outbox);
    }

    void aChangedRowIsAnUpdateListingItsFields()
    {
        auto db = freshDatabase();
        importOk(*db, QStringLiteral("volunteers-sample.xlsx"));
        VolunteerStore store(*db, m_clock);
        Volunteer v = store.findByIdNumber(QStringLiteral("411282195508240001"))->value();
        v.employer = QStringLiteral("别处");
        v.mobile = QStringLiteral("13900000000");
        QVERIFY(store.update(v).has_value());
        const ImportReport again = importOk(*db, QStringLiteral("volunteers-sample.xlsx"));
        QCOMPARE(again.count(RowOutcome::Updated), 1);
        const auto row = std::find_if(again.rows.cbegin(), again.rows.cend(),
                                      [](const RowReport& r) { return r.outcome == RowOutcome::Updated; });
        QCOMPARE(QSet<QString>(row->changedFields.cbegin(), row->changedFields.cend()),
                 (QSet<QString>{QStringLiteral("employer"), QStringLiteral("mobile")}));
        QCOMPARE(store.findByIdNumber(QStringLiteral("411282195508240001"))->value().employer,
                 QStringLiteral("灵宝市科学技术协会"));
    }

    void dryRunReportsTheSameAndWritesNothing()
    {
        auto db = freshDatabase();
        ImportOptions options;
        options.dryRun = true;
        const ImportReport dry = importOk(*db, QStringLiteral("volunteers-sample.xlsx"), options);
        QVERIFY(dry.count(RowOutcome::Imported) > 200);
        QCOMPARE(outboxRows(*db), 0);
        VolunteerStore store(*db, m_clock);
        QVERIFY(store.list()->isEmpty());
        const ImportReport real = importOk(*db, QStringLiteral("volunteers-sample.xlsx"));
        QCOMPARE(real.count(RowOutcome::Imported), dry.count(RowOutcome::Imported));
        QCOMPARE(describe(rowsWith(real, RowOutcome::Rejected)),
                 describe(rowsWith(dry, RowOutcome::Rejected)));
    }

    void teamOptionMakesEveryoneAMember()
    {
        auto db = freshDatabase();
        TeamStore teams(*db, m_clock);
        Team team;
        team.name = QStringLiteral("河南省科技志愿服务总队");
        team.adminMobile = QStringLiteral("13903710000");
        team.province = QStringLiteral("410000");
        const QString teamId = teams.add(team).value();
        ImportOptions options;
        options.teamId = teamId;
        const ImportReport report = importOk(*db, QStringLiteral("volunteers-sample-gb18030.csv"), options);
        VolunteerStore store(*db, m_clock);
        QCOMPARE(store.list(VolunteerFilter{{}, teamId})->size(), report.count(RowOutcome::Imported));
        // Already members: a second run changes nothing.
        const ImportReport again = importOk(*db, QStringLiteral("volunteers-sample-gb18030.csv"), options);
        QCOMPARE(again.count(RowOutcome::Unchanged), report.count(RowOutcome::Imported));

        options.teamId = QStringLiteral("no-such-team");
        SheetImporter importer(*db, m_clock);
        auto refused = importer.importFile(fixture(QStringLiteral("volunteers-sample.xlsx")), options);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, ErrorCode::NotFound);
    }

    void outOfScopeRowsAreRejectedTheRestGoesOn()
    {
        auto db = freshDatabase(QStringLiteral("410100")); // 郑州市 only
        const ImportReport report = importOk(*db, QStringLiteral("volunteers-sample.xlsx"));
        VolunteerStore store(*db, m_clock);
        const auto kept = store.list().value();
        QVERIFY(!kept.isEmpty());
        for (const auto& v : kept)
            QCOMPARE(v.city, QStringLiteral("410100"));
        bool sawScope = false;
        for (const auto& row : report.rows) {
            for (const auto& issue : row.issues)
                sawScope = sawScope || issue.rule == u"store.out_of_scope";
        }
        QVERIFY(sawScope);
    }

    void rejectsReportNamesRowColumnValueAndReason()
    {
        auto db = freshDatabase();
        const ImportReport report = importOk(*db, QStringLiteral("volunteers-sample.xlsx"));
        const QString csv = SheetImporter::rejectsCsv(report);
        const auto rows = CsvParser::parse(csv);
        QCOMPARE(rows.first(), (QStringList{QStringLiteral("row"), QStringLiteral("column"),
                                            QStringLiteral("value"), QStringLiteral("reason")}));
        QSet<int> reported;
        for (qsizetype i = 1; i < rows.size(); ++i) {
            QCOMPARE(rows[i].size(), 4);
            reported.insert(rows[i][0].toInt());
            QVERIFY(!rows[i][1].isEmpty());
            QVERIFY(!rows[i][3].isEmpty());
            // No unmasked 18-digit ID number in a report that may be e-mailed around.
            QVERIFY2(!QRegularExpression(QStringLiteral("\\d{17}[\\dX]")).match(rows[i][2]).hasMatch(),
                     qPrintable(rows[i].join(u',')));
        }
        QCOMPARE(describe(reported), describe(rowsWith(report, RowOutcome::Rejected)));
    }

    void aKillBeforeCommitLeavesNothing()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("kill.sqlite"));
        EXPECT_EXIT(
            runKjzy(db, {QStringLiteral("init"), QStringLiteral("--region"), QStringLiteral("410000")}), 0);
        const CliRun killed =
            runKjzy(db, {QStringLiteral("import"), fixture(QStringLiteral("volunteers-sample.xlsx"))},
                    QStringLiteral("client.import.before-commit"));
        QVERIFY2(killed.crashed(), qPrintable(killed.describe()));
        DbProbe probe(db);
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers")), 0);
        QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox")), 0);
        const CliRun again =
            runKjzy(db, {QStringLiteral("import"), fixture(QStringLiteral("volunteers-sample.xlsx"))});
        EXPECT_EXIT(again, 1); // the sample holds rejected rows
        QVERIFY(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers")) > 200);
    }

    void aRowRepeatedVerbatimIsUnchangedAChangedRepeatIsRejected()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("repeats.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray person = "张伟,13903710001,410105195001010136,郑州市,金水区,科技培训";
        file.write("真实姓名,手机号,身份证号,所在区域市,所在区域县,服务类别\n");
        file.write(person + "\n");
        file.write(person + "\n");                                                  // row 3
        file.write("张伟,13903710009,410105195001010136,郑州市,金水区,科技培训\n"); // row 4
        file.close();
        auto db = freshDatabase();
        SheetImporter importer(*db, m_clock);
        ImportOptions options;
        options.today = kToday;
        auto report = importer.importFile(path, options);
        QVERIFY2(report.has_value(), report ? "" : qPrintable(report.error().message));
        QCOMPARE(report->rows.size(), 3);
        QCOMPARE(report->rows[0].outcome, RowOutcome::Imported);
        QCOMPARE(report->rows[1].outcome, RowOutcome::Unchanged);
        QCOMPARE(report->rows[1].recordId, report->rows[0].recordId);
        QCOMPARE(report->rows[2].outcome, RowOutcome::Rejected);
        QCOMPARE(report->rows[2].issues.first().rule, QStringLiteral("row.duplicate"));
        QVERIFY(report->rows[2].issues.first().message.contains(u"第 2 行"));
    }

    void notATemplateIsRefusedWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,b,c\n1,2,3\n");
        file.close();
        auto db = freshDatabase();
        SheetImporter importer(*db, m_clock);
        auto result = importer.importFile(path, {});
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY(result.error().message.contains(u"other.csv"));
        QCOMPARE(importer.importFile(dir.filePath(QStringLiteral("missing.xlsx")), {}).error().code,
                 ErrorCode::Io);
        QCOMPARE(importer.importFile(dir.filePath(QStringLiteral("old.xls")), {}).error().code,
                 ErrorCode::Io);
    }
};

QTEST_GUILESS_MAIN(TestSheetImporter)
#include "TestSheetImporter.moc"
