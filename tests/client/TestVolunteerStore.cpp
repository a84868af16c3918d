#include "clock/HlcTimestamp.h"
#include "clock/RecordId.h"
#include "model/RecordJson.h"
#include "store/AuditLog.h"
#include "store/ClientDatabase.h"
#include "store/SyncStatus.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"
#include "validation/VolunteerValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;

namespace {

Volunteer validVolunteer(const QString& idNumber = QStringLiteral("410105195001010136"),
                         const QString& county = QStringLiteral("410105"))
{
    VolunteerInput in;
    in.name = QStringLiteral("张伟");
    in.mobile = QStringLiteral("13903710001");
    in.idNumber = idNumber;
    in.county = county;
    in.politicalStatus = QStringLiteral("群众");
    in.serviceCategories = QStringLiteral("科技培训");
    auto validated = VolunteerValidator::validate(in, QDate(2026, 11, 29));
    if (!validated.ok())
        qFatal("fixture volunteer is invalid: %s", qPrintable(validated.issues.first().toText()));
    return validated.value;
}

struct OutboxRow
{
    QJsonObject fields; // changed field -> new value
    QString hlc;
};

} // namespace

class TestVolunteerStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    ManualClock m_clock{1'764'000'000'000};
    std::unique_ptr<ClientDatabase> m_db;

    QList<OutboxRow> outbox(const QString& entityId)
    {
        QList<OutboxRow> rows;
        auto q = m_db->sql().run(
            QStringLiteral("SELECT fields, hlc FROM outbox WHERE entity_id = ? ORDER BY seq"), {entityId});
        while (q && (*q)->next())
            rows << OutboxRow{QJsonDocument::fromJson((*q)->value(0).toString().toUtf8()).object(),
                              (*q)->value(1).toString()};
        return rows;
    }

    QJsonObject clocksOf(const QString& volunteerId)
    {
        auto text =
            m_db->sql().scalar(QStringLiteral("SELECT clocks FROM volunteers WHERE id = ?"), {volunteerId});
        return QJsonDocument::fromJson(text->toString().toUtf8()).object();
    }

private slots:
    void init()
    {
        auto db = ClientDatabase::open(m_dir.filePath(QStringLiteral("store%1.sqlite").arg(++m_counter)));
        QVERIFY2(db.has_value(), db ? "" : qPrintable(db.error().message));
        m_db = std::move(*db);
        QVERIFY(m_db->initialize(QStringLiteral("410100")).has_value());
    }

    void cleanup() { m_db.reset(); }

    void databaseUsesWalAndIsInitialisedOnce()
    {
        QCOMPARE(m_db->sql().scalar(QStringLiteral("PRAGMA journal_mode"))->toString(),
                 QStringLiteral("wal"));
        QCOMPARE(m_db->region().value_or(QString()), QStringLiteral("410100"));
        QVERIFY(RecordId::isValid(m_db->deviceId().value_or(QString())));
        QVERIFY(m_db->initialize(QStringLiteral("410100")).has_value()); // same region: harmless
        auto other = m_db->initialize(QStringLiteral("410200"));
        QVERIFY(!other.has_value());
        QCOMPARE(other.error().code, ErrorCode::Conflict);
        QCOMPARE(m_db->initialize(QStringLiteral("123456")).error().code, ErrorCode::InvalidInput);
    }

    void addWritesTheRowAndOneOutboxEntryPerField()
    {
        VolunteerStore store(*m_db, m_clock);
        auto id = store.add(validVolunteer());
        QVERIFY2(id.has_value(), id ? "" : qPrintable(id.error().message));
        QVERIFY(RecordId::isValid(*id));
        const auto rows = outbox(*id);
        QCOMPARE(rows.size(), 1); // one change, one outbox row
        const QJsonObject& fields = rows.first().fields;
        // Every synced JSON key except id and teams, and deleted:false: a creation holds that field
        // on every replica (see syncedFieldsJson).
        QCOMPARE(fields.size(), 17);
        for (const auto* key :
             {"name", "mobile", "id_number", "gender", "county", "service_categories", "three_heads"})
            QVERIFY2(fields.contains(QString::fromLatin1(key)), key);
        QCOMPARE(fields.value(u"deleted"), QJsonValue(false));
        // One change, one HLC stamp, from this device and this clock.
        const auto stamp = HlcTimestamp::fromString(rows.first().hlc);
        QVERIFY(stamp.has_value());
        QCOMPARE(stamp->ms, m_clock.nowMs());
        QCOMPARE(stamp->device, m_db->deviceId().value_or(QString()));
        // Values keep their JSON types: strings, lists as arrays, flags as booleans.
        QCOMPARE(fields.value(u"id_number"), QJsonValue(QStringLiteral("410105195001010136")));
        QCOMPARE(fields.value(u"service_categories"), QJsonValue(QJsonArray{QStringLiteral("科技培训")}));
        QCOMPARE(fields.value(u"three_heads"), QJsonValue(false));
        // Exactly the record's JSON (CLI.md keys) minus id and teams, which travel otherwise, plus
        // deleted:false.
        QJsonObject record = RecordJson::volunteer(store.get(*id).value(), PersonalData::Revealed);
        record.remove(QStringLiteral("id"));
        record.remove(QStringLiteral("teams"));
        record.insert(QStringLiteral("deleted"), false);
        QCOMPARE(fields, record);
        // Every field's clock is that stamp, stored once under "*".
        QCOMPARE(clocksOf(*id), (QJsonObject{{QStringLiteral("*"), rows.first().hlc}}));
        auto stored = store.get(*id);
        QVERIFY(stored.has_value());
        Volunteer expected = validVolunteer();
        expected.id = *id;
        QCOMPARE(*stored, expected);
    }

    void updateRecordsOnlyTheChangedFieldsWithALaterStamp()
    {
        VolunteerStore store(*m_db, m_clock);
        const QString id = store.add(validVolunteer()).value();
        const QString firstStamp = outbox(id).first().hlc;
        Volunteer changed = store.get(id).value();
        changed.mobile = QStringLiteral("13903710009");
        changed.employer = QStringLiteral("郑州大学");
        // The wall clock has not moved: the HLC counter must still order the edit after the add.
        auto keys = store.update(changed);
        QVERIFY(keys.has_value());
        QCOMPARE(QSet<QString>(keys->cbegin(), keys->cend()),
                 (QSet<QString>{QStringLiteral("mobile"), QStringLiteral("employer")}));
        const auto rows = outbox(id);
        QCOMPARE(rows.size(), 2);
        const QStringList editedKeys = rows[1].fields.keys();
        QCOMPARE(QSet<QString>(editedKeys.cbegin(), editedKeys.cend()),
                 (QSet<QString>{QStringLiteral("employer"), QStringLiteral("mobile")}));
        QCOMPARE(rows[1].fields.value(u"mobile"), QJsonValue(QStringLiteral("13903710009")));
        QVERIFY(rows[1].hlc > firstStamp);
        QCOMPARE(store.get(id)->mobile, QStringLiteral("13903710009"));
        // No change, no outbox entry.
        QVERIFY(store.update(changed)->isEmpty());
        QCOMPARE(outbox(id).size(), 2);
        // The field clocks hold the stamp of the value each field now has: new for the edited
        // fields, the creation stamp ("*") for the rest.
        QCOMPARE(clocksOf(id), (QJsonObject{{QStringLiteral("*"), firstStamp},
                                            {QStringLiteral("mobile"), rows[1].hlc},
                                            {QStringLiteral("employer"), rows[1].hlc}}));
    }

    void stampsKeepRisingAcrossReopeningTheDatabase()
    {
        // The wall clock stands still; only the persisted HLC can order the second edit later.
        const QString path = m_dir.filePath(QStringLiteral("reopen.sqlite"));
        QString first;
        {
            auto db = ClientDatabase::open(path);
            QVERIFY(db && (*db)->initialize(QStringLiteral("410100")));
            VolunteerStore store(**db, m_clock);
            const QString id = store.add(validVolunteer()).value();
            auto q = (*db)->sql().scalar(QStringLiteral("SELECT hlc FROM outbox WHERE entity_id = ?"), {id});
            first = q->toString();
            QCOMPARE((*db)->setting(QStringLiteral("hlc")).value_or(QString()), first); // persisted at commit
        }
        auto db = ClientDatabase::open(path);
        QVERIFY(db.has_value());
        VolunteerStore store(**db, m_clock);
        const QString id = store.add(validVolunteer(QStringLiteral("410102195807150489"))).value();
        const QString second = (*db)
                                   ->sql()
                                   .scalar(QStringLiteral("SELECT hlc FROM outbox WHERE entity_id = ?"), {id})
                                   ->toString();
        QVERIFY2(second > first, qPrintable(first + u' ' + second));
    }

    void oneIdNumberIsOnePerson()
    {
        VolunteerStore store(*m_db, m_clock);
        QVERIFY(store.add(validVolunteer()).has_value());
        Volunteer again = validVolunteer();
        again.name = QStringLiteral("冒名");
        auto second = store.add(again);
        QVERIFY(!second.has_value());
        QCOMPARE(second.error().code, ErrorCode::Conflict);
        QVERIFY(second.error().message.contains(u"410105********0136"));
        QVERIFY(!second.error().message.contains(u"410105195001010136"));
        QCOMPARE(store.list()->size(), 1);
    }

    void recordsOutsideTheScopeAreRefusedAndNothingIsWritten()
    {
        VolunteerStore store(*m_db, m_clock);
        const int before = m_db->sql().scalar(QStringLiteral("SELECT COUNT(*) FROM outbox"))->toInt();
        auto outside =
            store.add(validVolunteer(QStringLiteral("410105195001010136"), QStringLiteral("410202")));
        QVERIFY(!outside.has_value());
        QCOMPARE(outside.error().code, ErrorCode::OutOfScope);
        QVERIFY(outside.error().message.contains(u"开封市"));
        QCOMPARE(m_db->sql().scalar(QStringLiteral("SELECT COUNT(*) FROM outbox"))->toInt(), before);
        QVERIFY(store.list()->isEmpty());

        // Nor may an edit move a record out of scope.
        const QString id = store.add(validVolunteer()).value();
        Volunteer moved = store.get(id).value();
        moved.county = QStringLiteral("410202");
        moved.city = QStringLiteral("410200");
        QCOMPARE(store.update(moved).error().code, ErrorCode::OutOfScope);
        QCOMPARE(store.get(id)->county, QStringLiteral("410105"));
    }

    void removeLeavesATombstoneThatTravels()
    {
        VolunteerStore store(*m_db, m_clock);
        const QString id = store.add(validVolunteer()).value();
        QVERIFY(store.remove(id).has_value());
        QCOMPARE(store.get(id).error().code, ErrorCode::NotFound);
        QCOMPARE(store.list()->size(), 0);
        QCOMPARE(outbox(id).last().fields, (QJsonObject{{QStringLiteral("deleted"), true}}));
        QCOMPARE(
            m_db->sql().scalar(QStringLiteral("SELECT deleted FROM volunteers WHERE id = ?"), {id})->toInt(),
            1);
        // The same person may be registered again after the deletion.
        QVERIFY(store.add(validVolunteer()).has_value());
    }

    void membershipsAreRecordsOfTheirOwn()
    {
        TeamStore teams(*m_db, m_clock);
        Team team;
        team.name = QStringLiteral("金水区科技志愿服务队");
        team.adminMobile = QStringLiteral("13903710000");
        team.province = QStringLiteral("410000");
        team.city = QStringLiteral("410100");
        team.county = QStringLiteral("410105");
        const QString teamId = teams.add(team).value();
        VolunteerStore store(*m_db, m_clock);
        Volunteer v = validVolunteer();
        v.teams = {teamId};
        const QString id = store.add(v).value();
        QCOMPARE(store.get(id)->teams, QStringList{teamId});
        QCOMPARE(store.list(VolunteerFilter{{}, teamId})->size(), 1);
        const auto membership = outbox(teamId + u'/' + id);
        QCOMPARE(membership.size(), 1);
        QCOMPARE(membership.first().fields, (QJsonObject{{QStringLiteral("deleted"), false}}));

        Volunteer unknownTeam = validVolunteer(QStringLiteral("410102195807150489"));
        unknownTeam.teams = {QStringLiteral("no-such-team")};
        QCOMPARE(store.add(unknownTeam).error().code, ErrorCode::NotFound);
        QVERIFY(!store.findByIdNumber(QStringLiteral("410102195807150489"))->has_value()); // rolled back

        // A team with members cannot vanish silently: its removal ends the memberships too.
        QVERIFY(teams.remove(teamId).has_value());
        QVERIFY(store.get(id)->teams.isEmpty());
        QCOMPARE(outbox(teamId + u'/' + id).last().fields, (QJsonObject{{QStringLiteral("deleted"), true}}));
    }

    void listFiltersByRegion()
    {
        VolunteerStore store(*m_db, m_clock);
        QVERIFY(store.add(validVolunteer(QStringLiteral("410105195001010136"), QStringLiteral("410105")))
                    .has_value());
        QVERIFY(store.add(validVolunteer(QStringLiteral("410102195807150489"), QStringLiteral("410102")))
                    .has_value());
        QVERIFY(store.add(validVolunteer(QStringLiteral("410181196002290855"), QStringLiteral("410173")))
                    .has_value());
        QCOMPARE(store.list(VolunteerFilter{QStringLiteral("410100"), {}})->size(), 3);
        QCOMPARE(store.list(VolunteerFilter{QStringLiteral("410105"), {}})->size(), 1);
        QCOMPARE(store.list(VolunteerFilter{QStringLiteral("410173"), {}})->size(), 1); // functional zone
        QCOMPARE(store.list(VolunteerFilter{QStringLiteral("410200"), {}})->size(), 0);
    }

    void statusCountsPendingChanges()
    {
        VolunteerStore store(*m_db, m_clock);
        auto before = SyncStatus::read(*m_db);
        QVERIFY(before.has_value());
        QCOMPARE(before->pending, 0);
        QVERIFY(!before->lastSync.has_value());
        QVERIFY(store.add(validVolunteer()).has_value());
        QCOMPARE(SyncStatus::read(*m_db)->pending, 1); // changes, not fields
        QCOMPARE(SyncStatus::read(*m_db)->region, QStringLiteral("410100"));
    }

    void auditLogRecordsWhoRevealedWhat()
    {
        AuditLog audit(*m_db, m_clock);
        QVERIFY(audit
                    .record(QStringLiteral("reveal"), QStringLiteral("volunteer"),
                            QStringLiteral("region=410105"), 12)
                    .has_value());
        const auto entries = audit.entries();
        QVERIFY(entries.has_value());
        QCOMPARE(entries->size(), 1);
        QCOMPARE(entries->first().action, QStringLiteral("reveal"));
        QCOMPARE(entries->first().rowCount, 12);
        QCOMPARE(entries->first().actor, AuditLog::currentActor());
        QVERIFY(entries->first().at.startsWith(u"2025-"));
    }
};

QTEST_GUILESS_MAIN(TestVolunteerStore)
#include "TestVolunteerStore.moc"
