#pragma once

#include <QString>
#include <QStringView>

namespace kjzy {

// Text forms of spreadsheet values and cell references, shared by the .xlsx reader's parts.
class CellValueFormat
{
public:
    // The text a Number cell carries: integral values up to 1e15 without exponent or decimals
    // ("13903710000"); others in the shortest form that round-trips, plain for exponents -5..14
    // ("1.5", "0.0001") and scientific beyond ("4.10105195001E+17", "1E-07").
    static QString numberText(double value);

    // A spreadsheet serial as ISO text: "2021-05-01", "2021-05-01T08:30:00", or "08:30:00" for a
    // time of day without date (1900 system serials below 1). false when the serial lies outside
    // the range Excel can show as a date (negative, or after 9999-12-31).
    static bool serialToIso(double serial, bool date1904, QString* out);

    // "C12" → row 12, column 3 (both 1-based). false unless 1–3 letters (up to XFD) followed by a
    // row number 1–1048576.
    static bool parseReference(QStringView reference, int* row, int* column);
    // A plain decimal number without sign (an index, a style or row number), surrounding spaces
    // allowed. false when empty, not all digits, or above 2^53.
    static bool parseIndex(QStringView text, qint64* value);

    // 1 → "A", 28 → "AB".
    static QString columnName(int column);
    static QString referenceName(int row, int column);

    // Undoes the ST_Xstring escaping Excel applies to control characters: "_x000D_" → CR,
    // "_x005F_" → "_". Other text is left as it is.
    static void decodeEscapes(QString& text);

    static constexpr int kMaxExcelRows = 1'048'576;
    static constexpr int kMaxExcelColumns = 16'384;
};

} // namespace kjzy
