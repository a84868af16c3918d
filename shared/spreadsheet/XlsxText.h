#pragma once

#include <QString>

namespace kjzy {
struct TemplateTable;
}

// How text goes into SpreadsheetML cells and sheet names (used by TableWriter).
namespace kjzy::xlsx::text {

constexpr int kMaxSheetNameLength = 31;      // UTF-16 units
constexpr qsizetype kMaxCellLength = 32'767; // UTF-16 units, after CR LF became LF

QString sanitizedSheetName(const TemplateTable& table);
qsizetype storedLength(const QString& text);
bool looksLikeEscape(const QString& text, qsizetype at);
QString cellText(const QString& text);
bool needsPreserve(const QString& text);

} // namespace kjzy::xlsx::text
