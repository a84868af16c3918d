#include "clock/RecordId.h"
#include "crypto/BoxKeyPair.h"
#include "crypto/SigningKeyPair.h"
#include "crypto/Sodium.h"
#include "service/EnrollmentService.h"
#include "store/SqliteRegistryStore.h"
#include "support/DbProbe.h"

#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

using namespace kjzy;
using namespace Qt::StringLiterals;

// Evaluates `result` once (it is often a write), and only touches error() when there is one.
#define VERIFY_OK(result)                                                                                    \
    do {                                                                                                     \
        const auto& ok_ = (result);                                                                          \
        QVERIFY2(ok_.has_value(), ok_.has_value() ? "" : qPrintable(ok_.error().message));                   \
    } while (false)
// Asserts the error code and, when given, the exact message.
#define VERIFY_ERROR(result, expected, text)                                                                 \
    do {                                                                                                     \
        const auto& r_ = (result);                                                                           \
        QVERIFY2(!r_.has_value(), "expected a failure");                                                     \
        QVERIFY2(r_.error().code == (expected),                                                              \
                 qPrintable(errorCodeName(r_.error().code) + u": "_s + r_.error().message));                 \
        if (!QString(text).isEmpty())                                                                        \
            QCOMPARE(r_.error().message, QString(text));                                                     \
    } while (false)

namespace {

const QString kInvalid = u"注册码无效"_s;
const QString kUsed = u"注册码已使用"_s;
const QString kExpired = u"注册码已过期"_s;
const QString kLocked = u"注册码因多次输入错误已锁定"_s;
const QString kAlphabet = u"0123456789ABCDEFGHJKMNPQRSTVWXYZ"_s;
constexpr qint64 kHourMs = 3600 * 1000;

// The same code with one verifier character replaced by another character of the alphabet.
QString withWrongVerifier(const QString& code)
{
    QString wrong = code;
    const qsizetype last = wrong.size() - 1;
    wrong[last] = kAlphabet[(kAlphabet.indexOf(wrong[last]) + 1) % kAlphabet.size()];
    return wrong;
}

} // namespace

class TestEnrollmentService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    ManualClock m_clock{1'767'600'000'000}; // 2026-01-05T08:00:00Z
    SecretBuffer m_key;
    QString m_path;
    std::unique_ptr<SqliteRegistryStore> m_store;
    std::unique_ptr<EnrollmentService> m_service;
    QByteArray m_signKey;
    QByteArray m_boxKey;

    QString now() const { return EnrollmentService::timestamp(m_clock.nowMs()); }

    IssuedCode issue(const QString& scope = u"410105"_s, const QString& role = u"county"_s, int hours = 72)
    {
        auto issued = m_service->issue(scope, role, hours);
        if (!issued)
            qFatal("cannot issue a code: %s", qPrintable(issued.error().message));
        return *issued;
    }

    int failedAttempts(const QString& selector) { return m_store->code(selector)->value().failedAttempts; }

private slots:
    void initTestCase()
    {
        QVERIFY(Sodium::initialize().has_value());
        QVERIFY(m_dir.isValid());
        m_key = SecretBuffer::random(EnrollmentService::kKeyBytes).value();
        m_signKey = SigningKeyPair::generate().value().publicKey();
        m_boxKey = BoxKeyPair::generate().value().publicKey();
    }

    void init()
    {
        m_clock.set(1'767'600'000'000);
        m_service.reset();
        m_path = m_dir.filePath(u"server%1.sqlite"_s.arg(++m_counter));
        auto store = SqliteRegistryStore::open(m_path, m_clock);
        QVERIFY(store.has_value());
        m_store = std::move(*store);
        m_service = std::make_unique<EnrollmentService>(*m_store, m_key, m_clock);
    }

    void codesAreGroupedCrockfordWithAnEightyBitVerifier()
    {
        static_assert(EnrollmentService::kSelectorChars * EnrollmentService::kBitsPerChar == 20);
        static_assert(EnrollmentService::kVerifierChars * EnrollmentService::kBitsPerChar >= 60);
        const QRegularExpression format(u"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$"_s);
        QSet<QString> codes;
        QSet<QChar> seen;
        for (int i = 0; i < 200; ++i) {
            const IssuedCode issued = issue();
            QVERIFY2(format.match(issued.code).hasMatch(), qPrintable(issued.code));
            QCOMPARE(issued.selector, issued.code.left(4));
            codes.insert(issued.code);
            for (QChar c : issued.code.mid(5))
                seen.insert(c);
        }
        QCOMPARE(codes.size(), 200);
        // 200 × 16 verifier characters: every one of the 32 symbols shows up (a biased or stuck
        // encoder would miss some; chance of a miss when unbiased ≈ 32 × (31/32)^3200 ≈ 10^-42).
        QCOMPARE(seen.size(), 32 + 1); // + the dash
    }

    void issueStoresOnlyAKeyedHash()
    {
        const IssuedCode issued = issue(u"410100"_s, u"city"_s);
        QCOMPARE(issued.scope, u"410100"_s);
        QCOMPARE(issued.role, u"city"_s);
        QCOMPARE(issued.createdAt, u"2026-01-05T08:00:00.000Z"_s);
        QCOMPARE(issued.expiresAt, u"2026-01-08T08:00:00.000Z"_s); // 72 hours by default
        const EnrollmentCodeRecord row = m_store->code(issued.selector)->value();
        QCOMPARE(row.failedAttempts, 0);
        QVERIFY(!row.usedAt);

        // BLAKE2b-256 keyed with the server secret over domain ‖ NUL ‖ selector ‖ verifier.
        const QByteArray verifier = issued.code.mid(5).remove(u'-').toLatin1();
        const QByteArray message =
            QByteArray("kjzy/v1/enrollment-code", 24) + issued.selector.toLatin1() + verifier;
        QByteArray expected(32, Qt::Uninitialized);
        crypto_generichash(reinterpret_cast<unsigned char*>(expected.data()), 32,
                           reinterpret_cast<const unsigned char*>(message.constData()),
                           quint64(message.size()), m_key.data(), size_t(m_key.size()));
        QCOMPARE(row.verifierHash, expected);

        test::DbProbe probe(m_path);
        const QString everything = probe.dump(u"SELECT * FROM enrollment_codes"_s).join(u'\n');
        QVERIFY(!everything.contains(QString::fromLatin1(verifier)));
    }

    void issueValidatesRoleScopeAndLevel_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("role");
        QTest::addColumn<int>("hours");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<ErrorCode>("code");
        const auto ok = [](const char* name, const QString& scope, const QString& role, int hours = 72) {
            QTest::newRow(name) << scope << role << hours << true << ErrorCode::Internal;
        };
        const auto refused = [](const char* name, const QString& scope, const QString& role, ErrorCode code,
                                int hours = 72) {
            QTest::newRow(name) << scope << role << hours << false << code;
        };
        ok("county", u"410105"_s, u"county"_s);
        ok("functional zone as county", u"410173"_s, u"county"_s);
        ok("jiyuan as county", u"419001"_s, u"county"_s);
        ok("jiyuan as city", u"419001"_s, u"city"_s);
        ok("city", u"410100"_s, u"city"_s);
        ok("province", u"410000"_s, u"province"_s);
        ok("one hour", u"410105"_s, u"county"_s, 1);
        ok("thirty days", u"410105"_s, u"county"_s, 720);
        refused("city code for a county", u"410100"_s, u"county"_s, ErrorCode::InvalidInput);
        refused("province code for a county", u"410000"_s, u"county"_s, ErrorCode::InvalidInput);
        refused("county code for a city", u"410105"_s, u"city"_s, ErrorCode::InvalidInput);
        refused("zone code for a city", u"410173"_s, u"city"_s, ErrorCode::InvalidInput);
        refused("province code for a city", u"410000"_s, u"city"_s, ErrorCode::InvalidInput);
        refused("city code for the province", u"410100"_s, u"province"_s, ErrorCode::InvalidInput);
        refused("not a region", u"419999"_s, u"county"_s, ErrorCode::InvalidInput);
        refused("outside Henan", u"110101"_s, u"county"_s, ErrorCode::InvalidInput);
        refused("empty scope", QString(), u"county"_s, ErrorCode::InvalidInput);
        refused("unknown role", u"410105"_s, u"admin"_s, ErrorCode::Usage);
        refused("role is case-sensitive", u"410105"_s, u"County"_s, ErrorCode::Usage);
        refused("empty role", u"410105"_s, QString(), ErrorCode::Usage);
        refused("zero hours", u"410105"_s, u"county"_s, ErrorCode::Usage, 0);
        refused("negative hours", u"410105"_s, u"county"_s, ErrorCode::Usage, -1);
        refused("over thirty days", u"410105"_s, u"county"_s, ErrorCode::Usage, 721);
    }

    void issueValidatesRoleScopeAndLevel()
    {
        QFETCH(QString, scope);
        QFETCH(QString, role);
        QFETCH(int, hours);
        QFETCH(bool, accepted);
        QFETCH(ErrorCode, code);
        auto issued = m_service->issue(scope, role, hours);
        if (accepted) {
            VERIFY_OK(issued);
            QCOMPARE(issued->expiresAt, EnrollmentService::timestamp(m_clock.nowMs() + hours * kHourMs));
            QCOMPARE(m_service->redeem(issued->code, now()).value().scope, scope);
        } else {
            VERIFY_ERROR(issued, code, QString());
            test::DbProbe probe(m_path);
            QCOMPARE(probe.count(u"SELECT count(*) FROM enrollment_codes"_s), 0);
        }
    }

    void redeemIgnoresCaseSeparatorsAndLookAlikes_data()
    {
        QTest::addColumn<int>("variant");
        QTest::newRow("as issued") << 0;
        QTest::newRow("lower case") << 1;
        QTest::newRow("no dashes") << 2;
        QTest::newRow("spaces and padding") << 3;
        QTest::newRow("full-width, as a Chinese input method types it") << 4;
        QTest::newRow("O for 0, I and l for 1") << 5;
    }

    void redeemIgnoresCaseSeparatorsAndLookAlikes()
    {
        QFETCH(int, variant);
        // A code holding both 0 and 1 so that every look-alike is exercised.
        IssuedCode issued = issue();
        for (int i = 0; i < 500 && !(issued.code.contains(u'0') && issued.code.contains(u'1')); ++i)
            issued = issue();
        QVERIFY(issued.code.contains(u'0') && issued.code.contains(u'1'));
        QString typed = issued.code;
        switch (variant) {
        case 1:
            typed = typed.toLower();
            break;
        case 2:
            typed.remove(u'-');
            break;
        case 3:
            typed = u"  "_s + typed.replace(u'-', u' ') + u"\t"_s;
            break;
        case 4:
            for (QChar& c : typed)
                c = c == u'-' ? QChar(0xFF0D) : QChar(c.unicode() - 0x21 + 0xFF01);
            break;
        case 5:
            typed.replace(u'0', u'O').replace(u'1', u'I');
            typed[typed.lastIndexOf(u'I')] = u'l';
            break;
        default:
            break;
        }
        auto redeemed = m_service->redeem(typed, now());
        VERIFY_OK(redeemed);
        QCOMPARE(redeemed->selector, issued.selector);
        QCOMPARE(redeemed->scope, u"410105"_s);
        QCOMPARE(redeemed->role, u"county"_s);
        // Checking does not use the code up.
        VERIFY_OK(m_service->redeem(issued.code, now()));
        QCOMPARE(failedAttempts(issued.selector), 0);
    }

    void malformedCodesAreInvalidInput_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("empty") << QString();
        QTest::newRow("selector only") << u"K7Q2"_s;
        QTest::newRow("one character short") << u"K7Q2-XF3M-9RTA-C8WD-HJ5"_s;
        QTest::newRow("one character long") << u"K7Q2-XF3M-9RTA-C8WD-HJ5NN"_s;
        QTest::newRow("U is not Crockford") << u"K7Q2-XF3M-9RTA-C8WD-HJ5U"_s;
        QTest::newRow("punctuation") << u"K7Q2-XF3M-9RTA-C8WD-HJ5*"_s;
        QTest::newRow("huge") << QString(10000, u'A');
    }

    void malformedCodesAreInvalidInput()
    {
        QFETCH(QString, code);
        VERIFY_ERROR(m_service->redeem(code, now()), ErrorCode::InvalidInput, QString());
    }

    void unknownSelectorIsInvalid()
    {
        const IssuedCode issued = issue();
        QString other = issued.code;
        other[0] = kAlphabet[(kAlphabet.indexOf(other[0]) + 1) % kAlphabet.size()];
        VERIFY_ERROR(m_service->redeem(other, now()), ErrorCode::Auth, kInvalid);
        QCOMPARE(failedAttempts(issued.selector), 0);
    }

    void wrongVerifierIsCountedAndPersisted()
    {
        const IssuedCode issued = issue();
        VERIFY_ERROR(m_service->redeem(withWrongVerifier(issued.code), now()), ErrorCode::Auth, kInvalid);
        VERIFY_ERROR(m_service->enroll(withWrongVerifier(issued.code), QString(), m_signKey, m_boxKey,
                                       u"笔记本"_s, now()),
                     ErrorCode::Auth, kInvalid);
        QVERIFY(m_service->devices()->isEmpty());
        // Committed despite the refusals: a fresh connection sees both tries.
        m_service.reset();
        m_store.reset();
        m_store = std::move(SqliteRegistryStore::open(m_path, m_clock).value());
        m_service = std::make_unique<EnrollmentService>(*m_store, m_key, m_clock);
        QCOMPARE(failedAttempts(issued.selector), 2);
        VERIFY_OK(m_service->redeem(issued.code, now()));
    }

    void fiveWrongTriesLockTheCode()
    {
        const IssuedCode issued = issue();
        for (int i = 0; i < EnrollmentService::kMaxFailedAttempts; ++i)
            VERIFY_ERROR(m_service->redeem(withWrongVerifier(issued.code), now()), ErrorCode::Auth, kInvalid);
        QCOMPARE(failedAttempts(issued.selector), 5);
        VERIFY_ERROR(m_service->redeem(issued.code, now()), ErrorCode::Auth, kLocked);
        VERIFY_ERROR(m_service->enroll(issued.code, QString(), m_signKey, m_boxKey, QString(), now()),
                     ErrorCode::Auth, kLocked);
        VERIFY_ERROR(m_service->redeem(withWrongVerifier(issued.code), now()), ErrorCode::Auth, kLocked);
        QCOMPARE(failedAttempts(issued.selector), 5); // a locked code counts no further
        QVERIFY(m_service->devices()->isEmpty());
    }

    void codesExpire()
    {
        const IssuedCode issued = issue(u"410105"_s, u"county"_s, 1);
        m_clock.advance(kHourMs - 1);
        VERIFY_OK(m_service->redeem(issued.code)); // the injected clock
        m_clock.advance(1);
        VERIFY_ERROR(m_service->redeem(issued.code), ErrorCode::Auth, kExpired);
        VERIFY_ERROR(m_service->enroll(issued.code, QString(), m_signKey, m_boxKey, QString()),
                     ErrorCode::Auth, kExpired);
        // An explicit time with an offset means the same instant.
        VERIFY_ERROR(m_service->redeem(issued.code, u"2026-01-05T17:00:00.000+08:00"_s), ErrorCode::Auth,
                     kExpired);
        VERIFY_OK(m_service->redeem(issued.code, u"2026-01-05T16:59:59.999+08:00"_s));
    }

    void timesWithoutAZoneAreRefused_data()
    {
        QTest::addColumn<QString>("now");
        QTest::newRow("local time") << u"2026-01-05T08:00:00.000"_s;
        QTest::newRow("not a time") << u"yesterday"_s;
        QTest::newRow("empty") << QString();
    }

    void timesWithoutAZoneAreRefused()
    {
        QFETCH(QString, now);
        const IssuedCode issued = issue();
        VERIFY_ERROR(m_service->redeem(issued.code, now), ErrorCode::Usage, QString());
        VERIFY_ERROR(m_service->enroll(issued.code, QString(), m_signKey, m_boxKey, QString(), now),
                     ErrorCode::Usage, QString());
    }

    void enrollPinsTheKeysAndUsesTheCodeUp()
    {
        const IssuedCode issued = issue(u"410100"_s, u"city"_s);
        const QString clientId = RecordId::generate(); // made at `kjzy init`, carried by its stamps
        auto device = m_service->enroll(issued.code.toLower(), clientId, m_signKey, m_boxKey,
                                        u"  郑州市科协 台式机 "_s, now());
        VERIFY_OK(device);
        QCOMPARE(device->id, clientId);
        QCOMPARE(device->scope, u"410100"_s);
        QCOMPARE(device->role, u"city"_s);
        QCOMPARE(device->label, u"郑州市科协 台式机"_s);
        QCOMPARE(device->enrolledAt, now());

        auto listed = m_service->devices();
        VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().id, device->id);
        QCOMPARE(listed->first().signKey, m_signKey);
        QCOMPARE(listed->first().boxKey, m_boxKey);
        QCOMPARE(listed->first().keyEpoch, 1u);
        QCOMPARE(listed->first().lastSequence, 0u);

        const EnrollmentCodeRecord row = m_store->code(issued.selector)->value();
        QCOMPARE(row.usedBy, device->id);
        QCOMPARE(row.usedAt.value_or(QString()), now());

        VERIFY_ERROR(m_service->enroll(issued.code, QString(), m_signKey, m_boxKey, QString(), now()),
                     ErrorCode::Auth, kUsed);
        VERIFY_ERROR(m_service->redeem(issued.code, now()), ErrorCode::Auth, kUsed);
        QCOMPARE(m_service->devices()->size(), 1);
    }

    void enrollGeneratesAnIdOrRefusesABadOrTakenOne()
    {
        const IssuedCode first = issue();
        auto generated = m_service->enroll(first.code, QString(), m_signKey, m_boxKey, QString(), now());
        VERIFY_OK(generated);
        QVERIFY(RecordId::isValid(generated->id));

        // A taken id rolls the whole enrollment back: the second code stays usable.
        const IssuedCode second = issue();
        VERIFY_ERROR(m_service->enroll(second.code, generated->id, m_signKey, m_boxKey, QString(), now()),
                     ErrorCode::Conflict, QString());
        VERIFY_ERROR(m_service->enroll(second.code, u"not-a-uuid"_s, m_signKey, m_boxKey, QString(), now()),
                     ErrorCode::InvalidInput, QString());
        const EnrollmentCodeRecord row = m_store->code(second.selector)->value();
        QVERIFY(!row.usedAt);
        QCOMPARE(row.failedAttempts, 0);
        QCOMPARE(m_service->devices()->size(), 1);
        VERIFY_OK(
            m_service->enroll(second.code, RecordId::generate(), m_signKey, m_boxKey, QString(), now()));
    }

    void enrollRefusesBadKeysAndLabelsWithoutTouchingTheCode_data()
    {
        QTest::addColumn<QByteArray>("signKey");
        QTest::addColumn<QByteArray>("boxKey");
        QTest::addColumn<QString>("label");
        const QByteArray sign = SigningKeyPair::generate().value().publicKey();
        const QByteArray box = BoxKeyPair::generate().value().publicKey();
        QTest::newRow("short signing key") << sign.left(31) << box << QString();
        QTest::newRow("long box key") << sign << box + 'x' << QString();
        QTest::newRow("no keys") << QByteArray() << QByteArray() << QString();
        QTest::newRow("small-order signing key") << QByteArray(32, '\0') << box << QString();
        QTest::newRow("all-zero box key") << sign << QByteArray(32, '\0') << QString();
        QTest::newRow("label too long") << sign << box << QString(65, u'机');
        QTest::newRow("control character in label") << sign << box << u"a\u0007b"_s;
    }

    void enrollRefusesBadKeysAndLabelsWithoutTouchingTheCode()
    {
        QFETCH(QByteArray, signKey);
        QFETCH(QByteArray, boxKey);
        QFETCH(QString, label);
        const IssuedCode issued = issue();
        VERIFY_ERROR(
            m_service->enroll(withWrongVerifier(issued.code), QString(), signKey, boxKey, label, now()),
            ErrorCode::InvalidInput, QString());
        QCOMPARE(failedAttempts(issued.selector), 0);
        QVERIFY(!m_store->code(issued.selector)->value().usedAt);
        QVERIFY(m_service->devices()->isEmpty());
    }

    void anotherServerKeyVerifiesNothing()
    {
        const IssuedCode issued = issue();
        const SecretBuffer otherKey = SecretBuffer::random(EnrollmentService::kKeyBytes).value();
        EnrollmentService other(*m_store, otherKey, m_clock);
        VERIFY_ERROR(other.redeem(issued.code, now()), ErrorCode::Auth, kInvalid);
        QCOMPARE(failedAttempts(issued.selector), 1);
    }

    void aKeyOfTheWrongSizeIsACryptoError()
    {
        const SecretBuffer shortKey = SecretBuffer::random(16).value();
        EnrollmentService broken(*m_store, shortKey, m_clock);
        VERIFY_ERROR(broken.issue(u"410105"_s, u"county"_s), ErrorCode::Crypto, QString());
        const IssuedCode issued = issue();
        VERIFY_ERROR(broken.redeem(issued.code, now()), ErrorCode::Crypto, QString());
        QCOMPARE(failedAttempts(issued.selector), 0); // a server fault is not the user's wrong try
    }

    void revokeRecordsTheLastSequenceOnce()
    {
        const IssuedCode issued = issue();
        const DeviceRecord device =
            m_service->enroll(issued.code, QString(), m_signKey, m_boxKey, QString(), now()).value();
        VERIFY_OK(m_store->setLastSequence(device.id, 4));
        m_clock.advance(kHourMs);
        VERIFY_OK(m_service->revoke(device.id));
        VERIFY_OK(m_store->setLastSequence(device.id, 6));
        VERIFY_OK(m_service->revoke(device.id, u"2026-02-01T00:00:00.000Z"_s)); // a no-op
        const DeviceRecord revoked = m_store->device(device.id)->value();
        QCOMPARE(revoked.revokedAt.value_or(QString()), u"2026-01-05T09:00:00.000Z"_s);
        QCOMPARE(revoked.revokedAfter.value_or(0), 4u);
        VERIFY_ERROR(m_service->revoke(RecordId::generate()), ErrorCode::NotFound, QString());
        VERIFY_ERROR(m_service->revoke(device.id, u"soon"_s), ErrorCode::Usage, QString());
    }
};

QTEST_GUILESS_MAIN(TestEnrollmentService)
#include "TestEnrollmentService.moc"
