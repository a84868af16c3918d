#include "EnrollmentService.h"

#include "clock/RecordId.h"
#include "crypto/Sodium.h"
#include "reference/RegionTable.h"

#include <QDateTime>

#include <sodium.h>

#include <optional>
#include <string_view>

namespace kjzy {

namespace {

// Crockford base32: no I, L, O or U, so a code read aloud or copied by hand has no look-alikes.
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static_assert(sizeof kAlphabet - 1 == 1 << EnrollmentService::kBitsPerChar);

// Separates the hash from every other keyed BLAKE2b the server may compute with a related key.
constexpr char kHashDomain[] = "kjzy/v1/enrollment-code"; // hashed with its terminating NUL

constexpr int kCodeChars = EnrollmentService::kSelectorChars + EnrollmentService::kVerifierChars;
constexpr int kSelectorBytes = (EnrollmentService::kSelectorChars * EnrollmentService::kBitsPerChar + 7) / 8;
constexpr int kVerifierBytes = (EnrollmentService::kVerifierChars * EnrollmentService::kBitsPerChar + 7) / 8;
constexpr int kGroupChars = 4;
// A 20-bit selector space collides now and then once many codes exist; a fresh draw settles it.
constexpr int kSelectorDraws = 16;
constexpr qsizetype kMaxInputChars = 200;

const QString kInvalid = QStringLiteral("注册码无效");

bool inAlphabet(QChar c)
{
    return c.unicode() < 128 && std::string_view(kAlphabet).find(char(c.unicode())) != std::string_view::npos;
}

// `chars` characters from the leading chars × 5 bits of `bytes`, most significant bit first.
QString encode(const unsigned char* bytes, int chars)
{
    QString out;
    out.reserve(chars);
    int bit = 0;
    for (int i = 0; i < chars; ++i) {
        int value = 0;
        for (int b = 0; b < EnrollmentService::kBitsPerChar; ++b, ++bit)
            value = (value << 1) | ((bytes[bit / 8] >> (7 - bit % 8)) & 1);
        out.append(QLatin1Char(kAlphabet[value]));
    }
    return out;
}

QString grouped(const QString& canonical)
{
    QStringList groups;
    for (qsizetype i = 0; i < canonical.size(); i += kGroupChars)
        groups << canonical.mid(i, kGroupChars);
    return groups.join(u'-');
}

QString roleName(const QString& role)
{
    if (role == u"province")
        return QStringLiteral("省级");
    if (role == u"city")
        return QStringLiteral("市级");
    return QStringLiteral("县级");
}

// `now` must name its offset ("Z" or "+08:00"): a local time would shift with the server's zone.
Result<qint64> parseTime(const QString& text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
        return fail(
            ErrorCode::Usage,
            QStringLiteral("时间“%1”不是带时区的 ISO 8601 时间（如 2026-01-05T08:00:00.000Z）").arg(text));
    return time.toMSecsSinceEpoch();
}

Result<QString> checkLabel(const QString& label)
{
    const QString trimmed = label.trimmed();
    if (trimmed.size() > EnrollmentService::kMaxLabelChars)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("设备名称不能超过 %1 个字符").arg(EnrollmentService::kMaxLabelChars));
    for (QChar c : trimmed) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return fail(ErrorCode::InvalidInput, QStringLiteral("设备名称含有控制字符"));
    }
    return trimmed;
}

} // namespace

EnrollmentService::EnrollmentService(RegistryStore& store, const SecretBuffer& codeKey, const Clock& clock)
    : m_store(store), m_clock(clock)
{
    // A failed copy (or a key of the wrong size) is reported by verifierHash(), on first use.
    if (auto copy = SecretBuffer::fromBytes(codeKey.view()); copy)
        m_codeKey = std::move(*copy);
}

QString EnrollmentService::timestamp(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

Status EnrollmentService::checkScope(const QString& scope, const QString& role)
{
    if (role != u"county" && role != u"city" && role != u"province")
        return fail(
            ErrorCode::Usage,
            QStringLiteral("角色“%1”无效：应为 county（县级）、city（市级）或 province（省级）").arg(role));
    const Region* region = RegionTable::henan().find(scope);
    if (!region)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("地区代码“%1”不是河南省的省、市、县（区）代码").arg(scope));
    // 济源 (419001) has no counties: it is both city and county (README, "Regions").
    const bool jiyuan = region->code == u"419001";
    bool fits = false;
    if (role == u"province")
        fits = region->level == RegionLevel::Province;
    else if (role == u"city")
        fits = region->level == RegionLevel::City;
    else
        fits = region->level == RegionLevel::County || region->level == RegionLevel::Zone || jiyuan;
    if (!fits)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1（%2）不是%3地区，不能签发%3注册码")
                        .arg(RegionTable::henan().displayName(scope, true), scope, roleName(role)));
    return {};
}

Status EnrollmentService::checkDeviceKeys(const QByteArray& signKey, const QByteArray& boxKey)
{
    if (signKey.size() != kPublicKeyBytes || boxKey.size() != kPublicKeyBytes)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("设备公钥长度不正确：签名公钥和加密公钥都应为 %1 字节").arg(kPublicKeyBytes));
    // Pinned for the device's lifetime, so refuse keys that cannot be right: a small-order or
    // non-canonical Ed25519 point, an all-zero X25519 key.
    if (crypto_core_ed25519_is_valid_point(reinterpret_cast<const unsigned char*>(signKey.constData())) != 1)
        return fail(ErrorCode::InvalidInput, QStringLiteral("设备签名公钥无效"));
    if (sodium_is_zero(reinterpret_cast<const unsigned char*>(boxKey.constData()), size_t(boxKey.size())) ==
        1)
        return fail(ErrorCode::InvalidInput, QStringLiteral("设备加密公钥无效"));
    return {};
}

Result<EnrollmentService::ParsedCode> EnrollmentService::parse(const QString& code)
{
    const auto malformed = [] {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("注册码格式不正确：应为 %1 位字母或数字，如 K7Q2-XF3M-9RTA-C8WD-HJ5N")
                        .arg(kCodeChars));
    };
    if (code.size() > kMaxInputChars)
        return malformed();
    // NFKC folds full-width letters, digits and hyphens typed with a Chinese input method.
    const QString text = code.normalized(QString::NormalizationForm_KC);
    QString canonical;
    canonical.reserve(kCodeChars);
    for (QChar c : text) {
        if (c.isSpace() || c.category() == QChar::Punctuation_Dash)
            continue;
        c = c.toUpper();
        // Crockford's decoding rule: O reads as 0, I and L as 1.
        if (c == u'O')
            c = u'0';
        else if (c == u'I' || c == u'L')
            c = u'1';
        if (!inAlphabet(c))
            return malformed();
        canonical.append(c);
    }
    if (canonical.size() != kCodeChars)
        return malformed();
    return ParsedCode{canonical.left(kSelectorChars), canonical.mid(kSelectorChars).toLatin1()};
}

Result<QByteArray> EnrollmentService::verifierHash(const QString& selector, QByteArrayView verifier) const
{
    if (m_codeKey.size() != kKeyBytes)
        return fail(ErrorCode::Crypto, QStringLiteral("注册码密钥无效（应为 %1 字节）").arg(kKeyBytes));
    const QByteArray selectorBytes = selector.toLatin1();
    QByteArray digest(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash_state state;
    const bool ok =
        crypto_generichash_init(&state, m_codeKey.data(), size_t(m_codeKey.size()), size_t(digest.size())) ==
            0 &&
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kHashDomain),
                                  sizeof kHashDomain) == 0 &&
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(selectorBytes.constData()),
                                  quint64(selectorBytes.size())) == 0 &&
        crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(verifier.data()),
                                  quint64(verifier.size())) == 0 &&
        crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(digest.data()),
                                 size_t(digest.size())) == 0;
    sodium_memzero(&state, sizeof state);
    if (!ok)
        return fail(ErrorCode::Crypto, QStringLiteral("计算注册码摘要失败"));
    return digest;
}

Result<IssuedCode> EnrollmentService::issue(const QString& scope, const QString& role, int expiresHours)
{
    if (auto ok = checkScope(scope, role); !ok)
        return fail(ok.error());
    // The codes' randomness comes from libsodium: never draw before its self-test has passed.
    if (auto ready = Sodium::initialize(); !ready)
        return fail(ready.error());
    if (expiresHours < 1 || expiresHours > kMaxExpiryHours)
        return fail(
            ErrorCode::Usage,
            QStringLiteral("有效期应为 1 至 %1 小时，收到 %2").arg(kMaxExpiryHours).arg(expiresHours));
    const qint64 now = m_clock.nowMs();
    EnrollmentCodeRecord record;
    record.scope = scope;
    record.role = role;
    record.createdAt = timestamp(now);
    record.expiresAt = timestamp(now + qint64(expiresHours) * 3600 * 1000);
    for (int draw = 0; draw < kSelectorDraws; ++draw) {
        unsigned char random[kSelectorBytes + kVerifierBytes];
        randombytes_buf(random, sizeof random);
        record.selector = encode(random, kSelectorChars);
        const QString verifier = encode(random + kSelectorBytes, kVerifierChars);
        sodium_memzero(random, sizeof random);
        auto hash = verifierHash(record.selector, verifier.toLatin1());
        if (!hash)
            return fail(hash.error());
        record.verifierHash = *hash;
        auto inserted = m_store.insertCode(record);
        if (inserted)
            return IssuedCode{grouped(record.selector + verifier),
                              record.selector,
                              scope,
                              role,
                              record.createdAt,
                              record.expiresAt};
        if (inserted.error().code != ErrorCode::Conflict)
            return fail(inserted.error());
    }
    return fail(ErrorCode::Internal, QStringLiteral("无法分配注册码编号，请重试"));
}

Result<RedeemedCode> EnrollmentService::check(const ParsedCode& code, qint64 nowMs)
{
    auto row = m_store.code(code.selector);
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(ErrorCode::Auth, kInvalid);
    const EnrollmentCodeRecord& stored = **row;
    if (stored.usedAt)
        return fail(ErrorCode::Auth, QStringLiteral("注册码已使用"));
    auto expiresAt = parseTime(stored.expiresAt);
    if (!expiresAt)
        return fail(ErrorCode::Internal, QStringLiteral("注册码 %1 的有效期记录损坏").arg(code.selector));
    if (nowMs >= *expiresAt)
        return fail(ErrorCode::Auth, QStringLiteral("注册码已过期"));
    if (stored.failedAttempts >= kMaxFailedAttempts)
        return fail(ErrorCode::Auth, QStringLiteral("注册码因多次输入错误已锁定"));
    auto hash = verifierHash(code.selector, code.verifier);
    if (!hash)
        return fail(hash.error());
    const bool matches =
        hash->size() == stored.verifierHash.size() &&
        sodium_memcmp(hash->constData(), stored.verifierHash.constData(), size_t(hash->size())) == 0;
    if (!matches) {
        if (auto counted = m_store.addFailedAttempt(code.selector); !counted)
            return fail(counted.error());
        return fail(ErrorCode::Auth, kInvalid);
    }
    return RedeemedCode{stored.selector, stored.scope, stored.role};
}

Result<RedeemedCode> EnrollmentService::redeemWith(const QString& code, const QString& now,
                                                   const std::function<Status(const RedeemedCode&)>& use)
{
    auto parsed = parse(code);
    if (!parsed)
        return fail(parsed.error());
    auto nowMs = parseTime(now);
    if (!nowMs)
        return fail(nowMs.error());
    std::optional<Error> refusal;
    RedeemedCode granted;
    auto done = m_store.transact([&]() -> Status {
        auto checked = check(*parsed, *nowMs);
        if (!checked) {
            if (checked.error().code != ErrorCode::Auth)
                return fail(checked.error());
            refusal = checked.error(); // commit: a wrong verifier's count must survive the refusal
            return {};
        }
        granted = *checked;
        return use ? use(granted) : Status{};
    });
    if (!done)
        return fail(done.error());
    if (refusal)
        return fail(*refusal);
    return granted;
}

Result<RedeemedCode> EnrollmentService::redeem(const QString& code, const QString& now)
{
    return redeemWith(code, now, {});
}

Result<RedeemedCode> EnrollmentService::redeem(const QString& code)
{
    return redeem(code, timestamp(m_clock.nowMs()));
}

Result<DeviceRecord> EnrollmentService::enroll(const QString& code, const QString& deviceId,
                                               const QByteArray& signKey, const QByteArray& boxKey,
                                               const QString& label, const QString& now)
{
    // Everything that can be checked without the code first: a bad request must not use up a try.
    if (!deviceId.isEmpty() && !RecordId::isValid(deviceId))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("设备编号“%1”无效：应为 36 位 UUID").arg(deviceId.left(40)));
    if (auto ok = checkDeviceKeys(signKey, boxKey); !ok)
        return fail(ok.error());
    auto cleanLabel = checkLabel(label);
    if (!cleanLabel)
        return fail(cleanLabel.error());
    auto nowMs = parseTime(now);
    if (!nowMs)
        return fail(nowMs.error());
    DeviceRecord device;
    device.id = deviceId.isEmpty() ? RecordId::generate() : deviceId;
    device.label = *cleanLabel;
    device.signKey = signKey;
    device.boxKey = boxKey;
    device.enrolledAt = timestamp(*nowMs);
    auto redeemed = redeemWith(code, now, [&](const RedeemedCode& granted) -> Status {
        device.scope = granted.scope;
        device.role = granted.role;
        if (auto inserted = m_store.insertDevice(device); !inserted)
            return inserted;
        return m_store.markCodeUsed(granted.selector, device.id, device.enrolledAt);
    });
    if (!redeemed)
        return fail(redeemed.error());
    return device;
}

Result<DeviceRecord> EnrollmentService::enroll(const QString& code, const QString& deviceId,
                                               const QByteArray& signKey, const QByteArray& boxKey,
                                               const QString& label)
{
    return enroll(code, deviceId, signKey, boxKey, label, timestamp(m_clock.nowMs()));
}

Result<QList<DeviceRecord>> EnrollmentService::devices()
{
    return m_store.devices();
}

Status EnrollmentService::revoke(const QString& deviceId, const QString& now)
{
    auto nowMs = parseTime(now);
    if (!nowMs)
        return fail(nowMs.error());
    return m_store.revokeDevice(deviceId, timestamp(*nowMs));
}

Status EnrollmentService::revoke(const QString& deviceId)
{
    return revoke(deviceId, timestamp(m_clock.nowMs()));
}

} // namespace kjzy
