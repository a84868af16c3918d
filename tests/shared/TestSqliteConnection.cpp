#include "storage/SqliteConnection.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;

class TestSqliteConnection : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    std::unique_ptr<SqliteConnection> fresh()
    {
        auto db = SqliteConnection::open(m_dir.filePath(QStringLiteral("c%1.sqlite").arg(++m_counter)));
        if (!db)
            qFatal("cannot open database");
        if (!(*db)->execute(QStringLiteral("CREATE TABLE t (v TEXT NOT NULL)")))
            qFatal("cannot create table");
        return std::move(*db);
    }

    static int count(SqliteConnection& db)
    {
        return db.scalar(QStringLiteral("SELECT COUNT(*) FROM t"))->toInt();
    }
    static Status insert(SqliteConnection& db, const QString& v)
    {
        auto done = db.run(QStringLiteral("INSERT INTO t(v) VALUES(?)"), {v});
        if (!done)
            return fail(done.error());
        return {};
    }

private slots:
    void settingsAreApplied()
    {
        auto db = fresh();
        QCOMPARE(db->scalar(QStringLiteral("PRAGMA journal_mode"))->toString(), QStringLiteral("wal"));
        QCOMPARE(db->scalar(QStringLiteral("PRAGMA foreign_keys"))->toInt(), 1);
        QCOMPARE(db->scalar(QStringLiteral("PRAGMA synchronous"))->toInt(), 2); // FULL
    }

    void nullStringsAreStoredAsEmptyText()
    {
        auto db = fresh();
        QVERIFY(insert(*db, QString()).has_value()); // NOT NULL column: '' not NULL
        QCOMPARE(db->scalar(QStringLiteral("SELECT v FROM t"))->toString(), QString());
        QVERIFY(!db->scalar(QStringLiteral("SELECT v FROM t"))->isNull());
    }

    void innerTransactionRollsBackAloneOuterCommits()
    {
        auto db = fresh();
        {
            auto outer = SqliteTransaction::begin(*db);
            QVERIFY(outer.has_value());
            QVERIFY(insert(*db, QStringLiteral("outer")).has_value());
            {
                auto inner = SqliteTransaction::begin(*db);
                QVERIFY(inner.has_value());
                QCOMPARE(db->transactionDepth(), 2);
                QVERIFY(insert(*db, QStringLiteral("inner, abandoned")).has_value());
            } // destroyed without commit: rolled back to the savepoint
            {
                auto inner = SqliteTransaction::begin(*db);
                QVERIFY(insert(*db, QStringLiteral("inner, kept")).has_value());
                QVERIFY(inner->commit().has_value());
            }
            QCOMPARE(count(*db), 2);
            QVERIFY(outer->commit().has_value());
        }
        QCOMPARE(db->transactionDepth(), 0);
        QCOMPARE(count(*db), 2);
    }

    void outerRollbackDiscardsCommittedInnerSteps()
    {
        auto db = fresh();
        {
            auto outer = SqliteTransaction::begin(*db);
            auto inner = SqliteTransaction::begin(*db);
            QVERIFY(insert(*db, QStringLiteral("x")).has_value());
            QVERIFY(inner->commit().has_value());
        } // outer never committed
        QCOMPARE(count(*db), 0);
        QCOMPARE(db->transactionDepth(), 0);
    }

    void sqlErrorsAreValuesWithTheDatabaseCode()
    {
        auto db = fresh();
        auto bad = db->run(QStringLiteral("INSERT INTO no_such_table VALUES(1)"));
        QVERIFY(!bad.has_value());
        QCOMPARE(bad.error().code, ErrorCode::Database);
        auto missing = SqliteConnection::open(QStringLiteral("/proc/no/such/dir/x.sqlite"));
        QVERIFY(!missing.has_value());
        QCOMPARE(missing.error().code, ErrorCode::Database);
    }
};

QTEST_GUILESS_MAIN(TestSqliteConnection)
#include "TestSqliteConnection.moc"
