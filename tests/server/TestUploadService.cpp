// Resumable pushes (POST /v1/push/chunk, /v1/push/status): UploadService in process on a real
// SQLite registry file, and over real HTTP against a real kjzy-server process. Chunks kept across
// a restart, offsets answered with what the server holds, strangers given no storage, every
// refusal recorded once in the audit log and nothing else written, the completed upload ingested
// with every check again.
#include "ServerFixture.h"

#include "service/UploadService.h"
#include "support/CliRunner.h"
#include "support/ServerProcess.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlDatabase>

using namespace kjzy;
using namespace kjzy::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kChunk = 512; // more than a header and signature (about 400 bytes)

// The registry rows an upload may touch, as text.
QStringList uploadRows(const ServerFixture& f)
{
    const DbProbe probe(f.registryPath());
    return probe.dump(
               u"SELECT 'upload', device, change_set, total, held FROM uploads ORDER BY device, change_set"_s) +
           probe.dump(
               u"SELECT 'chunk', device, change_set, offset, length(bytes), hex(bytes) FROM upload_chunks "
               "ORDER BY device, change_set, offset"_s);
}

QStringList everything(const ServerFixture& f)
{
    return f.snapshot() + uploadRows(f);
}

int auditRows(const ServerFixture& f)
{
    return f.count(u"SELECT count(*) FROM audit_log"_s);
}

// The newest audit row as "actor|action|detail".
QString lastAudit(const ServerFixture& f)
{
    const DbProbe probe(f.registryPath());
    return probe.dump(u"SELECT actor, action, detail FROM audit_log ORDER BY id DESC LIMIT 1"_s).value(0);
}

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QString error;
};

HttpAnswer post(const QUrl& url, const QByteArray& body,
                const QList<std::pair<QByteArray, QByteArray>>& headers,
                const QByteArray& contentType = "application/octet-stream")
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setTransferTimeout(30000);
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply* reply = manager.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                      reply->error() == QNetworkReply::NoError ? QString() : reply->errorString()};
    reply->deleteLater();
    return answer;
}

} // namespace

class TestUploadService : public QObject
{
    Q_OBJECT

    // A change set of a few KB from `device`, sealed as its outbox does.
    static QByteArray sealedChangeSet(ServerFixture& f, TestDevice& device, int volunteers, int firstSerial,
                                      ChangeSet* out = nullptr)
    {
        QList<Change> changes;
        for (int i = 0; i < volunteers; ++i)
            changes << f.newVolunteer(device, u"志愿者"_s + QChar(u'甲' + firstSerial + i), device.scope,
                                      firstSerial + i);
        const ChangeSet changeSet = ServerFixture::changeSet(device, changes);
        if (out)
            *out = changeSet;
        return f.sealed(device, changeSet);
    }

    static QString changeSetIdOf(const QByteArray& sealed)
    {
        const SealedEnvelope envelope = must(SealedEnvelope::fromBytes(sealed, 64 << 20), "frame");
        return must(EnvelopeHeader::fromBytes(envelope.header), "header").changeSetId;
    }

    // Sends bytes [from, to) in chunks of `size`; returns the last answer.
    static Result<UploadProgress> send(UploadService& uploads, const TestDevice& device,
                                       const QByteArray& bytes, qsizetype from, qsizetype to,
                                       qsizetype size = kChunk)
    {
        const QString id = changeSetIdOf(bytes);
        Result<UploadProgress> last = UploadProgress{};
        for (qsizetype offset = from; offset < to; offset += size) {
            last = uploads.chunk(device.id, id, offset, bytes.size(),
                                 bytes.mid(offset, std::min(size, to - offset)));
            if (!last)
                return last;
        }
        return last;
    }

private slots:
    void initTestCase() { QVERIFY(Sodium::initialize().has_value()); }

    void chunksInOrderCompleteToTheReplyOfAWholePush()
    {
        ServerFixture f;
        UploadService uploads(*f.ingest);
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        ChangeSet changeSet;
        const QByteArray bytes = sealedChangeSet(f, county, 40, 100, &changeSet);
        QVERIFY2(bytes.size() > 3 * kChunk, qPrintable(QString::number(bytes.size())));

        qint64 held = 0;
        for (qsizetype offset = 0; offset + kChunk < bytes.size(); offset += kChunk) {
            auto progress =
                uploads.chunk(county.id, changeSet.id, offset, bytes.size(), bytes.mid(offset, kChunk));
            VERIFY_OK(progress);
            QVERIFY(!progress->ingested);
            held = offset + kChunk;
            QCOMPARE(progress->held, held);
            QCOMPARE(f.recordRows(), 0);
        }
        auto done = uploads.chunk(county.id, changeSet.id, held, bytes.size(), bytes.mid(held));
        VERIFY_OK(done);
        QVERIFY(done->ingested.has_value());
        const PushReply reply = done->ingested->reply;
        QCOMPARE(reply.changeSetId, changeSet.id);
        QCOMPARE(reply.accepted, 40);
        QVERIFY(reply.rejected.isEmpty());
        QVERIFY(!reply.duplicate);
        QCOMPARE(f.recordRows(), 40);
        QVERIFY(uploadRows(f).isEmpty());
        QCOMPARE(auditRows(f), 0);

        // The same bytes pushed whole are that change set: the stored reply, nothing applied again.
        const QStringList before = everything(f);
        auto whole = f.ingest->ingest(bytes);
        VERIFY_OK(whole);
        PushReply expected = reply;
        expected.duplicate = true;
        QCOMPARE(whole->reply, expected);
        // And so is its status, and a lost answer to the last chunk sent again.
        auto status = uploads.status(county.id, changeSet.id);
        VERIFY_OK(status);
        QVERIFY(status->ingested.has_value());
        QCOMPARE(status->ingested->reply, expected);
        auto again = uploads.chunk(county.id, changeSet.id, held, bytes.size(), bytes.mid(held));
        VERIFY_OK(again);
        QVERIFY(again->ingested.has_value());
        QCOMPARE(again->ingested->reply, expected);
        QCOMPARE(everything(f), before);

        // The whole envelope as one chunk works as well.
        const QByteArray single = sealedChangeSet(f, county, 2, 200);
        auto one = uploads.chunk(county.id, changeSetIdOf(single), 0, single.size(), single);
        VERIFY_OK(one);
        QVERIFY(one->ingested.has_value());
        QCOMPARE(one->ingested->reply.accepted, 2);
        QCOMPARE(f.recordRows(), 42);
    }

    void wrongOffsetIsAnsweredWithTheHeldOffsetAndStoresNothing()
    {
        ServerFixture f;
        UploadService uploads(*f.ingest);
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const QByteArray bytes = sealedChangeSet(f, county, 40, 100);
        const QString id = changeSetIdOf(bytes);
        VERIFY_OK(send(uploads, county, bytes, 0, 2 * kChunk));
        const QStringList before = everything(f);

        // Ahead of what is held, behind it, and the last chunk repeated: the held offset, nothing stored.
        for (qint64 offset :
             {qint64(3 * kChunk), qint64(2 * kChunk + 1), qint64(kChunk), qint64(0), qint64(kChunk - 5)}) {
            auto progress = uploads.chunk(county.id, id, offset, bytes.size(), bytes.mid(offset, kChunk));
            VERIFY_OK(progress);
            QVERIFY(!progress->ingested);
            QCOMPARE(progress->held, qint64(2 * kChunk));
            QCOMPARE(everything(f), before);
        }
        QCOMPARE(auditRows(f), 0);
        // A chunk of an upload never started, not at 0: held 0, nothing stored.
        const QByteArray other = sealedChangeSet(f, county, 1, 300);
        auto unstarted =
            uploads.chunk(county.id, changeSetIdOf(other), kChunk, other.size(), other.mid(kChunk, 10));
        VERIFY_OK(unstarted);
        QCOMPARE(unstarted->held, 0);
        QCOMPARE(everything(f), before);

        // Continuing from the held offset completes it.
        auto done = send(uploads, county, bytes, 2 * kChunk, bytes.size());
        VERIFY_OK(done);
        QVERIFY(done->ingested.has_value());
        QCOMPARE(done->ingested->reply.accepted, 40);
    }

    void statusReportsTheBytesHeld()
    {
        ServerFixture f;
        UploadService uploads(*f.ingest);
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& other = f.enroll(u"410105"_s, u"county"_s);
        const QByteArray bytes = sealedChangeSet(f, county, 40, 100);
        const QString id = changeSetIdOf(bytes);

        auto unknown = uploads.status(county.id, id);
        VERIFY_OK(unknown);
        QCOMPARE(unknown->held, 0);
        QVERIFY(!unknown->ingested);
        VERIFY_OK(send(uploads, county, bytes, 0, 3 * kChunk));
        auto partial = uploads.status(county.id, id);
        VERIFY_OK(partial);
        QCOMPARE(partial->held, qint64(3 * kChunk));
        QVERIFY(!partial->ingested);
        // Another device asking about it learns nothing.
        auto foreign = uploads.status(other.id, id);
        VERIFY_OK(foreign);
        QCOMPARE(foreign->held, 0);
        VERIFY_ERROR(uploads.status(QString(), id), ErrorCode::Usage, u"缺少"_s);
    }

    void strangersAndRevokedDevicesGetNoStorage()
    {
        ServerFixture f;
        UploadService uploads(*f.ingest);
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& revoked = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& other = f.enroll(u"410105"_s, u"county"_s);
        TestDevice stranger{RecordId::generate(), u"410105"_s, must(SigningKeyPair::generate(), "key"),
                            must(BoxKeyPair::generate(), "key")};
        VERIFY_OK(f.enrollment->revoke(revoked.id, f.now()));

        struct Case
        {
            const char* name;
            TestDevice* sender;
            QString claimedDevice; // X-Kjzy-Device
            bool otherChangeSet;   // X-Kjzy-Change-Set names another change set
            qint64 totalDelta;     // X-Kjzy-Total off by this
            qsizetype firstChunk;
            ErrorCode code;
            QString reason;
        };
        const QList<Case> cases{
            {"stranger", &stranger, stranger.id, false, 0, kChunk, ErrorCode::Auth, u"未注册"_s},
            {"revoked", &revoked, revoked.id, false, 0, kChunk, ErrorCode::Auth, u"吊销"_s},
            {"another device's name", &county, other.id, false, 0, kChunk, ErrorCode::Crypto, u"不一致"_s},
            {"another change set", &county, county.id, true, 0, kChunk, ErrorCode::Crypto, u"不一致"_s},
            {"total off the framing", &county, county.id, false, 1, kChunk, ErrorCode::Crypto, u"总长度"_s},
            {"header cut short", &county, county.id, false, 0, 100, ErrorCode::Crypto, u"数据包头和签名"_s},
        };
        for (const Case& c : cases) {
            const QByteArray bytes = sealedChangeSet(f, *c.sender, 4, 100);
            const QString id = c.otherChangeSet ? RecordId::generate() : changeSetIdOf(bytes);
            const QStringList before = everything(f);
            const int audits = auditRows(f);
            VERIFY_ERROR(
                uploads.chunk(c.claimedDevice, id, 0, bytes.size() + c.totalDelta, bytes.first(c.firstChunk)),
                c.code, c.reason);
            QVERIFY2(everything(f) == before, c.name);
            QCOMPARE(auditRows(f), audits + 1);
            QVERIFY2(lastAudit(f).startsWith(c.claimedDevice + u"|push_chunk_refused|"_s),
                     qPrintable(lastAudit(f)));
            QVERIFY2(lastAudit(f).contains(c.reason), qPrintable(lastAudit(f)));
        }
        // A revoked device's later chunks of an upload begun before the revocation fail at the ingest.
        const QByteArray bytes = sealedChangeSet(f, county, 40, 200);
        VERIFY_OK(send(uploads, county, bytes, 0, 2 * kChunk));
        VERIFY_OK(f.enrollment->revoke(county.id, f.now()));
        VERIFY_ERROR(send(uploads, county, bytes, 2 * kChunk, bytes.size()), ErrorCode::Auth, u"吊销"_s);
        QVERIFY(uploadRows(f).isEmpty());
        QCOMPARE(f.recordRows(), 0);
        QVERIFY2(lastAudit(f).startsWith(county.id + u"|push_refused|auth: "_s), qPrintable(lastAudit(f)));
    }

    void chunksBeyondTheTotalOrTheLimitAreRefused()
    {
        ServerFixture f;
        UploadService uploads(*f.ingest);
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const QByteArray bytes = sealedChangeSet(f, county, 40, 100);
        const QString id = changeSetIdOf(bytes);
        const QStringList empty = everything(f);
        const qint64 limit = f.ingest->limits().maxEnvelopeBytes;
        VERIFY_ERROR(uploads.chunk(county.id, id, 0, limit + 1, bytes.first(kChunk)), ErrorCode::Crypto,
                     u"超过大小上限"_s);
        VERIFY_ERROR(uploads.chunk(county.id, id, 0, kChunk - 1, bytes.first(kChunk)),
                     ErrorCode::InvalidInput, u"超出声明的总长度"_s);
        VERIFY_ERROR(uploads.chunk(county.id, id, -1, bytes.size(), bytes.first(kChunk)), ErrorCode::Usage,
                     u"偏移"_s);
        QCOMPARE(everything(f), empty);
        QCOMPARE(auditRows(f), 3);

        VERIFY_OK(send(uploads, county, bytes, 0, 2 * kChunk));
        const QStringList started = everything(f);
        // Past the declared total, and a total other than the one the upload began with.
        VERIFY_ERROR(
            uploads.chunk(county.id, id, 2 * kChunk, bytes.size(), QByteArray(bytes.mid(2 * kChunk) + "x")),
            ErrorCode::InvalidInput, u"超出声明的总长度"_s);
        VERIFY_ERROR(uploads.chunk(county.id, id, 2 * kChunk, bytes.size() + 1, bytes.mid(2 * kChunk, 10)),
                     ErrorCode::Conflict, u"不一致"_s);
        QCOMPARE(everything(f), started);
        QCOMPARE(auditRows(f), 5);
        QVERIFY2(lastAudit(f).startsWith(county.id + u"|push_chunk_refused|conflict: "_s),
                 qPrintable(lastAudit(f)));
    }

    void chunksSurviveARestart()
    {
        ServerFixture f;
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const QByteArray bytes = sealedChangeSet(f, county, 40, 100);
        const QString id = changeSetIdOf(bytes);
        {
            UploadService uploads(*f.ingest);
            VERIFY_OK(send(uploads, county, bytes, 0, 3 * kChunk));
        }
        // Close the registry and open it again, as a restarted server does.
        f.pull.reset();
        f.ingest.reset();
        f.enrollment.reset();
        f.store.reset();
        f.store = must(SqliteRegistryStore::open(f.registryPath(), f.clock), "reopen");
        f.ingest = std::make_unique<IngestService>(*f.store, *f.keys, f.clock);
        UploadService uploads(*f.ingest);
        auto status = uploads.status(county.id, id);
        VERIFY_OK(status);
        QCOMPARE(status->held, qint64(3 * kChunk));
        auto done = send(uploads, county, bytes, status->held, bytes.size());
        VERIFY_OK(done);
        QVERIFY(done->ingested.has_value());
        QCOMPARE(done->ingested->reply.accepted, 40);
        QCOMPARE(f.recordRows(), 40);
    }

    void aCorruptedMiddleChunkFailsTheIngestAndDropsTheUpload()
    {
        ServerFixture f;
        UploadService uploads(*f.ingest);
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        const QByteArray bytes = sealedChangeSet(f, county, 40, 100);
        const QString id = changeSetIdOf(bytes);
        QByteArray corrupted = bytes;
        corrupted[2 * kChunk + 17] = char(corrupted.at(2 * kChunk + 17) ^ 0x04);
        const QStringList before = everything(f);
        VERIFY_OK(send(uploads, county, corrupted, 0, bytes.size() - 10));
        VERIFY_ERROR(uploads.chunk(county.id, id, bytes.size() - 10, bytes.size(), corrupted.last(10)),
                     ErrorCode::Crypto, u"内容与签名不符"_s);
        QCOMPARE(everything(f), before);
        QCOMPARE(auditRows(f), 1);
        QVERIFY2(lastAudit(f).startsWith(county.id + u"|push_refused|crypto: "_s), qPrintable(lastAudit(f)));
        auto status = uploads.status(county.id, id);
        VERIFY_OK(status);
        QCOMPARE(status->held, 0);
        // The good bytes go through afterwards.
        auto done = send(uploads, county, bytes, 0, bytes.size());
        VERIFY_OK(done);
        QVERIFY(done->ingested.has_value());
        QCOMPARE(done->ingested->reply.accepted, 40);
    }

    void openUploadsPerDeviceAreLimited()
    {
        ServerFixture f;
        UploadService uploads(*f.ingest);
        TestDevice& county = f.enroll(u"410105"_s, u"county"_s);
        TestDevice& other = f.enroll(u"410105"_s, u"county"_s);
        for (int i = 0; i < 8; ++i) {
            const QByteArray bytes = sealedChangeSet(f, county, 4, 100 + 10 * i);
            VERIFY_OK(send(uploads, county, bytes, 0, kChunk));
        }
        QCOMPARE(f.count(u"SELECT count(*) FROM uploads WHERE device = ?"_s, {county.id}), 8);
        const QByteArray ninth = sealedChangeSet(f, county, 4, 300);
        const QStringList before = everything(f);
        VERIFY_ERROR(send(uploads, county, ninth, 0, kChunk), ErrorCode::Conflict, u"达到上限"_s);
        QCOMPARE(everything(f), before);
        QCOMPARE(auditRows(f), 1);
        // Another device is not held up by it.
        VERIFY_OK(send(uploads, other, sealedChangeSet(f, other, 4, 400), 0, kChunk));

        // Six days on, touching one upload keeps it; a week after the others were last touched, a new
        // upload collects them and starts.
        const QByteArray kept = sealedChangeSet(f, county, 4, 500);
        f.clock.advance(6 * kDayMs);
        VERIFY_ERROR(send(uploads, county, kept, 0, kChunk), ErrorCode::Conflict, u"达到上限"_s);
        f.clock.advance(kDayMs + 1000);
        VERIFY_OK(send(uploads, county, kept, 0, kChunk));
        QCOMPARE(f.count(u"SELECT count(*) FROM uploads WHERE device = ?"_s, {county.id}), 1);
        QCOMPARE(f.count(u"SELECT count(*) FROM uploads"_s), 1);
    }

    // The routes over real HTTP against a real kjzy-server process.
    void overHttpAgainstARealServer()
    {
        VERIFY_CLI_PREREQUISITES();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString data = dir.filePath(u"server"_s);
        EXPECT_EXIT(runServer(data, {u"init"_s}), 0);
        const CliRun code =
            runServer(data, {u"enroll-code"_s, u"--scope"_s, u"410105"_s, u"--role"_s, u"county"_s});
        EXPECT_EXIT(code, 0);
        QString error;
        auto server = ServerProcess::start(data, &error);
        QVERIFY2(server, qPrintable(error));
        const QUrl base = server->url();
        const auto url = [&](const QString& path) {
            QUrl u = base;
            u.setPath(path);
            return u;
        };

        TestDevice device{RecordId::generate(), u"410105"_s, must(SigningKeyPair::generate(), "key"),
                          must(BoxKeyPair::generate(), "key")};
        const QJsonObject enrollment{
            {u"code"_s, code.out.trimmed()},
            {u"device"_s, device.id},
            {u"sign_key"_s, QString::fromLatin1(device.signing.publicKey().toBase64())},
            {u"box_key"_s, QString::fromLatin1(device.box.publicKey().toBase64())},
            {u"label"_s, u"分块上传测试"_s}};
        const HttpAnswer enrolled =
            post(url(u"/v1/enroll"_s), QJsonDocument(enrollment).toJson(), {}, "application/json");
        QVERIFY2(enrolled.status == 200, enrolled.body.constData());
        const QJsonObject keys = QJsonDocument::fromJson(enrolled.body).object();
        const QByteArray serverBox =
            QByteArray::fromBase64(keys.value(u"server_box_key"_s).toString().toLatin1());
        const QByteArray serverSign =
            QByteArray::fromBase64(keys.value(u"server_sign_key"_s).toString().toLatin1());

        QList<Change> changes;
        for (int i = 0; i < 40; ++i)
            changes << ServerFixture::change(
                entity::kVolunteer, RecordId::generate(),
                ServerFixture::volunteer(u"志愿者"_s + QChar(u'甲' + i),
                                         ServerFixture::idNumber(u"410105"_s, u"19800101"_s, 100 + i),
                                         u"410105"_s),
                HlcTimestamp{QDateTime::currentMSecsSinceEpoch(), quint32(i), device.id});
        const ChangeSet changeSet = ServerFixture::changeSet(device, changes);
        const QByteArray bytes = ServerFixture::seal(changeSet, ServerFixture::header(device, changeSet),
                                                     device.signing, serverBox)
                                     .toBytes();
        const auto chunk = [&](qint64 offset, const QByteArray& body, qint64 total, const QString& sender) {
            return post(url(u"/v1/push/chunk"_s), body,
                        {{"X-Kjzy-Device", sender.toUtf8()},
                         {"X-Kjzy-Change-Set", changeSet.id.toUtf8()},
                         {"X-Kjzy-Offset", QByteArray::number(offset)},
                         {"X-Kjzy-Total", QByteArray::number(total)}});
        };
        const auto offsetOf = [](const HttpAnswer& answer) {
            return qint64(QJsonDocument::fromJson(answer.body).object().value(u"offset"_s).toDouble(-1));
        };

        // A first chunk claiming another sender than its signed header, and a stranger's change set
        // sealed to this server: 401 with a JSON error, nothing kept.
        const HttpAnswer misnamed = chunk(0, bytes.first(kChunk), bytes.size(), RecordId::generate());
        QCOMPARE(misnamed.status, 401);
        QCOMPARE(QJsonDocument::fromJson(misnamed.body).object().value(u"error"_s).toString(),
                 errorCodeName(ErrorCode::Crypto));
        TestDevice stranger{RecordId::generate(), u"410105"_s, must(SigningKeyPair::generate(), "key"),
                            must(BoxKeyPair::generate(), "key")};
        ChangeSet strangerSet = changeSet;
        strangerSet.device = stranger.id;
        const QByteArray strangerBytes =
            ServerFixture::seal(strangerSet, ServerFixture::header(stranger, strangerSet), stranger.signing,
                                serverBox)
                .toBytes();
        const HttpAnswer strangers = chunk(0, strangerBytes.first(kChunk), strangerBytes.size(), stranger.id);
        QCOMPARE(strangers.status, 401);
        QCOMPARE(QJsonDocument::fromJson(strangers.body).object().value(u"error"_s).toString(),
                 errorCodeName(ErrorCode::Auth));

        qint64 held = 0;
        for (; held + kChunk < bytes.size(); held += kChunk) {
            const HttpAnswer answer = chunk(held, bytes.mid(held, kChunk), bytes.size(), device.id);
            QVERIFY2(answer.status == 202, answer.body.constData());
            QCOMPARE(offsetOf(answer), held + kChunk);
        }
        // A repeated chunk and a status: the held offset.
        const HttpAnswer repeated = chunk(0, bytes.first(kChunk), bytes.size(), device.id);
        QCOMPARE(repeated.status, 202);
        QCOMPARE(offsetOf(repeated), held);
        const QList<std::pair<QByteArray, QByteArray>> statusHeaders{
            {"X-Kjzy-Device", device.id.toUtf8()}, {"X-Kjzy-Change-Set", changeSet.id.toUtf8()}};
        const HttpAnswer partial = post(url(u"/v1/push/status"_s), {}, statusHeaders);
        QCOMPARE(partial.status, 202);
        QCOMPARE(offsetOf(partial), held);

        const auto replyOf = [&](const QByteArray& sealed) -> Result<PushReply> {
            auto envelope = SealedEnvelope::fromBytes(sealed, 1 << 20);
            if (!envelope)
                return fail(envelope.error());
            auto header = Envelope::verify(*envelope, serverSign, EnvelopeKind::Reply);
            if (!header)
                return fail(header.error());
            auto plaintext = Envelope::open(*envelope, *header, device.box);
            if (!plaintext)
                return fail(plaintext.error());
            return SyncCodec::decodePushReply(*plaintext);
        };
        const HttpAnswer last = chunk(held, bytes.mid(held), bytes.size(), device.id);
        QVERIFY2(last.status == 200, last.body.constData());
        auto reply = replyOf(last.body);
        VERIFY_OK(reply);
        QCOMPARE(reply->changeSetId, changeSet.id);
        QCOMPARE(reply->accepted, 40);
        QVERIFY(!reply->duplicate);

        // Status and the whole-body push answer the stored reply (the duplicate flag does not travel).
        const PushReply stored = *reply;
        const HttpAnswer status = post(url(u"/v1/push/status"_s), {}, statusHeaders);
        QCOMPARE(status.status, 200);
        auto statusReply = replyOf(status.body);
        VERIFY_OK(statusReply);
        QCOMPARE(*statusReply, stored);
        const HttpAnswer whole = post(url(u"/v1/push"_s), bytes, {});
        QCOMPARE(whole.status, 200);
        QCOMPARE(replyOf(whole.body).value_or(PushReply{}), stored);
        server.reset();

        const DbProbe probe(QDir(data).filePath(u"registry.db"_s));
        QCOMPARE(probe.count(u"SELECT count(*) FROM records"_s), 40);
        QCOMPARE(probe.count(u"SELECT count(*) FROM uploads"_s), 0);
        QCOMPARE(probe.count(u"SELECT count(*) FROM upload_chunks"_s), 0);
        QCOMPARE(probe.count(u"SELECT count(*) FROM audit_log WHERE action = 'push_chunk_refused'"_s), 2);
    }
};

QTEST_GUILESS_MAIN(TestUploadService)
#include "TestUploadService.moc"
