#include "ClientMigrations.h"
#include "storage/SchemaMigrator.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;

namespace {

std::unique_ptr<SqliteConnection> openDb(const QString& path)
{
    auto connection = SqliteConnection::open(path);
    if (!connection)
        qFatal("cannot open %s", qPrintable(path));
    return std::move(*connection);
}

bool tableExists(SqliteConnection& db, const QString& table)
{
    auto count = db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"), {table});
    return count && count->toInt() == 1;
}

int userVersion(SqliteConnection& db)
{
    return SchemaMigrator::currentVersion(db).value_or(-1);
}

} // namespace

class TestSchemaMigrator : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString freshPath() { return m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_counter)); }

private slots:
    void splitsStatementsOutsideQuotesCommentsAndTriggers()
    {
        const QString sql = QStringLiteral("-- a comment; with a semicolon\n"
                                           "CREATE TABLE a (x TEXT DEFAULT 'semi;colon');\n"
                                           "/* block; comment */ CREATE TABLE b (y INTEGER);\n"
                                           "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
                                           "  INSERT INTO b VALUES (CASE WHEN 1 THEN 1 ELSE 0 END);\n"
                                           "  INSERT INTO b VALUES (2);\n"
                                           "END;\n"
                                           "INSERT INTO a VALUES ('it''s; fine')");
        const QStringList statements = SchemaMigrator::splitStatements(sql);
        QCOMPARE(statements.size(), 4);
        QVERIFY(statements[0].startsWith(u"CREATE TABLE a"));
        QVERIFY(statements[0].contains(u"'semi;colon'"));
        QVERIFY(statements[2].startsWith(u"CREATE TRIGGER"));
        QVERIFY(statements[2].endsWith(u"END"));
        QVERIFY(statements[3].contains(u"'it''s; fine'"));

        auto db = openDb(freshPath());
        for (const auto& statement : statements)
            QVERIFY2(db->execute(statement).has_value(), qPrintable(statement));
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM b"))->toInt(), 2);
    }

    void clientMigrationsAreNumberedWithoutGaps()
    {
        const SchemaMigrator& migrator = ClientMigrations::migrator();
        QVERIFY(migrator.latestVersion() >= 4);
        for (qsizetype i = 0; i < migrator.migrations().size(); ++i)
            QCOMPARE(migrator.migrations()[i].version, int(i + 1));
    }

    void freshDatabaseReachesTheLatestVersion()
    {
        auto db = openDb(freshPath());
        auto reached = ClientMigrations::migrator().migrate(*db);
        QVERIFY2(reached.has_value(), reached ? "" : qPrintable(reached.error().message));
        QCOMPARE(*reached, ClientMigrations::migrator().latestVersion());
        QCOMPARE(userVersion(*db), ClientMigrations::migrator().latestVersion());
        for (const auto* table :
             {"settings", "volunteers", "teams", "memberships", "outbox", "rejected_changes", "audit_log"})
            QVERIFY2(tableExists(*db, QString::fromLatin1(table)), table);
        // Migrating again is a no-op.
        QCOMPARE(ClientMigrations::migrator().migrate(*db).value_or(-1),
                 ClientMigrations::migrator().latestVersion());
    }

    // One test per step: data written at version N-1 survives the step to N.
    void step1CreatesTheRegistryTables()
    {
        auto db = openDb(freshPath());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 1).value_or(-1), 1);
        QCOMPARE(userVersion(*db), 1);
        QVERIFY(tableExists(*db, QStringLiteral("volunteers")));
        QVERIFY(!tableExists(*db, QStringLiteral("outbox")));
        // The partial unique index makes one live record per ID number.
        const QString insert = QStringLiteral("INSERT INTO volunteers(id, name, mobile, gender, id_number, "
                                              "province, city, county, deleted, created_at, "
                                              "updated_at) VALUES(?, '张三', '13903710000', '男', "
                                              "'410105195001010136', '410000', '410100', '410105', ?, "
                                              "'t', 't')");
        QVERIFY(db->run(insert, {QStringLiteral("a"), 0}).has_value());
        QVERIFY(!db->run(insert, {QStringLiteral("b"), 0}).has_value());
        QVERIFY(db->run(insert, {QStringLiteral("c"), 1}).has_value()); // a tombstone may repeat it
    }

    void step2AddsTheOutboxKeepingRecords()
    {
        auto db = openDb(freshPath());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 1).value_or(-1), 1);
        QVERIFY(db->run(QStringLiteral("INSERT INTO settings(key, value) VALUES('region', '410105')"))
                    .has_value());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 2).value_or(-1), 2);
        QCOMPARE(db->scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'region'"))->toString(),
                 QStringLiteral("410105"));
        QVERIFY(tableExists(*db, QStringLiteral("outbox")));
        QVERIFY(tableExists(*db, QStringLiteral("field_clocks")));
        QVERIFY(tableExists(*db, QStringLiteral("rejected_changes")));
        QVERIFY(!tableExists(*db, QStringLiteral("audit_log")));
    }

    void step3AddsTheAuditLogKeepingTheOutbox()
    {
        auto db = openDb(freshPath());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 2).value_or(-1), 2);
        QVERIFY(db->run(QStringLiteral("INSERT INTO outbox(entity, entity_id, field, value, hlc, device) "
                                       "VALUES('volunteer', 'x', 'name', '\"张三\"', 'h', 'd')"))
                    .has_value());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 3).value_or(-1), 3);
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM outbox"))->toInt(), 1);
        QVERIFY(tableExists(*db, QStringLiteral("audit_log")));
    }

    void step4FoldsTheOutboxIntoOneRowPerChange()
    {
        auto db = openDb(freshPath());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 3).value_or(-1), 3);
        // Version 3 wrote one row per field: two changes of one record, three fields in all.
        const QString insert =
            QStringLiteral("INSERT INTO outbox(entity, entity_id, field, value, hlc, device) "
                           "VALUES('volunteer', 'v1', ?, ?, ?, 'd')");
        QVERIFY(db->run(insert, {QStringLiteral("name"), QStringLiteral("\"张三\""), QStringLiteral("h1")})
                    .has_value());
        QVERIFY(
            db->run(insert, {QStringLiteral("three_heads"), QStringLiteral("false"), QStringLiteral("h1")})
                .has_value());
        QVERIFY(db->run(insert, {QStringLiteral("name"), QStringLiteral("\"张叁\""), QStringLiteral("h2")})
                    .has_value());
        const QString clock = QStringLiteral(
            "INSERT INTO field_clocks(entity, entity_id, field, hlc) VALUES('volunteer', 'v1', ?, ?)");
        QVERIFY(db->run(clock, {QStringLiteral("name"), QStringLiteral("h2")}).has_value());
        QVERIFY(db->run(clock, {QStringLiteral("three_heads"), QStringLiteral("h1")}).has_value());

        QCOMPARE(ClientMigrations::migrator().migrate(*db, 4).value_or(-1), 4);
        QVERIFY(!tableExists(*db, QStringLiteral("field_clocks")));
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM outbox"))->toInt(), 2);
        QCOMPARE(db->scalar(QStringLiteral("SELECT fields FROM outbox WHERE hlc = 'h1'"))->toString(),
                 QStringLiteral("{\"name\":\"张三\",\"three_heads\":false}"));
        QCOMPARE(
            db->scalar(QStringLiteral("SELECT fields FROM outbox ORDER BY seq DESC LIMIT 1"))->toString(),
            QStringLiteral("{\"name\":\"张叁\"}"));
        QCOMPARE(
            db->scalar(QStringLiteral("SELECT clocks FROM record_clocks WHERE entity_id = 'v1'"))->toString(),
            QStringLiteral("{\"name\":\"h2\",\"three_heads\":\"h1\"}"));
    }

    void step5AddsChangeSetsAndNamedRejections()
    {
        auto db = openDb(freshPath());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 4).value_or(-1), 4);
        QVERIFY(db->run(QStringLiteral("INSERT INTO outbox(entity, entity_id, fields, hlc, device) "
                                       "VALUES('volunteer', 'v1', '{}', 'h1', 'd')"))
                    .has_value());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 5).value_or(-1), 5);
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM outbox"))->toInt(), 1);
        QVERIFY(tableExists(*db, QStringLiteral("change_sets")));
        QVERIFY(
            db->run(QStringLiteral("INSERT INTO rejected_changes(outbox_seq, change_set, entity, entity_id, "
                                   "reason, at) VALUES(1, 'cs', 'volunteer', 'v1', '原因', 't')"))
                .has_value());
        // One sealed change set per sequence number.
        const QString insert = QStringLiteral(
            "INSERT INTO change_sets(id, sequence, sealed, changes, created_at) VALUES(?, 1, x'00', 1, 't')");
        QVERIFY(db->run(insert, {QStringLiteral("a")}).has_value());
        QVERIFY(!db->run(insert, {QStringLiteral("b")}).has_value());
    }

    void step6AddsBaseStampsKeepingTheOutbox()
    {
        auto db = openDb(freshPath());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 5).value_or(-1), 5);
        QVERIFY(db->run(QStringLiteral("INSERT INTO outbox(entity, entity_id, fields, hlc, device) "
                                       "VALUES('volunteer', 'v1', '{\"name\":\"张三\"}', 'h1', 'd')"))
                    .has_value());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 6).value_or(-1), 6);
        QCOMPARE(db->scalar(QStringLiteral("SELECT fields FROM outbox"))->toString(),
                 QStringLiteral("{\"name\":\"张三\"}"));
        QVERIFY(db->scalar(QStringLiteral("SELECT base FROM outbox"))->isNull()); // old entries: no base
    }

    void step7LeavesTeamNameUniquenessToTheServer()
    {
        auto db = openDb(freshPath());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 6).value_or(-1), 6);
        const QString insert = QStringLiteral("INSERT INTO teams(id, name, province, created_at, updated_at) "
                                              "VALUES(?, '金水区科技志愿服务队', '410000', 't', 't')");
        QVERIFY(db->run(insert, {QStringLiteral("t1")}).has_value());
        QVERIFY(!db->run(insert, {QStringLiteral("t2")}).has_value());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 7).value_or(-1), 7);
        QVERIFY(db->run(insert, {QStringLiteral("t2")}).has_value()); // a pulled namesake is stored
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM teams"))->toInt(), 2);
    }

    void step8MovesEachRecordsClocksIntoItsRow()
    {
        auto db = openDb(freshPath());
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 7).value_or(-1), 7);
        for (const QString& statement :
             {QStringLiteral("INSERT INTO volunteers(id, name, mobile, gender, id_number, province, city, "
                             "county, created_at, updated_at) VALUES('v1', '张三', '13903710000', '男', "
                             "'410105195001010136', '410000', '410100', '410105', 't', 't')"),
              QStringLiteral("INSERT INTO volunteers(id, name, mobile, gender, id_number, province, city, "
                             "county, created_at, updated_at) VALUES('v2', '李四', '13903710001', '女', "
                             "'410105195001010152', '410000', '410100', '410105', 't', 't')"),
              QStringLiteral("INSERT INTO teams(id, name, province, created_at, updated_at) "
                             "VALUES('t1', '金水区科技志愿服务队', '410000', 't', 't')"),
              QStringLiteral("INSERT INTO memberships(team_id, volunteer_id) VALUES('t1', 'v1')"),
              QStringLiteral("INSERT INTO record_clocks(entity, entity_id, clocks) VALUES"
                             "('volunteer', 'v1', '{\"*\":\"h1\",\"name\":\"h2\"}'), "
                             "('team', 't1', '{\"*\":\"h3\"}'), "
                             "('membership', 't1/v1', '{\"deleted\":\"h4\"}'), "
                             // A team's stamps must not land on a volunteer of the same id.
                             "('team', 'v2', '{\"*\":\"h5\"}'), "
                             // Stamps a fold left behind with no row.
                             "('membership', 't1/gone', '{\"deleted\":\"h6\"}')")}) {
            QVERIFY2(db->run(statement).has_value(), qPrintable(statement));
        }
        QCOMPARE(ClientMigrations::migrator().migrate(*db, 8).value_or(-1), 8);
        QVERIFY(!tableExists(*db, QStringLiteral("record_clocks")));
        QCOMPARE(db->scalar(QStringLiteral("SELECT clocks FROM volunteers WHERE id = 'v1'"))->toString(),
                 QStringLiteral("{\"*\":\"h1\",\"name\":\"h2\"}"));
        QVERIFY(db->scalar(QStringLiteral("SELECT clocks FROM volunteers WHERE id = 'v2'"))->isNull());
        QCOMPARE(db->scalar(QStringLiteral("SELECT clocks FROM teams WHERE id = 't1'"))->toString(),
                 QStringLiteral("{\"*\":\"h3\"}"));
        QCOMPARE(db->scalar(QStringLiteral("SELECT clocks FROM memberships"))->toString(),
                 QStringLiteral("{\"deleted\":\"h4\"}"));
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM memberships"))->toInt(), 1);
    }

    void databaseNewerThanTheProgramIsRefusedUntouched()
    {
        const QString path = freshPath();
        {
            auto db = openDb(path);
            QVERIFY(db->execute(QStringLiteral("PRAGMA user_version = 999")).has_value());
        }
        auto db = openDb(path);
        auto result = ClientMigrations::migrator().migrate(*db);
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::SchemaTooNew);
        QVERIFY(result.error().message.contains(u"999"));
        QCOMPARE(userVersion(*db), 999);
        QVERIFY(!tableExists(*db, QStringLiteral("volunteers")));
    }

    void aFailingStepRollsBackEveryPendingStep()
    {
        const SchemaMigrator migrator({
            Migration{1, QStringLiteral("one"), QStringLiteral("CREATE TABLE one (x);")},
            Migration{2, QStringLiteral("two"), QStringLiteral("CREATE TABLE two (x);")},
            Migration{3, QStringLiteral("broken"),
                      QStringLiteral("CREATE TABLE three (x); THIS IS NOT SQL;")},
        });
        auto db = openDb(freshPath());
        QCOMPARE(migrator.migrate(*db, 1).value_or(-1), 1);
        auto result = migrator.migrate(*db);
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::Database);
        QVERIFY(result.error().message.contains(u"0003_broken"));
        QCOMPARE(userVersion(*db), 1);
        QVERIFY(tableExists(*db, QStringLiteral("one")));
        QVERIFY(!tableExists(*db, QStringLiteral("two")));
        QVERIFY(!tableExists(*db, QStringLiteral("three")));
    }

    void directoryWithAGapOrABadNameIsRefused()
    {
        QTemporaryDir dir;
        auto write = [&dir](const QString& name) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("CREATE TABLE t (x);");
        };
        write(QStringLiteral("0001_first.sql"));
        write(QStringLiteral("0003_third.sql"));
        auto gap = SchemaMigrator::fromDirectory(dir.path());
        QVERIFY(!gap.has_value());
        QVERIFY(gap.error().message.contains(u"不连续"));

        QTemporaryDir other;
        QFile bad(other.filePath(QStringLiteral("1_first.sql")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.close();
        QVERIFY(!SchemaMigrator::fromDirectory(other.path()).has_value());
    }
};

QTEST_GUILESS_MAIN(TestSchemaMigrator)
#include "TestSchemaMigrator.moc"
