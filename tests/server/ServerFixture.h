// An in-process server for the ingest and pull suites: fresh keys, a real SQLite registry in a
// temporary directory, a ManualClock, enrolled devices with key pairs of their own, and helpers
// that build and seal change sets exactly as a client does (client/sync/OutboxSealer.cpp).
// Header-only because tests/server/CMakeLists.txt turns every Test*.cpp into an executable of its
// own and links nothing else.
#pragma once

#include "clock/Clock.h"
#include "clock/RecordId.h"
#include "crypto/BoxKeyPair.h"
#include "crypto/Envelope.h"
#include "crypto/SigningKeyPair.h"
#include "crypto/Sodium.h"
#include "model/RecordJson.h"
#include "service/EnrollmentService.h"
#include "service/IngestService.h"
#include "service/PullService.h"
#include "service/RegistryRecord.h"
#include "service/ServerKeys.h"
#include "store/SqliteRegistryStore.h"
#include "support/DbProbe.h"
#include "sync/SyncCodec.h"
#include "validation/IdNumber.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <vector>

// Evaluates `result` once (it is often a write), and only touches error() when there is one.
#define VERIFY_OK(result)                                                                                    \
    do {                                                                                                     \
        const auto& ok_ = (result);                                                                          \
        QVERIFY2(ok_.has_value(), ok_.has_value() ? "" : qPrintable(ok_.error().message));                   \
    } while (false)
// Asserts the error code and that the message contains `fragment` (which check refused it).
#define VERIFY_ERROR(result, expected, fragment)                                                             \
    do {                                                                                                     \
        const auto& r_ = (result);                                                                           \
        QVERIFY2(!r_.has_value(), "expected a failure");                                                     \
        QVERIFY2(r_.error().code == (expected), qPrintable(kjzy::errorCodeName(r_.error().code) +            \
                                                           QStringLiteral(": ") + r_.error().message));      \
        QVERIFY2(r_.error().message.contains(fragment), qPrintable(r_.error().message));                     \
    } while (false)

namespace kjzy::test {

inline constexpr qint64 kNowMs = 1'767'600'000'000; // 2026-01-05T08:00:00Z
inline constexpr qint64 kDayMs = 24 * 3600 * 1000;

// Fixture set-up cannot fail in a correct build: stop the suite with the reason instead of
// threading QVERIFY through constructors.
template <typename T> T must(Result<T> result, const char* what)
{
    if (!result)
        qFatal("%s: %s", what, qPrintable(result.error().message));
    return std::move(*result);
}

inline void must(const Status& status, const char* what)
{
    if (!status)
        qFatal("%s: %s", what, qPrintable(status.error().message));
}

// An enrolled device as the client holds it: its own key pairs and counters.
struct TestDevice
{
    QString id;
    QString scope;
    SigningKeyPair signing;
    BoxKeyPair box;
    quint64 nextSequence = 1;
    quint32 counter = 0; // HLC counter, so stamps made at one instant stay distinct
};

class ServerFixture
{
    // First member: the directory outlives the store and key files inside it.
    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<TestDevice>> m_devices;

public:
    explicit ServerFixture(const IngestLimits& limits = {})
    {
        must(Sodium::initialize(), "sodium");
        if (!m_dir.isValid())
            qFatal("no temporary directory");
        keys = must(ServerKeys::create(m_dir.filePath(QStringLiteral("keys"))), "server keys");
        store = must(SqliteRegistryStore::open(registryPath(), clock), "registry");
        enrollment = std::make_unique<EnrollmentService>(*store, keys->enrollmentKey(), clock);
        ingest = std::make_unique<IngestService>(*store, *keys, clock, limits);
        pull = std::make_unique<PullService>(*store, *keys);
    }

    QString registryPath() const { return m_dir.filePath(QStringLiteral("registry.sqlite")); }
    QString now() const { return EnrollmentService::timestamp(clock.nowMs()); }

    // Issues a one-time code and enrolls a new device with fresh keys under it.
    TestDevice& enroll(const QString& scope, const QString& role)
    {
        const IssuedCode code = must(enrollment->issue(scope, role), "issue a code");
        auto device = std::make_unique<TestDevice>(TestDevice{RecordId::generate(), scope,
                                                              must(SigningKeyPair::generate(), "signing key"),
                                                              must(BoxKeyPair::generate(), "box key")});
        const DeviceRecord enrolled =
            must(enrollment->enroll(code.code, device->id, device->signing.publicKey(),
                                    device->box.publicKey(), QStringLiteral("测试设备 %1").arg(scope), now()),
                 "enroll");
        if (enrolled.id != device->id || enrolled.scope != scope || enrolled.role != role ||
            enrolled.signKey != device->signing.publicKey() || enrolled.boxKey != device->box.publicKey())
            qFatal("enrolled device does not match the request");
        m_devices.push_back(std::move(device));
        return *m_devices.back();
    }

    DeviceRecord deviceRecord(const TestDevice& device)
    {
        auto found = must(store->device(device.id), "read a device");
        if (!found)
            qFatal("device %s is not enrolled", qPrintable(device.id));
        return *found;
    }

    HlcTimestamp stamp(TestDevice& device, qint64 offsetMs = 0)
    {
        return HlcTimestamp{clock.nowMs() + offsetMs, device.counter++, device.id};
    }

    // The next change set of `device`: a fresh id and the next sequence number.
    static ChangeSet changeSet(TestDevice& device, QList<Change> changes)
    {
        return ChangeSet{RecordId::generate(), device.id, device.nextSequence++, std::move(changes)};
    }

    // The header OutboxSealer signs for `changeSet`.
    static EnvelopeHeader header(const TestDevice& device, const ChangeSet& changeSet)
    {
        EnvelopeHeader meta;
        meta.kind = EnvelopeKind::Push;
        meta.senderDeviceId = device.id;
        meta.keyEpoch = 1;
        meta.changeSetId = changeSet.id;
        meta.sequence = changeSet.sequence;
        return meta;
    }

    static SealedEnvelope seal(const ChangeSet& changeSet, const EnvelopeHeader& meta,
                               const SigningKeyPair& signer, QByteArrayView recipient)
    {
        return must(Envelope::seal(SyncCodec::encode(changeSet), meta, recipient, signer), "seal");
    }

    // Sealed as the device's outbox sealer does it: to the server's box key, signed by the device.
    QByteArray sealed(const TestDevice& device, const ChangeSet& changeSet) const
    {
        return seal(changeSet, header(device, changeSet), device.signing, keys->box().publicKey()).toBytes();
    }

    Result<IngestResult> push(const TestDevice& device, const ChangeSet& changeSet)
    {
        return ingest->ingest(sealed(device, changeSet));
    }

    Result<IngestResult> push(TestDevice& device, QList<Change> changes)
    {
        return push(device, changeSet(device, std::move(changes)));
    }

    // --- records ---------------------------------------------------------------------------------

    // A valid GB 11643-1999 number: address code, birth date, a three-digit serial (its last digit
    // odd for a man) and the ISO 7064 MOD 11-2 check character.
    static QString idNumber(const QString& county, const QString& birth, int serial)
    {
        const QString first17 = county + birth + QStringLiteral("%1").arg(serial, 3, 10, QLatin1Char('0'));
        return first17 + IdNumber::checkCharacter(first17);
    }

    // The same number with a check character that does not match.
    static QString withBadChecksum(const QString& idNumber)
    {
        const QChar good = idNumber.back();
        return idNumber.left(17) + (good == u'0' ? QLatin1Char('1') : QLatin1Char('0'));
    }

    // 济源 (419001) has no counties: it is its own city.
    static QString cityOf(const QString& county)
    {
        return county == u"419001" ? county : county.left(4) + QStringLiteral("00");
    }

    // CLI.md JSON of a volunteer who passes VolunteerValidator; gender follows the ID's 17th digit.
    static FieldMap volunteer(const QString& name, const QString& idNumber, const QString& county,
                              const QString& mobile = QStringLiteral("13800138000"))
    {
        Volunteer v;
        v.name = name;
        v.mobile = mobile;
        v.idNumber = idNumber;
        v.gender = idNumber.at(16).digitValue() % 2 == 1 ? QStringLiteral("男") : QStringLiteral("女");
        v.politicalStatus = QStringLiteral("群众");
        v.ethnicity = QStringLiteral("汉族");
        v.province = QStringLiteral("410000");
        v.city = cityOf(county);
        v.county = county;
        v.serviceCategories = {QStringLiteral("科技培训"), QStringLiteral("科普讲解")};
        return RecordJson::volunteerFields(v);
    }

    // A team at a county (6 digits, not ending in 00), a city (…00) or the province (410000).
    static FieldMap team(const QString& name, const QString& region)
    {
        Team t;
        t.name = name;
        t.adminMobile = QStringLiteral("13700137000");
        t.civilAffairsRegistered = false;
        t.province = QStringLiteral("410000");
        if (region != u"410000") {
            t.city = cityOf(region);
            if (!region.endsWith(QStringLiteral("00")))
                t.county = region;
        }
        return RecordJson::teamFields(t);
    }

    static Change change(const QString& entity, const QString& id, const FieldMap& fields,
                         const HlcTimestamp& stamp, const QHash<QString, HlcTimestamp>& base = {})
    {
        return Change{entity, id, fields, stamp, base};
    }

    // A new volunteer record (fresh id) written whole by `device`.
    Change newVolunteer(TestDevice& device, const QString& name, const QString& county, int serial,
                        qint64 offsetMs = 0)
    {
        return change(entity::kVolunteer, RecordId::generate(),
                      volunteer(name, idNumber(county, QStringLiteral("19800101"), serial), county),
                      stamp(device, offsetMs));
    }

    Change newTeam(TestDevice& device, const QString& name, const QString& region)
    {
        return change(entity::kTeam, RecordId::generate(), team(name, region), stamp(device));
    }

    Change membership(TestDevice& device, const QString& teamId, const QString& volunteerId,
                      bool deleted = false)
    {
        return change(entity::kMembership, teamId + u'/' + volunteerId,
                      FieldMap{{QStringLiteral("deleted"), deleted}}, stamp(device));
    }

    // --- inspection ------------------------------------------------------------------------------

    std::optional<RecordState> record(const QString& entity, const QString& id)
    {
        const auto rows = must(store->records(entity, {id}), "read a record");
        if (!rows.contains(id))
            return std::nullopt;
        return must(RegistryRecord::toState(rows.value(id)), "decode a record");
    }

    std::optional<StoredRecord> row(const QString& entity, const QString& id)
    {
        const auto rows = must(store->records(entity, {id}), "read a record");
        if (!rows.contains(id))
            return std::nullopt;
        return rows.value(id);
    }

    int count(const QString& sql, const QVariantList& binds = {}) const
    {
        const DbProbe probe(registryPath());
        return probe.count(sql, binds);
    }

    int recordRows() const { return count(QStringLiteral("SELECT count(*) FROM records")); }

    // Everything an ingest may write, as text: equal snapshots mean the registry did not change.
    QStringList snapshot() const
    {
        const DbProbe probe(registryPath());
        QStringList all;
        for (const char* sql : {
                 "SELECT 'record', entity, id, data, clocks, region, previous_region, hex(identity), "
                 "deleted, "
                 "seq FROM records ORDER BY seq",
                 "SELECT 'alias', from_id, to_id, region, seq FROM aliases ORDER BY seq",
                 "SELECT 'change set', id, device, sequence, changes, rejected, hex(reply) FROM change_sets "
                 "ORDER BY device, sequence",
                 "SELECT 'conflict', entity, entity_id, field, kept, lost FROM conflicts ORDER BY id",
                 "SELECT 'clamp', device, change_set, original, clamped FROM clock_clamps ORDER BY id",
                 "SELECT 'device', id, last_sequence, revoked_at, revoked_after FROM devices ORDER BY id",
             })
            all << probe.dump(QString::fromLatin1(sql));
        return all;
    }

    ManualClock clock{kNowMs};
    std::unique_ptr<ServerKeys> keys;
    std::unique_ptr<SqliteRegistryStore> store;
    std::unique_ptr<EnrollmentService> enrollment;
    std::unique_ptr<IngestService> ingest;
    std::unique_ptr<PullService> pull;
};

} // namespace kjzy::test
