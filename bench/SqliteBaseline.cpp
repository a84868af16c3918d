// kjzy-bench-sqlite: the limit the sync figures are compared with. A plain program on the sqlite3 C
// API inserting the very rows our code stored — the volunteers a province client holds after
// applying the pulled registry, or the volunteer records the server's registry holds after ingest —
// into a fresh database whose schema the project's own migrations made (same tables, same indexes),
// opened with the pragmas SqliteConnection sets (WAL, synchronous=FULL, 64 MiB cache): one prepared
// INSERT, one transaction. Reading the rows from the source file is not timed. What our code does
// besides (field clocks, outbox, change-set log, verification, decryption, merge) is exactly what
// the ratio to this figure shows.
//
//   kjzy-bench-sqlite --kind client|server --source DB --out DIR [--limit N] [--repeat N]
// prints sqlite_<kind>_rows=N, sqlite_<kind>_insert_s=S and sqlite_<kind>_insert_per_s=R (the median
// of --repeat runs, 3 by default, each into a fresh database) and the range of the runs.
#include "ClientMigrations.h"
#include "ServerMigrations.h"
#include "storage/SqliteConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <vector>

using namespace kjzy;

namespace {

struct ValueDeleter
{
    void operator()(sqlite3_value* value) const { sqlite3_value_free(value); }
};
using Value = std::unique_ptr<sqlite3_value, ValueDeleter>;

struct Rows
{
    QStringList columns;
    std::vector<std::vector<Value>> rows;
};

bool check(int rc, sqlite3* db, const char* what, QTextStream& err)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
        return true;
    err << "kjzy-bench-sqlite: " << what << ": " << sqlite3_errmsg(db) << Qt::endl;
    return false;
}

// Every column of every row of `select`, as sqlite3_value copies (types kept: TEXT, INTEGER, BLOB).
bool readRows(const QString& path, const QString& select, Rows& out, QTextStream& err)
{
    sqlite3* db = nullptr;
    if (!check(sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), db,
               "open source", err)) {
        sqlite3_close(db);
        return false;
    }
    sqlite3_stmt* statement = nullptr;
    bool ok = check(sqlite3_prepare_v2(db, select.toUtf8().constData(), -1, &statement, nullptr), db,
                    "prepare select", err);
    if (ok) {
        const int columns = sqlite3_column_count(statement);
        for (int c = 0; c < columns; ++c)
            out.columns << QString::fromUtf8(sqlite3_column_name(statement, c));
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            std::vector<Value> row;
            row.reserve(columns);
            for (int c = 0; c < columns; ++c)
                row.emplace_back(sqlite3_value_dup(sqlite3_column_value(statement, c)));
            out.rows.push_back(std::move(row));
        }
        ok = check(rc, db, "read source", err);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return ok;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("SQLite baseline: one prepared INSERT in one transaction."));
    parser.addHelpOption();
    const QCommandLineOption kind(QStringLiteral("kind"), QStringLiteral("client | server"),
                                  QStringLiteral("K"));
    const QCommandLineOption source(QStringLiteral("source"), QStringLiteral("database holding the rows"),
                                    QStringLiteral("DB"));
    const QCommandLineOption outDir(QStringLiteral("out"), QStringLiteral("directory for the fresh database"),
                                    QStringLiteral("DIR"));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("first N rows only (by seq/id)"),
                                   QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption repeat(QStringLiteral("repeat"),
                                    QStringLiteral("runs, the median is taken (default 3)"),
                                    QStringLiteral("N"), QStringLiteral("3"));
    parser.addOptions({kind, source, outDir, limit, repeat});
    parser.process(app);
    const QString which = parser.value(kind);
    if ((which != u"client" && which != u"server") || !parser.isSet(source) || !parser.isSet(outDir)) {
        err << "usage: kjzy-bench-sqlite --kind client|server --source DB --out DIR [--limit N]" << Qt::endl;
        return 2;
    }
    const bool client = which == u"client";
    const int first = parser.value(limit).toInt();
    const int repeats = std::max(1, parser.value(repeat).toInt());
    const QString table = client ? QStringLiteral("volunteers") : QStringLiteral("records");
    QString select = client ? QStringLiteral("SELECT * FROM volunteers ORDER BY id")
                            : QStringLiteral("SELECT * FROM records WHERE entity = 'volunteer' ORDER BY seq");
    if (first > 0)
        select += QStringLiteral(" LIMIT %1").arg(first);

    Rows rows;
    if (!readRows(parser.value(source), select, rows, err))
        return 1;
    // Rows go in as our code stored them: the server's in sequence order; the client's by id, which
    // is its table's key (ids come from creation stamps, so this is close to the order they arrived).
    const QString target = QDir(parser.value(outDir)).filePath(QStringLiteral("baseline-%1.db").arg(which));
    QStringList marks;
    for (qsizetype c = 0; c < rows.columns.size(); ++c)
        marks << QStringLiteral("?");
    const QByteArray insert = QStringLiteral("INSERT INTO %1(%2) VALUES(%3)")
                                  .arg(table, rows.columns.join(u','), marks.join(u','))
                                  .toUtf8();
    // One run into a fresh database: its time in seconds, or a negative value on failure.
    const auto once = [&]() -> double {
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(target + suffix);
        {
            auto connection = SqliteConnection::open(target);
            if (!connection) {
                err << "kjzy-bench-sqlite: " << connection.error().message << Qt::endl;
                return -1;
            }
            const auto migrated = client ? ClientMigrations::migrator().migrate(**connection)
                                         : ServerMigrations::migrator().migrate(**connection);
            if (!migrated) {
                err << "kjzy-bench-sqlite: " << migrated.error().message << Qt::endl;
                return -1;
            }
        }
        sqlite3* db = nullptr;
        if (!check(sqlite3_open_v2(target.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), db,
                   "open", err)) {
            sqlite3_close(db);
            return -1;
        }
        const std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
        for (const char* pragma :
             {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
              "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY"})
            if (!check(sqlite3_exec(db, pragma, nullptr, nullptr, nullptr), db, pragma, err))
                return -1;
        QElapsedTimer timer;
        timer.start();
        sqlite3_stmt* statement = nullptr;
        if (!check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin", err) ||
            !check(sqlite3_prepare_v2(db, insert.constData(), -1, &statement, nullptr), db, "prepare insert",
                   err))
            return -1;
        for (const auto& row : rows.rows) {
            for (int c = 0; c < int(row.size()); ++c)
                sqlite3_bind_value(statement, c + 1, row[c].get());
            if (!check(sqlite3_step(statement), db, "insert", err)) {
                sqlite3_finalize(statement);
                return -1;
            }
            sqlite3_reset(statement);
        }
        sqlite3_finalize(statement);
        if (!check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit", err))
            return -1;
        return double(timer.nsecsElapsed()) / 1e9;
    };
    // The median of several runs: on a shared machine one run can be a quarter off either way.
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const double seconds = once();
        if (seconds < 0)
            return 1;
        times.push_back(seconds);
    }
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(target + suffix);
    std::sort(times.begin(), times.end());
    const double seconds = times[times.size() / 2];

    const qsizetype count = rows.rows.size();
    out << "sqlite_" << which << "_rows=" << count << Qt::endl;
    out << "sqlite_" << which << "_insert_s=" << QString::number(seconds, 'f', 3) << Qt::endl;
    out << "sqlite_" << which << "_insert_per_s=" << QString::number(count / seconds, 'f', 0) << Qt::endl;
    out << "sqlite_" << which << "_insert_runs_s=" << QString::number(times.front(), 'f', 3) << ".."
        << QString::number(times.back(), 'f', 3) << " (" << repeats << " runs, median taken)" << Qt::endl;
    return count > 0 ? 0 : 1;
}
