// Issue #5, adversarial suite item 3: a real sealed change set (built and sealed the way the
// client's outbox does, ServerFixture) tampered with in every way an attacker or a broken link
// can: every single-byte bit flip and byte inversion, every truncation, a replay, the same
// sequence under another change-set id, a change set re-signed by another enrolled device, a
// revoked device. Each is refused before any write: the registry's fingerprint stays the same
// except for exactly one new audit_log row naming the refusal. Each kind of case also goes through
// the chunked upload route. Seeded (KJZY_TEST_SEED to repeat a run); a failure prints its seed.
#include "ServerFixture.h"

#include "service/UploadService.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

using namespace kjzy;
using namespace kjzy::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kVolunteers = 20; // a sealed change set of 1–3 KB

// Everything a push could write, counted: equal fingerprints mean nothing was written. Reads
// through one long-lived connection so that thousands of comparisons stay cheap.
QString fingerprint(const DbProbe& probe)
{
    static const QString sql = u"SELECT (SELECT count(*) FROM records) || ' ' || "
                               "(SELECT coalesce(max(seq), 0) FROM records) || ' ' || "
                               "(SELECT coalesce(sum(length(data)), 0) FROM records) || ' ' || "
                               "(SELECT count(*) FROM change_sets) || ' ' || "
                               "(SELECT count(*) FROM conflicts) || ' ' || "
                               "(SELECT count(*) FROM clock_clamps) || ' ' || "
                               "(SELECT count(*) FROM aliases) || ' ' || "
                               "(SELECT count(*) FROM departures) || ' ' || "
                               "(SELECT group_concat(id || ':' || last_sequence) FROM devices) || ' ' || "
                               "(SELECT count(*) FROM uploads) || ' ' || "
                               "(SELECT count(*) FROM upload_chunks)"_s;
    return probe.scalar(sql).toString();
}

int auditCount(const DbProbe& probe)
{
    return probe.scalar(u"SELECT count(*) FROM audit_log"_s).toInt();
}

// The newest audit row: actor, action, detail.
QVariantList lastAudit(const DbProbe& probe)
{
    return probe.rows(u"SELECT actor, action, detail FROM audit_log ORDER BY id DESC LIMIT 1"_s).value(0);
}

} // namespace

class TestTamperedPushes : public QObject
{
    Q_OBJECT

    quint32 m_seed = 0;
    QRandomGenerator m_random;
    QByteArray m_oldTmp;
    std::unique_ptr<ServerFixture> m_fixture;
    std::unique_ptr<UploadService> m_uploads;
    std::unique_ptr<DbProbe> m_probe;
    TestDevice* m_county = nullptr;
    TestDevice* m_other = nullptr;
    TestDevice* m_revoked = nullptr;
    QByteArray m_victim; // a sealed change set of m_county, not yet ingested
    ChangeSet m_victimSet;

    ServerFixture& f() { return *m_fixture; }

    // `bytes` pushed whole must be refused: the error, the fingerprint unchanged and exactly one new
    // audit row (push_refused, the claimed sender or "unknown", the code and reason). Returns the
    // refusal, or an empty error code name in `why` when something was wrong.
    bool refusedWhole(const QByteArray& bytes, QString& why, Error* refusal = nullptr)
    {
        const QString before = fingerprint(*m_probe);
        const int audits = auditCount(*m_probe);
        auto result = f().ingest->ingest(bytes);
        if (result) {
            why = u"accepted"_s;
            return false;
        }
        if (refusal)
            *refusal = result.error();
        return checkRefusal(before, audits, RefusalAudit::kPushRefused,
                            PushAuthenticator::claimedSender(bytes), result.error(), why);
    }

    bool checkRefusal(const QString& before, int audits, const QString& action, const QString& claimed,
                      const Error& error, QString& why)
    {
        if (!RefusalAudit::isRefusal(error)) {
            why = u"server failure instead of a refusal: "_s + error.message;
            return false;
        }
        if (const QString after = fingerprint(*m_probe); after != before) {
            why = u"registry changed: %1 -> %2"_s.arg(before, after);
            return false;
        }
        if (const int now = auditCount(*m_probe); now != audits + 1) {
            why = u"%1 audit rows written, expected 1"_s.arg(now - audits);
            return false;
        }
        const QVariantList row = lastAudit(*m_probe);
        const QString actor = claimed.isEmpty() ? u"unknown"_s : claimed.left(64);
        const QString detail = errorCodeName(error.code) + u": "_s + error.message;
        if (row.value(0).toString() != actor || row.value(1).toString() != action ||
            row.value(2).toString() != detail) {
            why = u"audit row %1 | %2 | %3, expected %4 | %5 | %6"_s.arg(
                row.value(0).toString(), row.value(1).toString(), row.value(2).toString(), actor, action,
                detail);
            return false;
        }
        return true;
    }

    // `bytes` sent through the chunked route (chunks of `chunkBytes`, headers as an attacker would
    // set them from the bytes) must be refused with exactly one audit row and nothing left stored.
    bool refusedChunked(const QByteArray& bytes, qsizetype chunkBytes, QString& why, Error* refusal = nullptr)
    {
        const QString before = fingerprint(*m_probe);
        const int audits = auditCount(*m_probe);
        QString device = PushAuthenticator::claimedSender(bytes);
        QString changeSet = m_victimSet.id;
        if (auto envelope = SealedEnvelope::fromBytes(bytes, 64 << 20); envelope) {
            if (auto header = EnvelopeHeader::fromBytes(envelope->header); header)
                changeSet = header->changeSetId;
        }
        if (device.isEmpty())
            device = m_county->id;
        for (qsizetype offset = 0; offset < bytes.size(); offset += chunkBytes) {
            auto progress =
                m_uploads->chunk(device, changeSet, offset, bytes.size(), bytes.mid(offset, chunkBytes));
            if (progress && progress->ingested) {
                why = u"accepted through the chunks"_s;
                return false;
            }
            if (progress && progress->held != offset + qMin(chunkBytes, bytes.size() - offset)) {
                why = u"chunk at %1 answered held %2"_s.arg(offset).arg(progress->held);
                return false;
            }
            if (!progress) {
                if (refusal)
                    *refusal = progress.error();
                // A refusal of the first chunk is the chunk's; of the completed upload, the ingest's.
                const bool completing = offset + chunkBytes >= bytes.size() && offset > 0;
                return checkRefusal(
                    before, audits, completing ? RefusalAudit::kPushRefused : RefusalAudit::kChunkRefused,
                    completing ? PushAuthenticator::claimedSender(bytes) : device, progress.error(), why);
            }
        }
        why = u"never refused nor completed"_s;
        return false;
    }

    QString seedText() const { return u"seed %1 (KJZY_TEST_SEED=%1 repeats it)"_s.arg(m_seed); }

    static void resign(SealedEnvelope& envelope, const SigningKeyPair& signer,
                       const std::function<void(EnvelopeHeader&)>& edit)
    {
        EnvelopeHeader header = must(EnvelopeHeader::fromBytes(envelope.header), "parse a header");
        edit(header);
        envelope.header = header.toBytes();
        envelope.signature = must(signer.sign(envelope.header), "sign a header");
    }

    QByteArray victimLike(TestDevice& device, int serial, ChangeSet* out = nullptr)
    {
        QList<Change> changes;
        for (int i = 0; i < kVolunteers; ++i)
            changes << f().newVolunteer(device, u"志愿者"_s + QChar(u'甲' + serial + i), device.scope,
                                        serial + i);
        const ChangeSet changeSet = ServerFixture::changeSet(device, changes);
        if (out)
            *out = changeSet;
        return f().sealed(device, changeSet);
    }

private slots:
    void initTestCase()
    {
        bool fromEnvironment = false;
        m_seed = qEnvironmentVariable("KJZY_TEST_SEED").toUInt(&fromEnvironment);
        if (!fromEnvironment)
            m_seed = QRandomGenerator::global()->generate();
        m_random.seed(m_seed);
        qInfo().noquote() << seedText();
        // One log line per refusal would be most of the run's time and output.
        QLoggingCategory::setFilterRules(u"kjzy.server.*.info=false"_s);
        QVERIFY(Sodium::initialize().has_value());
        // Thousands of refusals each commit one audit row: on a RAM disk when there is one, so the
        // loops measure the checks and not fsync. Still a real SQLite file.
        m_oldTmp = qgetenv("TMPDIR");
        if (QFileInfo(u"/dev/shm"_s).isWritable())
            qputenv("TMPDIR", "/dev/shm");
        m_fixture = std::make_unique<ServerFixture>();
        m_uploads = std::make_unique<UploadService>(*f().ingest);
        m_county = &f().enroll(u"410105"_s, u"county"_s);
        m_other = &f().enroll(u"410105"_s, u"county"_s);
        m_revoked = &f().enroll(u"410105"_s, u"county"_s);
        // History first: accepted change sets of both devices, so replays have something to hit.
        VERIFY_OK(f().push(*m_county, {f().newVolunteer(*m_county, u"张伟"_s, u"410105"_s, 11)}));
        VERIFY_OK(f().push(*m_other, {f().newVolunteer(*m_other, u"王芳"_s, u"410105"_s, 12)}));
        VERIFY_OK(f().push(*m_revoked, {f().newVolunteer(*m_revoked, u"李娜"_s, u"410105"_s, 13)}));
        VERIFY_OK(f().enrollment->revoke(m_revoked->id, f().now()));
        m_victim = victimLike(*m_county, 100, &m_victimSet);
        QVERIFY2(m_victim.size() >= 1024 && m_victim.size() <= 3072,
                 qPrintable(QString::number(m_victim.size())));
        qInfo().noquote() << "sealed change set of" << m_victim.size() << "bytes, registry"
                          << f().registryPath();
        m_probe = std::make_unique<DbProbe>(f().registryPath());
        QVERIFY(m_probe->isOpen());
        QCOMPARE(auditCount(*m_probe), 0);
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            qWarning().noquote() << "failed with" << seedText();
    }

    void cleanupTestCase()
    {
        m_probe.reset();
        m_uploads.reset();
        m_fixture.reset();
        if (m_oldTmp.isNull())
            qunsetenv("TMPDIR");
        else
            qputenv("TMPDIR", m_oldTmp);
    }

    void everyBitFlipIsRefused()
    {
        for (qsizetype at = 0; at < m_victim.size(); ++at) {
            const int bit = int(m_random.bounded(8));
            QByteArray bytes = m_victim;
            bytes[at] = char(bytes.at(at) ^ (1 << bit));
            QString why;
            QVERIFY2(refusedWhole(bytes, why),
                     qPrintable(u"bit %1 of byte %2: %3; %4"_s.arg(bit).arg(at).arg(why, seedText())));
        }
    }

    void everyByteInversionIsRefused()
    {
        for (qsizetype at = 0; at < m_victim.size(); ++at) {
            QByteArray bytes = m_victim;
            bytes[at] = char(bytes.at(at) ^ 0xFF);
            QString why;
            QVERIFY2(refusedWhole(bytes, why), qPrintable(u"byte %1 inverted: %2"_s.arg(at).arg(why)));
        }
    }

    void everyTruncationIsRefused()
    {
        for (qsizetype length = 0; length < m_victim.size(); ++length) {
            QString why;
            QVERIFY2(refusedWhole(m_victim.first(length), why),
                     qPrintable(u"cut to %1 bytes: %2"_s.arg(length).arg(why)));
        }
        // Bytes appended are refused as well.
        QString why;
        QVERIFY2(refusedWhole(m_victim + QByteArray(1, '\0'), why), qPrintable(why));
    }

    // A sample of the flips and truncations through the chunked route: refused at the first chunk
    // (header, signature, framing) or when the completed upload is ingested (ciphertext).
    void tamperedUploadsAreRefused()
    {
        QList<qsizetype> offsets{
            0, 3, 4, 10, 200, 300, 380, 400, 420, m_victim.size() / 2, m_victim.size() - 1};
        for (int i = 0; i < 20; ++i)
            offsets << qsizetype(m_random.bounded(quint32(m_victim.size())));
        for (qsizetype at : offsets) {
            for (int mask : {1 << m_random.bounded(8), 0xFF}) {
                QByteArray bytes = m_victim;
                bytes[at] = char(bytes.at(at) ^ mask);
                QString why;
                QVERIFY2(
                    refusedChunked(bytes, 512, why),
                    qPrintable(u"byte %1 ^ %2 in chunks: %3; %4"_s.arg(at).arg(mask).arg(why, seedText())));
            }
        }
        for (qsizetype length : {qsizetype(1), qsizetype(100), qsizetype(513), m_victim.size() - 1}) {
            QString why;
            QVERIFY2(refusedChunked(m_victim.first(length), 512, why),
                     qPrintable(u"cut to %1 bytes in chunks: %2"_s.arg(length).arg(why)));
        }
    }

    void replayIsAnsweredWithTheStoredReplyAndAppliesNothing()
    {
        const QStringList empty = f().snapshot();
        auto accepted = f().ingest->ingest(m_victim);
        VERIFY_OK(accepted);
        QCOMPARE(accepted->reply.accepted, kVolunteers);
        QVERIFY(f().snapshot() != empty);
        const QStringList after = f().snapshot();
        const QString print = fingerprint(*m_probe);
        const int audits = auditCount(*m_probe);
        PushReply stored = accepted->reply;
        stored.duplicate = true;
        for (int attempt = 0; attempt < 3; ++attempt) {
            auto again = f().ingest->ingest(m_victim);
            VERIFY_OK(again);
            QCOMPARE(again->reply, stored);
        }
        // The same bytes through the chunks: the stored reply at the first chunk, nothing kept.
        auto chunked =
            m_uploads->chunk(m_county->id, m_victimSet.id, 0, m_victim.size(), m_victim.first(512));
        VERIFY_OK(chunked);
        QVERIFY(chunked->ingested.has_value());
        QCOMPARE(chunked->ingested->reply, stored);
        QCOMPARE(f().snapshot(), after);
        QCOMPARE(fingerprint(*m_probe), print);
        QCOMPARE(auditCount(*m_probe), audits); // an answered replay is no refusal
    }

    void sameSequenceUnderAnotherIdIsRefused()
    {
        ChangeSet replayed = m_victimSet;
        replayed.id = RecordId::generate();
        const QByteArray bytes = f().sealed(*m_county, replayed);
        QString why;
        Error refusal;
        QVERIFY2(refusedWhole(bytes, why, &refusal), qPrintable(why));
        QCOMPARE(refusal.code, ErrorCode::Conflict);
        QVERIFY2(refusal.message.contains(u"重放"_s), qPrintable(refusal.message));
        QVERIFY2(refusedChunked(bytes, 512, why, &refusal), qPrintable(why));
        QVERIFY2(refusal.message.contains(u"重放"_s), qPrintable(refusal.message));
    }

    void changeSetResignedByAnotherDeviceIsRefused()
    {
        // A change set of the county not yet seen, and the other device's key over it.
        ChangeSet original;
        const QByteArray fresh = victimLike(*m_county, 200, &original);
        const SealedEnvelope envelope = must(SealedEnvelope::fromBytes(fresh, 64 << 20), "frame");

        // The other device claims the change set as its own: signature and device check pass,
        // the inner ids do not.
        SealedEnvelope claimed = envelope;
        resign(claimed, m_other->signing, [&](EnvelopeHeader& h) { h.senderDeviceId = m_other->id; });
        // The other device signs under the county's name with its own key.
        SealedEnvelope impersonated = envelope;
        resign(impersonated, m_other->signing, [](EnvelopeHeader&) {});
        for (const auto& [bytes, code, reason] :
             {std::tuple{claimed.toBytes(), ErrorCode::Crypto, u"内外编号不一致"_s},
              std::tuple{impersonated.toBytes(), ErrorCode::Crypto, u"签名无效"_s}}) {
            for (bool chunked : {false, true}) {
                QString why;
                Error refusal;
                QVERIFY2(chunked ? refusedChunked(bytes, 512, why, &refusal)
                                 : refusedWhole(bytes, why, &refusal),
                         qPrintable(why));
                QCOMPARE(refusal.code, code);
                QVERIFY2(refusal.message.contains(reason), qPrintable(refusal.message));
            }
        }
        // The genuine one still goes through afterwards: nothing above consumed its sequence.
        auto genuine = f().ingest->ingest(fresh);
        VERIFY_OK(genuine);
        QCOMPARE(genuine->reply.accepted, kVolunteers);
    }

    void revokedDeviceIsRefused()
    {
        const QByteArray bytes = victimLike(*m_revoked, 300);
        for (bool chunked : {false, true}) {
            QString why;
            Error refusal;
            QVERIFY2(chunked ? refusedChunked(bytes, 512, why, &refusal) : refusedWhole(bytes, why, &refusal),
                     qPrintable(why));
            QCOMPARE(refusal.code, ErrorCode::Auth);
            QVERIFY2(refusal.message.contains(u"吊销"_s), qPrintable(refusal.message));
        }
    }
};

QTEST_GUILESS_MAIN(TestTamperedPushes)
#include "TestTamperedPushes.moc"
