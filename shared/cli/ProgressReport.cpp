#include "ProgressReport.h"

#include "TextTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kjzy::cli {

void ProgressReport::print(Console& console, const QList<RegionProgress>& rows, bool json)
{
    if (json) {
        QJsonArray regions;
        for (const RegionProgress& r : rows) {
            regions.append(QJsonObject{{QStringLiteral("code"), r.code},
                                       {QStringLiteral("name"), r.name},
                                       {QStringLiteral("level"), regionLevelName(r.level)},
                                       {QStringLiteral("volunteers"), r.volunteers},
                                       {QStringLiteral("target"), r.target},
                                       {QStringLiteral("percent"), qRound(r.percent() * 10) / 10.0},
                                       {QStringLiteral("missing"), r.missing()}});
        }
        console.printJson(QJsonDocument(QJsonObject{{QStringLiteral("regions"), regions}}));
        return;
    }
    TextTable table({QStringLiteral("地区"), QStringLiteral("代码"), QStringLiteral("已登记"),
                     QStringLiteral("目标"), QStringLiteral("完成"), QStringLiteral("进度"),
                     QStringLiteral("还差")});
    for (const RegionProgress& r : rows) {
        // A county device's report starts with its own county: only counties under a city indent.
        const bool child = r.level == RegionLevel::County || r.level == RegionLevel::Zone;
        const bool nested = child && !(rows.first().code == r.code);
        const int bar = r.target > 0 ? std::min(20, int(r.percent() / 5)) : 0;
        table.addRow({(nested ? QStringLiteral("  ") : QString()) + r.name +
                          (r.level == RegionLevel::Zone ? QStringLiteral("（功能区）") : QString()),
                      r.code, QString::number(r.volunteers),
                      r.target > 0 ? QString::number(r.target) : QStringLiteral("—"),
                      r.target > 0 ? QString::number(r.percent(), 'f', 1) + u'%' : QStringLiteral("—"),
                      r.target > 0 ? QString(bar, u'#') + QString(20 - bar, u'.') : QString(),
                      r.target > 0 ? QString::number(r.missing()) : QStringLiteral("—")});
    }
    table.print(console.out());
}

} // namespace kjzy::cli
