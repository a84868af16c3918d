// IngestService in process, on a real SQLite registry: the order of checks of ARCHITECTURE.md
// ("Order of checks on the server") with the error code of each refusal and an unchanged registry
// after it, per-change outcomes (scope, re-validation, one ID number one person, team names),
// the per-field merge with its conflict log, and the clamp of stamps from fast clocks.
#include "ServerFixture.h"

#include "reference/RegionTable.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace kjzy;
using namespace kjzy::test;
using namespace Qt::StringLiterals;

namespace {

// Faults forged into one envelope; combinations show which check comes first.
enum Fault
{
    Oversize = 1 << 0,
    Truncated = 1 << 1,
    UnknownDevice = 1 << 2,
    ForeignSignature = 1 << 3, // header names device A, signed with device B's key
    TamperedSignature = 1 << 4,
    Revoked = 1 << 5,
    WrongEpoch = 1 << 6,
    WrongRecipient = 1 << 7,     // sealed to another server's box key
    SealedKeyElsewhere = 1 << 8, // header names this server, the stream key is sealed to another
    Replay = 1 << 9,             // an accepted sequence number under a new change-set id
    ReusedId = 1 << 10,          // an accepted change-set id under a new sequence number
    InnerDevice = 1 << 11,
    InnerId = 1 << 12,
    InnerSequence = 1 << 13,
    ForeignStamp = 1 << 14,
    TamperedCiphertext = 1 << 15, // a flipped bit; the signed hash no longer matches
    GarbledBody = 1 << 16,        // a flipped bit that the device signed anyway
};

IngestLimits limitedTo(qint64 envelopeBytes)
{
    IngestLimits limits;
    limits.maxEnvelopeBytes = envelopeBytes;
    return limits;
}

void flipByte(QByteArray& bytes, qsizetype at)
{
    bytes[at] = char(bytes.at(at) ^ 0x20);
}

// Edits the signed header of `envelope`, binds it to the current ciphertext and signs it again.
template <typename Edit> void resign(SealedEnvelope& envelope, const SigningKeyPair& signer, Edit edit)
{
    EnvelopeHeader header = must(EnvelopeHeader::fromBytes(envelope.header), "parse a header");
    edit(header);
    header.ciphertextHash = Sodium::hash256(envelope.ciphertext);
    envelope.header = header.toBytes();
    envelope.signature = must(signer.sign(envelope.header), "sign a header");
}

QString jsonText(const QString& value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

QString describe(const QList<RejectedChange>& rejected)
{
    QStringList lines;
    for (const RejectedChange& r : rejected)
        lines << u"#%1 %2 %3: %4"_s.arg(r.index).arg(r.entity, r.id, r.reason);
    return lines.join(u'\n');
}

} // namespace

class TestIngestService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(Sodium::initialize().has_value()); }

    void acceptsAChangeSetSealedLikeTheClient()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const Change zhang = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11);
        const Change wang = f.newVolunteer(county, u"王芳"_s, u"410105"_s, 12);
        const Change team = f.newTeam(county, u"金水区科技志愿服务队"_s, u"410105"_s);
        const ChangeSet changeSet =
            ServerFixture::changeSet(county, {zhang, wang, team, f.membership(county, team.id, zhang.id)});
        const QByteArray bytes = f.sealed(county, changeSet);

        // The size limit is inclusive: an envelope of exactly the limit is taken.
        IngestService atLimit(*f.store, *f.keys, f.clock, limitedTo(bytes.size()));
        auto result = atLimit.ingest(bytes);
        VERIFY_OK(result);
        const PushReply& reply = result->reply;
        QVERIFY2(reply.rejected.isEmpty(), qPrintable(describe(reply.rejected)));
        QCOMPARE(reply.accepted, 4);
        QCOMPARE(reply.changeSetId, changeSet.id);
        QCOMPARE(reply.sequence, quint64(1));
        QVERIFY(!reply.duplicate);
        QVERIFY(reply.aliases.isEmpty());
        QVERIFY(reply.clamped.isEmpty());
        QCOMPARE(result->device.id, county.id);

        QCOMPARE(f.recordRows(), 4);
        QCOMPARE(f.count(u"SELECT count(*) FROM change_sets WHERE id = ? AND device = ? AND sequence = 1"_s,
                         {changeSet.id, county.id}),
                 1);
        QCOMPARE(f.deviceRecord(county).lastSequence, quint64(1));
        const auto stored = f.record(entity::kVolunteer, zhang.id);
        QVERIFY(stored.has_value());
        QCOMPARE(stored->data, zhang.fields);
        QCOMPARE(stored->clocks.stampOf(u"name"_s), zhang.stamp);
        QCOMPARE(f.row(entity::kVolunteer, zhang.id)->region, u"410105"_s);
        QCOMPARE(f.row(entity::kMembership, team.id + u'/' + zhang.id)->region, u"410105"_s);

        // The reply goes back sealed to the device and signed by the server.
        const QByteArray sealedReply = must(f.ingest->sealReply(*result), "seal the reply");
        const SealedEnvelope envelope = must(SealedEnvelope::fromBytes(sealedReply, 1 << 20), "frame");
        auto header = Envelope::verify(envelope, f.keys->signing().publicKey(), EnvelopeKind::Reply);
        VERIFY_OK(header);
        QCOMPARE(header->changeSetId, changeSet.id);
        QCOMPARE(header->sequence, quint64(1));
        VERIFY_ERROR(Envelope::verify(envelope, f.keys->signing().publicKey(), EnvelopeKind::Pull),
                     ErrorCode::Crypto, u"类型不符"_s);
        auto plaintext = Envelope::open(envelope, *header, county.box);
        VERIFY_OK(plaintext);
        auto decoded = SyncCodec::decodePushReply(*plaintext);
        VERIFY_OK(decoded);
        QCOMPARE(*decoded, reply);
    }

    void refusals_data()
    {
        QTest::addColumn<int>("faults");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");

        const auto row = [](const char* name, int faults, ErrorCode code, const QString& reason) {
            QTest::newRow(name) << faults << int(code) << reason;
        };
        // One fault at a time, in the order the server checks them.
        row("oversize envelope", Oversize, ErrorCode::Crypto, u"超过大小上限"_s);
        row("truncated framing", Truncated, ErrorCode::Crypto, u"格式不正确"_s);
        row("unknown device", UnknownDevice, ErrorCode::Auth, u"未注册"_s);
        row("signed with another device's key", ForeignSignature, ErrorCode::Crypto, u"签名无效"_s);
        row("tampered signature", TamperedSignature, ErrorCode::Crypto, u"签名无效"_s);
        row("tampered ciphertext", TamperedCiphertext, ErrorCode::Crypto, u"内容与签名不符"_s);
        row("revoked device, sequence above revoked_after", Revoked, ErrorCode::Auth, u"吊销"_s);
        row("wrong key epoch", WrongEpoch, ErrorCode::Auth, u"密钥版本"_s);
        row("sealed to another server's box key", WrongRecipient, ErrorCode::Crypto, u"不是发给本服务器"_s);
        row("replayed sequence under a new change-set id", Replay, ErrorCode::Conflict, u"重放"_s);
        row("change-set id reused under a new sequence", ReusedId, ErrorCode::Crypto, u"已被使用"_s);
        row("stream key sealed to another box", SealedKeyElsewhere, ErrorCode::Crypto, u"会话密钥"_s);
        row("corrupted ciphertext the device signed", GarbledBody, ErrorCode::Crypto, u"解密失败"_s);
        row("inner device id differs", InnerDevice, ErrorCode::Crypto, u"内外编号不一致"_s);
        row("inner change-set id differs", InnerId, ErrorCode::Crypto, u"内外编号不一致"_s);
        row("inner sequence differs", InnerSequence, ErrorCode::Crypto, u"内外编号不一致"_s);
        row("stamp names another device", ForeignStamp, ErrorCode::Crypto, u"其他设备的时间戳"_s);

        // Two faults: the earlier check answers, which proves the order.
        row("size before device", Oversize | UnknownDevice, ErrorCode::Crypto, u"超过大小上限"_s);
        row("device before decryption", UnknownDevice | GarbledBody, ErrorCode::Auth, u"未注册"_s);
        row("signature before revocation", ForeignSignature | Revoked, ErrorCode::Crypto, u"签名无效"_s);
        row("signature before key epoch", TamperedSignature | WrongEpoch, ErrorCode::Crypto, u"签名无效"_s);
        row("revocation before key epoch", Revoked | WrongEpoch, ErrorCode::Auth, u"吊销"_s);
        row("key epoch before replay", WrongEpoch | Replay, ErrorCode::Auth, u"密钥版本"_s);
        row("recipient before replay", WrongRecipient | Replay, ErrorCode::Crypto, u"不是发给本服务器"_s);
        row("replay before decryption", Replay | GarbledBody, ErrorCode::Conflict, u"重放"_s);
        row("decryption before inner ids", GarbledBody | InnerDevice, ErrorCode::Crypto, u"解密失败"_s);
        row("inner ids before stamps", InnerId | ForeignStamp, ErrorCode::Crypto, u"内外编号不一致"_s);
    }

    void refusals()
    {
        QFETCH(int, faults);
        QFETCH(int, code);
        QFETCH(QString, reason);

        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& other = f.enroll(u"410102"_s, u"county"_s);
        TestDevice stranger{RecordId::generate(), u"410105"_s, must(SigningKeyPair::generate(), "key"),
                            must(BoxKeyPair::generate(), "key")};
        const BoxKeyPair otherServer = must(BoxKeyPair::generate(), "key");

        // One accepted change set first: replay and revocation refer to its sequence number.
        const ChangeSet first =
            ServerFixture::changeSet(county, {f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11)});
        auto accepted = f.push(county, first);
        VERIFY_OK(accepted);
        QCOMPARE(accepted->reply.accepted, 1);
        if (faults & Revoked)
            VERIFY_OK(f.enrollment->revoke(county.id, f.now()));
        QCOMPARE(f.deviceRecord(county).revokedAfter.value_or(0), quint64((faults & Revoked) ? 1 : 0));

        TestDevice& sender = (faults & UnknownDevice) ? stranger : county;
        ChangeSet body =
            ServerFixture::changeSet(sender, {f.newVolunteer(sender, u"王芳"_s, u"410105"_s, 22)});
        if (faults & Replay)
            body.sequence = first.sequence;
        if (faults & ReusedId)
            body.id = first.id;
        EnvelopeHeader meta = ServerFixture::header(sender, body);
        if (faults & WrongEpoch)
            meta.keyEpoch = 2;
        if (faults & InnerDevice)
            body.device = other.id;
        if (faults & InnerId)
            body.id = RecordId::generate();
        if (faults & InnerSequence)
            body.sequence += 1;
        if (faults & ForeignStamp)
            body.changes.first().stamp.device = other.id;

        const SigningKeyPair& signer = (faults & ForeignSignature) ? other.signing : sender.signing;
        const bool sealElsewhere = faults & (WrongRecipient | SealedKeyElsewhere);
        SealedEnvelope envelope = ServerFixture::seal(
            body, meta, signer, sealElsewhere ? otherServer.publicKey() : f.keys->box().publicKey());
        if (faults & SealedKeyElsewhere)
            resign(envelope, signer, [&](EnvelopeHeader& h) { h.recipientKeyId = f.keys->box().keyId(); });
        if (faults & GarbledBody) {
            flipByte(envelope.ciphertext, envelope.ciphertext.size() - 5);
            resign(envelope, signer, [](EnvelopeHeader&) {});
        }
        if (faults & TamperedCiphertext)
            flipByte(envelope.ciphertext, envelope.ciphertext.size() / 2);
        if (faults & TamperedSignature)
            flipByte(envelope.signature, 7);
        QByteArray bytes = envelope.toBytes();
        if (faults & Truncated)
            bytes.chop(1);

        IngestService small(*f.store, *f.keys, f.clock, limitedTo(bytes.size() - 1));
        IngestService& service = (faults & Oversize) ? small : *f.ingest;
        const QStringList before = f.snapshot();
        QCOMPARE(f.recordRows(), 1);
        QCOMPARE(f.count(u"SELECT count(*) FROM audit_log"_s), 0);
        VERIFY_ERROR(service.ingest(bytes), ErrorCode(code), reason);
        QCOMPARE(f.recordRows(), 1);
        QCOMPARE(f.snapshot(), before);
        // The refusal is in the audit log, once, under the device the envelope claimed.
        const QStringList audit =
            DbProbe(f.registryPath())
                .dump(u"SELECT actor, action, entity, detail, row_count FROM audit_log"_s);
        QCOMPARE(audit.size(), 1);
        // A truncated or oversized envelope still frames its header: the claimed sender is known.
        QVERIFY2(audit.first().startsWith(sender.id + u"|push_refused|change_set|"_s +
                                          errorCodeName(ErrorCode(code)) + u": "_s),
                 qPrintable(audit.first()));
        QVERIFY2(audit.first().contains(reason), qPrintable(audit.first()));
    }

    void refusalsOfUnreadableEnvelopesAreAuditedAsUnknown()
    {
        ServerFixture f;
        VERIFY_ERROR(f.ingest->ingest(QByteArray("not an envelope")), ErrorCode::Crypto, u"格式不正确"_s);
        QCOMPARE(DbProbe(f.registryPath()).dump(u"SELECT actor, action, row_count FROM audit_log"_s),
                 QStringList{u"unknown|push_refused|0"_s});
    }

    void revokedDeviceStillGetsTheReplyOfAnAcceptedChangeSet()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const ChangeSet first =
            ServerFixture::changeSet(county, {f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11)});
        auto accepted = f.push(county, first);
        VERIFY_OK(accepted);
        VERIFY_OK(f.enrollment->revoke(county.id, f.now()));
        const QStringList before = f.snapshot();

        // Its last accepted sequence is not above revoked_after: a lost reply is answered again.
        auto again = f.push(county, first);
        VERIFY_OK(again);
        QVERIFY(again->reply.duplicate);
        PushReply original = accepted->reply;
        original.duplicate = true;
        QCOMPARE(again->reply, original);
        // A new change set reusing that sequence passes the revocation check and meets the replay one.
        ChangeSet reused = first;
        reused.id = RecordId::generate();
        VERIFY_ERROR(f.push(county, reused), ErrorCode::Conflict, u"重放"_s);
        VERIFY_ERROR(f.push(county, {f.newVolunteer(county, u"王芳"_s, u"410105"_s, 22)}), ErrorCode::Auth,
                     u"吊销"_s);
        QCOMPARE(f.snapshot(), before);
    }

    void sameChangeSetTwiceIsAnsweredWithTheStoredReply()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        Change bad = f.newVolunteer(county, u"李娜"_s, u"410105"_s, 14);
        bad.fields[u"id_number"_s] =
            ServerFixture::withBadChecksum(bad.fields.value(u"id_number"_s).toString());
        const ChangeSet changeSet =
            ServerFixture::changeSet(county, {f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11), bad,
                                              f.newVolunteer(county, u"王芳"_s, u"410105"_s, 13, kDayMs)});
        const QByteArray bytes = f.sealed(county, changeSet);

        auto first = f.ingest->ingest(bytes);
        VERIFY_OK(first);
        QCOMPARE(first->reply.accepted, 2);
        QCOMPARE(first->reply.rejected.size(), 1);
        QCOMPARE(first->reply.clamped.size(), 1);
        QVERIFY(!first->reply.duplicate);
        const QStringList before = f.snapshot();
        QCOMPARE(f.recordRows(), 2);

        // An hour later, twice: the same answer, and nothing written.
        f.clock.advance(3600 * 1000);
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto again = f.ingest->ingest(bytes);
            VERIFY_OK(again);
            QVERIFY(again->reply.duplicate);
            QCOMPARE(again->reply.accepted, first->reply.accepted);
            QCOMPARE(again->reply.rejected, first->reply.rejected);
            QCOMPARE(again->reply.aliases, first->reply.aliases);
            QCOMPARE(again->reply.clamped, first->reply.clamped);
            QCOMPARE(again->reply.changeSetId, changeSet.id);
            QCOMPARE(f.recordRows(), 2);
            QCOMPARE(f.snapshot(), before);
        }
        // Still answered after the device moved on to its next sequence number.
        VERIFY_OK(f.push(county, {f.newVolunteer(county, u"赵磊"_s, u"410105"_s, 15)}));
        auto late = f.ingest->ingest(bytes);
        VERIFY_OK(late);
        QVERIFY(late->reply.duplicate);
        QCOMPARE(late->reply.rejected, first->reply.rejected);
        QCOMPARE(f.recordRows(), 3);
    }

    // One refused change among two good ones: the refusal is answered by index with a reason and
    // changes nothing; the rest of the change set is applied.
    void rejectedChange_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("bad ID checksum") << u"bad checksum"_s << u"校验位不正确"_s;
        QTest::newRow("gender contradicts the ID number") << u"gender"_s << u"性别与身份证号不一致"_s;
        QTest::newRow("ten-digit mobile") << u"mobile"_s << u"手机号码应为11位数字"_s;
        QTest::newRow("unknown field key") << u"unknown field"_s << u"未知字段“salary”"_s;
        QTest::newRow("team field on a volunteer") << u"team field"_s << u"未知字段“admin_mobile”"_s;
        QTest::newRow("no fields at all") << u"no fields"_s << u"不含任何字段"_s;
        QTest::newRow("county of another city") << u"foreign county"_s << u"不在本设备的管理范围"_s;
        QTest::newRow("edit a record of another county") << u"foreign edit"_s << u"不在本设备的管理范围"_s;
        QTest::newRow("delete a record of another county")
            << u"foreign delete"_s << u"不在本设备的管理范围"_s;
        QTest::newRow("move an existing record out of scope") << u"move out"_s << u"不在本设备的管理范围"_s;
        QTest::newRow("city-level team from a county device") << u"city team"_s << u"不在本设备的管理范围"_s;
        QTest::newRow("membership of an unknown team") << u"unknown team"_s << u"不存在"_s;
        QTest::newRow("membership of an unknown volunteer") << u"unknown volunteer"_s << u"不存在"_s;
        QTest::newRow("membership of another county's volunteer")
            << u"foreign membership"_s << u"不在本设备的管理范围"_s;
        QTest::newRow("membership with a field besides deleted")
            << u"membership fields"_s << u"成员关系变更含有未知字段“name”"_s;
        QTest::newRow("membership whose deleted is not a boolean") << u"membership value"_s << u"格式错误"_s;
        QTest::newRow("second live team with the same name")
            << u"team name"_s << u"队伍名称已被另一支队伍使用"_s;
        QTest::newRow("edit to the ID number of another live volunteer")
            << u"taken id number"_s << u"身份证号已属于另一名志愿者"_s;
    }

    void rejectedChange()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);

        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& other = f.enroll(u"410102"_s, u"county"_s);
        const Change zhang = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11);
        const Change wang = f.newVolunteer(county, u"王芳"_s, u"410105"_s, 13);
        const Change team = f.newTeam(county, u"金水区科技志愿服务队"_s, u"410105"_s);
        const Change li = f.newVolunteer(other, u"李娜"_s, u"410102"_s, 21);
        for (auto [device, changes] :
             {std::pair{&county, QList<Change>{zhang, wang, team}}, std::pair{&other, QList<Change>{li}}}) {
            auto setUp = f.push(*device, changes);
            VERIFY_OK(setUp);
            QVERIFY2(setUp->reply.rejected.isEmpty(), qPrintable(describe(setUp->reply.rejected)));
        }

        // An informed edit: every changed field starts from the value the record was created with.
        const auto edit = [&](const Change& target, const FieldMap& fields) {
            QHash<QString, HlcTimestamp> base;
            for (const QString& field : fields.keys())
                base.insert(field, target.stamp);
            return ServerFixture::change(target.entity, target.id, fields, f.stamp(county), base);
        };
        Change refused;
        if (kind == u"bad checksum") {
            refused = f.newVolunteer(county, u"赵磊"_s, u"410105"_s, 15);
            refused.fields[u"id_number"_s] =
                ServerFixture::withBadChecksum(refused.fields.value(u"id_number"_s).toString());
        } else if (kind == u"gender") {
            refused = f.newVolunteer(county, u"赵磊"_s, u"410105"_s, 15);
            refused.fields[u"gender"_s] = u"女"_s;
        } else if (kind == u"mobile") {
            refused = f.newVolunteer(county, u"赵磊"_s, u"410105"_s, 15);
            refused.fields[u"mobile"_s] = u"1380013800"_s;
        } else if (kind == u"unknown field") {
            refused = edit(zhang, {{u"name"_s, u"张伟伟"_s}, {u"salary"_s, u"1"_s}});
        } else if (kind == u"team field") {
            refused = edit(zhang, {{u"admin_mobile"_s, u"13700137000"_s}});
        } else if (kind == u"no fields") {
            refused = edit(zhang, {});
        } else if (kind == u"foreign county") {
            refused = f.newVolunteer(county, u"赵磊"_s, u"410302"_s, 15);
        } else if (kind == u"foreign edit") {
            refused = edit(li, {{u"name"_s, u"李娜娜"_s}});
        } else if (kind == u"foreign delete") {
            refused = edit(li, {{u"deleted"_s, true}});
        } else if (kind == u"move out") {
            refused = edit(zhang, {{u"county"_s, u"410102"_s}});
        } else if (kind == u"city team") {
            refused = f.newTeam(county, u"郑州市青年科技志愿服务队"_s, u"410100"_s);
        } else if (kind == u"unknown team") {
            refused = f.membership(county, RecordId::generate(), zhang.id);
        } else if (kind == u"unknown volunteer") {
            refused = f.membership(county, team.id, RecordId::generate());
        } else if (kind == u"foreign membership") {
            refused = f.membership(county, team.id, li.id);
        } else if (kind == u"membership fields") {
            refused = f.membership(county, team.id, zhang.id);
            refused.fields[u"name"_s] = u"x"_s;
        } else if (kind == u"membership value") {
            refused = f.membership(county, team.id, zhang.id);
            refused.fields[u"deleted"_s] = u"no"_s;
        } else if (kind == u"team name") {
            refused = f.newTeam(county, u"金水区科技志愿服务队"_s, u"410105"_s);
        } else if (kind == u"taken id number") {
            refused = edit(zhang, {{u"id_number"_s, wang.fields.value(u"id_number"_s)}});
        } else {
            QFAIL(qPrintable(u"unknown case "_s + kind));
        }

        const QString refusedRow = f.snapshot().filter(refused.id).join(u'\n');
        const int rowsBefore = f.recordRows();
        const Change good1 = f.newVolunteer(county, u"周强"_s, u"410105"_s, 17);
        const Change good2 = f.newVolunteer(county, u"陈静"_s, u"410105"_s, 19);
        auto result = f.push(county, {good1, refused, good2});
        VERIFY_OK(result);
        const PushReply& reply = result->reply;
        QCOMPARE(reply.accepted, 2);
        QCOMPARE(reply.rejected.size(), 1);
        const RejectedChange& rejected = reply.rejected.first();
        QCOMPARE(rejected.index, 1);
        QCOMPARE(rejected.entity, refused.entity);
        QCOMPARE(rejected.id, refused.id);
        QVERIFY2(rejected.reason.contains(reason), qPrintable(rejected.reason));
        QVERIFY(reply.aliases.isEmpty());

        QCOMPARE(f.recordRows(), rowsBefore + 2);
        QVERIFY(f.record(entity::kVolunteer, good1.id).has_value());
        QVERIFY(f.record(entity::kVolunteer, good2.id).has_value());
        // The refused change left its record exactly as it was (or absent).
        QCOMPARE(f.snapshot().filter(refused.id).join(u'\n'), refusedRow);
        QCOMPARE(f.count(u"SELECT count(*) FROM conflicts"_s), 0);
    }

    void cityDeviceWritesAnyCountyOfItsCity_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QString>("region");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("volunteer in 金水区") << entity::kVolunteer << u"410105"_s << true;
        QTest::newRow("volunteer in 中原区") << entity::kVolunteer << u"410102"_s << true;
        QTest::newRow("volunteer in 巩义市 (county-level city)") << entity::kVolunteer << u"410181"_s << true;
        QTest::newRow("volunteer in 中牟县") << entity::kVolunteer << u"410122"_s << true;
        QTest::newRow("city-level team") << entity::kTeam << u"410100"_s << true;
        QTest::newRow("county-level team") << entity::kTeam << u"410102"_s << true;
        QTest::newRow("volunteer in 洛阳 老城区") << entity::kVolunteer << u"410302"_s << false;
        QTest::newRow("volunteer in 济源市") << entity::kVolunteer << u"419001"_s << false;
        QTest::newRow("province-level team") << entity::kTeam << u"410000"_s << false;
        QTest::newRow("team of another city") << entity::kTeam << u"410300"_s << false;
    }

    void cityDeviceWritesAnyCountyOfItsCity()
    {
        QFETCH(QString, entity);
        QFETCH(QString, region);
        QFETCH(bool, accepted);

        ServerFixture f;
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change change = entity == entity::kTeam
                                  ? f.newTeam(city, u"%1科技志愿服务队"_s.arg(region), region)
                                  : f.newVolunteer(city, u"张伟"_s, region, 11);
        auto result = f.push(city, {change});
        VERIFY_OK(result);
        QCOMPARE(result->reply.accepted, accepted ? 1 : 0);
        QCOMPARE(result->reply.rejected.size(), accepted ? 0 : 1);
        if (!accepted)
            QVERIFY2(result->reply.rejected.first().reason.contains(u"不在本设备的管理范围"_s),
                     qPrintable(result->reply.rejected.first().reason));
        QCOMPARE(f.recordRows(), accepted ? 1 : 0);
        if (accepted)
            QCOMPARE(f.row(entity, change.id)->region, region);
    }

    void cityDeviceEditsRecordsOfItsCounties()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change zhang = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11);
        VERIFY_OK(f.push(county, {zhang}));
        // Moving a record between two counties of the city is the city's to do.
        auto moved =
            f.push(city, {ServerFixture::change(entity::kVolunteer, zhang.id, {{u"county"_s, u"410102"_s}},
                                                f.stamp(city, 1000), {{u"county"_s, zhang.stamp}})});
        VERIFY_OK(moved);
        QVERIFY2(moved->reply.rejected.isEmpty(), qPrintable(describe(moved->reply.rejected)));
        const auto row = f.row(entity::kVolunteer, zhang.id);
        QCOMPARE(row->region, u"410102"_s);
        QCOMPARE(row->previousRegion, u"410105"_s);
        // …and now the county that lost it may not write it.
        auto late =
            f.push(county, {ServerFixture::change(entity::kVolunteer, zhang.id, {{u"name"_s, u"张小伟"_s}},
                                                  f.stamp(county, 2000))});
        VERIFY_OK(late);
        QCOMPARE(late->reply.accepted, 0);
        QCOMPARE(late->reply.rejected.size(), 1);
        QCOMPARE(f.record(entity::kVolunteer, zhang.id)->data.value(u"name"_s).toString(), u"张伟"_s);
    }

    void sameIdNumberInTheSameCountyMergesIntoOnePerson()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& neighbour = f.enroll(u"410105"_s, u"county"_s); // a second office of the county
        const Change existing = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11);
        const Change team = f.newTeam(county, u"金水区科技志愿服务队"_s, u"410105"_s);
        VERIFY_OK(f.push(county, {existing, team}));

        // Registered again offline under a new id, with a newer mobile number.
        Change again = ServerFixture::change(
            entity::kVolunteer, RecordId::generate(),
            ServerFixture::volunteer(u"张伟"_s, existing.fields.value(u"id_number"_s).toString(), u"410105"_s,
                                     u"13911112222"_s),
            f.stamp(neighbour, 1000));
        auto merged = f.push(neighbour, {again});
        VERIFY_OK(merged);
        QVERIFY2(merged->reply.rejected.isEmpty(), qPrintable(describe(merged->reply.rejected)));
        QCOMPARE(merged->reply.accepted, 1);
        QCOMPARE(merged->reply.aliases, (QList<IdAlias>{{again.id, existing.id}}));
        QCOMPARE(f.count(u"SELECT count(*) FROM records WHERE entity = 'volunteer' AND deleted = 0"_s), 1);
        QVERIFY(!f.row(entity::kVolunteer, again.id).has_value());
        QCOMPARE(
            f.count(u"SELECT count(*) FROM aliases WHERE from_id = ? AND to_id = ? AND region = '410105'"_s,
                    {again.id, existing.id}),
            1);
        const auto person = f.record(entity::kVolunteer, existing.id);
        QCOMPARE(person->data.value(u"mobile"_s).toString(), u"13911112222"_s);

        // Later changes under the new id, memberships included, land on the surviving record.
        auto follow = f.push(
            neighbour, {ServerFixture::change(entity::kVolunteer, again.id, {{u"employer"_s, u"郑州大学"_s}},
                                              f.stamp(neighbour, 2000)),
                        f.membership(neighbour, team.id, again.id)});
        VERIFY_OK(follow);
        QVERIFY2(follow->reply.rejected.isEmpty(), qPrintable(describe(follow->reply.rejected)));
        QCOMPARE(follow->reply.aliases, (QList<IdAlias>{{again.id, existing.id}}));
        QCOMPARE(f.record(entity::kVolunteer, existing.id)->data.value(u"employer"_s).toString(),
                 u"郑州大学"_s);
        QVERIFY(f.row(entity::kMembership, team.id + u'/' + existing.id).has_value());
        QVERIFY(!f.row(entity::kMembership, team.id + u'/' + again.id).has_value());
        QCOMPARE(f.count(u"SELECT count(*) FROM records WHERE entity = 'volunteer'"_s), 1);
    }

    void sameIdNumberFromAnotherCountyIsRejectedNamingTheRegion()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& other = f.enroll(u"410102"_s, u"county"_s);
        const Change existing = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11);
        VERIFY_OK(f.push(county, {existing}));
        const QStringList before = f.snapshot();

        const Change again = ServerFixture::change(
            entity::kVolunteer, RecordId::generate(),
            ServerFixture::volunteer(u"张伟"_s, existing.fields.value(u"id_number"_s).toString(),
                                     u"410102"_s),
            f.stamp(other));
        auto result = f.push(other, {again});
        VERIFY_OK(result);
        QCOMPARE(result->reply.accepted, 0);
        QCOMPARE(result->reply.rejected.size(), 1);
        const QString reason = result->reply.rejected.first().reason;
        QVERIFY2(reason.contains(RegionTable::henan().displayName(u"410105", true)), qPrintable(reason));
        QVERIFY2(reason.contains(u"金水区"_s), qPrintable(reason));
        QVERIFY(result->reply.aliases.isEmpty());
        QCOMPARE(f.recordRows(), 1);
        QCOMPARE(f.count(u"SELECT count(*) FROM aliases"_s), 0);
        // Nothing but the change set's own log entry and the device's sequence number moved.
        QStringList after = f.snapshot();
        QCOMPARE(after.filter(u"record|"_s), before.filter(u"record|"_s));
    }

    void deletedPersonMayBeRegisteredAgainUnderANewId()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const Change first = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11);
        VERIFY_OK(f.push(county, {first}));
        auto deleted = f.push(county, {ServerFixture::change(entity::kVolunteer, first.id,
                                                             {{u"deleted"_s, true}}, f.stamp(county, 1000))});
        VERIFY_OK(deleted);
        QCOMPARE(deleted->reply.accepted, 1);
        QVERIFY(f.record(entity::kVolunteer, first.id)->isDeleted());

        const Change second = ServerFixture::change(entity::kVolunteer, RecordId::generate(), first.fields,
                                                    f.stamp(county, 2000));
        auto registered = f.push(county, {second});
        VERIFY_OK(registered);
        QVERIFY2(registered->reply.rejected.isEmpty(), qPrintable(describe(registered->reply.rejected)));
        QCOMPARE(registered->reply.accepted, 1);
        QVERIFY(registered->reply.aliases.isEmpty());
        QCOMPARE(f.recordRows(), 2);
        QCOMPARE(f.count(u"SELECT count(*) FROM records WHERE deleted = 0"_s), 1);
        QVERIFY(!f.record(entity::kVolunteer, second.id)->isDeleted());

        // Bringing the old record back would make two live records of one person.
        auto undelete =
            f.push(county, {ServerFixture::change(entity::kVolunteer, first.id, {{u"deleted"_s, false}},
                                                  f.stamp(county, 3000))});
        VERIFY_OK(undelete);
        QCOMPARE(undelete->reply.accepted, 0);
        QCOMPARE(undelete->reply.rejected.size(), 1);
        QVERIFY2(undelete->reply.rejected.first().reason.contains(u"身份证号已属于另一名志愿者"_s),
                 qPrintable(undelete->reply.rejected.first().reason));
        QVERIFY(f.record(entity::kVolunteer, first.id)->isDeleted());
    }

    void deletedTeamFreesItsName()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const Change team = f.newTeam(county, u"金水区科技志愿服务队"_s, u"410105"_s);
        VERIFY_OK(f.push(county, {team}));
        VERIFY_OK(f.push(county, {ServerFixture::change(entity::kTeam, team.id, {{u"deleted"_s, true}},
                                                        f.stamp(county, 1000))}));
        auto renamed = f.push(county, {f.newTeam(county, u"金水区科技志愿服务队"_s, u"410105"_s)});
        VERIFY_OK(renamed);
        QVERIFY2(renamed->reply.rejected.isEmpty(), qPrintable(describe(renamed->reply.rejected)));
        QCOMPARE(f.count(u"SELECT count(*) FROM records WHERE entity = 'team' AND deleted = 0"_s), 1);
    }

    // Two devices change one field concurrently (both started from the stamp they saw at creation).
    void greaterStampWinsInEitherOrder_data()
    {
        QTest::addColumn<bool>("countyWins");
        QTest::addColumn<bool>("countyFirst");
        QTest::newRow("county wins, arrives first") << true << true;
        QTest::newRow("county wins, arrives second") << true << false;
        QTest::newRow("city wins, arrives first") << false << false;
        QTest::newRow("city wins, arrives second") << false << true;
    }

    void greaterStampWinsInEitherOrder()
    {
        QFETCH(bool, countyWins);
        QFETCH(bool, countyFirst);

        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change created = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11, -60'000);
        VERIFY_OK(f.push(county, {created}));
        const QHash<QString, HlcTimestamp> base{{u"mobile"_s, created.stamp}};
        const Change byCounty =
            ServerFixture::change(entity::kVolunteer, created.id, {{u"mobile"_s, u"13900000001"_s}},
                                  f.stamp(county, countyWins ? 2000 : 1000), base);
        const Change byCity =
            ServerFixture::change(entity::kVolunteer, created.id, {{u"mobile"_s, u"13900000002"_s}},
                                  f.stamp(city, countyWins ? 1000 : 2000), base);
        const Change& winner = countyWins ? byCounty : byCity;
        const Change& loser = countyWins ? byCity : byCounty;

        const ChangeSet fromCounty = ServerFixture::changeSet(county, {byCounty});
        const ChangeSet fromCity = ServerFixture::changeSet(city, {byCity});
        const auto push = [&](bool countySide) {
            return countySide ? f.push(county, fromCounty) : f.push(city, fromCity);
        };
        auto firstReply = push(countyFirst);
        VERIFY_OK(firstReply);
        QCOMPARE(firstReply->reply.accepted, 1);
        const quint64 seqAfterFirst = f.row(entity::kVolunteer, created.id)->seq;
        auto secondReply = push(!countyFirst);
        VERIFY_OK(secondReply);
        // A write that loses is still accepted (it is in the conflict log), but rewrites nothing.
        QCOMPARE(secondReply->reply.accepted, 1);
        QVERIFY(secondReply->reply.rejected.isEmpty());
        const bool secondWins = countyFirst != countyWins;
        QCOMPARE(f.row(entity::kVolunteer, created.id)->seq > seqAfterFirst, secondWins);

        const auto record = f.record(entity::kVolunteer, created.id);
        QCOMPARE(record->data.value(u"mobile"_s), winner.fields.value(u"mobile"_s));
        QCOMPARE(record->clocks.stampOf(u"mobile"_s), winner.stamp);
        QCOMPARE(record->data.value(u"name"_s).toString(), u"张伟"_s);

        const QList<ConflictRecord> conflicts = must(f.store->conflicts(), "conflicts");
        QCOMPARE(conflicts.size(), 1);
        const ConflictRecord& c = conflicts.first();
        QCOMPARE(c.entity, entity::kVolunteer);
        QCOMPARE(c.entityId, created.id);
        QCOMPARE(c.field, u"mobile"_s);
        QCOMPARE(QString::fromUtf8(c.kept), jsonText(winner.fields.value(u"mobile"_s).toString()));
        QCOMPARE(QString::fromUtf8(c.lost), jsonText(loser.fields.value(u"mobile"_s).toString()));
        QCOMPARE(c.keptStamp, winner.stamp.toString());
        QCOMPARE(c.lostStamp, loser.stamp.toString());
        QCOMPARE(c.keptDevice, winner.stamp.device);
        QCOMPARE(c.lostDevice, loser.stamp.device);
        QCOMPARE(c.changeSet, countyFirst ? fromCity.id : fromCounty.id);
        QCOMPARE(c.at, f.now());
    }

    // The city overwrites a value the county wrote: a conflict only when it had not seen it.
    void informedEditLogsNoConflict_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<int>("conflicts");
        QTest::newRow("base is the overwritten stamp") << u"seen"_s << 0;
        QTest::newRow("no base") << u"none"_s << 1;
        QTest::newRow("base older than the overwritten stamp") << u"stale"_s << 1;
    }

    void informedEditLogsNoConflict()
    {
        QFETCH(QString, base);
        QFETCH(int, conflicts);

        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change created = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11, -60'000);
        const Change corrected =
            ServerFixture::change(entity::kVolunteer, created.id, {{u"mobile"_s, u"13900000001"_s}},
                                  f.stamp(county, -30'000), {{u"mobile"_s, created.stamp}});
        VERIFY_OK(f.push(county, {created, corrected}));
        QCOMPARE(f.count(u"SELECT count(*) FROM conflicts"_s), 0); // one device correcting itself

        QHash<QString, HlcTimestamp> seen;
        if (base == u"seen")
            seen.insert(u"mobile"_s, corrected.stamp);
        else if (base == u"stale")
            seen.insert(u"mobile"_s, created.stamp);
        const Change edit = ServerFixture::change(entity::kVolunteer, created.id,
                                                  {{u"mobile"_s, u"13900000002"_s}}, f.stamp(city), seen);
        auto result = f.push(city, {edit});
        VERIFY_OK(result);
        QCOMPARE(result->reply.accepted, 1);
        QCOMPARE(f.record(entity::kVolunteer, created.id)->data.value(u"mobile"_s).toString(),
                 u"13900000002"_s);
        const QList<ConflictRecord> logged = must(f.store->conflicts(), "conflicts");
        QCOMPARE(logged.size(), conflicts);
        if (conflicts) {
            QCOMPARE(QString::fromUtf8(logged.first().lost), jsonText(u"13900000001"_s));
            QCOMPARE(logged.first().lostDevice, county.id);
            QCOMPARE(logged.first().keptDevice, city.id);
        }
    }

    void differentFieldsBothSurvive_data()
    {
        QTest::addColumn<bool>("countyFirst");
        QTest::newRow("county first") << true;
        QTest::newRow("city first") << false;
    }

    void differentFieldsBothSurvive()
    {
        QFETCH(bool, countyFirst);

        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change created = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11, -60'000);
        VERIFY_OK(f.push(county, {created}));
        // The older write of the two arrives second, so neither order hides a lost field.
        const Change mobile =
            ServerFixture::change(entity::kVolunteer, created.id, {{u"mobile"_s, u"13900000001"_s}},
                                  f.stamp(county, countyFirst ? 2000 : 1000), {{u"mobile"_s, created.stamp}});
        const Change employer =
            ServerFixture::change(entity::kVolunteer, created.id, {{u"employer"_s, u"河南省科学技术协会"_s}},
                                  f.stamp(city, countyFirst ? 1000 : 2000), {{u"employer"_s, created.stamp}});
        if (countyFirst) {
            VERIFY_OK(f.push(county, {mobile}));
            VERIFY_OK(f.push(city, {employer}));
        } else {
            VERIFY_OK(f.push(city, {employer}));
            VERIFY_OK(f.push(county, {mobile}));
        }
        const auto record = f.record(entity::kVolunteer, created.id);
        QCOMPARE(record->data.value(u"mobile"_s).toString(), u"13900000001"_s);
        QCOMPARE(record->data.value(u"employer"_s).toString(), u"河南省科学技术协会"_s);
        QCOMPARE(record->clocks.stampOf(u"mobile"_s), mobile.stamp);
        QCOMPARE(record->clocks.stampOf(u"employer"_s), employer.stamp);
        QCOMPARE(record->clocks.stampOf(u"name"_s), created.stamp);
        QCOMPARE(f.count(u"SELECT count(*) FROM conflicts"_s), 0);
    }

    void stampsFarAheadAreClamped()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& city = f.enroll(u"410100"_s, u"city"_s);
        const Change dayAhead = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11, kDayMs);
        const Change withinSkew = f.newVolunteer(county, u"王芳"_s, u"410105"_s, 13, 5 * 60 * 1000);
        const Change twoDaysAhead = f.newVolunteer(county, u"李娜"_s, u"410105"_s, 15, 2 * kDayMs);
        const ChangeSet changeSet = ServerFixture::changeSet(county, {dayAhead, withinSkew, twoDaysAhead});
        auto result = f.push(county, changeSet);
        VERIFY_OK(result);
        QCOMPARE(result->reply.accepted, 3);

        // Clamped to the server's now; the counter keeps their order within the change set.
        const HlcTimestamp clamped0{kNowMs, 0, county.id};
        const HlcTimestamp clamped2{kNowMs, 1, county.id};
        QCOMPARE(result->reply.clamped, (QList<ClampedStamp>{{0, clamped0}, {2, clamped2}}));

        const QList<ClampRecord> clamps = must(f.store->clamps(), "clamps");
        QCOMPARE(clamps.size(), 2);
        QCOMPARE(clamps.at(0).device, county.id);
        QCOMPARE(clamps.at(0).changeSet, changeSet.id);
        QCOMPARE(clamps.at(0).original, dayAhead.stamp.toString());
        QCOMPARE(clamps.at(0).clamped, clamped0.toString());
        QCOMPARE(clamps.at(0).at, f.now());
        QCOMPARE(clamps.at(1).original, twoDaysAhead.stamp.toString());
        QCOMPARE(clamps.at(1).clamped, clamped2.toString());

        for (const QString& field : {u"name"_s, u"mobile"_s, u"county"_s})
            QCOMPARE(f.record(entity::kVolunteer, dayAhead.id)->clocks.stampOf(field), clamped0);
        QCOMPARE(f.record(entity::kVolunteer, twoDaysAhead.id)->clocks.stampOf(u"name"_s), clamped2);
        QCOMPARE(f.record(entity::kVolunteer, withinSkew.id)->clocks.stampOf(u"name"_s), withinSkew.stamp);

        // A correct clock one second later now wins, as it should.
        f.clock.advance(1000);
        auto edit =
            f.push(city, {ServerFixture::change(entity::kVolunteer, dayAhead.id,
                                                {{u"employer"_s, u"郑州大学"_s}, {u"name"_s, u"张小伟"_s}},
                                                f.stamp(city))});
        VERIFY_OK(edit);
        QVERIFY(edit->reply.clamped.isEmpty());
        QCOMPARE(f.record(entity::kVolunteer, dayAhead.id)->data.value(u"name"_s).toString(), u"张小伟"_s);
    }

    // A device whose clock runs a day fast sends two change sets that arrive within one
    // millisecond of the server's clock: both are clamped, and the later edit must still win.
    void clampedStampsOfSuccessiveChangeSetsKeepTheirOrder()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const Change created = f.newVolunteer(county, u"张伟"_s, u"410105"_s, 11, -60'000);
        VERIFY_OK(f.push(county, {created}));
        const Change first =
            ServerFixture::change(entity::kVolunteer, created.id, {{u"employer"_s, u"郑州大学"_s}},
                                  f.stamp(county, kDayMs), {{u"employer"_s, created.stamp}});
        const Change second =
            ServerFixture::change(entity::kVolunteer, created.id, {{u"employer"_s, u"河南大学"_s}},
                                  f.stamp(county, kDayMs + 1), {{u"employer"_s, first.stamp}});
        auto one = f.push(county, {first});
        auto two = f.push(county, {second});
        VERIFY_OK(one);
        VERIFY_OK(two);
        QCOMPARE(one->reply.clamped.size(), 1);
        QCOMPARE(two->reply.clamped.size(), 1);
        QCOMPARE(two->reply.accepted, 1);
        // The reply says accepted, so the device drops the edit from its outbox: it must not be lost.
        QCOMPARE(f.record(entity::kVolunteer, created.id)->data.value(u"employer"_s).toString(),
                 u"河南大学"_s);
        QVERIFY2(one->reply.clamped.first().stamp < two->reply.clamped.first().stamp,
                 qPrintable(one->reply.clamped.first().stamp.toString() + u" vs "_s +
                            two->reply.clamped.first().stamp.toString()));
    }
};

QTEST_GUILESS_MAIN(TestIngestService)
#include "TestIngestService.moc"
