// Kills the real kjzy binary at the fault points of the stores (between the record's row and its
// outbox entries, inside one SQLite transaction) and checks that the database holds either the
// whole change or none of it: no row without its outbox entries, nothing half-written, earlier
// records untouched, and the same command succeeding afterwards.
#include "support/CliRunner.h"
#include "support/DbProbe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace kjzy::test;

namespace {

// ---------------------------------------------------------------------------------------------
// Records

QStringList teamArgs(const QString& name, const QString& county, const QString& adminMobile)
{
    return QStringList{QStringLiteral("team"),           QStringLiteral("add"),
                       QStringLiteral("--name"),         name,
                       QStringLiteral("--county"),       county,
                       QStringLiteral("--admin-mobile"), adminMobile};
}

// Everything stored about one record: its row, its outbox entries and its field clocks.
struct Snapshot
{
    QStringList row;
    QStringList outbox;
    QStringList clocks;
};

Snapshot snapshot(const DbProbe& probe, const QString& table, const QString& id)
{
    return Snapshot{
        probe.dump(QStringLiteral("SELECT * FROM %1 WHERE id = ?").arg(table), {id}),
        probe.dump(QStringLiteral("SELECT seq, entity, fields, hlc, device, change_set, acked_at FROM outbox "
                                  "WHERE entity_id = ? ORDER BY seq"),
                   {id}),
        probe.dump(QStringLiteral("SELECT clocks FROM %1 WHERE id = ?").arg(table), {id}),
    };
}

// Table sizes that a crashed command must leave as they were.
QStringList tableCounts(const DbProbe& probe)
{
    QStringList out;
    for (const char16_t* table : {u"volunteers", u"teams", u"memberships", u"outbox", u"settings"}) {
        const QString name = QString::fromUtf16(table);
        out << name + u'=' +
                   QString::number(probe.count(QStringLiteral("SELECT COUNT(*) FROM %1").arg(name)));
    }
    out << QStringLiteral("max(seq)=") +
               probe.scalar(QStringLiteral("SELECT MAX(seq) FROM outbox")).toString();
    return out;
}

// The fields an added record must have in the outbox: its `list --json` keys minus the derived ones.
QSet<QString> expectedOutboxFields(const QJsonObject& listed, bool volunteer)
{
    QJsonObject fields = listed;
    fields.remove(QStringLiteral("id"));
    fields.remove(volunteer ? QStringLiteral("teams") : QStringLiteral("name_issues"));
    // A creation also sends deleted:false, which the listing does not show.
    fields.insert(QStringLiteral("deleted"), false);
    const QStringList keys = fields.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

} // namespace

class TestStoreAtomicity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killAfterRow_data();
    void killAfterRow();
    void unarmedFaultPointDoesNothing();
};

void TestStoreAtomicity::initTestCase()
{
    VERIFY_CLI_PREREQUISITES();
}

void TestStoreAtomicity::killAfterRow_data()
{
    QTest::addColumn<QString>("faultPoint");
    QTest::addColumn<bool>("volunteer"); // the crashing command adds a volunteer (else a team)
    QTest::addColumn<bool>("joinTeam");  // the crashing volunteer also joins the existing team

    QTest::newRow("volunteer") << QStringLiteral("client.volunteer.after-row") << true << false;
    QTest::newRow("volunteer joining a team") << QStringLiteral("client.volunteer.after-row") << true << true;
    QTest::newRow("team") << QStringLiteral("client.team.after-row") << false << false;
}

void TestStoreAtomicity::killAfterRow()
{
    QFETCH(QString, faultPoint);
    QFETCH(bool, volunteer);
    QFETCH(bool, joinTeam);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("kjzy.sqlite"));
    const CliRun init =
        runKjzy(db, {QStringLiteral("init"), QStringLiteral("--region"), QStringLiteral("410000")});
    EXPECT_EXIT(init, 0);

    // Records written normally before the crash.
    const CliRun team = runKjzy(db, teamArgs(QStringLiteral("金水区科技志愿服务队"), QStringLiteral("410105"),
                                             QStringLiteral("13903710002")));
    EXPECT_EXIT(team, 0);
    const QString teamId = team.out.trimmed();
    QVERIFY2(uuidPattern().match(teamId).hasMatch(), qPrintable(team.describe()));
    const CliRun first =
        runKjzy(db, volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"),
                                  QStringLiteral("410105195001010136"), QStringLiteral("410105"),
                                  {QStringLiteral("--team"), teamId}));
    EXPECT_EXIT(first, 0);
    const QString firstId = first.out.trimmed();
    QVERIFY2(uuidPattern().match(firstId).hasMatch(), qPrintable(first.describe()));

    Snapshot firstBefore;
    Snapshot teamBefore;
    QStringList countsBefore;
    QStringList membershipsBefore;
    {
        DbProbe probe(db);
        QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
        firstBefore = snapshot(probe, QStringLiteral("volunteers"), firstId);
        teamBefore = snapshot(probe, QStringLiteral("teams"), teamId);
        countsBefore = tableCounts(probe);
        membershipsBefore =
            probe.dump(QStringLiteral("SELECT * FROM memberships ORDER BY team_id, volunteer_id"));
        QCOMPARE(firstBefore.row.size(), 1);
        QVERIFY2(!firstBefore.outbox.isEmpty(), "the first volunteer has no outbox entries");
        QCOMPARE(teamBefore.row.size(), 1);
        QVERIFY2(!teamBefore.outbox.isEmpty(), "the team has no outbox entries");
        QCOMPARE(membershipsBefore.size(), 1);
    }

    // The command that dies between its row and its outbox entries.
    const QString secondIdNumber = QStringLiteral("410102195807150489");
    const QString secondTeamName = QStringLiteral("中原区科技志愿服务队");
    QStringList args =
        volunteer ? volunteerArgs(QStringLiteral("李四"), QStringLiteral("13903710003"), secondIdNumber,
                                  QStringLiteral("410102"))
                  : teamArgs(secondTeamName, QStringLiteral("410102"), QStringLiteral("13903710004"));
    if (joinTeam)
        args << QStringLiteral("--team") << teamId;
    const CliRun crashed = runKjzy(db, args, faultPoint);
    QVERIFY2(crashed.crashed(),
             qPrintable(QStringLiteral("expected a crash at the fault point\n") + crashed.describe()));
    QVERIFY2(crashed.out.trimmed().isEmpty(), qPrintable(crashed.describe()));

    {
        DbProbe probe(db);
        QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
        QCOMPARE(probe.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        if (volunteer) {
            QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers WHERE id_number = ?"),
                                 {secondIdNumber}),
                     0);
        } else {
            QCOMPARE(
                probe.count(QStringLiteral("SELECT COUNT(*) FROM teams WHERE name = ?"), {secondTeamName}),
                0);
        }
        // No outbox entry, field clock or membership of the dead command: every table as before.
        QCOMPARE(tableCounts(probe), countsBefore);
        QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE entity_id NOT IN (?, ?, ?)"),
                             {firstId, teamId, QString(teamId + u'/' + firstId)}),
                 0);
        // The records written before are untouched, row and outbox entries alike.
        const Snapshot firstAfter = snapshot(probe, QStringLiteral("volunteers"), firstId);
        QCOMPARE(firstAfter.row, firstBefore.row);
        QCOMPARE(firstAfter.outbox, firstBefore.outbox);
        QCOMPARE(firstAfter.clocks, firstBefore.clocks);
        const Snapshot teamAfter = snapshot(probe, QStringLiteral("teams"), teamId);
        QCOMPARE(teamAfter.row, teamBefore.row);
        QCOMPARE(teamAfter.outbox, teamBefore.outbox);
        QCOMPARE(teamAfter.clocks, teamBefore.clocks);
        QCOMPARE(probe.dump(QStringLiteral("SELECT * FROM memberships ORDER BY team_id, volunteer_id")),
                 membershipsBefore);
    }

    // The same command, unarmed, now succeeds and writes the row with all its outbox entries.
    const CliRun retry = runKjzy(db, args);
    EXPECT_EXIT(retry, 0);
    const QString newId = retry.out.trimmed();
    QVERIFY2(uuidPattern().match(newId).hasMatch(), qPrintable(retry.describe()));

    const QStringList listArgs =
        volunteer ? QStringList{QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json"),
                                QStringLiteral("--reveal")}
                  : QStringList{QStringLiteral("team"), QStringLiteral("list"), QStringLiteral("--json")};
    const CliRun list = runKjzy(db, listArgs);
    EXPECT_EXIT(list, 0);
    const QJsonArray listed = QJsonDocument::fromJson(list.out.toUtf8()).array();
    QJsonObject added;
    for (const QJsonValue& value : listed) {
        if (value.toObject().value(QStringLiteral("id")).toString() == newId)
            added = value.toObject();
    }
    QVERIFY2(!added.isEmpty(), qPrintable(list.describe()));
    QCOMPARE(listed.size(), 2);
    if (joinTeam)
        QCOMPARE(added.value(QStringLiteral("teams")).toArray(), QJsonArray{teamId});

    DbProbe probe(db);
    QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
    QCOMPARE(probe.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    const QString table = volunteer ? QStringLiteral("volunteers") : QStringLiteral("teams");
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE id = ? AND deleted = 0").arg(table),
                         {newId}),
             1);
    const int outboxRows =
        probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE entity_id = ?"), {newId});
    QVERIFY2(outboxRows > 0, qPrintable(probe.lastError()));
    // One change, one outbox entry, carrying every field of the record.
    QCOMPARE(outboxRows, 1);
    const QString fieldsJson =
        probe
            .scalar(QStringLiteral("SELECT fields FROM outbox WHERE entity_id = ? AND entity = ?"),
                    {newId, volunteer ? QStringLiteral("volunteer") : QStringLiteral("team")})
            .toString();
    const QStringList keys = QJsonDocument::fromJson(fieldsJson.toUtf8()).object().keys();
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()), expectedOutboxFields(added, volunteer));
    if (joinTeam) {
        QCOMPARE(probe.count(QStringLiteral(
                                 "SELECT COUNT(*) FROM outbox WHERE entity = 'membership' AND entity_id = ?"),
                             {QString(teamId + u'/' + newId)}),
                 1);
    }
    // And still nothing happened to the first records.
    QCOMPARE(snapshot(probe, QStringLiteral("volunteers"), firstId).outbox, firstBefore.outbox);
    QCOMPARE(snapshot(probe, QStringLiteral("teams"), teamId).outbox, teamBefore.outbox);
}

void TestStoreAtomicity::unarmedFaultPointDoesNothing()
{
    // A fault point name that no code path hits must not disturb a normal command.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("kjzy.sqlite"));
    EXPECT_EXIT(runKjzy(db, {QStringLiteral("init"), QStringLiteral("--region"), QStringLiteral("410000")}),
                0);
    const CliRun add = runKjzy(db,
                               volunteerArgs(QStringLiteral("张三"), QStringLiteral("13903710001"),
                                             QStringLiteral("410105195001010136"), QStringLiteral("410105")),
                               QStringLiteral("client.team.after-row"));
    EXPECT_EXIT(add, 0);
    DbProbe probe(db);
    QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
    QCOMPARE(probe.count(QStringLiteral("SELECT COUNT(*) FROM volunteers")), 1);
    QVERIFY(probe.count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE entity_id = ?"),
                        {add.out.trimmed()}) > 0);
}

QTEST_GUILESS_MAIN(TestStoreAtomicity)
#include "TestStoreAtomicity.moc"
