#pragma once

#include <QList>
#include <QString>

namespace kjzy {

// One cell as a spreadsheet holds it, before any domain interpretation.
struct SheetCell
{
    enum class Kind
    {
        Empty,
        Text,
        Number,
        Boolean,
        Date,
        Error
    };
    Kind kind = Kind::Empty;
    // Text: the string (rich-text runs joined). Number: the shortest text that round-trips the value
    // ("13903710000", "1.5", "4.10105195001E+17" for an 18-digit ID typed as a number — its digits
    // are already lost and the importer must say so). Boolean: "TRUE"/"FALSE". Date (a number with a
    // date format): ISO "2021-05-01", or "2021-05-01T08:30:00" with a time part. Error: "#N/A" etc.
    QString text;
    double number = 0; // Number and Date: the raw value (a spreadsheet serial for dates)

    bool isEmpty() const { return kind == Kind::Empty || (kind == Kind::Text && text.isEmpty()); }
};

// One worksheet (or a CSV file): rows[0] is spreadsheet row 1; every row is as long as the
// widest one, missing cells Empty.
struct SheetData
{
    QString name; // sheet name, or the CSV file name
    QList<QList<SheetCell>> rows;
};

} // namespace kjzy
