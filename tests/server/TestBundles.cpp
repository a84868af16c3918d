// Carried bundles end to end, through the real binaries: devices enroll through a running
// kjzy-server, then the server is stopped and everything travels as files (kjzy bundle export →
// kjzy-server import-bundle → kjzy bundle import). Forged files are built in-process with the
// devices' and the server's real keys, so each refusal is of exactly the tampering named.
#include "support/CliRunner.h"
#include "support/DbProbe.h"
#include "support/ServerProcess.h"

#include "crypto/Envelope.h"
#include "crypto/SealedEnvelope.h"
#include "crypto/Sodium.h"
#include "service/ServerKeys.h"
#include "sync/BundleCodec.h"
#include "sync/DeviceKeys.h"
#include "validation/IdNumber.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::test;

namespace {

const QString kJinshui = QStringLiteral("410105");   // 郑州市金水区
const QString kZhongyuan = QStringLiteral("410102"); // 郑州市中原区
const QString kZhengzhou = QStringLiteral("410100");

QString idNumber(const QString& region, int serial)
{
    const QString first17 = region + QStringLiteral("19850312") +
                            QStringLiteral("%1").arg(serial % 1000, 3, 10, QLatin1Char('0'));
    return first17 + IdNumber::checkCharacter(first17);
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Offsets inside SealedEnvelope::toBytes(): u32 header length ‖ header ‖ u32 signature length ‖
// signature ‖ u64 ciphertext length ‖ ciphertext.
struct EnvelopeLayout
{
    qsizetype header = 0;
    qsizetype signature = 0;
    qsizetype ciphertext = 0;

    static EnvelopeLayout of(const QByteArray& bytes)
    {
        EnvelopeLayout layout;
        layout.header = 4;
        layout.signature = layout.header + qFromBigEndian<quint32>(bytes.constData()) + 4;
        layout.ciphertext = layout.signature + 64 + 8;
        return layout;
    }
};

QByteArray flipped(QByteArray bytes, qsizetype at)
{
    bytes[at] = char(bytes[at] ^ 0x01);
    return bytes;
}

QJsonObject statusOf(const QString& db)
{
    return QJsonDocument::fromJson(
               runKjzy(db, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
        .object();
}

} // namespace

class TestBundles : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_data;

    QString path(const QString& name) const { return m_dir->filePath(name); }
    QString dbPath(const QString& name) const { return path(name + QStringLiteral(".db")); }

    QString client(const QString& name, const QString& region, const QString& role)
    {
        return enrollNewClient(dbPath(name), region, role, m_data, m_server->url());
    }

    QString addVolunteer(const QString& db, const QString& name, const QString& id, const QString& county)
    {
        const CliRun run = runKjzy(db, volunteerArgs(name, QStringLiteral("13800138000"), id, county));
        if (!run.exitedWith(0))
            qWarning().noquote() << run.describe();
        return run.out.trimmed();
    }

    CliRun exportBundle(const QString& db, const QString& file)
    {
        return runKjzy(db,
                       {QStringLiteral("bundle"), QStringLiteral("export"), QStringLiteral("--out"), file});
    }
    CliRun importBundle(const QString& file, const QString& reply)
    {
        return runServer(m_data, {QStringLiteral("import-bundle"), file, QStringLiteral("--reply"), reply});
    }
    CliRun importReply(const QString& db, const QString& file)
    {
        return runKjzy(db, {QStringLiteral("bundle"), QStringLiteral("import"), file});
    }

    QString deviceOf(const QString& db) { return statusOf(db)[QStringLiteral("device")].toString(); }

    QHash<QString, QJsonObject> clientVolunteers(const QString& db)
    {
        QHash<QString, QJsonObject> byId;
        const CliRun run = runKjzy(db, {QStringLiteral("volunteer"), QStringLiteral("list"),
                                        QStringLiteral("--json"), QStringLiteral("--reveal")});
        for (const QJsonValue& v : QJsonDocument::fromJson(run.out.toUtf8()).array())
            byId.insert(v[QStringLiteral("id")].toString(), v.toObject());
        return byId;
    }

    QSet<QString> serverVolunteerIds()
    {
        QSet<QString> ids;
        const CliRun run = runServer(
            m_data, {QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")});
        for (const QJsonValue& v : QJsonDocument::fromJson(run.out.toUtf8()).array())
            ids.insert(v[QStringLiteral("id")].toString());
        return ids;
    }

    // Everything a bundle could change on the server, as text.
    QStringList serverState()
    {
        DbProbe probe(QDir(m_data).filePath(QStringLiteral("registry.db")));
        QStringList state;
        for (const QString& sql :
             {QStringLiteral("SELECT * FROM records ORDER BY seq"),
              QStringLiteral(
                  "SELECT id, device, sequence, changes, rejected, hex(reply) FROM change_sets ORDER BY id"),
              QStringLiteral("SELECT id, last_sequence, revoked_at FROM devices ORDER BY id"),
              QStringLiteral("SELECT * FROM aliases"), QStringLiteral("SELECT * FROM departures"),
              QStringLiteral("SELECT * FROM conflicts"), QStringLiteral("SELECT * FROM clock_clamps")}) {
            state << QStringLiteral("-- ") + sql;
            const QStringList rows = probe.dump(sql);
            if (!probe.lastError().isEmpty())
                state << QStringLiteral("error: ") + probe.lastError();
            state += rows;
        }
        return state;
    }

    int refusalsAudited()
    {
        DbProbe probe(QDir(m_data).filePath(QStringLiteral("registry.db")));
        return probe.count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'bundle-refused'"));
    }

    // Everything a reply could change on a client, as text (last_sync only when `withLastSync`).
    static QStringList clientState(const QString& db, bool withLastSync = true)
    {
        DbProbe probe(db);
        QStringList state;
        const QString settings = withLastSync
                                     ? QStringLiteral("SELECT * FROM settings ORDER BY key")
                                     : QStringLiteral("SELECT * FROM settings WHERE key <> 'last_sync' "
                                                      "ORDER BY key");
        for (const QString& sql :
             {settings, QStringLiteral("SELECT * FROM volunteers ORDER BY id"),
              QStringLiteral("SELECT * FROM teams ORDER BY id"), QStringLiteral("SELECT * FROM memberships"),
              QStringLiteral("SELECT * FROM outbox ORDER BY seq"),
              QStringLiteral(
                  "SELECT id, sequence, hex(sealed), changes, acked_at FROM change_sets ORDER BY sequence"),
              QStringLiteral("SELECT * FROM rejected_changes ORDER BY outbox_seq")}) {
            state << QStringLiteral("-- ") + sql;
            const QStringList rows = probe.dump(sql);
            if (!probe.lastError().isEmpty())
                state << QStringLiteral("error: ") + probe.lastError();
            state += rows;
        }
        return state;
    }

    std::unique_ptr<ServerKeys> serverKeys()
    {
        auto keys = ServerKeys::load(QDir(m_data).filePath(QStringLiteral("keys")));
        if (!keys)
            qWarning().noquote() << keys.error().message;
        return keys ? std::move(*keys) : nullptr;
    }

    // Opens a bundle file as the server would (no signature check: the test only reads it).
    std::optional<Bundle> openBundle(const QByteArray& bytes, EnvelopeHeader* outer = nullptr)
    {
        auto keys = serverKeys();
        auto envelope = SealedEnvelope::fromBytes(bytes, 1 << 30);
        if (!keys || !envelope)
            return std::nullopt;
        auto header = EnvelopeHeader::fromBytes(envelope->header);
        if (!header)
            return std::nullopt;
        auto plaintext = Envelope::open(*envelope, *header, keys->box());
        if (!plaintext)
            return std::nullopt;
        auto bundle = BundleCodec::decodeBundle(*plaintext);
        if (!bundle)
            return std::nullopt;
        if (outer)
            *outer = *header;
        return *bundle;
    }

    // Seals `bundle` as a genuine export of `signerDb`'s device would be sealed (its own keys).
    QByteArray sealBundle(const Bundle& bundle, const QString& signerDb, const QString& senderId)
    {
        auto keys = serverKeys();
        auto device = DeviceKeys::load(DeviceKeys::directoryFor(signerDb));
        if (!keys || !device)
            return {};
        EnvelopeHeader meta;
        meta.kind = EnvelopeKind::Bundle;
        meta.senderDeviceId = senderId;
        meta.keyEpoch = 1;
        meta.changeSetId = bundle.id;
        meta.sequence = bundle.cursor;
        auto sealed =
            Envelope::seal(BundleCodec::encode(bundle), meta, keys->box().publicKey(), (*device)->signing());
        return sealed ? sealed->toBytes() : QByteArray();
    }

    // Imports `bytes` as a bundle and requires exit 4 with nothing changed and the refusal audited.
    void expectBundleRefused(const QByteArray& bytes, const QString& label)
    {
        const QString file = path(QStringLiteral("forged.bundle"));
        const QString reply = path(QStringLiteral("forged.reply"));
        QFile::remove(reply);
        QVERIFY(writeAll(file, bytes));
        const QStringList before = serverState();
        const int audited = refusalsAudited();
        const CliRun run = importBundle(file, reply);
        QVERIFY2(run.exitedWith(4), qPrintable(label + QStringLiteral("\n") + run.describe()));
        QVERIFY2(serverState() == before, qPrintable(label));
        QCOMPARE(refusalsAudited(), audited + 1);
        QVERIFY2(!QFileInfo::exists(reply), qPrintable(label));
    }

    void expectReplyRefused(const QString& db, const QByteArray& bytes, const QString& label)
    {
        const QString file = path(QStringLiteral("forged.reply"));
        QVERIFY(writeAll(file, bytes));
        const QStringList before = clientState(db);
        const CliRun run = importReply(db, file);
        QVERIFY2(run.exitedWith(4), qPrintable(label + QStringLiteral("\n") + run.describe()));
        QVERIFY2(clientState(db) == before, qPrintable(label));
    }

    void restartServer()
    {
        QString error;
        m_server = ServerProcess::start(m_data, &error);
        QVERIFY2(m_server, qPrintable(error));
    }

private slots:
    void initTestCase()
    {
        VERIFY_CLI_PREREQUISITES();
        QVERIFY2(QFileInfo::exists(serverPath()), qPrintable(serverPath()));
        QVERIFY(Sodium::initialize().has_value());
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_data = m_dir->filePath(QStringLiteral("server"));
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("init")}), 0);
        restartServer();
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void bundleRoundTripEqualsNetworkSync()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString b = client(QStringLiteral("zhongyuan"), kZhongyuan, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        // Over the network first: a person in Jinshui, and the city's registration in Zhongyuan.
        const QString person = idNumber(kJinshui, 11);
        addVolunteer(a, QStringLiteral("张三"), person, kJinshui);
        const QString fromCity =
            addVolunteer(city, QStringLiteral("赵六"), idNumber(kZhongyuan, 12), kZhongyuan);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("sync")}), 0);
        EXPECT_EXIT(runKjzy(city, {QStringLiteral("sync")}), 0);
        // Zhongyuan works offline: two people, and the Jinshui person again (to be refused).
        const QString v1 = addVolunteer(b, QStringLiteral("王五"), idNumber(kZhongyuan, 13), kZhongyuan);
        const QString v2 = addVolunteer(b, QStringLiteral("钱七"), idNumber(kZhongyuan, 14), kZhongyuan);
        const QString twin = addVolunteer(b, QStringLiteral("张三"), person, kZhongyuan);
        m_server.reset(); // no link from here on

        const QString bundle = path(QStringLiteral("b.bundle"));
        const CliRun exported = exportBundle(b, bundle);
        EXPECT_EXIT(exported, 0);
        QVERIFY2(exported.err.contains(QStringLiteral("1 个变更集（3 条更改）")), qPrintable(exported.err));
        // The exported change set is byte for byte the stored sealed envelope a sync would push.
        {
            auto opened = openBundle(readAll(bundle));
            QVERIFY(opened.has_value());
            QCOMPARE(opened->changeSets.size(), 1);
            DbProbe probe(b);
            QCOMPARE(opened->changeSets.first(),
                     probe.scalar(QStringLiteral("SELECT sealed FROM change_sets")).toByteArray());
            QCOMPARE(opened->device, deviceOf(b));
        }
        // A copy of the device as it is now: it will sync over the network instead.
        const QString twinDb = dbPath(QStringLiteral("zhongyuan-network"));
        QVERIFY(QFile::copy(b, twinDb));
        QVERIFY(QDir().mkpath(DeviceKeys::directoryFor(twinDb)));
        for (const QString& key : QDir(DeviceKeys::directoryFor(b)).entryList(QDir::Files))
            QVERIFY(QFile::copy(QDir(DeviceKeys::directoryFor(b)).filePath(key),
                                QDir(DeviceKeys::directoryFor(twinDb)).filePath(key)));

        const QString reply = path(QStringLiteral("b.reply"));
        const CliRun imported = importBundle(bundle, reply);
        EXPECT_EXIT(imported, 0);
        QVERIFY2(imported.err.contains(QStringLiteral("接受 2，退回 1")), qPrintable(imported.err));
        QCOMPARE(serverVolunteerIds(), (QSet<QString>{clientVolunteers(a).keys().first(), fromCity, v1, v2}));
        QVERIFY(!serverVolunteerIds().contains(twin));

        const CliRun applied = importReply(b, reply);
        EXPECT_EXIT(applied, 1); // a change was refused, as after `kjzy sync`
        const QJsonObject status = statusOf(b);
        QCOMPARE(status[QStringLiteral("pending")].toInt(), 0);
        QCOMPARE(status[QStringLiteral("rejected")].toInt(), 1);
        const QJsonObject rejection = status[QStringLiteral("rejections")].toArray().first().toObject();
        QCOMPARE(rejection[QStringLiteral("id")].toString(), twin);
        QVERIFY2(rejection[QStringLiteral("reason")].toString().contains(QStringLiteral("金水区")),
                 qPrintable(rejection[QStringLiteral("reason")].toString()));
        QVERIFY(!status[QStringLiteral("last_sync")].isNull());
        const auto bHolds = clientVolunteers(b);
        QCOMPARE(QSet<QString>(bHolds.keyBegin(), bHolds.keyEnd()), (QSet<QString>{v1, v2, fromCity, twin}));

        // The network copy syncs with the server back up: the same replies, the same pages.
        restartServer();
        EXPECT_EXIT(
            runKjzy(twinDb, {QStringLiteral("sync"), QStringLiteral("--server"), m_server->url().toString()}),
            1);
        m_server.reset();
        QCOMPARE(clientVolunteers(b), clientVolunteers(twinDb));
        const QJsonObject twinStatus = statusOf(twinDb);
        QCOMPARE(twinStatus[QStringLiteral("pending")], status[QStringLiteral("pending")]);
        QCOMPARE(twinStatus[QStringLiteral("rejected")], status[QStringLiteral("rejected")]);
        const QJsonObject twinRejection =
            twinStatus[QStringLiteral("rejections")].toArray().first().toObject();
        for (const QString& key : {QStringLiteral("id"), QStringLiteral("entity"), QStringLiteral("reason")})
            QCOMPARE(twinRejection[key], rejection[key]);
        for (const QString& sql :
             {QStringLiteral(
                  "SELECT seq, entity, entity_id, fields, hlc, change_set, acked_at IS NOT NULL FROM "
                  "outbox ORDER BY seq"),
              QStringLiteral("SELECT id, sequence, acked_at IS NOT NULL FROM change_sets ORDER BY sequence"),
              QStringLiteral(
                  "SELECT outbox_seq, change_set, entity, entity_id, reason FROM rejected_changes"),
              QStringLiteral("SELECT 'volunteer', id, clocks FROM volunteers UNION ALL "
                             "SELECT 'team', id, clocks FROM teams UNION ALL "
                             "SELECT 'membership', team_id || '/' || volunteer_id, clocks FROM memberships "
                             "ORDER BY 1, 2"),
              QStringLiteral("SELECT value FROM settings WHERE key = 'pull_cursor'")}) {
            DbProbe viaBundle(b);
            DbProbe viaNetwork(twinDb);
            QCOMPARE(viaBundle.dump(sql), viaNetwork.dump(sql));
            QVERIFY2(!viaBundle.dump(sql).isEmpty() || sql.contains(u"rejected"), qPrintable(sql));
        }

        // Twice on the server: nothing applied again, the same answer.
        const QStringList serverBefore = serverState();
        const QString replyAgain = path(QStringLiteral("b-again.reply"));
        const CliRun again = importBundle(bundle, replyAgain);
        EXPECT_EXIT(again, 0);
        QVERIFY2(again.err.contains(QStringLiteral("1 个此前已收到")), qPrintable(again.err));
        QCOMPARE(serverState(), serverBefore);
        // Twice (and the second reply) on the client: skipped, same state, exit 0.
        const QStringList clientBefore = clientState(b, false);
        for (const QString& file : {reply, replyAgain}) {
            const CliRun repeat = importReply(b, file);
            EXPECT_EXIT(repeat, 0);
            QVERIFY2(repeat.err.contains(QStringLiteral("跳过 1 个回执")), qPrintable(repeat.err));
            QCOMPARE(clientState(b, false), clientBefore);
        }
        QCOMPARE(statusOf(b)[QStringLiteral("rejected")].toInt(), 1);
    }

    void nothingPendingStillPulls()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        const QString id = addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 21), kJinshui);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("sync")}), 0);
        m_server.reset();
        const QString bundle = path(QStringLiteral("city.bundle"));
        const CliRun exported = exportBundle(city, bundle);
        EXPECT_EXIT(exported, 0);
        QVERIFY2(exported.err.contains(QStringLiteral("0 个变更集（0 条更改）")), qPrintable(exported.err));
        const QString reply = path(QStringLiteral("city.reply"));
        EXPECT_EXIT(importBundle(bundle, reply), 0);
        EXPECT_EXIT(importReply(city, reply), 0);
        const auto holds = clientVolunteers(city);
        QCOMPARE(holds.keys(), QList<QString>{id});
        QCOMPARE(holds.value(id), clientVolunteers(a).value(id));
        // A later bundle starts from the new cursor.
        const QString next = path(QStringLiteral("city2.bundle"));
        EXPECT_EXIT(exportBundle(city, next), 0);
        auto opened = openBundle(readAll(next));
        QVERIFY(opened.has_value());
        QVERIFY(opened->cursor > 0);
        QCOMPARE(QString::number(opened->cursor),
                 DbProbe(city)
                     .scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'pull_cursor'"))
                     .toString());
    }

    void tamperedOrTruncatedBundlesChangeNothing()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        m_server.reset();
        addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 31), kJinshui);
        EXPECT_EXIT(exportBundle(a, path(QStringLiteral("first.bundle"))), 0); // seals change set 1
        addVolunteer(a, QStringLiteral("李四"), idNumber(kJinshui, 32), kJinshui);
        const QString file = path(QStringLiteral("a.bundle"));
        EXPECT_EXIT(exportBundle(a, file), 0); // change sets 1 and 2
        const QByteArray good = readAll(file);
        const EnvelopeLayout outer = EnvelopeLayout::of(good);

        // Flips of the file itself: header (magic, sender, sequence, hash), signature, ciphertext.
        for (const qsizetype at :
             {outer.header + 2, outer.header + 10, outer.header + 40, outer.signature - 20, outer.signature,
              outer.signature + 63, outer.ciphertext - 1, outer.ciphertext,
              outer.ciphertext + (good.size() - outer.ciphertext) / 2, good.size() - 1})
            expectBundleRefused(flipped(good, at), QStringLiteral("outer flip at %1").arg(at));
        for (const qsizetype length : {qsizetype(0), qsizetype(3), outer.signature, outer.ciphertext,
                                       good.size() / 2, good.size() - 1})
            expectBundleRefused(good.left(length), QStringLiteral("truncated to %1").arg(length));
        expectBundleRefused(good + QByteArray(1, '\0'), QStringLiteral("one byte appended"));

        // Flips inside the second change set, re-sealed by the genuine device: the outer envelope
        // is valid, so only checking every inner change set before applying any catches them, and
        // the first (good) change set must not be applied either.
        EnvelopeHeader header;
        auto bundle = openBundle(good, &header);
        QVERIFY(bundle.has_value());
        QCOMPARE(bundle->changeSets.size(), 2);
        const QByteArray inner = bundle->changeSets.at(1);
        const EnvelopeLayout layout = EnvelopeLayout::of(inner);
        const QList<std::pair<QString, QByteArray>> innerForgeries{
            {QStringLiteral("inner header"), flipped(inner, layout.header + 30)},
            {QStringLiteral("inner signature"), flipped(inner, layout.signature + 5)},
            {QStringLiteral("inner ciphertext"), flipped(inner, inner.size() - 1)},
            {QStringLiteral("inner truncated"), inner.left(inner.size() - 1)},
            {QStringLiteral("inner replaced by the first"), bundle->changeSets.at(0)},
        };
        for (const auto& [label, forged] : innerForgeries) {
            Bundle copy = *bundle;
            copy.changeSets[1] = forged;
            const QByteArray resealed = sealBundle(copy, a, header.senderDeviceId);
            QVERIFY(!resealed.isEmpty());
            expectBundleRefused(resealed, label);
        }
        // The genuine re-seal (nothing altered) is accepted: the forgeries failed for their flip.
        const QByteArray genuine = sealBundle(*bundle, a, header.senderDeviceId);
        QVERIFY(writeAll(path(QStringLiteral("genuine.bundle")), genuine));
        EXPECT_EXIT(importBundle(path(QStringLiteral("genuine.bundle")), path(QStringLiteral("x.reply"))), 0);
        QCOMPARE(serverVolunteerIds().size(), 2);
    }

    void anotherDevicesBundleIsRefused()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString b = client(QStringLiteral("jinshui-2"), kJinshui, QStringLiteral("county"));
        m_server.reset();
        addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 41), kJinshui);
        addVolunteer(b, QStringLiteral("李四"), idNumber(kJinshui, 42), kJinshui);
        const QString aFile = path(QStringLiteral("a.bundle"));
        const QString bFile = path(QStringLiteral("b.bundle"));
        EXPECT_EXIT(exportBundle(a, aFile), 0);
        EXPECT_EXIT(exportBundle(b, bFile), 0);
        const QString aId = deviceOf(a);
        const QString bId = deviceOf(b);
        EnvelopeHeader aHeader;
        auto aBundle = openBundle(readAll(aFile), &aHeader);
        auto bBundle = openBundle(readAll(bFile));
        QVERIFY(aBundle && bBundle);

        // A's bundle re-signed by B, naming B inside and out: A's change set inside is A's.
        Bundle asB = *aBundle;
        asB.device = bId;
        expectBundleRefused(sealBundle(asB, b, bId), QStringLiteral("re-signed as B"));
        // Re-signed by B but still naming A: the signature is not A's.
        expectBundleRefused(sealBundle(*aBundle, b, aId), QStringLiteral("signed by B, naming A"));
        // B's own bundle carrying A's change set along with its own: all refused, B's too.
        Bundle mixed = *bBundle;
        mixed.changeSets.prepend(aBundle->changeSets.first());
        expectBundleRefused(sealBundle(mixed, b, bId), QStringLiteral("B carrying A's change set"));
        // Signed and named by B outside, A inside.
        Bundle innerA = *bBundle;
        innerA.device = aId;
        expectBundleRefused(sealBundle(innerA, b, bId), QStringLiteral("inner device differs from sender"));
        QVERIFY(serverVolunteerIds().isEmpty());

        // Both genuine bundles go in; then A's reply is refused by B.
        const QString aReply = path(QStringLiteral("a.reply"));
        const QString bReply = path(QStringLiteral("b.reply"));
        EXPECT_EXIT(importBundle(aFile, aReply), 0);
        EXPECT_EXIT(importBundle(bFile, bReply), 0);
        expectReplyRefused(b, readAll(aReply), QStringLiteral("A's reply imported by B"));
        EXPECT_EXIT(importReply(b, bReply), 0);
        EXPECT_EXIT(importReply(a, aReply), 0);
        QCOMPARE(statusOf(a)[QStringLiteral("pending")].toInt(), 0);
        QCOMPARE(statusOf(b)[QStringLiteral("pending")].toInt(), 0);
    }

    void tamperedRepliesChangeNothing()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        m_server.reset();
        addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 51), kJinshui);
        const QString file = path(QStringLiteral("a.bundle"));
        const QString replyFile = path(QStringLiteral("a.reply"));
        EXPECT_EXIT(exportBundle(a, file), 0);
        EXPECT_EXIT(importBundle(file, replyFile), 0);
        const QByteArray reply = readAll(replyFile);
        const EnvelopeLayout layout = EnvelopeLayout::of(reply);
        for (const qsizetype at :
             {layout.header + 2, layout.header + 10, layout.signature + 1, layout.ciphertext,
              layout.ciphertext + (reply.size() - layout.ciphertext) / 2, reply.size() - 1})
            expectReplyRefused(a, flipped(reply, at), QStringLiteral("reply flip at %1").arg(at));
        for (const qsizetype length : {qsizetype(0), layout.ciphertext, reply.size() - 1})
            expectReplyRefused(a, reply.left(length), QStringLiteral("reply truncated to %1").arg(length));
        // A bundle is not a reply (another kind), whoever signed it.
        expectReplyRefused(a, readAll(file), QStringLiteral("the bundle itself as a reply"));
        EXPECT_EXIT(importReply(a, replyFile), 0);
        QCOMPARE(statusOf(a)[QStringLiteral("pending")].toInt(), 0);
    }

    void revokedDevicesBundleIsRefused()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString id = deviceOf(a);
        m_server.reset();
        addVolunteer(a, QStringLiteral("张三"), idNumber(kJinshui, 61), kJinshui);
        const QString file = path(QStringLiteral("a.bundle"));
        EXPECT_EXIT(exportBundle(a, file), 0);
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("revoke"), id}), 0);
        expectBundleRefused(readAll(file), QStringLiteral("revoked device"));
        QVERIFY(serverVolunteerIds().isEmpty());
        DbProbe probe(QDir(m_data).filePath(QStringLiteral("registry.db")));
        const QStringList audit = probe.dump(
            QStringLiteral("SELECT action, entity, detail FROM audit_log WHERE action = 'bundle-refused'"));
        QCOMPARE(audit.size(), 1);
        QVERIFY2(audit.first().contains(id) && audit.first().contains(QStringLiteral("吊销")),
                 qPrintable(audit.first()));
    }

    void replyFromALaterCopyLeavesNoGap()
    {
        // A reply whose pages start after this database's cursor (made for a later copy of the
        // same device) is refused before anything is applied.
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        const QString city = client(QStringLiteral("zhengzhou"), kZhengzhou, QStringLiteral("city"));
        addVolunteer(city, QStringLiteral("赵六"), idNumber(kJinshui, 71), kJinshui);
        EXPECT_EXIT(runKjzy(city, {QStringLiteral("sync")}), 0);
        m_server.reset();
        const QString old = dbPath(QStringLiteral("jinshui-old"));
        QVERIFY(QFile::copy(a, old));
        QVERIFY(QDir().mkpath(DeviceKeys::directoryFor(old)));
        for (const QString& key : QDir(DeviceKeys::directoryFor(a)).entryList(QDir::Files))
            QVERIFY(QFile::copy(QDir(DeviceKeys::directoryFor(a)).filePath(key),
                                QDir(DeviceKeys::directoryFor(old)).filePath(key)));
        for (const QString& round : {QStringLiteral("1"), QStringLiteral("2")}) {
            EXPECT_EXIT(exportBundle(a, path(round + QStringLiteral(".bundle"))), 0);
            EXPECT_EXIT(
                importBundle(path(round + QStringLiteral(".bundle")), path(round + QStringLiteral(".reply"))),
                0);
            EXPECT_EXIT(importReply(a, path(round + QStringLiteral(".reply"))), 0);
        }
        const QStringList before = clientState(old);
        const CliRun gap = importReply(old, path(QStringLiteral("2.reply")));
        EXPECT_EXIT(gap, 1);
        QVERIFY2(gap.err.contains(QStringLiteral("缺少数据")), qPrintable(gap.err));
        QCOMPARE(clientState(old), before);
        EXPECT_EXIT(importReply(old, path(QStringLiteral("1.reply"))), 0);
        EXPECT_EXIT(importReply(old, path(QStringLiteral("2.reply"))), 0);
        QCOMPARE(clientVolunteers(old), clientVolunteers(a));
    }

    void usageAndUnreadableFiles()
    {
        const QString a = client(QStringLiteral("jinshui"), kJinshui, QStringLiteral("county"));
        m_server.reset();
        const QString missing = path(QStringLiteral("missing.bundle"));
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("import-bundle"), missing}), 2);
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("import-bundle"), QStringLiteral("--reply"), missing}),
                    2);
        EXPECT_EXIT(importBundle(missing, path(QStringLiteral("r"))), 1);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("bundle")}), 2);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("bundle"), QStringLiteral("send")}), 2);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("bundle"), QStringLiteral("export")}), 2);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("bundle"), QStringLiteral("import")}), 2);
        EXPECT_EXIT(importReply(a, missing), 1);
        EXPECT_EXIT(exportBundle(a, path(QStringLiteral("no-such-dir/a.bundle"))), 1);
        const CliRun help = runServer(m_data, {QStringLiteral("--help")});
        QVERIFY(help.out.contains(QStringLiteral("import-bundle")));
        QVERIFY(runKjzy(a, {QStringLiteral("--help")}).out.contains(QStringLiteral("bundle export")));
        // A device never enrolled has no pinned server to seal to.
        const QString lone = dbPath(QStringLiteral("lone"));
        EXPECT_EXIT(runKjzy(lone, {QStringLiteral("init"), QStringLiteral("--region"), kJinshui}), 0);
        EXPECT_EXIT(exportBundle(lone, path(QStringLiteral("lone.bundle"))), 4);
    }
};

QTEST_GUILESS_MAIN(TestBundles)
#include "TestBundles.moc"
