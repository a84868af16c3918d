#pragma once

#include "ValidationIssue.h"

namespace kjzy {

// Mainland mobile numbers (shared/data/mobile_numbers.md): NFKC, separators and +86/0086 removed,
// then exactly 11 digits matching ^1[3-9][0-9]{9}$. No 号段 allow-list: MIIT keeps adding blocks.
class MobileNumber
{
public:
    // The 11-digit form, or an issue naming the broken rule (mobile.empty, mobile.foreign,
    // mobile.chars, mobile.length, mobile.prefix). `field` lets 管理员手机号 reuse the rules.
    static FieldResult<QString> parse(const QString& raw, const QString& field = QStringLiteral("mobile"));
};

} // namespace kjzy
