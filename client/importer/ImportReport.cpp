#include "ImportReport.h"

#include <algorithm>

namespace kjzy {

QString rowOutcomeName(RowOutcome outcome)
{
    switch (outcome) {
    case RowOutcome::Imported:
        return QStringLiteral("imported");
    case RowOutcome::Updated:
        return QStringLiteral("updated");
    case RowOutcome::Unchanged:
        return QStringLiteral("unchanged");
    case RowOutcome::Rejected:
        return QStringLiteral("rejected");
    case RowOutcome::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QString rowOutcomeLabel(RowOutcome outcome)
{
    switch (outcome) {
    case RowOutcome::Imported:
        return QStringLiteral("新增");
    case RowOutcome::Updated:
        return QStringLiteral("更新");
    case RowOutcome::Unchanged:
        return QStringLiteral("未变");
    case RowOutcome::Rejected:
        return QStringLiteral("拒绝");
    case RowOutcome::Skipped:
        return QStringLiteral("跳过");
    }
    return {};
}

int ImportReport::count(RowOutcome outcome) const
{
    return int(std::count_if(rows.cbegin(), rows.cend(),
                             [outcome](const RowReport& r) { return r.outcome == outcome; }));
}

QString ImportReport::summary() const
{
    QStringList parts;
    for (const RowOutcome outcome : {RowOutcome::Imported, RowOutcome::Updated, RowOutcome::Unchanged,
                                     RowOutcome::Rejected, RowOutcome::Skipped})
        parts << QStringLiteral("%1 %2").arg(rowOutcomeLabel(outcome)).arg(count(outcome));
    return parts.join(QStringLiteral("，"));
}

} // namespace kjzy
