#pragma once

#include "model/RegistrationTemplate.h"
#include "validation/ValidationIssue.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace kjzy {

// Every row of an imported sheet ends in exactly one of these.
enum class RowOutcome { Imported, Updated, Unchanged, Rejected, Skipped };

QString rowOutcomeName(RowOutcome outcome);  // imported | updated | … (for JSON)
QString rowOutcomeLabel(RowOutcome outcome); // 新增 | 更新 | … (for people)

struct RowReport
{
    int row = 0;              // the row number a spreadsheet program shows (1-based)
    RowOutcome outcome = RowOutcome::Skipped;
    QString recordId;         // imported / updated / unchanged
    QString name;             // person or team name, for messages
    QStringList changedFields; // updated: the JSON keys that changed
    ValidationIssues issues;  // rejected: every problem; each issue's label names the column
    QString skipReason;       // skipped: 空行 / 未填写的模板行 / 填报说明
};

struct ImportReport
{
    QString file;
    QString sheet;
    TemplateKind kind = TemplateKind::Volunteers;
    int headerRow = 0;        // 1-based
    bool dryRun = false;
    QList<RowReport> rows;
    // Header text of each field's column as the file spells it, and the column letter.
    QHash<QString, QString> columnHeaders;
    QHash<QString, QString> columnLetters;

    int count(RowOutcome outcome) const;
    // "新增 12，更新 1，未变 0，拒绝 2，跳过 3"
    QString summary() const;
};

} // namespace kjzy
