#include "sync/Change.h"
#include "sync/RecordMerge.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <numeric>

using namespace kjzy;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(kjzy::HlcTimestamp)
Q_DECLARE_METATYPE(kjzy::RecordState)
Q_DECLARE_METATYPE(kjzy::RecordClocks)
Q_DECLARE_METATYPE(kjzy::OverwrittenValue)
using StampsByField = QHash<QString, kjzy::HlcTimestamp>;
Q_DECLARE_METATYPE(StampsByField)

namespace {

using Overwritten = QList<OverwrittenValue>;

constexpr qint64 kT = 1'732'870'000'000; // a plausible wall clock (2024-11-29)
const QString kRecordId = u"7f1c9a52-3b6e-4d21-9a0f-5c8e2b7d4a13"_s;
// Device ids compare as text, so the tie-break order is kA < kB < kC.
const QString kA = u"dev-a"_s;
const QString kB = u"dev-b"_s;
const QString kC = u"dev-c"_s;

HlcTimestamp at(qint64 ms, const QString& device, quint32 counter = 0)
{
    return HlcTimestamp{ms, counter, device};
}

struct Held
{
    QString field;
    QJsonValue value;
    HlcTimestamp stamp;
};

// A volunteer record holding `fields`, each under a stamp of its own.
RecordState volunteer(std::initializer_list<Held> fields)
{
    RecordState state{entity::kVolunteer, kRecordId, {}, {}};
    for (const Held& held : fields) {
        state.data.insert(held.field, FieldValue::fromJson(held.value));
        state.clocks.set(held.field, held.stamp);
    }
    return state;
}

OverwrittenValue overwritten(const QString& field, const QJsonValue& kept, const HlcTimestamp& keptStamp,
                             const QJsonValue& lost, const HlcTimestamp& lostStamp)
{
    return OverwrittenValue{field, FieldValue::fromJson(kept), FieldValue::fromJson(lost), keptStamp,
                            lostStamp};
}

QString text(const FieldMap& fields)
{
    return fields.toJsonText();
}

QString text(const QJsonValue& value)
{
    const QString wrapped =
        QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}

QString text(const FieldValue& value)
{
    return text(value.toJson());
}

QString text(const RecordState& state)
{
    return text(state.data) + u" clocks "_s + QString::fromUtf8(state.clocks.toJsonText());
}

// Readable on failure, unlike a bare QList comparison.
QStringList describe(const Overwritten& values)
{
    QStringList lines;
    for (const OverwrittenValue& v : values)
        lines << u"%1: kept %2 @%3, lost %4 @%5"_s.arg(v.field, text(v.kept), v.keptStamp.toString(),
                                                       text(v.lost), v.lostStamp.toString());
    return lines;
}

// The ways one write can reach a record: an outbox change (fields under one stamp) or a pulled
// record (every field at its own stamp, given by "*" or one by one). All must merge alike.
enum class Path
{
    Change,
    PulledAll,
    PulledPerField,
};

MergeOutcome applyVia(Path path, RecordState& target, const QJsonObject& fields, const HlcTimestamp& stamp)
{
    if (path == Path::Change)
        return RecordMerge::apply(target, fields, stamp);
    RecordState incoming{target.entity, target.id, fields, {}};
    if (path == Path::PulledAll) {
        incoming.clocks.setAll(stamp);
    } else {
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
            incoming.clocks.set(it.key(), stamp);
    }
    return RecordMerge::apply(target, incoming);
}

void addMergeRow(const char* name, const RecordState& target, const QJsonObject& fields,
                 const HlcTimestamp& stamp, const RecordState& expected, const QStringList& applied,
                 const Overwritten& overwrittenValues)
{
    const std::pair<Path, const char*> paths[] = {
        {Path::Change, "change"}, {Path::PulledAll, "pulled *"}, {Path::PulledPerField, "pulled per field"}};
    for (const auto& [path, label] : paths)
        QTest::addRow("%s (%s)", name, label)
            << int(path) << target << fields << stamp << expected << applied << overwrittenValues;
}

// ---- convergence ----

struct Write
{
    QJsonObject fields;
    HlcTimestamp stamp;
};

// Writes by three devices over a few fields (the "deleted" tombstone among them), from a small
// pool of values and within three milliseconds, so overlaps, equal values and ties on
// (ms, counter) broken by the device id all occur. A device never repeats a stamp (HLC).
QList<Write> generateWrites(QRandomGenerator& rng, int count)
{
    const QStringList devices{kA, kB, kC};
    const QStringList fields{u"name"_s, u"mobile"_s, u"employer"_s, u"deleted"_s};
    QSet<QString> used;
    QList<Write> writes;
    while (writes.size() < count) {
        const HlcTimestamp stamp =
            at(kT + rng.bounded(3), devices.at(rng.bounded(3)), quint32(rng.bounded(2)));
        if (used.contains(stamp.toString()))
            continue;
        used.insert(stamp.toString());
        Write write{{}, stamp};
        const int size = 1 + rng.bounded(3);
        while (write.fields.size() < size) {
            const QString field = fields.at(rng.bounded(fields.size()));
            if (field == u"deleted"_s) {
                write.fields.insert(field, rng.bounded(2) == 1);
            } else {
                const int v = rng.bounded(4);
                write.fields.insert(field, v == 0 ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(field + QString::number(v)));
            }
        }
        writes << write;
    }
    return writes;
}

// The rule stated independently of RecordMerge: per field, the write with the greatest stamp.
RecordState modelOf(const QList<Write>& writes)
{
    RecordState state{entity::kVolunteer, kRecordId, {}, {}};
    QHash<QString, HlcTimestamp> best;
    for (const Write& write : writes) {
        for (auto it = write.fields.constBegin(); it != write.fields.constEnd(); ++it) {
            if (!best.contains(it.key()) || best.value(it.key()) < write.stamp) {
                best.insert(it.key(), write.stamp);
                state.data.insert(it.key(), FieldValue::fromJson(it.value()));
            }
        }
    }
    for (auto it = best.constBegin(); it != best.constEnd(); ++it)
        state.clocks.set(it.key(), it.value());
    return state;
}

RecordState emptyRecord()
{
    return RecordState{entity::kVolunteer, kRecordId, {}, {}};
}

QString orderText(const QList<int>& order)
{
    QStringList parts;
    for (int i : order)
        parts << QString::number(i);
    return parts.join(u' ');
}

} // namespace

class TestRecordMerge : public QObject
{
    Q_OBJECT

private slots:
    void mergeRules_data();
    void mergeRules();
    void outcomeIsReportedFromEitherSide();
    void informedCorrection_data();
    void informedCorrection();

    void convergesInEveryOrder();
    void convergesThroughIntermediateStates();
    void convergesInManyRandomOrders();
    void starAndPerFieldClocksMergeAlike();

    void clocksStampOfFallsBackToAll();
    void clocksSetAllClearsFieldStamps();
    void clocksLatest();
    void clocksJsonRoundTrip_data();
    void clocksJsonRoundTrip();
    void clocksJsonKnownText();
    void clocksMalformedText_data();
    void clocksMalformedText();
};

void TestRecordMerge::mergeRules_data()
{
    QTest::addColumn<int>("path");
    QTest::addColumn<RecordState>("target");
    QTest::addColumn<QJsonObject>("fields");
    QTest::addColumn<HlcTimestamp>("stamp");
    QTest::addColumn<RecordState>("expected");
    QTest::addColumn<QStringList>("applied");
    QTest::addColumn<Overwritten>("overwritten");

    const QString name = u"name"_s;
    const QString mobile = u"mobile"_s;
    const QString deleted = u"deleted"_s;
    const QStringList none;

    addMergeRow("later stamp wins", volunteer({{name, u"张三"_s, at(kT, kA)}}), {{name, u"李四"_s}},
                at(kT + 1000, kB), volunteer({{name, u"李四"_s, at(kT + 1000, kB)}}), {name},
                {overwritten(name, u"李四"_s, at(kT + 1000, kB), u"张三"_s, at(kT, kA))});
    addMergeRow("earlier incoming loses", volunteer({{name, u"张三"_s, at(kT + 1000, kA)}}),
                {{name, u"李四"_s}}, at(kT, kB), volunteer({{name, u"张三"_s, at(kT + 1000, kA)}}), none,
                {overwritten(name, u"张三"_s, at(kT + 1000, kA), u"李四"_s, at(kT, kB))});
    addMergeRow("counter orders stamps within a millisecond", volunteer({{name, u"张三"_s, at(kT, kB, 3)}}),
                {{name, u"李四"_s}}, at(kT, kA, 4), volunteer({{name, u"李四"_s, at(kT, kA, 4)}}), {name},
                {overwritten(name, u"李四"_s, at(kT, kA, 4), u"张三"_s, at(kT, kB, 3))});
    addMergeRow("counter outranks the device", volunteer({{name, u"张三"_s, at(kT, kA, 4)}}),
                {{name, u"李四"_s}}, at(kT, kC, 3), volunteer({{name, u"张三"_s, at(kT, kA, 4)}}), none,
                {overwritten(name, u"张三"_s, at(kT, kA, 4), u"李四"_s, at(kT, kC, 3))});
    addMergeRow("same stamp again is idempotent", volunteer({{name, u"张三"_s, at(kT, kA)}}),
                {{name, u"张三"_s}}, at(kT, kA), volunteer({{name, u"张三"_s, at(kT, kA)}}), none, {});
    addMergeRow("replayed change adds only what was missing", volunteer({{name, u"张三"_s, at(kT, kA)}}),
                {{name, u"张三"_s}, {mobile, u"13800138000"_s}}, at(kT, kA),
                volunteer({{name, u"张三"_s, at(kT, kA)}, {mobile, u"13800138000"_s, at(kT, kA)}}), {mobile},
                {});
    addMergeRow("tie on ms and counter: greater device wins", volunteer({{name, u"张三"_s, at(kT, kA, 5)}}),
                {{name, u"李四"_s}}, at(kT, kB, 5), volunteer({{name, u"李四"_s, at(kT, kB, 5)}}), {name},
                {overwritten(name, u"李四"_s, at(kT, kB, 5), u"张三"_s, at(kT, kA, 5))});
    addMergeRow("tie on ms and counter: lesser device loses", volunteer({{name, u"张三"_s, at(kT, kB, 5)}}),
                {{name, u"李四"_s}}, at(kT, kA, 5), volunteer({{name, u"张三"_s, at(kT, kB, 5)}}), none,
                {overwritten(name, u"张三"_s, at(kT, kB, 5), u"李四"_s, at(kT, kA, 5))});
    addMergeRow("different fields of one record both survive",
                volunteer({{name, u"张三"_s, at(kT + 1000, kA)}}), {{mobile, u"13800138000"_s}}, at(kT, kB),
                volunteer({{name, u"张三"_s, at(kT + 1000, kA)}, {mobile, u"13800138000"_s, at(kT, kB)}}),
                {mobile}, {});

    // Deletes: "deleted" is a field like any other.
    addMergeRow("delete is a field", volunteer({{name, u"张三"_s, at(kT, kA)}}), {{deleted, true}},
                at(kT + 1, kB), volunteer({{name, u"张三"_s, at(kT, kA)}, {deleted, true, at(kT + 1, kB)}}),
                {deleted}, {});
    addMergeRow("delete older than an edit still applies", volunteer({{name, u"张三"_s, at(kT + 5000, kA)}}),
                {{deleted, true}}, at(kT, kB),
                volunteer({{name, u"张三"_s, at(kT + 5000, kA)}, {deleted, true, at(kT, kB)}}), {deleted},
                {});
    addMergeRow("later edit of another field does not undelete",
                volunteer({{name, u"张三"_s, at(kT, kA)}, {deleted, true, at(kT + 1000, kB)}}),
                {{name, u"张三丰"_s}}, at(kT + 2000, kC),
                volunteer({{name, u"张三丰"_s, at(kT + 2000, kC)}, {deleted, true, at(kT + 1000, kB)}}),
                {name}, {overwritten(name, u"张三丰"_s, at(kT + 2000, kC), u"张三"_s, at(kT, kA))});
    addMergeRow("later deleted:false undeletes",
                volunteer({{name, u"张三"_s, at(kT, kA)}, {deleted, true, at(kT + 1000, kB)}}),
                {{deleted, false}}, at(kT + 2000, kA),
                volunteer({{name, u"张三"_s, at(kT, kA)}, {deleted, false, at(kT + 2000, kA)}}), {deleted},
                {overwritten(deleted, false, at(kT + 2000, kA), true, at(kT + 1000, kB))});
    addMergeRow("earlier deleted:false does not undelete", volunteer({{deleted, true, at(kT + 1000, kB)}}),
                {{deleted, false}}, at(kT, kA), volunteer({{deleted, true, at(kT + 1000, kB)}}), none,
                {overwritten(deleted, true, at(kT + 1000, kB), false, at(kT, kA))});
    addMergeRow("earlier delete loses to a later undelete", volunteer({{deleted, false, at(kT + 2000, kA)}}),
                {{deleted, true}}, at(kT + 1000, kB), volunteer({{deleted, false, at(kT + 2000, kA)}}), none,
                {overwritten(deleted, false, at(kT + 2000, kA), true, at(kT + 1000, kB))});

    // When an overwritten value is a conflict worth logging.
    addMergeRow("device replacing its own value is no conflict", volunteer({{name, u"张三"_s, at(kT, kA)}}),
                {{name, u"李四"_s}}, at(kT + 1000, kA), volunteer({{name, u"李四"_s, at(kT + 1000, kA)}}),
                {name}, {});
    addMergeRow("device's own older value loses silently", volunteer({{name, u"李四"_s, at(kT + 1000, kA)}}),
                {{name, u"张三"_s}}, at(kT, kA), volunteer({{name, u"李四"_s, at(kT + 1000, kA)}}), none, {});
    addMergeRow("equal value from another device wins silently", volunteer({{name, u"张三"_s, at(kT, kA)}}),
                {{name, u"张三"_s}}, at(kT + 1000, kB), volunteer({{name, u"张三"_s, at(kT + 1000, kB)}}),
                {name}, {});
    addMergeRow("equal value from another device loses silently",
                volunteer({{name, u"张三"_s, at(kT + 1000, kB)}}), {{name, u"张三"_s}}, at(kT, kA),
                volunteer({{name, u"张三"_s, at(kT + 1000, kB)}}), none, {});
    addMergeRow("field the target did not hold is no conflict",
                volunteer({{name, u"张三"_s, at(kT + 5000, kA)}}), {{u"employer"_s, u"郑州大学"_s}},
                at(kT, kB),
                volunteer({{name, u"张三"_s, at(kT + 5000, kA)}, {u"employer"_s, u"郑州大学"_s, at(kT, kB)}}),
                {u"employer"_s}, {});

    // "*" stands for every field without a stamp of its own.
    RecordState created{entity::kVolunteer, kRecordId, {{name, u"张三"_s}, {mobile, u"13800138000"_s}}, {}};
    created.clocks.setAll(at(kT, kA));
    created.clocks.set(mobile, at(kT + 2000, kA));
    RecordState createdAfter = created;
    createdAfter.data.insert(name, u"李四"_s);
    createdAfter.clocks.set(name, at(kT + 1000, kB));
    addMergeRow(
        "'*' stamp yields to a later write, a field stamp does not", created,
        {{name, u"李四"_s}, {mobile, u"13900139000"_s}}, at(kT + 1000, kB), createdAfter, {name},
        {overwritten(mobile, u"13800138000"_s, at(kT + 2000, kA), u"13900139000"_s, at(kT + 1000, kB)),
         overwritten(name, u"李四"_s, at(kT + 1000, kB), u"张三"_s, at(kT, kA))});
    RecordState createdLater{entity::kVolunteer, kRecordId, {{name, u"张三"_s}}, {}};
    createdLater.clocks.setAll(at(kT + 5000, kA));
    RecordState createdLaterAfter = createdLater;
    createdLaterAfter.data.insert(u"employer"_s, u"郑州大学"_s);
    createdLaterAfter.clocks.set(u"employer"_s, at(kT, kB));
    addMergeRow("'*' stamp does not hold back a field the record lacks", createdLater,
                {{u"employer"_s, u"郑州大学"_s}}, at(kT, kB), createdLaterAfter, {u"employer"_s}, {});

    // Every JSON shape a field can have is a value.
    const QJsonArray twoFields{u"医疗"_s, u"教育"_s};
    const QJsonArray oneField{u"医疗"_s};
    addMergeRow("null, lists and booleans overwrite and are reported",
                volunteer({{u"email"_s, u"a@b.cn"_s, at(kT, kA)},
                           {u"service_fields"_s, twoFields, at(kT, kA)},
                           {u"three_heads"_s, false, at(kT, kA)}}),
                {{u"email"_s, QJsonValue::Null}, {u"service_fields"_s, oneField}, {u"three_heads"_s, true}},
                at(kT + 1, kB),
                volunteer({{u"email"_s, QJsonValue::Null, at(kT + 1, kB)},
                           {u"service_fields"_s, oneField, at(kT + 1, kB)},
                           {u"three_heads"_s, true, at(kT + 1, kB)}}),
                {u"email"_s, u"service_fields"_s, u"three_heads"_s},
                {overwritten(u"email"_s, QJsonValue::Null, at(kT + 1, kB), u"a@b.cn"_s, at(kT, kA)),
                 overwritten(u"service_fields"_s, oneField, at(kT + 1, kB), twoFields, at(kT, kA)),
                 overwritten(u"three_heads"_s, true, at(kT + 1, kB), false, at(kT, kA))});
    addMergeRow("equal lists are equal values", volunteer({{u"service_fields"_s, twoFields, at(kT, kA)}}),
                {{u"service_fields"_s, twoFields}}, at(kT + 1, kB),
                volunteer({{u"service_fields"_s, twoFields, at(kT + 1, kB)}}), {u"service_fields"_s}, {});
}

void TestRecordMerge::mergeRules()
{
    QFETCH(int, path);
    QFETCH(RecordState, target);
    QFETCH(QJsonObject, fields);
    QFETCH(HlcTimestamp, stamp);
    QFETCH(RecordState, expected);
    QFETCH(QStringList, applied);
    QFETCH(Overwritten, overwritten);

    RecordState merged = target;
    const MergeOutcome outcome = applyVia(Path(path), merged, fields, stamp);
    QCOMPARE(text(merged), text(expected));
    QVERIFY(merged == expected);
    QCOMPARE(merged.isDeleted(), expected.isDeleted());
    QCOMPARE(outcome.applied, applied);
    QCOMPARE(describe(outcome.overwritten), describe(overwritten));

    // Seeing the same write a second time changes nothing; only a value that lost the first time
    // can be reported again (it loses again).
    const MergeOutcome again = applyVia(Path(path), merged, fields, stamp);
    QVERIFY(merged == expected);
    QVERIFY(again.applied.isEmpty());
    for (const OverwrittenValue& value : again.overwritten) {
        QVERIFY2(!applied.contains(value.field), qPrintable(value.field));
        QVERIFY(overwritten.contains(value));
    }
}

void TestRecordMerge::outcomeIsReportedFromEitherSide()
{
    // The same two conflicting writes, met in both orders: the record ends the same and the
    // conflict log gets the same entry either way.
    const QJsonObject first{{u"name"_s, u"张三"_s}};
    const QJsonObject second{{u"name"_s, u"李四"_s}};
    const OverwrittenValue entry = overwritten(u"name"_s, u"李四"_s, at(kT + 1, kB), u"张三"_s, at(kT, kA));

    RecordState forward = emptyRecord();
    QVERIFY(RecordMerge::apply(forward, first, at(kT, kA)).overwritten.isEmpty());
    const MergeOutcome wins = RecordMerge::apply(forward, second, at(kT + 1, kB));
    QCOMPARE(wins.applied, QStringList{u"name"_s});

    RecordState backward = emptyRecord();
    QVERIFY(RecordMerge::apply(backward, second, at(kT + 1, kB)).overwritten.isEmpty());
    const MergeOutcome loses = RecordMerge::apply(backward, first, at(kT, kA));
    QVERIFY(loses.applied.isEmpty());

    QVERIFY(forward.equivalent(backward));
    QCOMPARE(describe(wins.overwritten), describe({entry}));
    QCOMPARE(describe(loses.overwritten), describe({entry}));
    QVERIFY(wins.overwritten == loses.overwritten);
}

void TestRecordMerge::informedCorrection_data()
{
    // `base`: the stamps the edited fields held on the writer's device when it edited them.
    QTest::addColumn<RecordState>("target");
    QTest::addColumn<QJsonObject>("fields");
    QTest::addColumn<HlcTimestamp>("stamp");
    QTest::addColumn<StampsByField>("base");
    QTest::addColumn<Overwritten>("overwritten");

    const QString name = u"name"_s;
    const QString mobile = u"mobile"_s;
    const RecordState byA =
        volunteer({{name, u"张三"_s, at(kT, kA)}, {mobile, u"13800138000"_s, at(kT, kA)}});

    QTest::newRow("correcting the value the writer saw")
        << byA << QJsonObject{{name, u"张三丰"_s}} << at(kT + 1000, kB) << StampsByField{{name, at(kT, kA)}}
        << Overwritten{};
    QTest::newRow("no base: concurrent overwrite")
        << byA << QJsonObject{{name, u"张三丰"_s}} << at(kT + 1000, kB) << StampsByField{}
        << Overwritten{overwritten(name, u"张三丰"_s, at(kT + 1000, kB), u"张三"_s, at(kT, kA))};
    QTest::newRow("writer saw an older value")
        << volunteer({{name, u"张三"_s, at(kT + 500, kC)}}) << QJsonObject{{name, u"张三丰"_s}}
        << at(kT + 1000, kB) << StampsByField{{name, at(kT, kA)}}
        << Overwritten{overwritten(name, u"张三丰"_s, at(kT + 1000, kB), u"张三"_s, at(kT + 500, kC))};
    QTest::newRow("base of another field excuses nothing")
        << byA << QJsonObject{{name, u"张三丰"_s}} << at(kT + 1000, kB) << StampsByField{{mobile, at(kT, kA)}}
        << Overwritten{overwritten(name, u"张三丰"_s, at(kT + 1000, kB), u"张三"_s, at(kT, kA))};
    QTest::newRow("one field corrected, one overwritten blind")
        << byA << QJsonObject{{name, u"张三丰"_s}, {mobile, u"13900139000"_s}} << at(kT + 1000, kB)
        << StampsByField{{name, at(kT, kA)}}
        << Overwritten{
               overwritten(mobile, u"13900139000"_s, at(kT + 1000, kB), u"13800138000"_s, at(kT, kA))};
    RecordState created{entity::kVolunteer, kRecordId, {{name, u"张三"_s}}, {}};
    created.clocks.setAll(at(kT, kA));
    QTest::newRow("base matching the '*' stamp")
        << created << QJsonObject{{name, u"张三丰"_s}} << at(kT + 1000, kB)
        << StampsByField{{name, at(kT, kA)}} << Overwritten{};
    QTest::newRow("losing write is reported whatever its base")
        << volunteer({{name, u"张三"_s, at(kT + 2000, kC)}}) << QJsonObject{{name, u"张三丰"_s}}
        << at(kT + 1000, kB) << StampsByField{{name, at(kT, kA)}}
        << Overwritten{overwritten(name, u"张三"_s, at(kT + 2000, kC), u"张三丰"_s, at(kT + 1000, kB))};
}

void TestRecordMerge::informedCorrection()
{
    QFETCH(RecordState, target);
    QFETCH(QJsonObject, fields);
    QFETCH(HlcTimestamp, stamp);
    QFETCH(StampsByField, base);
    QFETCH(Overwritten, overwritten);

    // The base changes what is reported, never what the record ends as.
    RecordState informed = target;
    RecordState blind = target;
    const MergeOutcome outcome = RecordMerge::apply(informed, fields, stamp, base);
    const MergeOutcome without = RecordMerge::apply(blind, fields, stamp);
    QCOMPARE(text(informed), text(blind));
    QCOMPARE(outcome.applied, without.applied);
    QCOMPARE(describe(outcome.overwritten), describe(overwritten));
}

void TestRecordMerge::convergesInEveryOrder()
{
    QRandomGenerator rng(20241129);
    const QList<Write> writes = generateWrites(rng, 7);
    const RecordState model = modelOf(writes);

    // The generated writes must exercise what the rule is about, or the property is vacuous.
    QSet<QString> fieldsSeen;
    int overlaps = 0;
    bool deviceTie = false;
    bool deletes = false;
    for (qsizetype i = 0; i < writes.size(); ++i) {
        for (auto it = writes[i].fields.constBegin(); it != writes[i].fields.constEnd(); ++it) {
            overlaps += fieldsSeen.contains(it.key()) ? 1 : 0;
            fieldsSeen.insert(it.key());
            deletes = deletes || it.key() == u"deleted"_s;
        }
        for (qsizetype j = 0; j < i; ++j)
            deviceTie = deviceTie || (writes[i].stamp.ms == writes[j].stamp.ms &&
                                      writes[i].stamp.counter == writes[j].stamp.counter);
    }
    QVERIFY(overlaps >= 3);
    QVERIFY(deviceTie);
    QVERIFY(deletes);

    QList<int> order(writes.size());
    std::iota(order.begin(), order.end(), 0);
    int orders = 0;
    do {
        RecordState target = emptyRecord();
        for (int i : order)
            RecordMerge::apply(target, writes[i].fields, writes[i].stamp);
        if (!target.equivalent(model))
            QFAIL(qPrintable(orderText(order) + u": "_s + text(target) + u" != "_s + text(model)));
        ++orders;
    } while (std::next_permutation(order.begin(), order.end()));
    QCOMPARE(orders, 5040);
}

void TestRecordMerge::convergesThroughIntermediateStates()
{
    // Replicas each see some of the writes, in the order of the permutation, and then exchange
    // whole records (pull pages): every way of combining them ends in the same record.
    QRandomGenerator rng(410105);
    const QList<Write> writes = generateWrites(rng, 7);
    const RecordState model = modelOf(writes);

    QList<int> order(writes.size());
    std::iota(order.begin(), order.end(), 0);
    do {
        QList<RecordState> replicas(3, emptyRecord());
        QList<RecordState> snapshots; // the first replica after each of its writes
        for (int i : order) {
            const int replica = rng.bounded(3);
            RecordMerge::apply(replicas[replica], writes[i].fields, writes[i].stamp);
            if (replica == 0)
                snapshots << replicas[0];
        }
        const QString where = orderText(order);

        // A server that receives the three replicas' records in a rotating order.
        RecordState server = emptyRecord();
        const int first = order.first() % 3;
        for (int k = 0; k < 3; ++k)
            RecordMerge::apply(server, replicas[(first + k) % 3]);
        if (!server.equivalent(model))
            QFAIL(qPrintable(where + u" server: "_s + text(server) + u" != "_s + text(model)));

        // Replicas passing records along a chain: 2 -> 1 -> 0.
        RecordState middle = replicas[1];
        RecordMerge::apply(middle, replicas[2]);
        RecordState end = replicas[0];
        RecordMerge::apply(end, middle);
        if (!end.equivalent(model))
            QFAIL(qPrintable(where + u" chain: "_s + text(end) + u" != "_s + text(model)));

        // Stale snapshots of replica 0 arriving late and out of order change nothing more.
        std::shuffle(snapshots.begin(), snapshots.end(), rng);
        RecordState late = server;
        for (const RecordState& snapshot : std::as_const(snapshots)) {
            const MergeOutcome outcome = RecordMerge::apply(late, snapshot);
            if (!outcome.applied.isEmpty())
                QFAIL(qPrintable(where + u" late snapshot applied "_s + outcome.applied.join(u',')));
        }
        if (!late.equivalent(model))
            QFAIL(qPrintable(where + u" late: "_s + text(late) + u" != "_s + text(model)));

        // A fresh replica fed only snapshots and the other replicas, newest and stalest mixed.
        RecordState fresh = emptyRecord();
        QList<RecordState> feed = snapshots;
        feed << replicas[1] << replicas[2] << replicas[0];
        std::shuffle(feed.begin(), feed.end(), rng);
        for (const RecordState& state : std::as_const(feed))
            RecordMerge::apply(fresh, state);
        if (!fresh.equivalent(model))
            QFAIL(qPrintable(where + u" fresh: "_s + text(fresh) + u" != "_s + text(model)));
    } while (std::next_permutation(order.begin(), order.end()));
}

void TestRecordMerge::convergesInManyRandomOrders()
{
    QRandomGenerator rng(4101);
    for (int round = 0; round < 5; ++round) {
        const QList<Write> writes = generateWrites(rng, 14);
        const RecordState model = modelOf(writes);
        QList<int> order(writes.size());
        std::iota(order.begin(), order.end(), 0);
        for (int attempt = 0; attempt < 400; ++attempt) {
            std::shuffle(order.begin(), order.end(), rng);
            RecordState direct = emptyRecord();
            RecordState viaStates = emptyRecord();
            for (int i : std::as_const(order)) {
                RecordMerge::apply(direct, writes[i].fields, writes[i].stamp);
                // Each write as a record that carries only it, then merged whole.
                RecordState single = emptyRecord();
                RecordMerge::apply(single, writes[i].fields, writes[i].stamp);
                RecordMerge::apply(viaStates, single);
            }
            if (!direct.equivalent(model))
                QFAIL(qPrintable(orderText(order) + u": "_s + text(direct) + u" != "_s + text(model)));
            if (!viaStates.equivalent(model))
                QFAIL(qPrintable(orderText(order) + u": "_s + text(viaStates) + u" != "_s + text(model)));
        }
    }
}

void TestRecordMerge::starAndPerFieldClocksMergeAlike()
{
    // A record created whole travels with one "*" stamp; a replica that copied it keeps "*", one
    // that merged it field by field keeps per-field stamps. Later writes must land the same.
    RecordState created{entity::kVolunteer,
                        kRecordId,
                        {{u"name"_s, u"张三"_s}, {u"mobile"_s, u"13800138000"_s}, {u"deleted"_s, false}},
                        {}};
    created.clocks.setAll(at(kT + 100, kA));

    RecordState copied = created;
    RecordState merged = emptyRecord();
    RecordMerge::apply(merged, created);
    QCOMPARE(merged.data, created.data);
    QVERIFY(merged.equivalent(created));

    const QList<Write> later{{{{u"name"_s, u"李四"_s}}, at(kT + 200, kB)},
                             {{{u"mobile"_s, u"13900139000"_s}}, at(kT + 50, kC)},
                             {{{u"deleted"_s, true}}, at(kT + 100, kB)},
                             {{{u"employer"_s, u"郑州大学"_s}}, at(kT, kC)}};
    for (const Write& write : later) {
        const MergeOutcome a = RecordMerge::apply(copied, write.fields, write.stamp);
        const MergeOutcome b = RecordMerge::apply(merged, write.fields, write.stamp);
        QCOMPARE(a.applied, b.applied);
        QCOMPARE(describe(a.overwritten), describe(b.overwritten));
    }
    QCOMPARE(text(copied.data), text(merged.data));
    for (auto it = copied.data.constBegin(); it != copied.data.constEnd(); ++it)
        QCOMPARE(copied.clocks.stampOf(it.key()), merged.clocks.stampOf(it.key()));
    QCOMPARE(copied.data.value(u"name"_s), FieldValue(u"李四"_s));
    QCOMPARE(copied.data.value(u"mobile"_s), FieldValue(u"13800138000"_s));
    QVERIFY(copied.isDeleted()); // dev-b > dev-a at the same (ms, counter)
}

void TestRecordMerge::clocksStampOfFallsBackToAll()
{
    RecordClocks clocks;
    QVERIFY(clocks.isEmpty());
    QVERIFY(clocks.stampOf(u"name"_s).isNull());

    clocks.setAll(at(kT, kA));
    QVERIFY(!clocks.isEmpty());
    clocks.set(u"name"_s, at(kT + 5, kB));
    QCOMPARE(clocks.stampOf(u"name"_s), at(kT + 5, kB));
    QCOMPARE(clocks.stampOf(u"mobile"_s), at(kT, kA));
    QCOMPARE(clocks.stampOf(u"never-written"_s), at(kT, kA));
    QCOMPARE(clocks.all(), at(kT, kA));
    QCOMPARE(clocks.fields().size(), 1);

    RecordClocks fieldsOnly;
    fieldsOnly.set(u"name"_s, at(kT, kA));
    QVERIFY(!fieldsOnly.isEmpty());
    QVERIFY(fieldsOnly.stampOf(u"mobile"_s).isNull());
}

void TestRecordMerge::clocksSetAllClearsFieldStamps()
{
    RecordClocks clocks;
    clocks.set(u"name"_s, at(kT + 10, kB));
    clocks.set(u"mobile"_s, at(kT + 20, kC));
    clocks.setAll(at(kT + 5, kA));
    QVERIFY(clocks.fields().isEmpty());
    QCOMPARE(clocks.stampOf(u"name"_s), at(kT + 5, kA));
    QCOMPARE(clocks.stampOf(u"mobile"_s), at(kT + 5, kA));

    // Setting "*" by name is setAll.
    RecordClocks byName;
    byName.set(u"name"_s, at(kT + 10, kB));
    byName.set(RecordClocks::allFieldsKey(), at(kT + 5, kA));
    QVERIFY(byName == clocks);
}

void TestRecordMerge::clocksLatest()
{
    RecordClocks clocks;
    QVERIFY(clocks.latest().isNull());
    clocks.setAll(at(kT + 100, kA));
    QCOMPARE(clocks.latest(), at(kT + 100, kA));
    clocks.set(u"name"_s, at(kT + 50, kC)); // older than "*"
    QCOMPARE(clocks.latest(), at(kT + 100, kA));
    clocks.set(u"mobile"_s, at(kT + 100, kB)); // ties on ms and counter, greater device
    QCOMPARE(clocks.latest(), at(kT + 100, kB));
    clocks.set(u"employer"_s, at(kT + 100, kA, 1));
    QCOMPARE(clocks.latest(), at(kT + 100, kA, 1));

    RecordClocks fieldsOnly;
    fieldsOnly.set(u"name"_s, at(kT, kA));
    fieldsOnly.set(u"mobile"_s, at(kT + 1, kA));
    QCOMPARE(fieldsOnly.latest(), at(kT + 1, kA));
}

void TestRecordMerge::clocksJsonRoundTrip_data()
{
    QTest::addColumn<RecordClocks>("clocks");
    const QString uuidDevice = u"0b8e1f8c-1111-4c4c-8d8d-000000000001"_s;

    QTest::newRow("empty") << RecordClocks{};
    RecordClocks all;
    all.setAll(at(kT, kA));
    QTest::newRow("only *") << all;
    // A single stamp is written by a shortcut; a device id needing escapes must not take it.
    for (const auto& [name, device] :
         {std::pair{"only *, UUID device", uuidDevice}, std::pair{"only *, quote in device", u"dev\"a"_s},
          std::pair{"only *, backslash in device", u"dev\\a"_s},
          std::pair{"only *, Chinese device", u"设备"_s},
          std::pair{"only *, control character in device", u"dev\ta"_s}}) {
        RecordClocks one;
        one.setAll(at(kT, device, 7));
        QTest::newRow(name) << one;
    }
    RecordClocks fields;
    fields.set(u"name"_s, at(kT, uuidDevice, HlcTimestamp::kMaxCounter));
    fields.set(u"deleted"_s, at(1, kB));
    QTest::newRow("only fields") << fields;
    RecordClocks both;
    both.setAll(at(kT, uuidDevice));
    both.set(u"mobile"_s, at(kT + 7, u"设备-郑州-001"_s, 3));
    both.set(u"service_fields"_s, at(999'999'999'999'999'999LL, kC));
    QTest::newRow("* and fields, Chinese device, largest ms") << both;
}

void TestRecordMerge::clocksJsonRoundTrip()
{
    QFETCH(RecordClocks, clocks);
    const QByteArray text = clocks.toJsonText();
    auto parsed = RecordClocks::fromJsonText(text);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error().message));
    QVERIFY2(*parsed == clocks, text.constData());
    QCOMPARE(parsed->toJsonText(), text);
    // Written directly, but byte for byte what QJsonDocument wrote before (stored rows compare).
    QCOMPARE(text, QJsonDocument(clocks.toJson()).toJson(QJsonDocument::Compact));
    QCOMPARE(clocks.toJson().contains(RecordClocks::allFieldsKey()), !clocks.all().isNull());
    auto fromObject = RecordClocks::fromJson(clocks.toJson());
    QVERIFY(fromObject.has_value());
    QVERIFY(*fromObject == clocks);
}

void TestRecordMerge::clocksJsonKnownText()
{
    // The stored form the client's record_clocks and the server's records.clocks hold.
    const QByteArray text = R"({"*":"000001732870000000-000000-dev-a",)"
                            R"("name":"000001732870000005-000002-0b8e1f8c-1111-4c4c-8d8d-000000000001"})";
    auto clocks = RecordClocks::fromJsonText(text);
    QVERIFY2(clocks.has_value(), qPrintable(clocks ? QString() : clocks.error().message));
    QCOMPARE(clocks->all(), at(kT, kA));
    QCOMPARE(clocks->stampOf(u"name"_s), at(kT + 5, u"0b8e1f8c-1111-4c4c-8d8d-000000000001"_s, 2));
    QCOMPARE(clocks->stampOf(u"mobile"_s), at(kT, kA));
    QCOMPARE(clocks->toJsonText(), text);
}

void TestRecordMerge::clocksMalformedText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not JSON") << QByteArray("{\"*\":");
    QTest::newRow("array") << QByteArray(R"(["000001732870000000-000000-dev-a"])");
    QTest::newRow("string") << QByteArray(R"("000001732870000000-000000-dev-a")");
    QTest::newRow("stamp is a number") << QByteArray(R"({"name":1732870000000})");
    QTest::newRow("stamp is null") << QByteArray(R"({"*":null})");
    QTest::newRow("stamp is garbage") << QByteArray(R"({"name":"yesterday"})");
    QTest::newRow("stamp is empty") << QByteArray(R"({"name":""})");
    QTest::newRow("short ms") << QByteArray(R"({"*":"1732870000000-000000-dev-a"})");
    QTest::newRow("wrong separator") << QByteArray(R"({"*":"000001732870000000+000000-dev-a"})");
    QTest::newRow("letters in ms") << QByteArray(R"({"*":"00000173287000000x-000000-dev-a"})");
    QTest::newRow("letters in counter") << QByteArray(R"({"*":"000001732870000000-00000x-dev-a"})");
    QTest::newRow("negative ms") << QByteArray(R"({"*":"-00001732870000000-000000-dev-a"})");
    QTest::newRow("plus sign in ms") << QByteArray(R"({"*":"+00001732870000000-000000-dev-a"})");
    QTest::newRow("space in ms") << QByteArray(R"({"*":" 00001732870000000-000000-dev-a"})");
    QTest::newRow("plus sign in counter") << QByteArray(R"({"*":"000001732870000000-+00000-dev-a"})");
    QTest::newRow("one bad among good")
        << QByteArray(R"({"*":"000001732870000000-000000-dev-a","name":"x"})");
}

void TestRecordMerge::clocksMalformedText()
{
    QFETCH(QByteArray, text);
    auto clocks = RecordClocks::fromJsonText(text);
    QVERIFY(!clocks.has_value());
    QCOMPARE(clocks.error().code, ErrorCode::InvalidInput);
    QVERIFY(!clocks.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestRecordMerge)
#include "TestRecordMerge.moc"
