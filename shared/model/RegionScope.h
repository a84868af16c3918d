#pragma once

#include "core/Error.h"

#include <QString>

namespace kjzy {

// A device's region scope: the province (410000), a city (4101xx) or a county (410105) and
// everything below it. Client and server apply the same rule.
class RegionScope
{
public:
    explicit RegionScope(QString code) : m_code(std::move(code)) {}

    const QString& code() const { return m_code; }
    // A record's region is its most specific code: county, else city, else province.
    bool covers(const QString& province, const QString& city, const QString& county) const;
    // OutOfScope with a Chinese message naming both regions; `what` names the record (e.g. 志愿者).
    Status check(const QString& what, const QString& province, const QString& city,
                 const QString& county) const;

private:
    QString m_code;
};

} // namespace kjzy
