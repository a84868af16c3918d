// PullService in process, on a real SQLite registry filled through IngestService: what each
// device's scope shows (its subtree plus teams at its ancestors), paging in sequence order, a record
// that left a scope, aliases in the page that covers them, the checks on a signed pull request and
// the sealed page.
#include "ServerFixture.h"

#include "sync/PullRequest.h"

#include <QRandomGenerator>
#include <QSet>

using namespace kjzy;
using namespace kjzy::test;
using namespace Qt::StringLiterals;

namespace {

QString keyOf(const QString& entity, const QString& id)
{
    return entity + u':' + id;
}

QString keyOf(const Change& change)
{
    return keyOf(change.entity, change.id);
}

QStringList keysOf(const PullPage& page)
{
    QStringList keys;
    for (const RecordState& record : page.records)
        keys << keyOf(record.entity, record.id);
    return keys;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

// A registry across two cities and the province, written by the devices that own each record.
struct Registry
{
    explicit Registry(ServerFixture& f)
        : jinshui(f.enroll(u"410105"_s, u"county"_s)), zhongyuan(f.enroll(u"410102"_s, u"county"_s)),
          zhengzhou(f.enroll(u"410100"_s, u"city"_s)), jianxi(f.enroll(u"410305"_s, u"county"_s)),
          luoyang(f.enroll(u"410300"_s, u"city"_s)), province(f.enroll(u"410000"_s, u"province"_s))
    {
        zhang = f.newVolunteer(jinshui, u"张伟"_s, u"410105"_s, 11);
        wang = f.newVolunteer(jinshui, u"王芳"_s, u"410105"_s, 13);
        jinshuiTeam = f.newTeam(jinshui, u"金水区科技志愿服务队"_s, u"410105"_s);
        li = f.newVolunteer(zhongyuan, u"李娜"_s, u"410102"_s, 21);
        zhao = f.newVolunteer(zhengzhou, u"赵磊"_s, u"410181"_s, 31);
        cityTeam = f.newTeam(zhengzhou, u"郑州市科技志愿服务总队"_s, u"410100"_s);
        chen = f.newVolunteer(jianxi, u"陈静"_s, u"410305"_s, 41);
        luoyangTeam = f.newTeam(luoyang, u"洛阳市科技志愿服务总队"_s, u"410300"_s);
        zhou = f.newVolunteer(luoyang, u"周强"_s, u"410302"_s, 51);
        provinceTeam = f.newTeam(province, u"河南省科技志愿服务总队"_s, u"410000"_s);
        // Interleaved so that every device's records are spread over the log.
        push(f, province, {provinceTeam});
        push(f, jinshui, {zhang, jinshuiTeam});
        push(f, zhengzhou, {cityTeam, zhao});
        push(f, jianxi, {chen});
        push(f, zhongyuan, {li});
        jinshuiMember = f.membership(jinshui, jinshuiTeam.id, zhang.id);
        cityMember = f.membership(jinshui, cityTeam.id, wang.id);
        push(f, jinshui, {wang, jinshuiMember, cityMember});
        push(f, luoyang, {luoyangTeam, zhou});
    }

    static void push(ServerFixture& f, TestDevice& device, const QList<Change>& changes)
    {
        const IngestResult result = must(f.push(device, changes), "ingest");
        if (result.reply.accepted != changes.size() || !result.reply.rejected.isEmpty())
            qFatal("fixture change refused: %s", qPrintable(result.reply.rejected.value(0).reason));
    }

    QStringList visibleTo(const QString& name) const
    {
        const QStringList jinshuiOwn{keyOf(zhang), keyOf(wang), keyOf(jinshuiTeam), keyOf(jinshuiMember),
                                     keyOf(cityMember)};
        const QString provinceKey = keyOf(provinceTeam);
        if (name == u"jinshui")
            return jinshuiOwn + QStringList{keyOf(cityTeam), provinceKey};
        if (name == u"zhongyuan")
            return {keyOf(li), keyOf(cityTeam), provinceKey};
        if (name == u"zhengzhou")
            return jinshuiOwn + QStringList{keyOf(li), keyOf(zhao), keyOf(cityTeam), provinceKey};
        if (name == u"jianxi")
            return {keyOf(chen), keyOf(luoyangTeam), provinceKey};
        if (name == u"luoyang")
            return {keyOf(chen), keyOf(zhou), keyOf(luoyangTeam), provinceKey};
        if (name == u"province")
            return visibleTo(u"zhengzhou"_s) + QStringList{keyOf(chen), keyOf(zhou), keyOf(luoyangTeam)};
        qFatal("unknown device %s", qPrintable(name));
    }

    TestDevice& device(const QString& name)
    {
        for (auto [key, device] : {std::pair{"jinshui", &jinshui}, std::pair{"zhongyuan", &zhongyuan},
                                   std::pair{"zhengzhou", &zhengzhou}, std::pair{"jianxi", &jianxi},
                                   std::pair{"luoyang", &luoyang}, std::pair{"province", &province}}) {
            if (name == QLatin1StringView(key))
                return *device;
        }
        qFatal("unknown device %s", qPrintable(name));
    }

    TestDevice& jinshui;
    TestDevice& zhongyuan;
    TestDevice& zhengzhou;
    TestDevice& jianxi;
    TestDevice& luoyang;
    TestDevice& province;
    Change zhang, wang, jinshuiTeam, li, zhao, cityTeam, chen, luoyangTeam, zhou, provinceTeam;
    Change jinshuiMember, cityMember;
};

const QStringList kDevices{u"jinshui"_s, u"zhongyuan"_s, u"zhengzhou"_s,
                           u"jianxi"_s,  u"luoyang"_s,   u"province"_s};

QByteArray signedBy(const TestDevice& device, const QByteArray& body)
{
    return must(device.signing.sign(PullRequest::signingMessage(body)), "sign a pull request");
}

// Every item of a page in order, as text: records, aliases and departures.
QStringList itemsOf(const PullPage& page)
{
    QStringList items;
    for (const RecordState& record : page.records)
        items << u"record "_s + keyOf(record.entity, record.id) + u' ' + record.clocks.latest().toString();
    for (const IdAlias& alias : page.aliases)
        items << u"alias "_s + alias.fromId + u'>' + alias.toId;
    for (const RecordKey& key : page.departures)
        items << u"departure "_s + keyOf(key.entity, key.id);
    return items;
}

} // namespace

class TestPullService : public QObject
{
    Q_OBJECT

    // Read-only suites share one registry.
    std::unique_ptr<ServerFixture> m_fixture;
    std::unique_ptr<Registry> m_registry;

    // Every record key of the registry in log order.
    QStringList logOrder() const
    {
        const DbProbe probe(m_fixture->registryPath());
        QStringList keys;
        for (const QVariantList& row : probe.rows(u"SELECT entity, id FROM records ORDER BY seq"_s))
            keys << keyOf(row.at(0).toString(), row.at(1).toString());
        return keys;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(Sodium::initialize().has_value());
        m_fixture = std::make_unique<ServerFixture>();
        m_registry = std::make_unique<Registry>(*m_fixture);
        QCOMPARE(m_fixture->recordRows(), 12);
    }

    void cleanupTestCase()
    {
        m_registry.reset();
        m_fixture.reset();
    }

    void scopeOfEachDevice_data()
    {
        QTest::addColumn<QString>("device");
        for (const QString& device : kDevices)
            QTest::newRow(qPrintable(device)) << device;
    }

    void scopeOfEachDevice()
    {
        QFETCH(QString, device);
        ServerFixture& f = *m_fixture;
        const quint64 last = must(f.store->lastSequence(), "last sequence");
        auto page = f.pull->page(f.deviceRecord(m_registry->device(device)), 0, 1000);
        VERIFY_OK(page);
        QCOMPARE(sorted(keysOf(*page)), sorted(m_registry->visibleTo(device)));
        QCOMPARE(page->cursor, quint64(0));
        QCOMPARE(page->nextCursor, last);
        QVERIFY(!page->more);
        QVERIFY(page->aliases.isEmpty());
        // Whole current states, as stored.
        for (const RecordState& record : page->records)
            QCOMPARE(record, *f.record(record.entity, record.id));

        // Nothing new after the end of the log.
        auto next = f.pull->page(f.deviceRecord(m_registry->device(device)), page->nextCursor, 1000);
        VERIFY_OK(next);
        QVERIFY(next->records.isEmpty());
        QVERIFY(!next->more);
        QCOMPARE(next->nextCursor, last);
    }

    void pagingReturnsEachVisibleRecordOnceInLogOrder_data()
    {
        QTest::addColumn<QString>("device");
        QTest::addColumn<int>("limit");
        for (const QString& device : kDevices) {
            for (int limit : {1, 2, 3, 5, 7}) {
                const QByteArray name = (device + u" limit "_s + QString::number(limit)).toUtf8();
                QTest::newRow(name.constData()) << device << limit;
            }
        }
    }

    void pagingReturnsEachVisibleRecordOnceInLogOrder()
    {
        QFETCH(QString, device);
        QFETCH(int, limit);
        ServerFixture& f = *m_fixture;
        const DeviceRecord record = f.deviceRecord(m_registry->device(device));
        const QStringList visible = m_registry->visibleTo(device);
        QStringList expected;
        for (const QString& key : logOrder()) {
            if (visible.contains(key))
                expected << key;
        }

        QStringList seen;
        quint64 cursor = 0;
        int pages = 0;
        for (bool more = true; more; ++pages) {
            QVERIFY2(pages <= expected.size() + 1, "paging does not end");
            auto page = f.pull->page(record, cursor, limit);
            VERIFY_OK(page);
            QCOMPARE(page->cursor, cursor);
            QVERIFY(page->records.size() <= limit);
            QVERIFY2(page->nextCursor >= cursor, "the cursor went back");
            if (!page->records.isEmpty())
                QVERIFY2(page->nextCursor > cursor, "a page with records did not advance the cursor");
            seen << keysOf(*page);
            cursor = page->nextCursor;
            more = page->more;
        }
        QCOMPARE(seen, expected);
        QCOMPARE(cursor, must(f.store->lastSequence(), "last sequence"));
        QVERIFY(pages <= expected.size() / limit + 1);
    }

    void movedRecordAppearsOnceMoreToTheScopeItLeft()
    {
        ServerFixture f;
        TestDevice& jinshui = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& zhongyuan = f.enroll(u"410102"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change zhang = f.newVolunteer(jinshui, u"张伟"_s, u"410105"_s, 11);
        const Change wang = f.newVolunteer(jinshui, u"王芳"_s, u"410105"_s, 13);
        VERIFY_OK(f.push(jinshui, {zhang, wang}));
        auto before = f.pull->page(f.deviceRecord(jinshui), 0, 100);
        VERIFY_OK(before);
        QCOMPARE(before->records.size(), 2);
        auto otherBefore = f.pull->page(f.deviceRecord(zhongyuan), 0, 100);
        VERIFY_OK(otherBefore);
        QVERIFY(otherBefore->records.isEmpty());

        auto moved =
            f.push(city, {ServerFixture::change(entity::kVolunteer, zhang.id, {{u"county"_s, u"410102"_s}},
                                                f.stamp(city, 1000), {{u"county"_s, zhang.stamp}})});
        VERIFY_OK(moved);
        QCOMPARE(moved->reply.accepted, 1);

        // The county it left learns that it left — a departure, not the record with its personal data.
        auto after = f.pull->page(f.deviceRecord(jinshui), before->nextCursor, 100);
        VERIFY_OK(after);
        QVERIFY(after->records.isEmpty());
        QCOMPARE(after->departures, (QList<RecordKey>{RecordKey{entity::kVolunteer, zhang.id}}));
        QVERIFY(!after->more);
        auto nothing = f.pull->page(f.deviceRecord(jinshui), after->nextCursor, 100);
        VERIFY_OK(nothing);
        QVERIFY(nothing->records.isEmpty());
        QVERIFY(nothing->departures.isEmpty());
        // The city saw a move between two of its counties: no departure for it.
        auto cityPage = f.pull->page(f.deviceRecord(city), 0, 100);
        VERIFY_OK(cityPage);
        QVERIFY(cityPage->departures.isEmpty());
        // The county it entered sees it from now on; the one it left keeps seeing what stayed.
        auto entered = f.pull->page(f.deviceRecord(zhongyuan), otherBefore->nextCursor, 100);
        VERIFY_OK(entered);
        QCOMPARE(keysOf(*entered), QStringList{keyOf(zhang)});
        auto fresh = f.pull->page(f.deviceRecord(jinshui), 0, 100);
        VERIFY_OK(fresh);
        QVERIFY(keysOf(*fresh).contains(keyOf(wang)));
    }

    // A county that pulls only after the record changed again in its new county still learns that
    // it left, and never receives the later edit.
    void movedRecordReachesACountyThatPullsLate()
    {
        ServerFixture f;
        TestDevice& jinshui = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& zhongyuan = f.enroll(u"410102"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change zhang = f.newVolunteer(jinshui, u"张伟"_s, u"410105"_s, 11);
        VERIFY_OK(f.push(jinshui, {zhang}));
        auto before = f.pull->page(f.deviceRecord(jinshui), 0, 100);
        VERIFY_OK(before);
        VERIFY_OK(
            f.push(city, {ServerFixture::change(entity::kVolunteer, zhang.id, {{u"county"_s, u"410102"_s}},
                                                f.stamp(city, 1000), {{u"county"_s, zhang.stamp}})}));
        VERIFY_OK(f.push(
            zhongyuan, {ServerFixture::change(entity::kVolunteer, zhang.id, {{u"employer"_s, u"郑州大学"_s}},
                                              f.stamp(zhongyuan, 2000), {{u"employer"_s, zhang.stamp}})}));
        auto late = f.pull->page(f.deviceRecord(jinshui), before->nextCursor, 100);
        VERIFY_OK(late);
        QVERIFY(late->records.isEmpty());
        QCOMPARE(late->departures, (QList<RecordKey>{RecordKey{entity::kVolunteer, zhang.id}}));
    }

    // A county that pulls only after two moves (金水区 → 中原区 → 巩义市) must still learn that the
    // record left it; otherwise it keeps a stale copy of a volunteer it no longer manages.
    void recordMovedTwiceStillLeavesTheFirstCounty()
    {
        ServerFixture f;
        TestDevice& jinshui = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change zhang = f.newVolunteer(jinshui, u"张伟"_s, u"410105"_s, 11);
        VERIFY_OK(f.push(jinshui, {zhang}));
        auto before = f.pull->page(f.deviceRecord(jinshui), 0, 100);
        VERIFY_OK(before);
        QCOMPARE(before->records.size(), 1);
        HlcTimestamp seen = zhang.stamp;
        for (const QString& county : {u"410102"_s, u"410181"_s}) {
            const Change move = ServerFixture::change(entity::kVolunteer, zhang.id, {{u"county"_s, county}},
                                                      f.stamp(city, 1000), {{u"county"_s, seen}});
            seen = move.stamp;
            auto moved = f.push(city, {move});
            VERIFY_OK(moved);
            QCOMPARE(moved->reply.accepted, 1);
        }
        auto late = f.pull->page(f.deviceRecord(jinshui), before->nextCursor, 100);
        VERIFY_OK(late);
        QVERIFY(late->records.isEmpty());
        QCOMPARE(late->departures, (QList<RecordKey>{RecordKey{entity::kVolunteer, zhang.id}}));
        // The county in between learns that it left too.
        TestDevice& zhongyuan = f.enroll(u"410102"_s, u"county"_s);
        auto between = f.pull->page(f.deviceRecord(zhongyuan), 0, 100);
        VERIFY_OK(between);
        QVERIFY(between->records.isEmpty());
        QCOMPARE(between->departures, (QList<RecordKey>{RecordKey{entity::kVolunteer, zhang.id}}));
    }

    // A volunteer in a city-level team moves to another county: the county it joins sees the team
    // and the volunteer, so it must see the membership as well.
    void membershipsFollowAMovedVolunteer()
    {
        ServerFixture f;
        TestDevice& jinshui = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& zhongyuan = f.enroll(u"410102"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change team = f.newTeam(city, u"郑州市科技志愿服务总队"_s, u"410100"_s);
        VERIFY_OK(f.push(city, {team}));
        const Change wang = f.newVolunteer(jinshui, u"王芳"_s, u"410105"_s, 13);
        const Change member = f.membership(jinshui, team.id, wang.id);
        VERIFY_OK(f.push(jinshui, {wang, member}));
        auto moved =
            f.push(city, {ServerFixture::change(entity::kVolunteer, wang.id, {{u"county"_s, u"410102"_s}},
                                                f.stamp(city, 1000), {{u"county"_s, wang.stamp}})});
        VERIFY_OK(moved);
        QCOMPARE(moved->reply.accepted, 1);

        auto page = f.pull->page(f.deviceRecord(zhongyuan), 0, 100);
        VERIFY_OK(page);
        QCOMPARE(sorted(keysOf(*page)), sorted({keyOf(team), keyOf(wang), keyOf(member)}));
    }

    void aliasesComeInThePageCoveringTheirSequence_data()
    {
        QTest::addColumn<int>("limit");
        for (int limit : {1, 2, 3, 100})
            QTest::addRow("limit %d", limit) << limit;
    }

    void aliasesComeInThePageCoveringTheirSequence()
    {
        QFETCH(int, limit);
        ServerFixture f;
        TestDevice& jinshui = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& office = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& zhongyuan = f.enroll(u"410102"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change zhang = f.newVolunteer(jinshui, u"张伟"_s, u"410105"_s, 11);
        VERIFY_OK(f.push(jinshui, {zhang, f.newVolunteer(jinshui, u"王芳"_s, u"410105"_s, 13)}));
        VERIFY_OK(f.push(zhongyuan, {f.newVolunteer(zhongyuan, u"李娜"_s, u"410102"_s, 21)}));
        const Change again = ServerFixture::change(entity::kVolunteer, RecordId::generate(), zhang.fields,
                                                   f.stamp(office, 1000));
        auto merged = f.push(office, {again, f.newVolunteer(office, u"赵磊"_s, u"410105"_s, 15, 1000)});
        VERIFY_OK(merged);
        QCOMPARE(merged->reply.aliases, (QList<IdAlias>{{again.id, zhang.id}}));
        VERIFY_OK(f.push(jinshui, {f.newVolunteer(jinshui, u"陈静"_s, u"410105"_s, 17)}));

        const DbProbe probe(f.registryPath());
        const quint64 aliasSeq =
            probe.scalar(u"SELECT seq FROM aliases WHERE from_id = ?"_s, {again.id}).toULongLong();
        QVERIFY(aliasSeq > 0);
        const IdAlias alias{again.id, zhang.id};

        for (TestDevice* device : {&jinshui, &office, &city, &zhongyuan}) {
            const bool sees = device != &zhongyuan;
            int found = 0;
            quint64 cursor = 0;
            for (bool more = true; more;) {
                auto page = f.pull->page(f.deviceRecord(*device), cursor, limit);
                VERIFY_OK(page);
                const bool covers = page->cursor < aliasSeq && aliasSeq <= page->nextCursor;
                QCOMPARE(page->aliases.contains(alias), sees && covers);
                QCOMPARE(page->aliases.size(), page->aliases.contains(alias) ? 1 : 0);
                found += int(page->aliases.size());
                cursor = page->nextCursor;
                more = page->more;
            }
            QCOMPARE(found, sees ? 1 : 0);
        }
    }

    // A county whose log mixes records, aliases (duplicate registrations merged) and departures
    // (volunteers the city moved elsewhere), plus one record far larger than any small page.
    void pagesAreBoundedInBytesAndResumeExactly()
    {
        ServerFixture f;
        TestDevice& jinshui = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& office = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        QList<Change> volunteers;
        for (int batch = 0; batch < 5; ++batch) {
            QList<Change> changes;
            for (int i = 0; i < 30; ++i)
                changes << f.newVolunteer(jinshui, u"志愿者"_s + QChar(u'甲' + batch * 30 + i), u"410105"_s,
                                          100 + batch * 30 + i);
            auto pushed = f.push(jinshui, changes);
            VERIFY_OK(pushed);
            QCOMPARE(pushed->reply.accepted, 30);
            volunteers += changes;
            if (batch == 2) {
                // The same persons registered again by another office: aliases.
                QList<Change> duplicates;
                for (int i = 0; i < 8; ++i)
                    duplicates << ServerFixture::change(entity::kVolunteer, RecordId::generate(),
                                                        volunteers.at(i * 7).fields, f.stamp(office, 1000));
                auto merged = f.push(office, duplicates);
                VERIFY_OK(merged);
                QCOMPARE(merged->reply.aliases.size(), 8);
            }
            if (batch == 3) {
                // Moved to another county by the city: departures from 410105.
                QList<Change> moves;
                for (int i = 0; i < 8; ++i) {
                    const Change& target = volunteers.at(i * 9 + 1);
                    moves << ServerFixture::change(entity::kVolunteer, target.id,
                                                   {{u"county"_s, u"410102"_s}}, f.stamp(city, 2000),
                                                   {{u"county"_s, target.stamp}});
                }
                auto moved = f.push(city, moves);
                VERIFY_OK(moved);
                QCOMPARE(moved->reply.accepted, 8);
            }
        }
        // One record alone larger than the smallest page: random text compresses to no less.
        QString huge;
        QRandomGenerator random(20261129);
        for (int i = 0; i < 9000; ++i)
            huge += QChar(u'一' + random.bounded(2000));
        RecordState state{entity::kVolunteer,
                          RecordId::generate(),
                          QJsonObject{{u"name"_s, huge}, {u"county"_s, u"410105"_s}},
                          {}};
        state.clocks.setAll(f.stamp(jinshui));
        StoredRecord row;
        RegistryRecord::fillRow(row, state);
        row.region = u"410105"_s;
        VERIFY_OK(f.store->putRecord(row));
        VERIFY_OK(f.push(jinshui, {f.newVolunteer(jinshui, u"最后一位"_s, u"410105"_s, 999)}));

        const DeviceRecord device = f.deviceRecord(jinshui);
        const quint64 last = must(f.store->lastSequence(), "last sequence");
        auto whole = f.pull->page(device, 0, PullRequest::kMaxLimit);
        VERIFY_OK(whole);
        QVERIFY(!whole->more);
        const QStringList expected = sorted(itemsOf(*whole));
        QCOMPARE(whole->aliases.size(), 8);
        QCOMPARE(whole->departures.size(), 8);
        QVERIFY(expected.size() > 150);

        for (qint64 maxBytes : {qint64(1), qint64(4096), qint64(6000), qint64(16384), qint64(65536)}) {
            const qint64 bound = PullRequest::effectiveMaxBytes(maxBytes);
            QStringList seen;
            quint64 cursor = 0;
            int pages = 0;
            bool hugeAlone = false;
            for (bool more = true; more; ++pages) {
                QVERIFY2(pages <= expected.size() + 1, "paging does not end");
                auto page = f.pull->sealedPage(device, cursor, PullRequest::kMaxLimit, maxBytes);
                VERIFY_OK(page);
                const QStringList items = itemsOf(page->page);
                QCOMPARE(page->page.cursor, cursor);
                QVERIFY2(page->page.nextCursor > cursor || !page->page.more, "the cursor did not advance");
                if (page->sealed.size() > bound) {
                    // Only a page of one item may be larger, and only that item is the huge one.
                    QCOMPARE(items.size(), 1);
                    QCOMPARE(page->page.records.value(0).id, state.id);
                    hugeAlone = true;
                }
                seen << items;
                cursor = page->page.nextCursor;
                more = page->page.more;
            }
            seen.sort();
            QVERIFY2(seen == expected, qPrintable(u"max_bytes %1: %2 items paged, %3 expected"_s.arg(maxBytes)
                                                      .arg(seen.size())
                                                      .arg(expected.size())));
            QCOMPARE(cursor, last);
            QVERIFY(hugeAlone || bound >= 65536);
            if (bound <= 16384)
                QVERIFY2(pages >= 3, qPrintable(u"max_bytes %1: only %2 pages"_s.arg(maxBytes).arg(pages)));
        }
    }

    void maxBytesTravelsInThePullRequest()
    {
        PullRequest request{u"device"_s, 7, 100, 8192};
        auto parsed = PullRequest::fromBody(request.toBody());
        VERIFY_OK(parsed);
        QCOMPARE(parsed->maxBytes, 8192);
        request.maxBytes = 0;
        QVERIFY(!request.toBody().contains("max_bytes"));
        QCOMPARE(PullRequest::fromBody(request.toBody())->maxBytes, PullRequest::kDefaultMaxBytes);
        request.maxBytes = 100;
        QCOMPARE(PullRequest::fromBody(request.toBody())->maxBytes, PullRequest::kMinMaxBytes);
        VERIFY_ERROR(PullRequest::fromBody(R"({"device":"d","cursor":"0","limit":5,"max_bytes":-1})"),
                     ErrorCode::Usage, u"格式错误"_s);
        VERIFY_ERROR(PullRequest::fromBody(R"({"device":"d","cursor":"0","limit":5,"max_bytes":"9"})"),
                     ErrorCode::Usage, u"格式错误"_s);
    }

    void pullRequestRefusals_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        const auto row = [](const char* name, const QString& kind, ErrorCode code, const QString& reason) {
            QTest::newRow(name) << kind << int(code) << reason;
        };
        row("signature by another device's key", u"foreign signature"_s, ErrorCode::Crypto, u"签名无效"_s);
        row("signature over another body", u"other body"_s, ErrorCode::Crypto, u"签名无效"_s);
        row("signature without the domain prefix", u"no prefix"_s, ErrorCode::Crypto, u"签名无效"_s);
        row("empty signature", u"empty signature"_s, ErrorCode::Crypto, u"签名无效"_s);
        row("revoked device", u"revoked"_s, ErrorCode::Auth, u"吊销"_s);
        row("revoked device, bad signature", u"revoked foreign signature"_s, ErrorCode::Crypto,
            u"签名无效"_s);
        row("unknown device", u"unknown"_s, ErrorCode::Auth, u"未注册"_s);
        row("malformed: not JSON", u"not json"_s, ErrorCode::Usage, u"格式错误"_s);
        row("malformed: limit 0", u"limit 0"_s, ErrorCode::Usage, u"格式错误"_s);
        row("malformed: limit above the maximum", u"limit high"_s, ErrorCode::Usage, u"格式错误"_s);
        row("malformed: cursor as a JSON number", u"cursor number"_s, ErrorCode::Usage, u"格式错误"_s);
        row("malformed: no device", u"no device"_s, ErrorCode::Usage, u"格式错误"_s);
        row("malformed: oversized body", u"oversized"_s, ErrorCode::Usage, u"格式错误"_s);
    }

    void pullRequestRefusals()
    {
        QFETCH(QString, kind);
        QFETCH(int, code);
        QFETCH(QString, reason);

        ServerFixture f;
        TestDevice& jinshui = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& other = f.enroll(u"410102"_s, u"county"_s);
        VERIFY_OK(f.push(jinshui, {f.newVolunteer(jinshui, u"张伟"_s, u"410105"_s, 11)}));

        QByteArray body = PullRequest{jinshui.id, 0, 100}.toBody();
        QByteArray signature = signedBy(jinshui, body);
        VERIFY_OK(f.pull->pull(body, signature)); // the unaltered request is served

        if (kind == u"foreign signature" || kind == u"revoked foreign signature") {
            signature = signedBy(other, body);
        } else if (kind == u"other body") {
            signature = signedBy(jinshui, PullRequest{jinshui.id, 0, 99}.toBody());
        } else if (kind == u"no prefix") {
            signature = must(jinshui.signing.sign(body), "sign");
        } else if (kind == u"empty signature") {
            signature.clear();
        } else if (kind == u"unknown") {
            TestDevice stranger{RecordId::generate(), u"410105"_s, must(SigningKeyPair::generate(), "key"),
                                must(BoxKeyPair::generate(), "key")};
            body = PullRequest{stranger.id, 0, 100}.toBody();
            signature = signedBy(stranger, body);
        } else if (kind == u"not json") {
            body = "device=" + jinshui.id.toUtf8();
        } else if (kind == u"limit 0") {
            body = PullRequest{jinshui.id, 0, 0}.toBody();
        } else if (kind == u"limit high") {
            body = PullRequest{jinshui.id, 0, PullRequest::kMaxLimit + 1}.toBody();
        } else if (kind == u"cursor number") {
            body = "{\"device\":\"" + jinshui.id.toUtf8() + "\",\"cursor\":0,\"limit\":10}";
        } else if (kind == u"no device") {
            body = "{\"cursor\":\"0\",\"limit\":10}";
        } else if (kind == u"oversized") {
            body = "{\"device\":\"" + jinshui.id.toUtf8() + "\",\"cursor\":\"0\",\"limit\":10,\"pad\":\"" +
                   QByteArray(PullRequest::kMaxBodyBytes, 'x') + "\"}";
        }
        if (kind.startsWith(u"revoked"))
            VERIFY_OK(f.enrollment->revoke(jinshui.id, f.now()));
        if (kind == u"not json" || kind.startsWith(u"limit") || kind == u"cursor number" ||
            kind == u"no device" || kind == u"oversized")
            signature = signedBy(jinshui, body);

        const QStringList before = f.snapshot();
        VERIFY_ERROR(f.pull->pull(body, signature), ErrorCode(code), reason);
        QCOMPARE(f.snapshot(), before);
    }

    void sealedPageOpensOnlyForTheDevice()
    {
        ServerFixture& f = *m_fixture;
        TestDevice& jinshui = m_registry->jinshui;
        const quint64 cursor = 2;
        const int limit = 3;
        const QByteArray body = PullRequest{jinshui.id, cursor, limit}.toBody();
        auto sealed = f.pull->pull(body, signedBy(jinshui, body));
        VERIFY_OK(sealed);
        auto expected = f.pull->page(f.deviceRecord(jinshui), cursor, limit);
        VERIFY_OK(expected);
        QVERIFY(!expected->records.isEmpty());

        auto envelope = SealedEnvelope::fromBytes(*sealed, 64 << 20);
        VERIFY_OK(envelope);
        auto header = Envelope::verify(*envelope, f.keys->signing().publicKey(), EnvelopeKind::Pull);
        VERIFY_OK(header);
        QCOMPARE(header->kind, EnvelopeKind::Pull);
        QCOMPARE(header->senderDeviceId, f.keys->signing().keyId());
        QCOMPARE(header->recipientKeyId, jinshui.box.keyId());
        QCOMPARE(header->sequence, expected->nextCursor);
        // Not a reply, not a push, and not signed by a device.
        VERIFY_ERROR(Envelope::verify(*envelope, f.keys->signing().publicKey(), EnvelopeKind::Reply),
                     ErrorCode::Crypto, u"类型不符"_s);
        VERIFY_ERROR(Envelope::verify(*envelope, jinshui.signing.publicKey(), EnvelopeKind::Pull),
                     ErrorCode::Crypto, u"签名无效"_s);

        auto plaintext = Envelope::open(*envelope, *header, jinshui.box);
        VERIFY_OK(plaintext);
        auto page = SyncCodec::decodePullPage(*plaintext);
        VERIFY_OK(page);
        QCOMPARE(*page, *expected);
        // Another device's key cannot open it.
        VERIFY_ERROR(Envelope::open(*envelope, *header, m_registry->zhongyuan.box), ErrorCode::Crypto,
                     u"不是发给本机密钥的"_s);
    }
};

QTEST_GUILESS_MAIN(TestPullService)
#include "TestPullService.moc"
