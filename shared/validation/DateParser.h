#pragma once

#include <QDate>
#include <QString>

#include <optional>

namespace kjzy {

// Dates as people and spreadsheets write them: 2021-05-01, 2021.5.1, 2021年5月1日, 2021/5/1,
// 20210501, and spreadsheet serial numbers (1900 date system, e.g. 44317 = 2021-05-01).
class DateParser
{
public:
    static std::optional<QDate> parse(const QString& raw);
    // Excel's 1900 system, including its fictitious 1900-02-29 (serial 60).
    static std::optional<QDate> fromSpreadsheetSerial(double serial);
};

} // namespace kjzy
