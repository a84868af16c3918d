#include "clock/RecordId.h"
#include "sync/Compression.h"
#include "sync/SyncCodec.h"
#include "sync/SyncWire.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <QUuid>
#include <QtEndian>

#include <cstring>
#include <limits>
#include <optional>

using namespace kjzy;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(kjzy::ChangeSet)
Q_DECLARE_METATYPE(kjzy::PullPage)
Q_DECLARE_METATYPE(kjzy::PushReply)
Q_DECLARE_METATYPE(kjzy::SyncLimits)

namespace {

constexpr qint64 kT = 1'732'870'000'000;             // a plausible wall clock (2024-11-29)
constexpr qint64 kMaxMs = 999'999'999'999'999'999LL; // the 18 digits of the HLC text form
const QString kDeviceA = u"0b8e1f8c-1111-4c4c-8d8d-00000000000a"_s;
const QString kDeviceB = u"0b8e1f8c-1111-4c4c-8d8d-00000000000b"_s;
const QString kServer = u"server-0123456789abcdef"_s;
const QString kChangeSetId = u"5d0c6a8e-2f4b-4c1d-9e3a-7b6f1a2c3d4e"_s;
const QString kRecordId = u"7f1c9a52-3b6e-4d21-9a0f-5c8e2b7d4a13"_s;
const QString kTeamId = u"c3a1e0f2-8b7d-4e6c-a5f4-3e2d1c0b9a87"_s;
const QString kOtherId = u"e9d8c7b6-a5f4-4e3d-8c2b-1a0f9e8d7c6b"_s;

enum Message
{
    ChangeSetMessage,
    PullPageMessage,
    ReplyMessage,
};

HlcTimestamp at(qint64 ms, const QString& device, quint32 counter = 0)
{
    return HlcTimestamp{ms, counter, device};
}

// Version 4 UUID text from the test's own generator, so runs are repeatable.
QString randomUuid(QRandomGenerator& rng)
{
    quint32 words[4];
    rng.fillRange(words);
    QByteArray bytes(16, Qt::Uninitialized);
    std::memcpy(bytes.data(), words, sizeof words);
    bytes[6] = char((bytes[6] & 0x0F) | 0x40);
    bytes[8] = char((bytes[8] & 0x3F) | 0x80);
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

QJsonObject toJson(const Change& change)
{
    return QJsonObject{{u"entity"_s, change.entity},
                       {u"id"_s, change.id},
                       {u"stamp"_s, change.stamp.toString()},
                       {u"fields"_s, change.fields.toJson()}};
}

QJsonArray toJson(const QList<IdAlias>& aliases)
{
    QJsonArray out;
    for (const IdAlias& alias : aliases)
        out.append(QJsonArray{alias.fromId, alias.toId});
    return out;
}

// The plain JSON form of a change set: what the sizes are compared with, and readable on failure.
QByteArray jsonText(const ChangeSet& changeSet)
{
    QJsonArray changes;
    for (const Change& change : changeSet.changes)
        changes.append(toJson(change));
    const QJsonObject object{{u"id"_s, changeSet.id},
                             {u"device"_s, changeSet.device},
                             {u"sequence"_s, QString::number(changeSet.sequence)},
                             {u"changes"_s, changes}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray jsonText(const PullPage& page)
{
    QJsonArray records;
    for (const RecordState& record : page.records)
        records.append(QJsonObject{{u"entity"_s, record.entity},
                                   {u"id"_s, record.id},
                                   {u"data"_s, record.data.toJson()},
                                   {u"clocks"_s, record.clocks.toJson()}});
    const QJsonObject object{{u"cursor"_s, QString::number(page.cursor)},
                             {u"next"_s, QString::number(page.nextCursor)},
                             {u"more"_s, page.more},
                             {u"records"_s, records},
                             {u"aliases"_s, toJson(page.aliases)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray jsonText(const PushReply& reply)
{
    QJsonArray rejected;
    for (const RejectedChange& r : reply.rejected)
        rejected.append(QJsonArray{r.index, r.entity, r.id, r.reason});
    QJsonArray clamped;
    for (const ClampedStamp& c : reply.clamped)
        clamped.append(QJsonArray{c.index, c.stamp.toString()});
    const QJsonObject object{
        {u"id"_s, reply.changeSetId},          {u"sequence"_s, QString::number(reply.sequence)},
        {u"accepted"_s, reply.accepted},       {u"rejected"_s, rejected},
        {u"aliases"_s, toJson(reply.aliases)}, {u"clamped"_s, clamped},
        {u"duplicate"_s, reply.duplicate}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

template <typename T> QByteArray mismatch(const T& actual, const T& expected)
{
    return jsonText(actual) + "\n   !=\n" + jsonText(expected);
}

Change makeChange(const QString& entity, const QString& id, const QJsonObject& fields,
                  const HlcTimestamp& stamp, const QHash<QString, HlcTimestamp>& base = {})
{
    return Change{entity, id, fields, stamp, base};
}

template <typename T> QString errorText(const Result<T>& result)
{
    return result ? QString() : result.error().message;
}

// ---- hand-built messages, straight from the format documented in SyncCodec.h ----

QByteArray pack(const QCborValue& value)
{
    return Compression::compress(value.toCbor());
}

QCborValue idBytes(const QString& uuid)
{
    return QCborValue(QUuid::fromString(uuid).toRfc4122());
}

// A one-item CBOR list. A braced list holding a single QCborArray would copy that array
// instead of wrapping it, so every one-item list here is made by this.
QCborArray listOf(const QCborValue& item)
{
    QCborArray list;
    list.append(item);
    return list;
}

QCborArray stamp(qint64 delta, qint64 counter, qint64 device)
{
    return QCborArray{delta, counter, device};
}

QCborArray validChange()
{
    return QCborArray{0, idBytes(kRecordId), stamp(0, 0, 0), QCborArray{0, u"张三"_s}};
}

// The field-name table of the hand-built messages: shape 0 is ["name"].
QCborArray nameShape()
{
    return listOf(QCborArray{u"name"_s});
}

QCborMap changeSetMap(const QCborArray& changes = listOf(validChange()),
                      const QCborArray& shapes = nameShape())
{
    QCborMap map;
    map.insert(0, u"kjzy-cs/2"_s);
    map.insert(1, idBytes(kChangeSetId));
    map.insert(2, kDeviceA);
    map.insert(3, 7);
    map.insert(4, kT);
    map.insert(5, QCborArray{kDeviceA, kDeviceB});
    map.insert(6, changes);
    map.insert(7, shapes);
    return map;
}

QCborMap with(QCborMap map, qint64 key, const QCborValue& value)
{
    map.insert(key, value);
    return map;
}

QCborMap without(QCborMap map, qint64 key)
{
    map.remove(key);
    return map;
}

// A change set whose only change has `part` replaced.
QByteArray changeWith(qsizetype part, const QCborValue& value)
{
    QCborArray change = validChange();
    change[part] = value;
    return pack(changeSetMap(listOf(change)));
}

QByteArray changeWithBase(const QCborValue& base)
{
    QCborArray change = validChange();
    change.append(base);
    return pack(changeSetMap(listOf(change)));
}

QByteArray changeWithField(const QString& field, const QCborValue& value)
{
    QCborArray change = validChange();
    change[3] = QCborArray{0, value};
    return pack(changeSetMap(listOf(change), listOf(QCborArray{field})));
}

QCborArray validRecord()
{
    return QCborArray{0, idBytes(kRecordId), QCborArray{0, false, u"张三"_s},
                      QCborArray{stamp(0, 0, 0), QCborMap{{u"name"_s, stamp(5, 1, 0)}}}};
}

QCborArray validAlias()
{
    return QCborArray{idBytes(kOtherId), idBytes(kRecordId)};
}

QCborMap pullPageMap(const QCborArray& records = listOf(validRecord()),
                     const QCborArray& aliases = listOf(validAlias()))
{
    QCborMap map;
    map.insert(0, u"kjzy-pull/2"_s);
    map.insert(1, 10);
    map.insert(2, 20);
    map.insert(3, true);
    map.insert(4, kT);
    map.insert(5, QCborArray{kDeviceA});
    map.insert(6, records);
    map.insert(7, aliases);
    map.insert(8, QCborArray());
    map.insert(9, listOf(QCborArray{u"deleted"_s, u"name"_s}));
    return map;
}

QByteArray recordWith(qsizetype part, const QCborValue& value)
{
    QCborArray record = validRecord();
    record[part] = value;
    return pack(pullPageMap(listOf(record)));
}

QCborArray validRejection()
{
    return QCborArray{1, u"volunteer"_s, idBytes(kRecordId), u"身份证号码校验位错误"_s};
}

QCborArray validClamp()
{
    return QCborArray{0, stamp(5, 0, 0)};
}

QCborMap replyMap(const QCborArray& rejected = listOf(validRejection()),
                  const QCborArray& clamped = listOf(validClamp()))
{
    QCborMap map;
    map.insert(0, u"kjzy-reply/1"_s);
    map.insert(1, idBytes(kChangeSetId));
    map.insert(2, 7);
    map.insert(3, 2);
    map.insert(4, rejected);
    map.insert(5, listOf(validAlias()));
    map.insert(6, kT);
    map.insert(7, QCborArray{kServer});
    map.insert(8, clamped);
    return map;
}

QCborArray withoutLast(QCborArray array)
{
    array.removeLast();
    return array;
}

template <typename T> QCborArray repeated(const T& item, int count)
{
    QCborArray array;
    for (int i = 0; i < count; ++i)
        array.append(item);
    return array;
}

std::optional<Error> decodeError(int message, QByteArrayView bytes, const SyncLimits& limits)
{
    switch (message) {
    case ChangeSetMessage:
        if (auto r = SyncCodec::decodeChangeSet(bytes, limits); !r)
            return r.error();
        return std::nullopt;
    case PullPageMessage:
        if (auto r = SyncCodec::decodePullPage(bytes, limits); !r)
            return r.error();
        return std::nullopt;
    default:
        if (auto r = SyncCodec::decodePushReply(bytes, limits); !r)
            return r.error();
        return std::nullopt;
    }
}

QByteArray withDeclaredSize(QByteArray bytes, quint32 size)
{
    qToBigEndian(size, bytes.data());
    return bytes;
}

// ---- volunteer-like data for the size check ----

// GB 11643-1999 check character of the first 17 digits.
QChar checkCharacter(const QString& first17)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char characters[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += first17.at(i).digitValue() * weights[i];
    return QLatin1Char(characters[sum % 11]);
}

QString digits(QRandomGenerator& rng, int count)
{
    QString out;
    for (int i = 0; i < count; ++i)
        out += QChar(char16_t(u'0' + rng.bounded(10)));
    return out;
}

template <typename T> const T& pick(QRandomGenerator& rng, const QList<T>& items)
{
    return items.at(rng.bounded(int(items.size())));
}

ChangeSet volunteerChangeSet(int count)
{
    QRandomGenerator rng(41);
    const QStringList surnames{u"王"_s, u"李"_s, u"张"_s, u"刘"_s, u"陈"_s, u"杨"_s,
                               u"赵"_s, u"黄"_s, u"周"_s, u"吴"_s, u"徐"_s, u"孙"_s,
                               u"马"_s, u"朱"_s, u"胡"_s, u"郭"_s, u"何"_s, u"高"_s};
    const QStringList given{u"伟"_s, u"芳"_s, u"娜"_s,   u"秀英"_s, u"敏"_s, u"静"_s, u"丽"_s,   u"强"_s,
                            u"磊"_s, u"军"_s, u"洋"_s,   u"勇"_s,   u"艳"_s, u"杰"_s, u"娟"_s,   u"涛"_s,
                            u"明"_s, u"超"_s, u"秀兰"_s, u"霞"_s,   u"平"_s, u"刚"_s, u"桂英"_s, u"建国"_s};
    const QStringList counties{u"410102"_s, u"410103"_s, u"410104"_s, u"410105"_s, u"410106"_s,
                               u"410108"_s, u"410122"_s, u"410181"_s, u"410182"_s, u"410183"_s};
    const QStringList employers{
        u"郑州大学"_s,         u"河南农业大学"_s, u"郑州市第一人民医院"_s, u"河南省科学院"_s,
        u"中原区农业农村局"_s, u"金水区科技局"_s, u"新郑市第二中学"_s,     u""_s};
    const QStringList titles{u"教授"_s, u"副教授"_s, u"高级农艺师"_s, u"主治医师"_s, u"工程师"_s, u""_s};
    const QStringList education{u"本科"_s, u"大专"_s, u"硕士研究生"_s, u"博士研究生"_s, u"高中"_s};
    const QStringList occupations{u"教师"_s, u"医生"_s, u"农技员"_s, u"科研人员"_s, u"公务员"_s, u"学生"_s};
    const QStringList political{u"群众"_s, u"中共党员"_s, u"共青团员"_s, u"民盟盟员"_s};
    const QStringList categories{u"科技咨询"_s, u"科普宣传"_s, u"技术培训"_s, u"医疗卫生"_s};
    const QStringList serviceFields{u"农业"_s, u"医疗"_s, u"教育"_s, u"信息技术"_s, u"生态环境"_s};
    QStringList teams;
    for (int i = 0; i < 20; ++i)
        teams << randomUuid(rng);

    ChangeSet changeSet{randomUuid(rng), kDeviceA, 42, {}};
    qint64 ms = kT;
    quint32 counter = 0;
    for (int i = 0; i < count; ++i) {
        // Clerks type at human speed, imports are fast: some stamps share a millisecond.
        const int step = rng.bounded(3) == 0 ? 0 : rng.bounded(1, 60'000);
        counter = step == 0 ? counter + 1 : 0;
        ms += step;
        const QString county = pick(rng, counties);
        const bool female = rng.bounded(2) == 0;
        const QString birth = QString::number(1950 + rng.bounded(55)) +
                              u"%1"_s.arg(1 + rng.bounded(12), 2, 10, QChar(u'0')) +
                              u"%1"_s.arg(1 + rng.bounded(28), 2, 10, QChar(u'0'));
        const QString sequence =
            digits(rng, 2) + QString::number(female ? 2 * rng.bounded(5) : 2 * rng.bounded(5) + 1);
        const QString first17 = county + birth + sequence;
        QJsonObject fields{
            {u"name"_s, QString(pick(rng, surnames) + pick(rng, given))},
            {u"mobile"_s, QString(u"1"_s + QString::number(3 + rng.bounded(7)) + digits(rng, 9))},
            {u"gender"_s, female ? u"女"_s : u"男"_s},
            {u"id_number"_s, QString(first17 + checkCharacter(first17))},
            {u"political_status"_s, pick(rng, political)},
            {u"ethnicity"_s, rng.bounded(20) == 0 ? u"回族"_s : u"汉族"_s},
            {u"employer"_s, pick(rng, employers)},
            {u"title"_s, pick(rng, titles)},
            {u"education"_s, pick(rng, education)},
            {u"occupation"_s, pick(rng, occupations)},
            {u"province"_s, u"410000"_s},
            {u"city"_s, u"410100"_s},
            {u"county"_s, county},
            {u"service_categories"_s, QJsonArray{pick(rng, categories)}},
            {u"service_fields"_s, QJsonArray{pick(rng, serviceFields), pick(rng, serviceFields)}},
            {u"three_heads"_s, rng.bounded(10) == 0},
            {u"teams"_s, QJsonArray{pick(rng, teams)}},
        };
        changeSet.changes << makeChange(entity::kVolunteer, randomUuid(rng), fields,
                                        at(ms, kDeviceA, counter));
    }
    return changeSet;
}

} // namespace

class TestSyncCodec : public QObject
{
    Q_OBJECT

private slots:
    void idsKeepTheirExactText_data();
    void idsKeepTheirExactText();

    void changeSetRoundTrip_data();
    void changeSetRoundTrip();
    void pullPageRoundTrip_data();
    void pullPageRoundTrip();
    void pushReplyRoundTrip_data();
    void pushReplyRoundTrip();

    void handBuiltMessagesDecode();
    void inflatedLimitIsInclusive();
    void oversizedRefusedBeforeInflating();
    void decodingRefuses_data();
    void decodingRefuses();

    void encodedSizeBeatsJson();
    void creationIdsTravelAsNull();
};

void TestSyncCodec::idsKeepTheirExactText_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("wireType"); // QCborValue::Type the id travels as

    QTest::newRow("lower-case uuid") << kRecordId << int(QCborValue::ByteArray);
    QTest::newRow("upper-case uuid") << kRecordId.toUpper() << int(QCborValue::String);
    QTest::newRow("mixed-case uuid") << u"7F1C9A52-3b6e-4d21-9a0f-5c8e2b7d4a13"_s << int(QCborValue::String);
    QTest::newRow("braced uuid") << QString(u"{"_s + kRecordId + u"}"_s) << int(QCborValue::String);
    QTest::newRow("nil uuid") << u"00000000-0000-0000-0000-000000000000"_s << int(QCborValue::String);
    QTest::newRow("uuid without dashes") << QString(kRecordId).remove(u'-') << int(QCborValue::String);
    QTest::newRow("text id") << u"team-001"_s << int(QCborValue::String);
    QTest::newRow("Chinese text id") << u"郑州-科技-42"_s << int(QCborValue::String);
    QTest::newRow("membership of uuids") << QString(kTeamId + u"/"_s + kRecordId) << int(QCborValue::Array);
    QTest::newRow("membership upper and lower")
        << QString(kTeamId.toUpper() + u"/"_s + kRecordId) << int(QCborValue::Array);
    QTest::newRow("membership of text ids") << u"team-001/志愿者-7"_s << int(QCborValue::Array);
}

void TestSyncCodec::idsKeepTheirExactText()
{
    QFETCH(QString, id);
    QFETCH(int, wireType);
    const QCborValue wire = SyncWire::encodeId(id);
    QCOMPARE(int(wire.type()), wireType);
    auto decoded = SyncWire::decodeId(wire);
    QVERIFY2(decoded.has_value(), qPrintable(errorText(decoded)));
    QCOMPARE(*decoded, id);
    if (wire.isByteArray())
        QCOMPARE(wire.toByteArray().size(), 16);
}

void TestSyncCodec::changeSetRoundTrip_data()
{
    QTest::addColumn<ChangeSet>("changeSet");
    const QString volunteer = entity::kVolunteer;

    QTest::newRow("empty") << ChangeSet{kChangeSetId, kDeviceA, 1, {}};
    QTest::newRow("sequence 0, text change-set id") << ChangeSet{u"cs-0001"_s, u"设备-郑州-001"_s, 0, {}};
    QTest::newRow("one change") << ChangeSet{
        kChangeSetId,
        kDeviceA,
        7,
        {makeChange(volunteer, kRecordId, {{u"name"_s, u"张三"_s}, {u"mobile"_s, u"13800138000"_s}},
                    at(kT, kDeviceA))}};

    QRandomGenerator rng(7);
    ChangeSet many{kChangeSetId, kDeviceA, 1'000'000'007ULL, {}};
    for (int i = 0; i < 200; ++i)
        many.changes << makeChange(i % 3 == 0 ? entity::kTeam : volunteer, randomUuid(rng),
                                   {{u"name"_s, u"名称%1"_s.arg(i)}, {u"deleted"_s, i % 7 == 0}},
                                   at(kT + i * 13, kDeviceA, quint32(i % 4)));
    QTest::newRow("many") << many;

    QTest::newRow("ids of every kind") << ChangeSet{
        kChangeSetId,
        kDeviceA,
        3,
        {makeChange(entity::kMembership, kTeamId + u'/' + kRecordId, {{u"deleted"_s, false}},
                    at(kT, kDeviceA)),
         makeChange(entity::kMembership, u"team-001/"_s + kRecordId, {{u"deleted"_s, true}},
                    at(kT + 1, kDeviceA)),
         makeChange(entity::kTeam, u"team-001"_s, {{u"name"_s, u"郑州市科技志愿服务队"_s}},
                    at(kT + 2, kDeviceA)),
         makeChange(volunteer, u"郑州-42"_s, {{u"name"_s, u"王五"_s}}, at(kT + 3, kDeviceA)),
         makeChange(volunteer, kRecordId.toUpper(), {{u"name"_s, u"赵六"_s}}, at(kT + 4, kDeviceA)),
         makeChange(volunteer, u"{"_s + kRecordId + u"}"_s, {{u"name"_s, u"钱七"_s}}, at(kT + 5, kDeviceA)),
         makeChange(entity::kMembership, kTeamId.toUpper() + u'/' + kRecordId.toUpper(),
                    {{u"deleted"_s, false}}, at(kT + 6, kDeviceA))}};

    QTest::newRow("every field shape")
        << ChangeSet{u"CS-Upper"_s,
                     kDeviceA,
                     9,
                     {makeChange(volunteer, kRecordId,
                                 {{u"name"_s, u"欧阳娜娜"_s},
                                  {u"employer"_s, u""_s},
                                  {u"title"_s, QJsonValue::Null},
                                  {u"three_heads"_s, true},
                                  {u"deleted"_s, false},
                                  {u"service_fields"_s, QJsonArray{u"农业"_s, u"医疗"_s}},
                                  {u"teams"_s, QJsonArray{}},
                                  {u"note"_s, u"引号\"、反斜杠\\、换行\n与 emoji 😀"_s},
                                  {u"字段"_s, u"中文字段名"_s}},
                                 at(kT, kDeviceA))}};

    // Stamps from several devices (a change set relays what the device merged), in no order:
    // the first change is not the earliest, and ms spans from 0 to the 18-digit maximum.
    QTest::newRow("stamps below and above the first") << ChangeSet{
        kChangeSetId,
        kDeviceA,
        11,
        {makeChange(volunteer, kRecordId, {{u"name"_s, u"甲"_s}}, at(kT, kDeviceA, 5)),
         makeChange(volunteer, kOtherId, {{u"name"_s, u"乙"_s}}, at(kT - 86'400'000, kDeviceB, 0)),
         makeChange(volunteer, kTeamId, {{u"name"_s, u"丙"_s}},
                    at(kT + 1, kServer, HlcTimestamp::kMaxCounter)),
         makeChange(volunteer, kRecordId, {{u"mobile"_s, u"13900139000"_s}}, at(0, kDeviceB, 1)),
         makeChange(volunteer, kOtherId, {{u"mobile"_s, u"13700137000"_s}}, at(kMaxMs, u"设备-洛阳"_s, 0)),
         makeChange(volunteer, kTeamId, {{u"mobile"_s, u"13600136000"_s}}, at(kT, kDeviceB, 5))}};
    QTest::newRow("sender absent from its own stamps")
        << ChangeSet{kChangeSetId,
                     kDeviceA,
                     12,
                     {makeChange(volunteer, kRecordId, {{u"name"_s, u"丁"_s}}, at(kT, kDeviceB))}};

    // The stamps the edited fields held when the edit was made: older, often by other devices, so
    // below the smallest change stamp (negative deltas) and naming devices no change is from.
    QTest::newRow("base stamps") << ChangeSet{
        kChangeSetId,
        kDeviceA,
        13,
        {makeChange(volunteer, kRecordId, {{u"name"_s, u"张三丰"_s}, {u"mobile"_s, u"13800138000"_s}},
                    at(kT, kDeviceA, 1),
                    {{u"name"_s, at(kT - 1, kDeviceB)}, {u"mobile"_s, at(1, u"设备-开封"_s, 7)}}),
         makeChange(volunteer, kOtherId, {{u"deleted"_s, true}}, at(kT + 10, kDeviceA),
                    {{u"deleted"_s, at(kT + 5, kDeviceA)}}),
         makeChange(volunteer, kTeamId, {{u"name"_s, u"新建"_s}}, at(kT + 20, kDeviceA))}};
}

void TestSyncCodec::changeSetRoundTrip()
{
    QFETCH(ChangeSet, changeSet);
    const QByteArray bytes = SyncCodec::encode(changeSet);
    auto decoded = SyncCodec::decodeChangeSet(bytes);
    QVERIFY2(decoded.has_value(), qPrintable(errorText(decoded)));
    QVERIFY2(*decoded == changeSet, mismatch(*decoded, changeSet).constData());
    // Decoding is exact, so encoding the decoded set gives the same bytes.
    QCOMPARE(SyncCodec::encode(*decoded), bytes);
}

void TestSyncCodec::pullPageRoundTrip_data()
{
    QTest::addColumn<PullPage>("page");

    QTest::newRow("empty") << PullPage{};
    QTest::newRow("empty, more to come") << PullPage{1'000, 1'000, true, {}, {}, {}};
    QTest::newRow("departures") << PullPage{5,
                                            9,
                                            false,
                                            {},
                                            {},
                                            {RecordKey{entity::kVolunteer, kRecordId},
                                             RecordKey{entity::kMembership, kOtherId + u'/' + kRecordId}}};

    RecordClocks created;
    created.setAll(at(kT, kDeviceA));
    RecordClocks edited = created;
    edited.set(u"mobile"_s, at(kT + 60'000, kDeviceB, 2));
    edited.set(u"deleted"_s, at(kT - 5'000, kServer, 1));
    RecordClocks perField;
    perField.set(u"name"_s, at(kT + 1, kDeviceA));
    perField.set(u"service_fields"_s, at(kMaxMs, kDeviceB, HlcTimestamp::kMaxCounter));
    perField.set(u"three_heads"_s, at(0, kServer, 1));

    PullPage page{41, 4'294'967'296ULL, true, {}, {}, {}};
    page.records << RecordState{
        entity::kVolunteer,
        kRecordId,
        {{u"name"_s, u"张三"_s}, {u"mobile"_s, u"13800138000"_s}, {u"deleted"_s, false}},
        created};
    page.records << RecordState{
        entity::kVolunteer,
        kOtherId,
        {{u"name"_s, u"李四"_s}, {u"mobile"_s, u"13900139000"_s}, {u"deleted"_s, true}},
        edited};
    page.records << RecordState{entity::kTeam,
                                kTeamId,
                                {{u"name"_s, u"金水区科技志愿服务队"_s},
                                 {u"service_fields"_s, QStringList{u"农业"_s}},
                                 {u"three_heads"_s, nullptr}},
                                perField};
    page.records << RecordState{
        entity::kMembership, kTeamId + u'/' + kRecordId, {{u"deleted"_s, false}}, created};
    page.records << RecordState{entity::kVolunteer, kRecordId.toUpper(), {{u"name"_s, u"王五"_s}}, {}};
    page.aliases << IdAlias{kOtherId, kRecordId} << IdAlias{u"offline-7"_s, kRecordId}
                 << IdAlias{kRecordId.toUpper(), kOtherId};
    QTest::newRow("records, clocks and aliases") << page;

    PullPage aliasesOnly{7, 9, false, {}, {IdAlias{kOtherId, kRecordId}}, {}};
    QTest::newRow("aliases only") << aliasesOnly;
}

void TestSyncCodec::pullPageRoundTrip()
{
    QFETCH(PullPage, page);
    const QByteArray bytes = SyncCodec::encode(page);
    auto decoded = SyncCodec::decodePullPage(bytes);
    QVERIFY2(decoded.has_value(), qPrintable(errorText(decoded)));
    QVERIFY2(*decoded == page, mismatch(*decoded, page).constData());
}

void TestSyncCodec::pushReplyRoundTrip_data()
{
    QTest::addColumn<PushReply>("reply");

    PushReply accepted;
    accepted.changeSetId = kChangeSetId;
    accepted.sequence = 7;
    accepted.accepted = 120;
    QTest::newRow("all accepted") << accepted;

    PushReply mixed;
    mixed.changeSetId = u"cs-文本-0001"_s;
    mixed.sequence = 1ULL << 40;
    mixed.accepted = 3;
    mixed.rejected << RejectedChange{0, entity::kVolunteer, kRecordId,
                                     u"第 1 行 身份证号码（id_number）校验位错误：按 GB 11643-1999 应为 X"_s}
                   << RejectedChange{4, entity::kTeam, u"team-001"_s,
                                     u"团队不在本设备的管辖范围（410105）内"_s}
                   << RejectedChange{9, entity::kMembership, kTeamId + u'/' + kRecordId,
                                     u"成员关系指向的团队不存在"_s};
    mixed.aliases << IdAlias{kOtherId, kRecordId} << IdAlias{kRecordId.toUpper(), kOtherId};
    mixed.clamped << ClampedStamp{1, at(kT + 300'000, kServer, 0)} << ClampedStamp{2, at(kT, kDeviceA, 17)}
                  << ClampedStamp{5, at(kT - 1, kDeviceB, HlcTimestamp::kMaxCounter)};
    QTest::newRow("rejections, aliases, clamped stamps") << mixed;

    PushReply nothing;
    nothing.changeSetId = kChangeSetId;
    nothing.rejected << RejectedChange{0, entity::kVolunteer, kRecordId, u"手机号码应为 11 位数字"_s};
    QTest::newRow("nothing accepted") << nothing;
}

void TestSyncCodec::pushReplyRoundTrip()
{
    QFETCH(PushReply, reply);
    const QByteArray bytes = SyncCodec::encode(reply);
    auto decoded = SyncCodec::decodePushReply(bytes);
    QVERIFY2(decoded.has_value(), qPrintable(errorText(decoded)));
    QVERIFY2(*decoded == reply, mismatch(*decoded, reply).constData());
}

void TestSyncCodec::handBuiltMessagesDecode()
{
    // The documented format, built by hand: stamps may lie below the base as well as above it.
    QCborArray below = validChange();
    below[2] = stamp(-86'400'000, 3, 1);
    QCborArray above = validChange();
    above[1] = u"team-001"_s;
    above[0] = 1;
    above[2] = stamp(60'000, 0, 0);
    QCborArray withBase = validChange();
    withBase.append(QCborMap{{u"name"_s, stamp(-5'000, 2, 1)}});
    auto changeSet = SyncCodec::decodeChangeSet(pack(changeSetMap({validChange(), below, above, withBase})));
    QVERIFY2(changeSet.has_value(), qPrintable(errorText(changeSet)));
    QCOMPARE(changeSet->id, kChangeSetId);
    QCOMPARE(changeSet->device, kDeviceA);
    QCOMPARE(changeSet->sequence, quint64(7));
    QCOMPARE(changeSet->changes.size(), 4);
    QCOMPARE(changeSet->changes[0],
             (makeChange(entity::kVolunteer, kRecordId, {{u"name"_s, u"张三"_s}}, at(kT, kDeviceA))));
    QCOMPARE(changeSet->changes[1].stamp, at(kT - 86'400'000, kDeviceB, 3));
    QCOMPARE(changeSet->changes[2].entity, entity::kTeam);
    QCOMPARE(changeSet->changes[2].id, u"team-001"_s);
    QCOMPARE(changeSet->changes[2].stamp, at(kT + 60'000, kDeviceA));
    QVERIFY(changeSet->changes[0].base.isEmpty());
    QCOMPARE(changeSet->changes[3].base,
             (QHash<QString, HlcTimestamp>{{u"name"_s, at(kT - 5'000, kDeviceB, 2)}}));

    auto page = SyncCodec::decodePullPage(pack(pullPageMap()));
    QVERIFY2(page.has_value(), qPrintable(errorText(page)));
    QCOMPARE(page->cursor, quint64(10));
    QCOMPARE(page->nextCursor, quint64(20));
    QVERIFY(page->more);
    QCOMPARE(page->records.size(), 1);
    QCOMPARE(page->records[0].clocks.all(), at(kT, kDeviceA));
    QCOMPARE(page->records[0].clocks.stampOf(u"name"_s), at(kT + 5, kDeviceA, 1));
    QCOMPARE(page->records[0].clocks.stampOf(u"deleted"_s), at(kT, kDeviceA));
    QCOMPARE(page->aliases, (QList<IdAlias>{IdAlias{kOtherId, kRecordId}}));

    // Controls for decodingRefuses(): its helpers, given a valid part, build messages that decode,
    // so each refusal there comes from the one part a row breaks.
    QVERIFY2(SyncCodec::decodeChangeSet(changeWith(1, idBytes(kOtherId))).has_value(), "changeWith");
    QVERIFY2(SyncCodec::decodeChangeSet(changeWithField(u"teams"_s, QCborArray{u"a"_s, u"b"_s})).has_value(),
             "changeWithField");
    QVERIFY2(SyncCodec::decodeChangeSet(changeWithBase(QCborMap{{u"name"_s, stamp(-1, 0, 1)}})).has_value(),
             "changeWithBase");
    QVERIFY2(
        SyncCodec::decodePullPage(recordWith(3, QCborArray{QCborValue(nullptr), QCborMap{}})).has_value(),
        "recordWith");
    QVERIFY2(SyncCodec::decodePushReply(pack(replyMap(listOf(validRejection()), listOf(validClamp()))))
                 .has_value(),
             "replyMap");

    auto reply = SyncCodec::decodePushReply(pack(replyMap()));
    QVERIFY2(reply.has_value(), qPrintable(errorText(reply)));
    QCOMPARE(reply->accepted, 2);
    QCOMPARE(reply->rejected, (QList<RejectedChange>{RejectedChange{1, entity::kVolunteer, kRecordId,
                                                                    u"身份证号码校验位错误"_s}}));
    QCOMPARE(reply->clamped, (QList<ClampedStamp>{ClampedStamp{0, at(kT + 5, kServer)}}));
}

void TestSyncCodec::inflatedLimitIsInclusive()
{
    const QByteArray bytes = SyncCodec::encode(volunteerChangeSet(3));
    const qsizetype inflated = qFromBigEndian<quint32>(bytes.constData());
    SyncLimits limits;
    limits.maxInflatedBytes = inflated;
    QVERIFY(SyncCodec::decodeChangeSet(bytes, limits).has_value());
    limits.maxInflatedBytes = inflated - 1;
    auto refused = SyncCodec::decodeChangeSet(bytes, limits);
    QVERIFY(!refused.has_value());
    QCOMPARE(refused.error().code, ErrorCode::InvalidInput);

    limits = SyncLimits{};
    limits.maxItems = 3;
    QVERIFY(SyncCodec::decodeChangeSet(bytes, limits).has_value());
}

void TestSyncCodec::oversizedRefusedBeforeInflating()
{
    // A declared size above the limit is refused on the header alone: the zlib stream that
    // follows is garbage, so reaching qUncompress would give a different error.
    QByteArray bomb(4, '\0');
    qToBigEndian(quint32(0xFFFFFFFFu), bomb.data());
    bomb += QByteArray(64, '\x5a');
    for (int message : {ChangeSetMessage, PullPageMessage, ReplyMessage}) {
        const std::optional<Error> error = decodeError(message, bomb, SyncLimits{});
        QVERIFY(error.has_value());
        QCOMPARE(error->code, ErrorCode::InvalidInput);
        QVERIFY2(error->message.contains(u"上限"_s), qPrintable(error->message));
    }
    SyncLimits small;
    small.maxInflatedBytes = 100;
    auto result = Compression::decompress(withDeclaredSize(bomb, 101), small.maxInflatedBytes);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, ErrorCode::InvalidInput);
    QVERIFY2(result.error().message.contains(u"上限"_s), qPrintable(result.error().message));
}

void TestSyncCodec::decodingRefuses_data()
{
    QTest::addColumn<int>("message");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<SyncLimits>("limits");

    const SyncLimits defaults;
    const std::pair<Message, const char*> messages[] = {
        {ChangeSetMessage, "change set"}, {PullPageMessage, "pull page"}, {ReplyMessage, "reply"}};
    const QByteArray valid[] = {pack(changeSetMap()), pack(pullPageMap()), pack(replyMap())};
    const QString formats[] = {u"kjzy-cs/2"_s, u"kjzy-pull/2"_s, u"kjzy-reply/1"_s};

    for (const auto& [message, label] : messages) {
        const QByteArray& good = valid[message];
        QByteArray corrupted = good;
        corrupted[good.size() / 2] = char(corrupted[good.size() / 2] ^ 0x55);
        const quint32 inflated = qFromBigEndian<quint32>(good.constData());
        SyncLimits tight;
        tight.maxInflatedBytes = inflated - 1;

        QTest::addRow("%s: empty bytes", label) << int(message) << QByteArray() << defaults;
        QTest::addRow("%s: three bytes", label) << int(message) << QByteArray(3, '\0') << defaults;
        QTest::addRow("%s: size header only", label) << int(message) << good.first(4) << defaults;
        QTest::addRow("%s: truncated to half", label)
            << int(message) << good.first(good.size() / 2) << defaults;
        QTest::addRow("%s: last byte missing", label) << int(message) << good.chopped(1) << defaults;
        QTest::addRow("%s: corrupted zlib", label) << int(message) << corrupted << defaults;
        QTest::addRow("%s: declared size understated", label)
            << int(message) << withDeclaredSize(good, inflated - 1) << defaults;
        QTest::addRow("%s: declared size overstated", label)
            << int(message) << withDeclaredSize(good, inflated + 10) << defaults;
        QTest::addRow("%s: declared size above limit", label) << int(message) << good << tight;
        QTest::addRow("%s: empty CBOR", label) << int(message) << Compression::compress({}) << defaults;
        QTest::addRow("%s: not CBOR", label)
            << int(message) << Compression::compress("\xff\xff\xff") << defaults;
        QTest::addRow("%s: CBOR array", label)
            << int(message) << pack(QCborArray{formats[message], 1, 2}) << defaults;
        QTest::addRow("%s: CBOR integer", label) << int(message) << pack(QCborValue(42)) << defaults;
        QTest::addRow("%s: CBOR text", label)
            << int(message) << pack(QCborValue(formats[message])) << defaults;
        QTest::addRow("%s: map truncated", label)
            << int(message) << Compression::compress(QCborValue(changeSetMap()).toCbor().chopped(3))
            << defaults;
        QTest::addRow("%s: no format tag", label) << int(message) << pack(QCborMap{{1, 2}}) << defaults;
        if (message != ReplyMessage)
            QTest::addRow("%s: version 1, before shapes and implied ids", label)
                << int(message)
                << pack(with(QCborValue::fromCbor(qUncompress(good)).toMap(), 0,
                             QString(formats[message].left(formats[message].indexOf(u'/') + 1) + u"1"_s)))
                << defaults;
        QTest::addRow("%s: future version", label)
            << int(message)
            << pack(with(QCborValue::fromCbor(qUncompress(good)).toMap(), 0,
                         QString(formats[message].left(formats[message].indexOf(u'/') + 1) + u"9"_s)))
            << defaults;
        QTest::addRow("%s: format tag as bytes", label)
            << int(message)
            << pack(with(QCborValue::fromCbor(qUncompress(good)).toMap(), 0, formats[message].toUtf8()))
            << defaults;
        for (const auto& [other, otherLabel] : messages) {
            if (other != message)
                QTest::addRow("%s decoded as %s", otherLabel, label)
                    << int(message) << valid[other] << defaults;
        }
    }

    const int cs = ChangeSetMessage;
    // Header of a change set.
    QTest::newRow("change set: id bytes of 15")
        << cs << pack(with(changeSetMap(), 1, QByteArray(15, 'x'))) << defaults;
    QTest::newRow("change set: id missing") << cs << pack(without(changeSetMap(), 1)) << defaults;
    QTest::newRow("change set: device not text") << cs << pack(with(changeSetMap(), 2, 5)) << defaults;
    QTest::newRow("change set: device missing") << cs << pack(without(changeSetMap(), 2)) << defaults;
    QTest::newRow("change set: sequence negative") << cs << pack(with(changeSetMap(), 3, -1)) << defaults;
    QTest::newRow("change set: sequence as text") << cs << pack(with(changeSetMap(), 3, u"7"_s)) << defaults;
    QTest::newRow("change set: sequence as double") << cs << pack(with(changeSetMap(), 3, 7.0)) << defaults;
    QTest::newRow("change set: base missing") << cs << pack(without(changeSetMap(), 4)) << defaults;
    QTest::newRow("change set: base negative") << cs << pack(with(changeSetMap(), 4, -1)) << defaults;
    QTest::newRow("change set: devices not a list")
        << cs << pack(with(changeSetMap(), 5, kDeviceA)) << defaults;
    QTest::newRow("change set: device id empty")
        << cs << pack(with(changeSetMap(), 5, QCborArray{kDeviceA, u""_s})) << defaults;
    QTest::newRow("change set: device id a number")
        << cs << pack(with(changeSetMap(), 5, QCborArray{kDeviceA, 7})) << defaults;
    QTest::newRow("change set: changes not a list")
        << cs << pack(with(changeSetMap(), 6, QCborMap{})) << defaults;
    SyncLimits fourItems;
    fourItems.maxItems = 4;
    QTest::newRow("change set: too many changes")
        << cs << pack(changeSetMap(repeated(validChange(), 5))) << fourItems;

    // One change.
    QTest::newRow("change: not a list") << cs << pack(changeSetMap(listOf(QCborValue(3)))) << defaults;
    QTest::newRow("change: three parts")
        << cs << pack(changeSetMap(listOf(withoutLast(validChange())))) << defaults;
    QCborArray fiveParts = validChange();
    fiveParts.append(0);
    QTest::newRow("change: five parts") << cs << pack(changeSetMap(listOf(fiveParts))) << defaults;
    QTest::newRow("change: entity code 3") << cs << changeWith(0, 3) << defaults;
    QTest::newRow("change: entity code -1") << cs << changeWith(0, -1) << defaults;
    QTest::newRow("change: entity as text") << cs << changeWith(0, u"volunteer"_s) << defaults;
    QTest::newRow("change: id bytes of 15") << cs << changeWith(1, QByteArray(15, 'x')) << defaults;
    QTest::newRow("change: id bytes of 17") << cs << changeWith(1, QByteArray(17, 'x')) << defaults;
    QTest::newRow("change: id bytes empty") << cs << changeWith(1, QByteArray()) << defaults;
    QTest::newRow("change: id text empty") << cs << changeWith(1, u""_s) << defaults;
    QTest::newRow("change: id text too long") << cs << changeWith(1, QString(201, u'a')) << defaults;
    QTest::newRow("change: id text with slash") << cs << changeWith(1, u"a/b"_s) << defaults;
    QTest::newRow("change: id a number") << cs << changeWith(1, 5) << defaults;
    QTest::newRow("change: membership id of one part")
        << cs << changeWith(1, QCborArray{idBytes(kTeamId)}) << defaults;
    QTest::newRow("change: membership id of three parts")
        << cs << changeWith(1, QCborArray{idBytes(kTeamId), idBytes(kRecordId), idBytes(kOtherId)})
        << defaults;
    QTest::newRow("change: membership id nested")
        << cs
        << changeWith(1, QCborArray{QCborArray{idBytes(kTeamId), idBytes(kRecordId)}, idBytes(kOtherId)})
        << defaults;
    QTest::newRow("change: membership part of wrong length")
        << cs << changeWith(1, QCborArray{idBytes(kTeamId), QByteArray(8, 'x')}) << defaults;

    // The optional fifth part: {field: stamp the field held when it was edited}.
    QTest::newRow("change: base not a map") << cs << changeWithBase(listOf(stamp(0, 0, 0))) << defaults;
    QCborArray sixParts = validChange();
    sixParts.append(QCborMap{});
    sixParts.append(QCborMap{});
    QTest::newRow("change: six parts") << cs << pack(changeSetMap(listOf(sixParts))) << defaults;
    QTest::newRow("change: base larger than fields")
        << cs << changeWithBase(QCborMap{{u"name"_s, stamp(-1, 0, 1)}, {u"mobile"_s, stamp(-1, 0, 1)}})
        << defaults;
    QTest::newRow("change: base stamp device out of range")
        << cs << changeWithBase(QCborMap{{u"name"_s, stamp(-1, 0, 2)}}) << defaults;
    QTest::newRow("change: base stamp counter above maximum")
        << cs << changeWithBase(QCborMap{{u"name"_s, stamp(-1, HlcTimestamp::kMaxCounter + 1, 1)}})
        << defaults;
    QTest::newRow("change: base stamp below zero")
        << cs << changeWithBase(QCborMap{{u"name"_s, stamp(-kT - 1, 0, 1)}}) << defaults;
    QTest::newRow("change: base stamp of two parts")
        << cs << changeWithBase(QCborMap{{u"name"_s, QCborArray{0, 0}}}) << defaults;
    QTest::newRow("change: base key not text")
        << cs << changeWithBase(QCborMap{{0, stamp(-1, 0, 1)}}) << defaults;

    // Its stamp.
    QTest::newRow("stamp: device index out of range") << cs << changeWith(2, stamp(0, 0, 2)) << defaults;
    QTest::newRow("stamp: device index negative") << cs << changeWith(2, stamp(0, 0, -1)) << defaults;
    QTest::newRow("stamp: counter above maximum")
        << cs << changeWith(2, stamp(0, HlcTimestamp::kMaxCounter + 1, 0)) << defaults;
    QTest::newRow("stamp: counter negative") << cs << changeWith(2, stamp(0, -1, 0)) << defaults;
    QTest::newRow("stamp: ms below zero") << cs << changeWith(2, stamp(-kT - 1, 0, 0)) << defaults;
    QTest::newRow("stamp: ms beyond 18 digits")
        << cs << changeWith(2, stamp(kMaxMs - kT + 1, 0, 0)) << defaults;
    QTest::newRow("stamp: delta at int64 minimum")
        << cs << changeWith(2, stamp(std::numeric_limits<qint64>::min(), 0, 0)) << defaults;
    QTest::newRow("stamp: two parts") << cs << changeWith(2, QCborArray{0, 0}) << defaults;
    QTest::newRow("stamp: four parts") << cs << changeWith(2, QCborArray{0, 0, 0, 0}) << defaults;
    QTest::newRow("stamp: not a list") << cs << changeWith(2, u"000001732870000000-000000-x"_s) << defaults;
    QTest::newRow("stamp: ms as double") << cs << changeWith(2, QCborArray{0.5, 0, 0}) << defaults;
    QTest::newRow("stamp: device as text") << cs << changeWith(2, QCborArray{0, 0, kDeviceA}) << defaults;
    // The base is only bounded by CBOR's integer range: adding a delta must not overflow.
    QTest::newRow("base beyond 18 digits") << cs << pack(with(changeSetMap(), 4, kMaxMs + 1)) << defaults;
    QCborArray plusOne = validChange();
    plusOne[2] = stamp(1, 0, 0);
    QTest::newRow("base at int64 maximum, delta positive")
        << cs << pack(with(changeSetMap(listOf(plusOne)), 4, std::numeric_limits<qint64>::max())) << defaults;
    plusOne[2] = stamp(kMaxMs, 0, 0);
    QTest::newRow("base beyond 18 digits, delta at 18 digits")
        << cs << pack(with(changeSetMap(listOf(plusOne)), 4, kMaxMs + 1)) << defaults;

    // Its fields.
    QTest::newRow("row: a map") << cs << changeWith(3, QCborMap{{u"name"_s, u"张三"_s}}) << defaults;
    QTest::newRow("row: empty") << cs << changeWith(3, QCborArray()) << defaults;
    QTest::newRow("row: shape index as text")
        << cs << changeWith(3, QCborArray{u"0"_s, u"张三"_s}) << defaults;
    QTest::newRow("row: shape index out of range")
        << cs << changeWith(3, QCborArray{1, u"张三"_s}) << defaults;
    QTest::newRow("row: shape index negative") << cs << changeWith(3, QCborArray{-1, u"张三"_s}) << defaults;
    QTest::newRow("row: a value missing") << cs << changeWith(3, listOf(0)) << defaults;
    QTest::newRow("row: a value too many")
        << cs << changeWith(3, QCborArray{0, u"张三"_s, u"李四"_s}) << defaults;
    QTest::newRow("shapes: missing") << cs << pack(without(changeSetMap(), 7)) << defaults;
    QTest::newRow("shapes: a map") << cs << pack(with(changeSetMap(), 7, QCborMap{})) << defaults;
    QTest::newRow("shapes: a name twice")
        << cs << pack(changeSetMap(listOf(validChange()), listOf(QCborArray{u"name"_s, u"name"_s})))
        << defaults;
    QTest::newRow("shapes: a name not text")
        << cs << pack(changeSetMap(listOf(validChange()), listOf(QCborArray{5}))) << defaults;
    QTest::newRow("shapes: an empty name")
        << cs << pack(changeSetMap(listOf(validChange()), listOf(QCborArray{u""_s}))) << defaults;
    QTest::newRow("shapes: a shape not a list")
        << cs << pack(changeSetMap(listOf(validChange()), listOf(u"name"_s))) << defaults;
    QTest::newRow("change: id undefined")
        << cs << changeWith(1, QCborValue(QCborValue::Undefined)) << defaults;
    QTest::newRow("fields: integer value") << cs << changeWithField(u"mobile"_s, 13800138000LL) << defaults;
    QTest::newRow("fields: double value") << cs << changeWithField(u"mobile"_s, 1.5) << defaults;
    QTest::newRow("fields: nested map")
        << cs << changeWithField(u"name"_s, QCborMap{{u"family"_s, u"张"_s}}) << defaults;
    QTest::newRow("fields: list of integers")
        << cs << changeWithField(u"teams"_s, QCborArray{1, 2}) << defaults;
    QTest::newRow("fields: list of lists")
        << cs << changeWithField(u"teams"_s, listOf(QCborArray{u"a"_s})) << defaults;
    QTest::newRow("fields: list holding null")
        << cs << changeWithField(u"teams"_s, QCborArray{QCborValue(nullptr)}) << defaults;
    QTest::newRow("fields: byte string")
        << cs << changeWithField(u"name"_s, QByteArray("\xe5\xbc\xa0")) << defaults;
    QTest::newRow("fields: undefined") << cs << changeWithField(u"name"_s, QCborValue()) << defaults;
    QTest::newRow("fields: tagged date")
        << cs
        << changeWithField(u"founded"_s,
                           QCborValue(QCborKnownTags::DateTimeString, u"2024-01-01T00:00:00Z"_s))
        << defaults;
    QTest::newRow("fields: simple value")
        << cs << changeWithField(u"name"_s, QCborValue(QCborSimpleType(99))) << defaults;
    QTest::newRow("fields: text too long")
        << cs << changeWithField(u"name"_s, QString(4097, u'张')) << defaults;
    QTest::newRow("fields: list too long")
        << cs << changeWithField(u"teams"_s, repeated(QCborValue(u"t"_s), 65)) << defaults;
    QTest::newRow("fields: name too long") << cs << changeWithField(QString(65, u'n'), u"x"_s) << defaults;
    QCborMap manyFields;
    for (int i = 0; i < 65; ++i)
        manyFields.insert(u"f%1"_s.arg(i), u"x"_s);
    {
        QCborArray names;
        QCborArray row = listOf(0);
        for (auto it = manyFields.constBegin(); it != manyFields.constEnd(); ++it) {
            names.append(it.key());
            row.append(it.value());
        }
        QCborArray change = validChange();
        change[3] = row;
        QTest::newRow("fields: too many")
            << cs << pack(changeSetMap(listOf(change), listOf(names))) << defaults;
    }

    // Pull pages.
    const int pull = PullPageMessage;
    QTest::newRow("pull: cursor negative") << pull << pack(with(pullPageMap(), 1, -1)) << defaults;
    QTest::newRow("pull: next cursor missing") << pull << pack(without(pullPageMap(), 2)) << defaults;
    QTest::newRow("pull: more not a bool") << pull << pack(with(pullPageMap(), 3, 1)) << defaults;
    QTest::newRow("pull: records not a list") << pull << pack(with(pullPageMap(), 6, QCborMap{})) << defaults;
    QTest::newRow("pull: aliases missing") << pull << pack(without(pullPageMap(), 7)) << defaults;
    QTest::newRow("pull: departures missing") << pull << pack(without(pullPageMap(), 8)) << defaults;
    QTest::newRow("pull: shapes missing") << pull << pack(without(pullPageMap(), 9)) << defaults;
    QTest::newRow("pull: data as a map")
        << pull << recordWith(2, QCborMap{{u"name"_s, u"张三"_s}}) << defaults;
    {
        // An implied id needs the all-fields stamp it is derived from.
        QCborArray record = validRecord();
        record[1] = QCborValue(nullptr);
        record[3] = QCborArray{QCborValue(nullptr), QCborMap{{u"name"_s, stamp(5, 1, 0)}}};
        QTest::newRow("pull: implied id without an all-fields stamp")
            << pull << pack(pullPageMap(listOf(record))) << defaults;
    }
    QTest::newRow("pull: too many records")
        << pull << pack(pullPageMap(repeated(validRecord(), 5))) << fourItems;
    QTest::newRow("pull: too many aliases")
        << pull << pack(pullPageMap(listOf(validRecord()), repeated(validAlias(), 5))) << fourItems;
    QTest::newRow("pull: record of three parts")
        << pull << pack(pullPageMap(listOf(withoutLast(validRecord())))) << defaults;
    QTest::newRow("pull: record not a list")
        << pull << pack(pullPageMap(listOf(QCborValue(u"record"_s)))) << defaults;
    QTest::newRow("pull: unknown entity") << pull << recordWith(0, 9) << defaults;
    QTest::newRow("pull: id bytes of 17") << pull << recordWith(1, QByteArray(17, 'x')) << defaults;
    QTest::newRow("pull: data integer value") << pull << recordWith(2, QCborArray{0, false, 1}) << defaults;
    QTest::newRow("pull: data nested map")
        << pull << recordWith(2, QCborArray{0, false, QCborMap{{u"a"_s, u"b"_s}}}) << defaults;
    QTest::newRow("pull: clocks not a list") << pull << recordWith(3, QCborMap{}) << defaults;
    QTest::newRow("pull: clocks of one part") << pull << recordWith(3, listOf(stamp(0, 0, 0))) << defaults;
    QTest::newRow("pull: clocks of three parts")
        << pull << recordWith(3, QCborArray{stamp(0, 0, 0), QCborMap{}, QCborMap{}}) << defaults;
    QTest::newRow("pull: field clocks not a map")
        << pull << recordWith(3, QCborArray{stamp(0, 0, 0), QCborArray{}}) << defaults;
    QTest::newRow("pull: all-fields stamp device out of range")
        << pull << recordWith(3, QCborArray{stamp(0, 0, 1), QCborMap{}}) << defaults;
    QTest::newRow("pull: all-fields stamp counter above maximum")
        << pull << recordWith(3, QCborArray{stamp(0, HlcTimestamp::kMaxCounter + 1, 0), QCborMap{}})
        << defaults;
    QTest::newRow("pull: field stamp device out of range")
        << pull << recordWith(3, QCborArray{QCborValue(nullptr), QCborMap{{u"name"_s, stamp(0, 0, 1)}}})
        << defaults;
    QTest::newRow("pull: field stamp counter above maximum")
        << pull
        << recordWith(3, QCborArray{QCborValue(nullptr),
                                    QCborMap{{u"name"_s, stamp(0, HlcTimestamp::kMaxCounter + 1, 0)}}})
        << defaults;
    QTest::newRow("pull: field clock name not text")
        << pull << recordWith(3, QCborArray{QCborValue(nullptr), QCborMap{{1, stamp(0, 0, 0)}}}) << defaults;
    QTest::newRow("pull: alias of one id")
        << pull << pack(pullPageMap(listOf(validRecord()), listOf(QCborArray{idBytes(kOtherId)})))
        << defaults;
    QTest::newRow("pull: alias id bytes of 15")
        << pull
        << pack(pullPageMap(listOf(validRecord()),
                            listOf(QCborArray{QByteArray(15, 'x'), idBytes(kRecordId)})))
        << defaults;
    QTest::newRow("pull: alias not a list")
        << pull << pack(pullPageMap(listOf(validRecord()), listOf(idBytes(kOtherId)))) << defaults;

    // Push replies.
    const int reply = ReplyMessage;
    QTest::newRow("reply: accepted negative") << reply << pack(with(replyMap(), 3, -1)) << defaults;
    QTest::newRow("reply: id bytes of 17")
        << reply << pack(with(replyMap(), 1, QByteArray(17, 'x'))) << defaults;
    QTest::newRow("reply: too many rejections")
        << reply << pack(replyMap(repeated(validRejection(), 5))) << fourItems;
    QTest::newRow("reply: too many clamped stamps")
        << reply << pack(replyMap(listOf(validRejection()), repeated(validClamp(), 5))) << fourItems;
    QCborArray rejection = validRejection();
    QTest::newRow("reply: rejection of three parts")
        << reply << pack(replyMap(listOf(withoutLast(rejection)))) << defaults;
    rejection[0] = u"1"_s;
    QTest::newRow("reply: rejection index not an integer")
        << reply << pack(replyMap(listOf(rejection))) << defaults;
    rejection = validRejection();
    rejection[1] = 0;
    QTest::newRow("reply: rejection entity not text")
        << reply << pack(replyMap(listOf(rejection))) << defaults;
    rejection = validRejection();
    rejection[2] = QByteArray(15, 'x');
    QTest::newRow("reply: rejection id bytes of 15")
        << reply << pack(replyMap(listOf(rejection))) << defaults;
    rejection = validRejection();
    rejection[3] = QCborValue(nullptr);
    QTest::newRow("reply: rejection reason missing")
        << reply << pack(replyMap(listOf(rejection))) << defaults;
    QTest::newRow("reply: clamped entry of one part")
        << reply << pack(replyMap(listOf(validRejection()), listOf(QCborArray{0}))) << defaults;
    QTest::newRow("reply: clamped stamp device out of range")
        << reply << pack(replyMap(listOf(validRejection()), listOf(QCborArray{0, stamp(0, 0, 1)})))
        << defaults;
    QTest::newRow("reply: clamped stamp counter above maximum")
        << reply
        << pack(replyMap(listOf(validRejection()),
                         listOf(QCborArray{0, stamp(0, HlcTimestamp::kMaxCounter + 1, 0)})))
        << defaults;
    QTest::newRow("reply: devices missing") << reply << pack(without(replyMap(), 7)) << defaults;
}

void TestSyncCodec::decodingRefuses()
{
    QFETCH(int, message);
    QFETCH(QByteArray, bytes);
    QFETCH(SyncLimits, limits);
    const std::optional<Error> error = decodeError(message, bytes, limits);
    QVERIFY2(error.has_value(), "decoded without complaint");
    QCOMPARE(error->code, ErrorCode::InvalidInput);
    QVERIFY(!error->message.isEmpty());
}

void TestSyncCodec::encodedSizeBeatsJson()
{
    constexpr int kRecords = 1'000;
    const ChangeSet changeSet = volunteerChangeSet(kRecords);
    const QByteArray encoded = SyncCodec::encode(changeSet);
    const QByteArray json = jsonText(changeSet);
    const QByteArray compressedJson = Compression::compress(json);

    auto decoded = SyncCodec::decodeChangeSet(encoded);
    QVERIFY2(decoded.has_value(), qPrintable(errorText(decoded)));
    QVERIFY(*decoded == changeSet);

    qInfo(
        "%d volunteer changes: %lld bytes encoded (%.1f per record); plain JSON %lld bytes (%.1f per "
        "record), zlib JSON %lld bytes (%.1f per record); encoded / JSON = %.3f, encoded / zlib JSON = %.3f",
        kRecords, qlonglong(encoded.size()), double(encoded.size()) / kRecords, qlonglong(json.size()),
        double(json.size()) / kRecords, qlonglong(compressedJson.size()),
        double(compressedJson.size()) / kRecords, double(encoded.size()) / double(json.size()),
        double(encoded.size()) / double(compressedJson.size()));
    QVERIFY(encoded.size() < json.size());
    // Binary ids and one device table beat compressing the JSON text as well.
    QVERIFY(encoded.size() < compressedJson.size());
}

void TestSyncCodec::creationIdsTravelAsNull()
{
    const HlcTimestamp created = at(kT, kDeviceA, 41);
    const QString createdId = RecordId::forCreation(created);
    const QString elsewhereId = RecordId::forCreation(at(kT, kDeviceB, 41));

    // A change whose id is derived from its own stamp travels as null and decodes to that id; an
    // id derived from any other stamp (another device's, say) travels whole.
    ChangeSet changeSet{kChangeSetId, kDeviceA, 3, {}};
    changeSet.changes << makeChange(entity::kVolunteer, createdId, {{u"name"_s, u"张三"_s}}, created)
                      << makeChange(entity::kVolunteer, elsewhereId, {{u"name"_s, u"李四"_s}}, created)
                      << makeChange(entity::kVolunteer, createdId, {{u"name"_s, u"王五"_s}},
                                    at(kT + 1, kDeviceA));
    const QByteArray encoded = SyncCodec::encode(changeSet);
    auto inflated = Compression::decompress(encoded, 1 << 20);
    QVERIFY(inflated.has_value());
    const QCborArray changes = QCborValue::fromCbor(*inflated).toMap().value(6).toArray();
    QCOMPARE(changes.size(), 3);
    QVERIFY(changes.at(0).toArray().at(1).isNull());
    QVERIFY(changes.at(1).toArray().at(1).isByteArray());
    QVERIFY(changes.at(2).toArray().at(1).isByteArray());
    auto decoded = SyncCodec::decodeChangeSet(encoded);
    QVERIFY2(decoded.has_value(), qPrintable(errorText(decoded)));
    QVERIFY(*decoded == changeSet);

    // In a page the record's all-fields stamp is its creation stamp.
    RecordClocks clocks;
    clocks.setAll(created);
    clocks.set(u"name"_s, at(kT + 9, kDeviceB, 2));
    RecordClocks editedOnly;
    editedOnly.set(u"name"_s, created);
    PullPage page{0, 2, false, {}, {}, {}};
    page.records << RecordState{entity::kVolunteer, createdId, QJsonObject{{u"name"_s, u"张三"_s}}, clocks}
                 << RecordState{entity::kVolunteer, createdId, QJsonObject{{u"name"_s, u"张三"_s}},
                                editedOnly};
    const QByteArray pageBytes = SyncCodec::encode(page);
    auto pageInflated = Compression::decompress(pageBytes, 1 << 20);
    QVERIFY(pageInflated.has_value());
    const QCborArray records = QCborValue::fromCbor(*pageInflated).toMap().value(6).toArray();
    QVERIFY(records.at(0).toArray().at(1).isNull());
    QVERIFY(records.at(1).toArray().at(1).isByteArray());
    auto decodedPage = SyncCodec::decodePullPage(pageBytes);
    QVERIFY2(decodedPage.has_value(), qPrintable(errorText(decodedPage)));
    QVERIFY(*decodedPage == page);
}

QTEST_GUILESS_MAIN(TestSyncCodec)
#include "TestSyncCodec.moc"
