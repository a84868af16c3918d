// The progress screen on a database holding the sample workbook: every county's count, bar and
// gap against the 1,000 target, the cities' against 10,000, the province's against 250,000; and
// the export of the template tables, which re-import to the same people and are audited.
#include "ui/DesktopTranslations.h"
#include "ui/ProgressView.h"

#include "clock/Clock.h"
#include "importer/SheetImporter.h"
#include "store/ClientDatabase.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::desktop;

namespace {

QString fixture(const QString& name)
{
    return QStringLiteral(KJZY_TEST_DATA_DIR "/fixtures/") + name;
}

QJsonObject acceptedPeople()
{
    QFile file(fixture(QStringLiteral("volunteers-sample.expected.json")));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the expected verdicts");
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("accepted")).toObject();
}

int number(const QString& text)
{
    QString digits = text;
    digits.remove(u',');
    return digits.toInt();
}

void collect(QTreeWidgetItem* item, QHash<QString, QTreeWidgetItem*>& byCode)
{
    byCode.insert(item->data(ProgressView::RegionColumn, ProgressView::CodeRole).toString(), item);
    for (int i = 0; i < item->childCount(); ++i)
        collect(item->child(i), byCode);
}

} // namespace

class TestProgressView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString database(const QString& region, bool withSample)
    {
        const QString path = m_dir.filePath(QStringLiteral("progress%1.sqlite").arg(++m_counter));
        auto db = ClientDatabase::open(path);
        if (!db || !(*db)->initialize(region))
            qFatal("cannot create a database");
        if (withSample) {
            SheetImporter importer(**db, SystemClock::instance());
            auto report = importer.importFile(fixture(QStringLiteral("volunteers-sample.xlsx")), {});
            if (!report)
                qFatal("cannot import the sample");
        }
        return path;
    }

    static void waitForRefresh(ProgressView& view)
    {
        QSignalSpy refreshed(&view, &ProgressView::refreshed);
        QVERIFY(refreshed.wait(60000));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(DesktopTranslations::install(*QCoreApplication::instance()));
    }

    void everyRegionAgainstItsTarget()
    {
        const QJsonObject people = acceptedPeople();
        QHash<QString, int> perCounty;
        QHash<QString, int> perCity;
        for (const auto& person : people) {
            ++perCounty[person[QStringLiteral("county")].toString()];
            ++perCity[person[QStringLiteral("city")].toString()];
        }
        ProgressView view(database(QStringLiteral("410000"), true));
        view.show();
        waitForRefresh(view);

        QTreeWidget* tree = view.tree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QHash<QString, QTreeWidgetItem*> byCode;
        collect(tree->topLevelItem(0), byCode);
        QTreeWidgetItem* province = byCode.value(QStringLiteral("410000"));
        QVERIFY(province);
        QCOMPARE(province->text(ProgressView::RegionColumn), QStringLiteral("河南省"));
        QCOMPARE(number(province->text(ProgressView::VolunteersColumn)), int(people.size()));
        QCOMPARE(number(province->text(ProgressView::TargetColumn)), 250000);
        QCOMPARE(number(province->text(ProgressView::MissingColumn)), 250000 - int(people.size()));
        // The 18 cities under the province, each county under its city.
        QCOMPARE(province->childCount(), 18);
        for (auto it = perCounty.constBegin(); it != perCounty.constEnd(); ++it) {
            QTreeWidgetItem* county = byCode.value(it.key());
            QVERIFY2(county, qPrintable(it.key()));
            QCOMPARE(number(county->text(ProgressView::VolunteersColumn)), it.value());
            QCOMPARE(number(county->text(ProgressView::TargetColumn)), 1000);
            QCOMPARE(number(county->text(ProgressView::MissingColumn)), 1000 - it.value());
            auto* bar = qobject_cast<QProgressBar*>(tree->itemWidget(county, ProgressView::BarColumn));
            QVERIFY(bar);
            QCOMPARE(bar->maximum(), 1000);
            QCOMPARE(bar->value(), it.value());
            QVERIFY(county->parent());
            const QString city =
                county->parent()->data(ProgressView::RegionColumn, ProgressView::CodeRole).toString();
            QVERIFY2(perCity.contains(city), qPrintable(city + u' ' + it.key()));
        }
        for (auto it = perCity.constBegin(); it != perCity.constEnd(); ++it) {
            QTreeWidgetItem* city = byCode.value(it.key());
            QVERIFY2(city, qPrintable(it.key()));
            QCOMPARE(number(city->text(ProgressView::VolunteersColumn)), it.value());
            QCOMPARE(number(city->text(ProgressView::TargetColumn)), 10000);
            QCOMPARE(number(city->text(ProgressView::MissingColumn)), 10000 - it.value());
        }
        // A county with nobody registered is listed too, missing its whole target.
        int empty = 0;
        for (QTreeWidgetItem* item : std::as_const(byCode)) {
            if (number(item->text(ProgressView::TargetColumn)) == 1000 &&
                number(item->text(ProgressView::VolunteersColumn)) == 0) {
                ++empty;
                QCOMPARE(number(item->text(ProgressView::MissingColumn)), 1000);
            }
        }
        QVERIFY(empty > 0);
        const QString summary = view.findChild<QLabel*>(QStringLiteral("progressSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("河南省")) && summary.contains(QStringLiteral("250,000")),
                 qPrintable(summary));
    }

    void aCountyDeviceSeesItsCounty()
    {
        ProgressView view(database(QStringLiteral("410105"), false));
        waitForRefresh(view);
        QCOMPARE(view.rows().size(), 1);
        QTreeWidgetItem* county = view.tree()->topLevelItem(0);
        QCOMPARE(county->text(ProgressView::RegionColumn), QStringLiteral("金水区"));
        QCOMPARE(number(county->text(ProgressView::MissingColumn)), 1000);
    }

    void exportedTablesReimportToTheSamePeople()
    {
        const QString db = database(QStringLiteral("410000"), true);
        ProgressView view(db);
        waitForRefresh(view);
        QSignalSpy exported(&view, &ProgressView::exportFinished);
        const QString file = m_dir.filePath(QStringLiteral("附件2.xlsx"));
        view.exportTable(ProgressView::Table::Volunteers, file);
        QVERIFY(exported.wait(60000));
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        QVERIFY2(exported.first().at(1).toString().contains(QStringLiteral("已导出")),
                 qPrintable(exported.first().at(1).toString()));

        // The file is a 附件2 the importer takes back: the same people, all unchanged.
        auto fresh = ClientDatabase::open(db);
        QVERIFY(fresh.has_value());
        SheetImporter importer(**fresh, SystemClock::instance());
        ImportOptions options;
        options.dryRun = true;
        auto report = importer.importFile(file, options);
        QVERIFY2(report.has_value(), report ? "" : qPrintable(report.error().message));
        QCOMPARE(report->kind, TemplateKind::Volunteers);
        QCOMPARE(report->count(RowOutcome::Unchanged), int(acceptedPeople().size()));
        QCOMPARE(report->count(RowOutcome::Rejected), 0);
        // Full personal data left the program: recorded.
        auto audited = (*fresh)->sql().scalar(QStringLiteral(
            "SELECT row_count FROM audit_log WHERE action = 'export' AND entity = 'volunteers'"));
        QVERIFY(audited.has_value());
        QCOMPARE(audited->toInt(), int(acceptedPeople().size()));

        exported.clear();
        const QString teams = m_dir.filePath(QStringLiteral("附件1.xlsx"));
        view.exportTable(ProgressView::Table::Organizations, teams);
        QVERIFY(exported.wait(60000));
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        QVERIFY(QFileInfo(teams).size() > 0);
    }
};

QTEST_MAIN(TestProgressView)
#include "TestProgressView.moc"
