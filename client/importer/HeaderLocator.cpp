#include "HeaderLocator.h"

namespace kjzy {

QString columnLetter(int column)
{
    QString letters;
    for (int n = column + 1; n > 0; n = (n - 1) / 26)
        letters.prepend(QChar(u'A' + (n - 1) % 26));
    return letters;
}

Result<LocatedHeader> HeaderLocator::locate(const QList<SheetData>& sheets, const QString& fileName)
{
    std::optional<LocatedHeader> best;
    int bestMatches = 0;
    for (qsizetype s = 0; s < sheets.size(); ++s) {
        const auto& rows = sheets[s].rows;
        for (qsizetype r = 0; r < rows.size() && r < kSearchRows; ++r) {
            for (const TemplateKind kind : {TemplateKind::Volunteers, TemplateKind::Organizations}) {
                LocatedHeader candidate{s, r, kind, {}, {}};
                for (int c = 0; c < rows[r].size(); ++c) {
                    const SheetCell& cell = rows[r][c];
                    if (cell.kind != SheetCell::Kind::Text)
                        continue;
                    const auto field = RegistrationTemplate::fieldForHeader(kind, cell.text);
                    if (field && !candidate.columns.contains(*field)) {
                        candidate.columns.insert(*field, c);
                        candidate.headerTexts.insert(*field, RegistrationTemplate::headerKey(cell.text));
                    }
                }
                bool identified = true;
                for (const auto& field : RegistrationTemplate::identifyingFields(kind))
                    identified = identified && candidate.columns.contains(field);
                const int matches = int(candidate.columns.size());
                if (identified && matches > bestMatches) {
                    best = candidate;
                    bestMatches = matches;
                }
            }
        }
    }
    if (!best) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("文件 %1 的前 %2 行中找不到附件1（组织名称、管理员手机号…）或附件2（真实姓名、"
                           "身份证号…）的表头行：请使用通知所附的模板")
                .arg(fileName)
                .arg(kSearchRows));
    }
    return *best;
}

} // namespace kjzy
