// LocalRecords on a real client database: records as the merge sees them, their clocks in the
// record's own row (migration 0008), and the insert-if-absent shortcut most of a first pull takes.
#include "store/ClientDatabase.h"
#include "sync/Change.h"
#include "sync/LocalRecords.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;
using namespace Qt::StringLiterals;

namespace {

HlcTimestamp stamp(qint64 ms, const QString& device = u"0b8e1f8c-1111-4c4c-8d8d-000000000001"_s)
{
    return HlcTimestamp{ms, 0, device};
}

RecordState volunteer(const QString& id, const QString& idNumber, qint64 ms, bool deleted = false)
{
    RecordState state{entity::kVolunteer, id, {}, {}};
    for (const auto& [key, value] :
         {std::pair{u"name"_s, u"张伟"_s}, std::pair{u"mobile"_s, u"13903710001"_s},
          std::pair{u"gender"_s, u"男"_s}, std::pair{u"province"_s, u"410000"_s},
          std::pair{u"city"_s, u"410100"_s}, std::pair{u"county"_s, u"410105"_s}})
        state.data.insert(key, value);
    state.data.insert(u"id_number"_s, idNumber);
    // Every column, as a load returns them.
    for (const char* empty :
         {"political_status", "ethnicity", "employer", "title", "education", "occupation"})
        state.data.insert(QString::fromLatin1(empty), QString());
    state.data.insert(u"service_categories"_s, QStringList{u"科技培训"_s, u"科学普及"_s});
    state.data.insert(u"service_fields"_s, QStringList());
    state.data.insert(u"three_heads"_s, false);
    state.data.insert(u"deleted"_s, deleted);
    state.clocks.setAll(stamp(ms));
    return state;
}

} // namespace

class TestLocalRecords : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<ClientDatabase> m_db;

    int count(const QString& sql, const QVariantList& params = {})
    {
        return m_db->sql().scalar(sql, params).value_or(QVariant(-1)).toInt();
    }

private slots:
    void init()
    {
        auto db = ClientDatabase::open(m_dir.filePath(u"records%1.sqlite"_s.arg(++m_counter)));
        QVERIFY2(db.has_value(), db ? "" : qPrintable(db.error().message));
        m_db = std::move(*db);
        QVERIFY(m_db->initialize(u"410000"_s).has_value());
    }

    void aNewRecordIsInsertedWithItsClocksInTheRow()
    {
        LocalRecords records(*m_db);
        const RecordState incoming = volunteer(u"v1"_s, u"410105195001010136"_s, 1000);
        auto inserted = records.insertIfAbsent(incoming, u"t"_s);
        QVERIFY2(inserted.has_value(), inserted ? "" : qPrintable(inserted.error().message));
        QVERIFY(*inserted);
        QCOMPARE(m_db->sql().scalar(u"SELECT clocks FROM volunteers WHERE id = 'v1'"_s)->toString(),
                 incoming.clocks.toJsonString());
        auto loaded = records.load(entity::kVolunteer, u"v1"_s);
        QVERIFY(loaded.has_value() && loaded->has_value());
        QVERIFY2((*loaded)->equivalent(incoming), qPrintable((*loaded)->data.toJsonText()));
        QCOMPARE((*loaded)->clocks, incoming.clocks);
    }

    void aRecordAlreadyHereIsLeftForTheMerge()
    {
        LocalRecords records(*m_db);
        QVERIFY(records.insertIfAbsent(volunteer(u"v1"_s, u"410105195001010136"_s, 1000), u"t"_s)
                    .value_or(false));
        // Same id, a later state: nothing written, the caller merges.
        RecordState later = volunteer(u"v1"_s, u"410105195001010136"_s, 2000);
        later.data.insert(u"name"_s, u"张卫"_s);
        auto again = records.insertIfAbsent(later, u"t"_s);
        QVERIFY(again.has_value());
        QVERIFY(!*again);
        QCOMPARE(m_db->sql().scalar(u"SELECT name FROM volunteers WHERE id = 'v1'"_s)->toString(), u"张伟"_s);
    }

    void anOfflineTwinWithTheLiveIdNumberIsLeftForTheFold()
    {
        LocalRecords records(*m_db);
        QVERIFY(records.insertIfAbsent(volunteer(u"local"_s, u"410105195001010136"_s, 1000), u"t"_s)
                    .value_or(false));
        auto twin = records.insertIfAbsent(volunteer(u"registry"_s, u"410105195001010136"_s, 2000), u"t"_s);
        QVERIFY(twin.has_value());
        QVERIFY(!*twin);
        QCOMPARE(count(u"SELECT COUNT(*) FROM volunteers"_s), 1);
        // A tombstone holds no live ID number: it is stored beside the live person.
        auto tombstone =
            records.insertIfAbsent(volunteer(u"gone"_s, u"410105195001010136"_s, 3000, true), u"t"_s);
        QVERIFY(tombstone.has_value());
        QVERIFY(*tombstone);
        QCOMPARE(count(u"SELECT COUNT(*) FROM volunteers"_s), 2);
    }

    void membershipsAndTeamsKeepTheirClocksInTheirRows()
    {
        LocalRecords records(*m_db);
        RecordState membership{entity::kMembership, u"t1/v1"_s, {}, {}};
        membership.data.insert(u"deleted"_s, false);
        membership.clocks.set(u"deleted"_s, stamp(1000));
        QVERIFY(records.insertIfAbsent(membership, u"t"_s).value_or(false));
        QVERIFY(!records.insertIfAbsent(membership, u"t"_s).value_or(true));
        membership.data.insert(u"deleted"_s, true);
        membership.clocks.set(u"deleted"_s, stamp(2000));
        QVERIFY(records.save(membership, u"t"_s).has_value());
        auto loaded = records.load(entity::kMembership, u"t1/v1"_s);
        QVERIFY(loaded.has_value() && loaded->has_value());
        QVERIFY((*loaded)->isDeleted());
        QCOMPARE((*loaded)->clocks.stampOf(u"deleted"_s), stamp(2000));
        // Dropping a record takes its clocks with it: loaded again, nothing is there.
        QVERIFY(records.drop(entity::kMembership, u"t1/v1"_s).has_value());
        auto dropped = records.load(entity::kMembership, u"t1/v1"_s);
        QVERIFY(dropped.has_value());
        QVERIFY(!dropped->has_value());

        RecordState team{entity::kTeam, u"t1"_s, {}, {}};
        for (const auto& [key, value] :
             {std::pair{u"name"_s, u"金水区科技志愿服务队"_s}, std::pair{u"province"_s, u"410000"_s}})
            team.data.insert(key, value);
        team.data.insert(u"deleted"_s, false);
        team.clocks.setAll(stamp(1000));
        team.clocks.set(u"name"_s, stamp(1500));
        QVERIFY(records.insertIfAbsent(team, u"t"_s).value_or(false));
        auto loadedTeam = records.load(entity::kTeam, u"t1"_s);
        QVERIFY(loadedTeam.has_value() && loadedTeam->has_value());
        QCOMPARE((*loadedTeam)->clocks, team.clocks);
    }
};

QTEST_GUILESS_MAIN(TestLocalRecords)
#include "TestLocalRecords.moc"
