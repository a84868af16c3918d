#include "ServerMigrations.h"
#include "crypto/Sodium.h"
#include "store/SqliteRegistryStore.h"
#include "support/DbProbe.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;
using namespace Qt::StringLiterals;

// Evaluates `result` once (it is often a write), and only touches error() when there is one.
#define VERIFY_OK(result)                                                                                    \
    do {                                                                                                     \
        const auto& ok_ = (result);                                                                          \
        QVERIFY2(ok_.has_value(), ok_.has_value() ? "" : qPrintable(ok_.error().message));                   \
    } while (false)
#define VERIFY_ERROR(result, expected)                                                                       \
    do {                                                                                                     \
        const auto& r_ = (result);                                                                           \
        QVERIFY2(!r_.has_value(), "expected a failure");                                                     \
        QVERIFY2(r_.error().code == (expected),                                                              \
                 qPrintable(errorCodeName(r_.error().code) + u": "_s + r_.error().message));                 \
    } while (false)

namespace {

StoredRecord record(const QString& entity, const QString& id, const QString& region,
                    const QString& previousRegion = {}, const QByteArray& identity = {}, bool deleted = false)
{
    StoredRecord r;
    r.entity = entity;
    r.id = id;
    r.data = R"({"id":")" + id.toUtf8() + R"(","name":"张伟"})";
    r.clocks = R"({"*":"1764000000000-0-dev"})";
    r.region = region;
    r.previousRegion = previousRegion;
    r.identity = identity;
    r.deleted = deleted;
    return r;
}

DeviceRecord deviceRecord(const QString& id, const QString& enrolledAt = u"2026-01-05T08:00:00.000Z"_s)
{
    DeviceRecord d;
    d.id = id;
    d.scope = u"410105"_s;
    d.role = u"county"_s;
    d.label = u"金水区科协 笔记本"_s;
    d.signKey = QByteArray(32, '\x11');
    d.boxKey = QByteArray(32, '\x22');
    d.keyEpoch = 2;
    d.enrolledAt = enrolledAt;
    return d;
}

QStringList idsOf(const QList<StoredRecord>& rows)
{
    QStringList ids;
    for (const auto& row : rows)
        ids << row.id;
    return ids;
}

QList<quint64> seqsOf(const QList<StoredRecord>& rows)
{
    QList<quint64> seqs;
    for (const auto& row : rows)
        seqs << row.seq;
    return seqs;
}

const Status kRefused = fail(ErrorCode::InvalidInput, u"拒绝"_s);

// Rows as one line of text, so a failed comparison shows every field.
QString field(const QString& text)
{
    return text;
}
QString field(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toHex());
}
QString field(qint64 number)
{
    return QString::number(number);
}
template <typename T> QString field(const std::optional<T>& value)
{
    return value ? field(*value) : u"-"_s;
}
template <typename... T> QString fields(const T&... values)
{
    return QStringList{field(values)...}.join(u'|');
}

QString rowText(const DeviceRecord& d)
{
    return fields(d.id, d.scope, d.role, d.label, d.signKey, d.boxKey, qint64(d.keyEpoch), d.enrolledAt,
                  qint64(d.lastSequence), d.revokedAt,
                  d.revokedAfter ? std::optional<qint64>(*d.revokedAfter) : std::nullopt);
}
QString rowText(const EnrollmentCodeRecord& c)
{
    return fields(c.selector, c.verifierHash, c.scope, c.role, c.createdAt, c.expiresAt,
                  qint64(c.failedAttempts), c.usedAt, c.usedBy);
}
QString rowText(const ChangeSetRecord& c)
{
    return fields(c.id, c.device, qint64(c.sequence), c.receivedAt, qint64(c.changes), qint64(c.rejected),
                  c.reply);
}
QString rowText(const ConflictRecord& c)
{
    return fields(c.entity, c.entityId, c.field, c.kept, c.lost, c.keptStamp, c.lostStamp, c.keptDevice,
                  c.lostDevice, c.at, c.changeSet);
}
QString rowText(const ClampRecord& c)
{
    return fields(c.device, c.changeSet, c.original, c.clamped, c.at);
}

} // namespace

class TestRegistryStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    ManualClock m_clock{1'767'600'000'000}; // 2026-01-05T08:00:00Z

    QString nextPath() { return m_dir.filePath(u"server%1.sqlite"_s.arg(++m_counter)); }

    std::unique_ptr<SqliteRegistryStore> openStore(const QString& path)
    {
        auto store = SqliteRegistryStore::open(path, m_clock);
        if (!store)
            qFatal("cannot open store: %s", qPrintable(store.error().message));
        return std::move(*store);
    }

    std::unique_ptr<SqliteRegistryStore> fresh() { return openStore(nextPath()); }

    // The scope fixture: what each region holds, in the order written (so seq order).
    static void putScopeFixture(RegistryStore& store)
    {
        for (StoredRecord r : {record(u"volunteer"_s, u"v-jinshui"_s, u"410105"_s),
                               record(u"volunteer"_s, u"v-zhongyuan"_s, u"410102"_s),
                               record(u"team"_s, u"t-zhengzhou"_s, u"410100"_s),
                               record(u"team"_s, u"t-province"_s, u"410000"_s),
                               record(u"volunteer"_s, u"v-moved"_s, u"410305"_s, u"410105"_s),
                               record(u"volunteer"_s, u"v-jiyuan"_s, u"419001"_s),
                               record(u"membership"_s, u"m-jinshui"_s, u"410105"_s),
                               record(u"team"_s, u"t-left-city"_s, u"410200"_s, u"410100"_s)}) {
            if (!store.putRecord(r))
                qFatal("cannot write the scope fixture");
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(Sodium::initialize().has_value());
        QVERIFY(m_dir.isValid());
    }

    void openAppliesEveryMigration()
    {
        const QString path = nextPath();
        auto store = openStore(path);
        test::DbProbe probe(path);
        QVERIFY2(probe.isOpen(), qPrintable(probe.error()));
        QCOMPARE(probe.scalar(u"PRAGMA user_version"_s).toInt(),
                 ServerMigrations::migrator().latestVersion());
        for (const QString& table : {u"settings"_s, u"devices"_s, u"enrollment_codes"_s, u"records"_s,
                                     u"aliases"_s, u"change_sets"_s, u"conflicts"_s, u"clock_clamps"_s,
                                     u"audit_log"_s, u"departures"_s, u"uploads"_s, u"upload_chunks"_s})
            QCOMPARE(probe.count(u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"_s,
                                 {table}),
                     1);
    }

    void aNewerDatabaseIsRefused()
    {
        const QString path = nextPath();
        {
            auto connection = SqliteConnection::open(path);
            QVERIFY(connection.has_value());
            VERIFY_OK((*connection)->execute(u"PRAGMA user_version = 9999"_s));
        }
        VERIFY_ERROR(SqliteRegistryStore::open(path, m_clock), ErrorCode::SchemaTooNew);
    }

    void settingsRoundTrip()
    {
        auto store = fresh();
        auto missing = store->setting(u"server_key_id"_s);
        VERIFY_OK(missing);
        QVERIFY(!missing->has_value());
        VERIFY_OK(store->setSetting(u"server_key_id"_s, u"a"_s));
        VERIFY_OK(store->setSetting(u"server_key_id"_s, u"b"_s));
        QCOMPARE(store->setting(u"server_key_id"_s)->value_or(QString()), u"b"_s);
    }

    void devicesInsertGetListAndRefuseDuplicates()
    {
        auto store = fresh();
        DeviceRecord second = deviceRecord(u"dev-b"_s, u"2026-01-06T08:00:00.000Z"_s);
        second.revokedAt = u"2026-01-07T08:00:00.000Z"_s;
        second.revokedAfter = 3;
        second.lastSequence = 3;
        VERIFY_OK(store->insertDevice(second));
        VERIFY_OK(store->insertDevice(deviceRecord(u"dev-a"_s)));
        VERIFY_ERROR(store->insertDevice(deviceRecord(u"dev-a"_s)), ErrorCode::Conflict);

        auto got = store->device(u"dev-a"_s);
        VERIFY_OK(got);
        QVERIFY(got->has_value());
        QCOMPARE(rowText(**got), rowText(deviceRecord(u"dev-a"_s)));
        QCOMPARE(rowText(store->device(u"dev-b"_s)->value()), rowText(second));
        QVERIFY(!store->device(u"nobody"_s)->has_value());

        auto all = store->devices();
        VERIFY_OK(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).id, u"dev-a"_s); // by enrollment time
        QCOMPARE(all->at(1).id, u"dev-b"_s);
    }

    void revokeRecordsTheLastAcceptedSequence()
    {
        auto store = fresh();
        VERIFY_OK(store->insertDevice(deviceRecord(u"dev"_s)));
        VERIFY_OK(store->setLastSequence(u"dev"_s, 7));
        VERIFY_OK(store->revokeDevice(u"dev"_s, u"2026-01-08T00:00:00.000Z"_s));
        // Later updates and a second revocation must not move what the first one recorded.
        VERIFY_OK(store->setLastSequence(u"dev"_s, 9));
        VERIFY_OK(store->revokeDevice(u"dev"_s, u"2026-02-01T00:00:00.000Z"_s));
        const DeviceRecord d = store->device(u"dev"_s)->value();
        QCOMPARE(d.lastSequence, 9u);
        QCOMPARE(d.revokedAfter.value_or(0), 7u);
        QCOMPARE(d.revokedAt.value_or(QString()), u"2026-01-08T00:00:00.000Z"_s);

        VERIFY_ERROR(store->revokeDevice(u"nobody"_s, u"2026-01-08T00:00:00.000Z"_s), ErrorCode::NotFound);
        VERIFY_ERROR(store->setLastSequence(u"nobody"_s, 1), ErrorCode::NotFound);
    }

    void enrollmentCodesRoundTrip()
    {
        auto store = fresh();
        const EnrollmentCodeRecord code{u"K7Q2"_s,
                                        QByteArray(32, '\x5a'),
                                        u"410100"_s,
                                        u"city"_s,
                                        u"2026-01-05T08:00:00.000Z"_s,
                                        u"2026-01-08T08:00:00.000Z"_s,
                                        0,
                                        std::nullopt,
                                        QString()};
        VERIFY_OK(store->insertCode(code));
        VERIFY_ERROR(store->insertCode(code), ErrorCode::Conflict);
        QVERIFY(!store->code(u"ZZZZ"_s)->has_value());

        VERIFY_OK(store->addFailedAttempt(u"K7Q2"_s));
        VERIFY_OK(store->addFailedAttempt(u"K7Q2"_s));
        VERIFY_ERROR(store->addFailedAttempt(u"ZZZZ"_s), ErrorCode::NotFound);
        VERIFY_OK(store->markCodeUsed(u"K7Q2"_s, u"dev"_s, u"2026-01-06T00:00:00.000Z"_s));
        VERIFY_ERROR(store->markCodeUsed(u"K7Q2"_s, u"other"_s, u"2026-01-06T00:00:01.000Z"_s),
                     ErrorCode::Conflict);
        VERIFY_ERROR(store->markCodeUsed(u"ZZZZ"_s, u"dev"_s, u"2026-01-06T00:00:00.000Z"_s),
                     ErrorCode::NotFound);

        EnrollmentCodeRecord expected = code;
        expected.failedAttempts = 2;
        expected.usedAt = u"2026-01-06T00:00:00.000Z"_s;
        expected.usedBy = u"dev"_s;
        QCOMPARE(rowText(store->code(u"K7Q2"_s)->value()), rowText(expected));
    }

    void changeSetsAreAcceptedOnce()
    {
        auto store = fresh();
        const ChangeSetRecord first{
            u"cs-1"_s, u"dev"_s, 1, u"2026-01-05T08:00:00.000Z"_s, 3, 1, QByteArray("reply\0bytes", 11)};
        VERIFY_OK(store->insertChangeSet(first));
        auto got = store->changeSet(u"cs-1"_s);
        VERIFY_OK(got);
        QCOMPARE(rowText(got->value()), rowText(first));
        QVERIFY(!store->changeSet(u"cs-none"_s)->has_value());

        ChangeSetRecord sameId = first;
        sameId.sequence = 2;
        VERIFY_ERROR(store->insertChangeSet(sameId), ErrorCode::Conflict);
        ChangeSetRecord sameSequence = first;
        sameSequence.id = u"cs-2"_s;
        VERIFY_ERROR(store->insertChangeSet(sameSequence), ErrorCode::Conflict);
        ChangeSetRecord otherDevice = sameSequence;
        otherDevice.device = u"dev-2"_s;
        VERIFY_OK(store->insertChangeSet(otherDevice));
    }

    void putRecordAssignsIncreasingSequenceAndReplaces()
    {
        auto store = fresh();
        QCOMPARE(store->lastSequence().value_or(99), 0u);
        StoredRecord a = record(u"volunteer"_s, u"a"_s, u"410105"_s);
        StoredRecord b = record(u"team"_s, u"b"_s, u"410105"_s);
        QCOMPARE(store->putRecord(a).value_or(0), 1u);
        QCOMPARE(a.seq, 1u);
        QCOMPARE(store->putRecord(b).value_or(0), 2u);
        AliasRecord alias{u"a-offline"_s, u"a"_s, u"410105"_s, 0};
        QCOMPARE(store->putAlias(alias).value_or(0), 3u); // one sequence for records and aliases
        QCOMPARE(alias.seq, 3u);

        a.data = R"({"id":"a","name":"李娜"})";
        a.region = u"410102"_s;
        a.previousRegion = u"410105"_s;
        QCOMPARE(store->putRecord(a).value_or(0), 4u);
        QCOMPARE(store->lastSequence().value_or(0), 4u);

        auto rows = store->records(u"volunteer"_s, {u"a"_s, u"b"_s, u"missing"_s});
        VERIFY_OK(rows);
        QCOMPARE(rows->size(), 1); // b is a team
        const StoredRecord& stored = rows->value(u"a"_s);
        QCOMPARE(stored.data, a.data);
        QCOMPARE(stored.clocks, a.clocks);
        QCOMPARE(stored.region, u"410102"_s);
        QCOMPARE(stored.previousRegion, u"410105"_s);
        QCOMPARE(stored.seq, 4u);
        QVERIFY(store->records(u"volunteer"_s, {})->isEmpty());

        auto all = store->recordsSince(0, ScopeFilter{}, 100);
        VERIFY_OK(all);
        QCOMPARE(idsOf(*all), (QStringList{u"b"_s, u"a"_s}));
        QCOMPARE(seqsOf(*all), (QList<quint64>{2, 4}));
        QCOMPARE(store->alias(u"a-offline"_s)->value().toId, u"a"_s);
        QVERIFY(!store->alias(u"a"_s)->has_value());
    }

    void jsonIsStoredAsText()
    {
        const QString path = nextPath();
        auto store = openStore(path);
        StoredRecord team = record(u"team"_s, u"t"_s, u"410105"_s);
        VERIFY_OK(store->putRecord(team));
        StoredRecord volunteer = record(u"volunteer"_s, u"v"_s, u"410105"_s, {}, QByteArray(32, '\x01'));
        VERIFY_OK(store->putRecord(volunteer));
        // TEXT, so the sqlite3 shell and SQLite's JSON functions read it; no identity is NULL, not ''.
        test::DbProbe probe(path);
        QCOMPARE(probe.dump(u"SELECT id, typeof(data), typeof(clocks), json_valid(data), typeof(identity) "
                            "FROM records ORDER BY seq"_s),
                 (QStringList{u"t|text|text|1|null"_s, u"v|text|text|1|blob"_s}));
        QCOMPARE(
            probe.scalar(u"SELECT json_extract(data, '$.name') FROM records WHERE id = 'v'"_s).toString(),
            u"张伟"_s);
    }

    void oneLiveVolunteerPerIdentity()
    {
        auto store = fresh();
        const QByteArray identity(32, '\x07');
        StoredRecord first = record(u"volunteer"_s, u"first"_s, u"410105"_s, {}, identity);
        StoredRecord second = record(u"volunteer"_s, u"second"_s, u"410102"_s, {}, identity);
        VERIFY_OK(store->putRecord(first));
        VERIFY_ERROR(store->putRecord(second), ErrorCode::Conflict);
        // A refused row takes no sequence number and changes nothing.
        QCOMPARE(store->lastSequence().value_or(0), 1u);
        QVERIFY(store->records(u"volunteer"_s, {u"second"_s})->isEmpty());
        // Rows without an identity (teams, memberships) never collide.
        for (const QString& id : {u"t1"_s, u"t2"_s}) {
            StoredRecord team = record(u"team"_s, id, u"410105"_s);
            VERIFY_OK(store->putRecord(team));
        }

        first.deleted = true;
        VERIFY_OK(store->putRecord(first));
        VERIFY_OK(store->putRecord(second));
        QCOMPARE(store->recordByIdentity(identity)->value().id, u"second"_s);
        first.deleted = false; // reviving the first while the second is live is refused
        VERIFY_ERROR(store->putRecord(first), ErrorCode::Conflict);
        // A refusal inside a transaction leaves it usable for the rest of the change set.
        VERIFY_OK(store->transact([&]() -> Status {
            if (auto refused = store->putRecord(first);
                refused || refused.error().code != ErrorCode::Conflict)
                return fail(ErrorCode::Internal, u"the revival should have been refused"_s);
            StoredRecord team = record(u"team"_s, u"t3"_s, u"410105"_s);
            return store->putRecord(team) ? Status{} : kRefused;
        }));
        QCOMPARE(store->records(u"team"_s, {u"t3"_s})->value(u"t3"_s).seq, 6u);
        QVERIFY(!store->recordByIdentity(QByteArray(32, '\x08'))->has_value());
        QVERIFY(!store->recordByIdentity(QByteArray())->has_value());
    }

    void recordsSinceFiltersByScope_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QStringList>("ancestors");
        QTest::addColumn<QStringList>("expected");
        const QStringList all{u"v-jinshui"_s, u"v-zhongyuan"_s, u"t-zhengzhou"_s, u"t-province"_s,
                              u"v-moved"_s,   u"v-jiyuan"_s,    u"m-jinshui"_s,   u"t-left-city"_s};
        QTest::newRow("everything") << QString() << QStringList{} << all;
        QTest::newRow("province") << u"41"_s << QStringList{} << all;
        // Only where a record is now counts; the region it left learns of the move from departures.
        QTest::newRow("county sees its ancestors, not who left it")
            << u"410105"_s << QStringList{u"410100"_s, u"410000"_s}
            << QStringList{u"v-jinshui"_s, u"t-zhengzhou"_s, u"t-province"_s, u"m-jinshui"_s};
        QTest::newRow("county without ancestors")
            << u"410105"_s << QStringList{} << QStringList{u"v-jinshui"_s, u"m-jinshui"_s};
        QTest::newRow("city prefix") << u"4101"_s << QStringList{u"410000"_s}
                                     << QStringList{u"v-jinshui"_s, u"v-zhongyuan"_s, u"t-zhengzhou"_s,
                                                    u"t-province"_s, u"m-jinshui"_s};
        QTest::newRow("other city") << u"4103"_s << QStringList{u"410000"_s}
                                    << QStringList{u"t-province"_s, u"v-moved"_s};
        QTest::newRow("jiyuan") << u"419001"_s << QStringList{u"410000"_s}
                                << QStringList{u"t-province"_s, u"v-jiyuan"_s};
        QTest::newRow("an empty ancestor matches nothing extra")
            << u"419001"_s << QStringList{QString()} << QStringList{u"v-jiyuan"_s};
        QTest::newRow("pattern characters are not patterns") << u"41%"_s << QStringList{} << QStringList{};
    }

    void recordsSinceFiltersByScope()
    {
        QFETCH(QString, prefix);
        QFETCH(QStringList, ancestors);
        QFETCH(QStringList, expected);
        auto store = fresh();
        putScopeFixture(*store);
        auto rows = store->recordsSince(0, ScopeFilter{prefix, ancestors}, 100);
        VERIFY_OK(rows);
        QCOMPARE(idsOf(*rows), expected);
    }

    void recordsSinceHonoursCursorAndLimit()
    {
        auto store = fresh();
        putScopeFixture(*store);
        const ScopeFilter city{u"4101"_s, {u"410000"_s}};
        const QStringList everything = idsOf(store->recordsSince(0, city, 100).value());
        QStringList paged;
        quint64 cursor = 0;
        for (int page = 0; page < 10; ++page) {
            auto rows = store->recordsSince(cursor, city, 2);
            VERIFY_OK(rows);
            QVERIFY(rows->size() <= 2);
            if (rows->isEmpty())
                break;
            paged << idsOf(*rows);
            cursor = rows->last().seq;
        }
        QCOMPARE(paged, everything);
        QCOMPARE(idsOf(store->recordsSince(5, ScopeFilter{}, 100).value()),
                 (QStringList{u"v-jiyuan"_s, u"m-jinshui"_s, u"t-left-city"_s}));
        VERIFY_ERROR(store->recordsSince(0, city, 0), ErrorCode::Usage);
    }

    void aliasesSinceTakesARangeAndAScope()
    {
        auto store = fresh();
        StoredRecord filler = record(u"team"_s, u"t"_s, u"410105"_s);
        AliasRecord jinshui{u"old-1"_s, u"new-1"_s, u"410105"_s, 0};
        AliasRecord luoyang{u"old-2"_s, u"new-2"_s, u"410305"_s, 0};
        AliasRecord zhongyuan{u"old-3"_s, u"new-3"_s, u"410102"_s, 0};
        VERIFY_OK(store->putAlias(jinshui));   // 1
        VERIFY_OK(store->putRecord(filler));   // 2
        VERIFY_OK(store->putAlias(luoyang));   // 3
        VERIFY_OK(store->putAlias(zhongyuan)); // 4
        const auto fromIds = [](const QList<AliasRecord>& rows) {
            QStringList ids;
            for (const auto& row : rows)
                ids << row.fromId;
            return ids;
        };
        QCOMPARE(fromIds(store->aliasesSince(0, 4, ScopeFilter{}).value()),
                 (QStringList{u"old-1"_s, u"old-2"_s, u"old-3"_s}));
        QCOMPARE(fromIds(store->aliasesSince(1, 3, ScopeFilter{}).value()), QStringList{u"old-2"_s});
        QCOMPARE(fromIds(store->aliasesSince(0, 4, ScopeFilter{u"4101"_s, {}}).value()),
                 (QStringList{u"old-1"_s, u"old-3"_s}));
        QCOMPARE(fromIds(store->aliasesSince(0, 4, ScopeFilter{u"410105"_s, {u"410305"_s}}).value()),
                 (QStringList{u"old-1"_s, u"old-2"_s}));
        QVERIFY(store->aliasesSince(4, 4, ScopeFilter{}).value().isEmpty());
    }

    void departuresShareTheSequenceAndFilterByScope()
    {
        auto store = fresh();
        StoredRecord filler = record(u"team"_s, u"t"_s, u"410105"_s);
        DepartureRecord fromJinshui{u"volunteer"_s, u"v1"_s, u"410105"_s, 0};
        DepartureRecord fromLuoyang{u"volunteer"_s, u"v2"_s, u"410305"_s, 0};
        VERIFY_OK(store->putRecord(filler));         // 1
        VERIFY_OK(store->putDeparture(fromJinshui)); // 2
        VERIFY_OK(store->putDeparture(fromLuoyang)); // 3
        QCOMPARE(fromJinshui.seq, 2u);
        QCOMPARE(store->lastSequence().value(), 3u);
        const auto ids = [](const QList<DepartureRecord>& rows) {
            QStringList out;
            for (const auto& row : rows)
                out << row.id;
            return out;
        };
        QCOMPARE(ids(store->departuresSince(0, 3, ScopeFilter{}).value()), (QStringList{u"v1"_s, u"v2"_s}));
        QCOMPARE(ids(store->departuresSince(2, 3, ScopeFilter{}).value()), QStringList{u"v2"_s});
        QCOMPARE(ids(store->departuresSince(0, 3, ScopeFilter{u"4101"_s, {}}).value()), QStringList{u"v1"_s});
        QVERIFY(store->departuresSince(0, 3, ScopeFilter{u"410102"_s, {}}).value().isEmpty());
    }

    // Server step 2 adds departures to a version-1 registry without touching its rows.
    void step2AddsDeparturesKeepingTheRegistry()
    {
        const QString path = nextPath();
        {
            auto connection = SqliteConnection::open(path);
            QVERIFY(connection.has_value());
            QCOMPARE(ServerMigrations::migrator().migrate(**connection, 1).value_or(-1), 1);
            QVERIFY((*connection)
                        ->run(u"INSERT INTO records(entity, id, data, clocks, region, seq) "
                              "VALUES('team', 't', '{}', '{}', '410105', 7)"_s)
                        .has_value());
        }
        auto store = openStore(path); // migrates to the latest version
        QCOMPARE(store->lastSequence().value(), 7u);
        DepartureRecord departure{u"team"_s, u"t"_s, u"410105"_s, 0};
        VERIFY_OK(store->putDeparture(departure));
        QCOMPARE(departure.seq, 8u);
    }

    // Server step 3 adds the upload tables to a version-2 registry: what step 2 held survives.
    void step3AddsUploadsKeepingTheRegistry()
    {
        const QString path = nextPath();
        {
            auto connection = SqliteConnection::open(path);
            QVERIFY(connection.has_value());
            QCOMPARE(ServerMigrations::migrator().migrate(**connection, 2).value_or(-1), 2);
            for (const QString& sql :
                 {u"INSERT INTO records(entity, id, data, clocks, region, seq) "
                  "VALUES('team', 't', '{}', '{}', '410105', 7)"_s,
                  u"INSERT INTO departures(seq, entity, id, region) VALUES(9, 'team', 't', '410102')"_s,
                  u"INSERT INTO devices(id, scope, role, sign_key, box_key, enrolled_at, last_sequence) "
                  "VALUES('d', '410105', 'county', x'11', x'22', '2026-01-05T08:00:00.000Z', 4)"_s})
                QVERIFY((*connection)->run(sql).has_value());
        }
        auto store = openStore(path); // migrates to the latest version
        QCOMPARE(store->lastSequence().value(), 9u);
        QCOMPARE(store->device(u"d"_s).value()->lastSequence, 4u);
        QCOMPARE(store->records(u"team"_s, {u"t"_s}).value().value(u"t"_s).region, u"410105"_s);
        QCOMPARE(store->departuresSince(0, 9, ScopeFilter{u"410102"_s, {}}).value().size(), 1);
        VERIFY_OK(store->insertUpload(UploadRecord{u"d"_s, u"cs"_s, 10, 0, u"a"_s, u"a"_s}));
        VERIFY_OK(store->appendUploadChunk(u"d"_s, u"cs"_s, 0, "abc", u"b"_s));
        QCOMPARE(store->upload(u"d"_s, u"cs"_s).value()->held, 3);
    }

    void uploadChunksAreContiguousAndCollected()
    {
        const QString path = nextPath();
        {
            auto store = openStore(path);
            QVERIFY(!store->upload(u"d"_s, u"cs"_s).value().has_value());
            QCOMPARE(store->uploadCount(u"d"_s).value(), 0);
            const UploadRecord upload{
                u"d"_s, u"cs"_s, 9, 0, u"2026-01-01T00:00:00.000Z"_s, u"2026-01-01T00:00:00.000Z"_s};
            VERIFY_OK(store->insertUpload(upload));
            VERIFY_ERROR(store->insertUpload(upload), ErrorCode::Conflict);
            VERIFY_OK(store->appendUploadChunk(u"d"_s, u"cs"_s, 0, "abc", u"2026-01-02T00:00:00.000Z"_s));
            // Not at the bytes held: refused, nothing stored.
            VERIFY_ERROR(store->appendUploadChunk(u"d"_s, u"cs"_s, 0, "abc", u"2026-01-03T00:00:00.000Z"_s),
                         ErrorCode::Conflict);
            VERIFY_ERROR(store->appendUploadChunk(u"d"_s, u"cs"_s, 4, "xyz", u"2026-01-03T00:00:00.000Z"_s),
                         ErrorCode::Conflict);
            VERIFY_ERROR(
                store->appendUploadChunk(u"d"_s, u"other"_s, 0, "abc", u"2026-01-03T00:00:00.000Z"_s),
                ErrorCode::Conflict);
            VERIFY_OK(store->appendUploadChunk(u"d"_s, u"cs"_s, 3, "defg", u"2026-01-04T00:00:00.000Z"_s));
        }
        // Reopened (a restarted server): every acknowledged chunk is still there.
        auto store = openStore(path);
        const auto upload = store->upload(u"d"_s, u"cs"_s).value();
        QVERIFY(upload.has_value());
        QCOMPARE(upload->total, 9);
        QCOMPARE(upload->held, 7);
        QCOMPARE(upload->updatedAt, u"2026-01-04T00:00:00.000Z"_s);
        QCOMPARE(store->uploadBytes(u"d"_s, u"cs"_s).value(), QByteArray("abcdefg"));
        QCOMPARE(store->uploadCount(u"d"_s).value(), 1);
        QCOMPARE(store->uploadCount(u"e"_s).value(), 0);

        VERIFY_OK(store->insertUpload(UploadRecord{u"e"_s, u"old"_s, 5, 0, u"2025-12-01T00:00:00.000Z"_s,
                                                   u"2025-12-01T00:00:00.000Z"_s}));
        VERIFY_OK(store->appendUploadChunk(u"e"_s, u"old"_s, 0, "12", u"2025-12-02T00:00:00.000Z"_s));
        QCOMPARE(store->deleteUploadsUntouchedSince(u"2026-01-01T00:00:00.000Z"_s).value(), 1);
        QVERIFY(!store->upload(u"e"_s, u"old"_s).value().has_value());
        QVERIFY(store->uploadBytes(u"e"_s, u"old"_s).value().isEmpty());
        QVERIFY(store->upload(u"d"_s, u"cs"_s).value().has_value());

        VERIFY_OK(store->deleteUpload(u"d"_s, u"cs"_s));
        VERIFY_OK(store->deleteUpload(u"d"_s, u"cs"_s));
        QVERIFY(!store->upload(u"d"_s, u"cs"_s).value().has_value());
        test::DbProbe probe(path);
        QCOMPARE(probe.count(u"SELECT count(*) FROM upload_chunks"_s), 0);
        QCOMPARE(probe.count(u"SELECT count(*) FROM uploads"_s), 0);
    }

    void liveRecordsAndCountsSkipDeletedRows()
    {
        auto store = fresh();
        for (StoredRecord r :
             {record(u"volunteer"_s, u"c"_s, u"410105"_s), record(u"volunteer"_s, u"a"_s, u"410105"_s),
              record(u"volunteer"_s, u"b"_s, u"410102"_s),
              record(u"volunteer"_s, u"gone"_s, u"410105"_s, {}, {}, true),
              record(u"volunteer"_s, u"puyang"_s, u"410928"_s),
              record(u"volunteer"_s, u"xuchang"_s, u"411002"_s), record(u"team"_s, u"team"_s, u"410105"_s)})
            VERIFY_OK(store->putRecord(r));

        QCOMPARE(idsOf(store->liveRecords(u"volunteer"_s, u"4101"_s).value()),
                 (QStringList{u"a"_s, u"b"_s, u"c"_s}));
        QCOMPARE(idsOf(store->liveRecords(u"volunteer"_s, u"410105"_s).value()),
                 (QStringList{u"a"_s, u"c"_s}));
        // A prefix ending in 9 must not reach the next city (4109 濮阳, 4110 许昌).
        QCOMPARE(idsOf(store->liveRecords(u"volunteer"_s, u"4109"_s).value()), QStringList{u"puyang"_s});
        QCOMPARE(store->liveRecords(u"volunteer"_s, QString()).value().size(), 5);
        QCOMPARE(idsOf(store->liveRecords(u"team"_s, u"41"_s).value()), QStringList{u"team"_s});
        VERIFY_ERROR(store->liveRecords(u"volunteer"_s, u"41%"_s), ErrorCode::Usage);

        auto counts = store->liveVolunteerCounts();
        VERIFY_OK(counts);
        const QHash<QString, int> expected{
            {u"410105"_s, 2}, {u"410102"_s, 1}, {u"410928"_s, 1}, {u"411002"_s, 1}};
        QCOMPARE(*counts, expected);
    }

    void conflictsClampsAndAuditRoundTrip()
    {
        const QString path = nextPath();
        auto store = openStore(path);
        const ConflictRecord conflict{
            u"volunteer"_s, u"v1"_s,     u"mobile"_s, R"("13903710001")", R"("13903710002")",
            u"s-kept"_s,    u"s-lost"_s, u"dev-a"_s,  u"dev-b"_s,         u"2026-01-05T08:00:00.000Z"_s,
            u"cs-1"_s};
        VERIFY_OK(store->addConflict(conflict));
        auto conflicts = store->conflicts();
        VERIFY_OK(conflicts);
        QCOMPARE(conflicts->size(), 1);
        QCOMPARE(rowText(conflicts->first()), rowText(conflict));

        const ClampRecord clamp{u"dev-a"_s, u"cs-1"_s, u"s-future"_s, u"s-now"_s,
                                u"2026-01-05T08:00:00.000Z"_s};
        VERIFY_OK(store->addClamp(clamp));
        auto clamps = store->clamps();
        VERIFY_OK(clamps);
        QCOMPARE(clamps->size(), 1);
        QCOMPARE(rowText(clamps->first()), rowText(clamp));

        VERIFY_OK(store->addAudit(u"admin"_s, u"export"_s, u"volunteer"_s, u"4101"_s, 12));
        test::DbProbe probe(path);
        QCOMPARE(probe.dump(u"SELECT at, actor, action, entity, detail, row_count FROM audit_log"_s),
                 QStringList{u"2026-01-05T08:00:00.000Z|admin|export|volunteer|4101|12"_s});
    }

    void transactRollsEverythingBack()
    {
        auto store = fresh();
        StoredRecord kept = record(u"team"_s, u"kept"_s, u"410105"_s);
        VERIFY_OK(store->putRecord(kept));
        const Status outcome = store->transact([&]() -> Status {
            StoredRecord r = record(u"team"_s, u"lost"_s, u"410105"_s);
            AliasRecord a{u"x"_s, u"kept"_s, u"410105"_s, 0};
            if (!store->putRecord(r) || !store->putAlias(a) || !store->insertDevice(deviceRecord(u"dev"_s)) ||
                !store->setSetting(u"k"_s, u"v"_s))
                return fail(ErrorCode::Internal, u"fixture write failed"_s);
            if (store->lastSequence().value_or(0) != 3)
                return fail(ErrorCode::Internal, u"sequence not counted inside the transaction"_s);
            return kRefused;
        });
        VERIFY_ERROR(outcome, ErrorCode::InvalidInput); // the work's failure, unchanged
        QCOMPARE(outcome.error().message, kRefused.error().message);
        QVERIFY(store->records(u"team"_s, {u"lost"_s})->isEmpty());
        QVERIFY(!store->alias(u"x"_s)->has_value());
        QVERIFY(!store->device(u"dev"_s)->has_value());
        QVERIFY(!store->setting(u"k"_s)->has_value());
        QCOMPARE(store->lastSequence().value_or(0), 1u);
        StoredRecord next = record(u"team"_s, u"next"_s, u"410105"_s);
        QCOMPARE(store->putRecord(next).value_or(0), 2u); // the rolled-back numbers are handed out again
    }

    void nestedTransactJoinsTheOuterOne()
    {
        auto store = fresh();
        // An inner success is undone by an outer failure.
        VERIFY_ERROR(store->transact([&]() -> Status {
            const Status inner = store->transact([&]() -> Status {
                StoredRecord r = record(u"team"_s, u"inner"_s, u"410105"_s);
                return store->putRecord(r) ? Status{} : kRefused;
            });
            return inner ? kRefused : fail(ErrorCode::Internal, u"inner failed"_s);
        }),
                     ErrorCode::InvalidInput);
        QVERIFY(store->records(u"team"_s, {u"inner"_s})->isEmpty());

        // An inner failure undoes only its own part; the numbers it took are not lost or doubled.
        VERIFY_OK(store->transact([&]() -> Status {
            StoredRecord before = record(u"team"_s, u"before"_s, u"410105"_s);
            if (!store->putRecord(before))
                return kRefused;
            const Status inner = store->transact([&]() -> Status {
                StoredRecord r = record(u"team"_s, u"inner"_s, u"410105"_s);
                (void)store->putRecord(r);
                return kRefused;
            });
            if (inner)
                return fail(ErrorCode::Internal, u"inner should have failed"_s);
            StoredRecord after = record(u"team"_s, u"after"_s, u"410105"_s);
            return store->putRecord(after) ? Status{} : kRefused;
        }));
        auto rows = store->recordsSince(0, ScopeFilter{}, 100);
        QCOMPARE(idsOf(*rows), (QStringList{u"before"_s, u"after"_s}));
        QCOMPARE(seqsOf(*rows), (QList<quint64>{1, 2}));
    }

    void reopeningKeepsDataAndContinuesTheSequence()
    {
        const QString path = nextPath();
        {
            auto store = openStore(path);
            StoredRecord r = record(u"volunteer"_s, u"v"_s, u"410105"_s, {}, QByteArray(32, '\x01'));
            VERIFY_OK(store->putRecord(r));
            AliasRecord a{u"v-old"_s, u"v"_s, u"410105"_s, 0};
            VERIFY_OK(store->putAlias(a)); // the highest number sits in aliases
            VERIFY_OK(store->insertDevice(deviceRecord(u"dev"_s)));
        }
        auto store = openStore(path);
        QCOMPARE(store->lastSequence().value_or(0), 2u);
        QCOMPARE(store->records(u"volunteer"_s, {u"v"_s})->value(u"v"_s).identity, QByteArray(32, '\x01'));
        QVERIFY(store->device(u"dev"_s)->has_value());
        StoredRecord next = record(u"team"_s, u"t"_s, u"410105"_s);
        QCOMPARE(store->putRecord(next).value_or(0), 3u);
    }

    void twoConnectionsNeverHandOutOneNumberTwice()
    {
        const QString path = nextPath();
        auto first = openStore(path);
        auto second = openStore(path);
        for (int i = 0; i < 3; ++i) {
            StoredRecord a = record(u"team"_s, u"a%1"_s.arg(i), u"410105"_s);
            StoredRecord b = record(u"team"_s, u"b%1"_s.arg(i), u"410105"_s);
            QCOMPARE(first->putRecord(a).value_or(0), quint64(2 * i + 1));
            QCOMPARE(second->putRecord(b).value_or(0), quint64(2 * i + 2));
        }
    }
};

QTEST_GUILESS_MAIN(TestRegistryStore)
#include "TestRegistryStore.moc"
