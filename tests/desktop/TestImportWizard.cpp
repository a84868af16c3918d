// The import wizard driven as a person would, offscreen: choose the sample workbook, read the
// preview (a dry run of the real importer in a worker thread), import, save the problem list.
#include "ui/DesktopTranslations.h"
#include "ui/ImportFilePage.h"
#include "ui/ImportPreviewModel.h"
#include "ui/ImportPreviewPage.h"
#include "ui/ImportRunPage.h"
#include "ui/ImportWizard.h"

#include "clock/Clock.h"
#include "store/ClientDatabase.h"
#include "store/VolunteerStore.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::desktop;

namespace {

QString fixture(const QString& name)
{
    return QStringLiteral(KJZY_TEST_DATA_DIR "/fixtures/") + name;
}

QJsonObject expected(const QString& name)
{
    QFile file(fixture(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

QList<int> sortedRows(const QJsonArray& rows)
{
    QList<int> out;
    for (const auto& value : rows)
        out << value.toInt();
    std::sort(out.begin(), out.end());
    return out;
}

// The sheet rows the preview table shows with `outcome`, read through the model as a view does.
QList<int> rowsShowing(const QAbstractItemModel& model, RowOutcome outcome)
{
    QList<int> out;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex index = model.index(r, ImportPreviewModel::OutcomeColumn);
        if (model.data(index, ImportPreviewModel::OutcomeRole).toInt() == int(outcome))
            out << model.data(index, ImportPreviewModel::RowNumberRole).toInt();
    }
    std::sort(out.begin(), out.end());
    return out;
}

int volunteersIn(const QString& path)
{
    auto database = ClientDatabase::open(path);
    if (!database)
        qFatal("cannot open %s", qPrintable(path));
    VolunteerStore store(**database, SystemClock::instance());
    auto list = store.list();
    return list ? int(list->size()) : -1;
}

} // namespace

class TestImportWizard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshDatabase()
    {
        const QString path = m_dir.filePath(QStringLiteral("desk%1.sqlite").arg(++m_counter));
        auto database = ClientDatabase::open(path);
        if (!database || !(*database)->initialize(QStringLiteral("410000")))
            qFatal("cannot create a database");
        return path; // the connection closes here: the wizard's workers open their own
    }

    // Goes from the file page to the preview and waits for the dry run; counts timer ticks on the
    // UI thread while the worker runs.
    static int previewFile(ImportWizard& wizard, const QString& file)
    {
        wizard.setFile(file);
        QSignalSpy finished(wizard.previewPage(), &ImportPreviewPage::previewFinished);
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(0);
        QObject::connect(&ticker, &QTimer::timeout, [&ticks, &finished] {
            if (finished.isEmpty())
                ++ticks;
        });
        ticker.start();
        wizard.next();
        // next() came back before the work was done: it runs elsewhere, the page waits for it.
        [&] {
            QCOMPARE(wizard.currentId(), int(ImportWizard::PreviewPage));
            QVERIFY(!wizard.previewPage()->isComplete());
            QVERIFY(!wizard.button(QWizard::CommitButton)->isEnabled());
        }();
        if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 120000))
            qWarning("the dry run did not finish");
        return ticks;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(DesktopTranslations::install(*QCoreApplication::instance()));
    }

    void previewImportAndProblemList()
    {
        const QString db = freshDatabase();
        const QJsonObject truth = expected(QStringLiteral("volunteers-sample.expected.json"));
        ImportWizard wizard(db);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QSignalSpy imported(&wizard, &ImportWizard::imported);

        previewFile(wizard, fixture(QStringLiteral("volunteers-sample.xlsx")));
        QVERIFY(wizard.previewPage()->isReady());
        QVERIFY(wizard.button(QWizard::CommitButton)->isEnabled());

        // Every row of the sheet with the verdict the fixture states.
        const ImportPreviewModel& model = *wizard.previewModel();
        QCOMPARE(rowsShowing(model, RowOutcome::Rejected),
                 sortedRows(truth.value(QStringLiteral("rejected_rows")).toArray()));
        QCOMPARE(rowsShowing(model, RowOutcome::Skipped),
                 sortedRows(truth.value(QStringLiteral("skipped_rows")).toArray()));
        const int accepted = int(truth.value(QStringLiteral("accepted")).toObject().size());
        QCOMPARE(rowsShowing(model, RowOutcome::Imported).size(), accepted);
        QCOMPARE(model.rowCount(), accepted + truth.value(QStringLiteral("rejected_rows")).toArray().size() +
                                       truth.value(QStringLiteral("skipped_rows")).toArray().size());
        // What the person reads: the verdict in Chinese, every problem with column, value and rule.
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex verdict = model.index(r, ImportPreviewModel::OutcomeColumn);
            const QString detail = model.index(r, ImportPreviewModel::DetailColumn).data().toString();
            if (verdict.data(ImportPreviewModel::OutcomeRole).toInt() != int(RowOutcome::Rejected))
                continue;
            QCOMPARE(verdict.data().toString(), QStringLiteral("拒绝"));
            const RowReport& row = model.report().rows.at(r);
            QVERIFY(!row.issues.isEmpty());
            QCOMPARE(detail.count(u'\n') + 1, row.issues.size());
            for (const auto& issue : row.issues) {
                QVERIFY2(detail.contains(issue.rule), qPrintable(detail));
                QVERIFY2(detail.contains(issue.message), qPrintable(detail));
            }
            QVERIFY2(detail.contains(QStringLiteral("列")), qPrintable(detail));
        }
        QCOMPARE(model.index(0, ImportPreviewModel::OutcomeColumn).data().toString().isEmpty(), false);

        // The filter shows only the rejected rows.
        auto* filter = wizard.findChild<QComboBox*>(QStringLiteral("importPreviewFilter"));
        QVERIFY(filter);
        filter->setCurrentIndex(filter->findData(int(RowOutcome::Rejected)));
        QCOMPARE(wizard.previewPage()->table()->model()->rowCount(),
                 truth.value(QStringLiteral("rejected_rows")).toArray().size());
        QCOMPARE(volunteersIn(db), 0); // a preview writes nothing

        // Import: again off the UI thread; the records land in the real file.
        QSignalSpy done(wizard.runPage(), &ImportRunPage::importFinished);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ImportWizard::RunPage));
        QVERIFY(!wizard.runPage()->isComplete());
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(imported.count(), 1);
        QCOMPARE(volunteersIn(db), accepted);
        {
            auto database = ClientDatabase::open(db);
            QVERIFY(database.has_value());
            VolunteerStore store(**database, SystemClock::instance());
            const QJsonObject people = truth.value(QStringLiteral("accepted")).toObject();
            for (auto it = people.constBegin(); it != people.constEnd(); ++it) {
                auto found = store.findByIdNumber(it.key());
                QVERIFY2(found && *found, qPrintable(it.key()));
            }
        }
        const QString summary = wizard.findChild<QLabel*>(QStringLiteral("importRunStatus"))->text();
        QVERIFY2(summary.contains(QString::number(accepted)), qPrintable(summary));
        QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());

        // The problem list, as `kjzy import --rejects` writes it.
        // The summary lists the rejected rows again beside the button that saves them.
        auto* rejectsTable = wizard.findChild<QTableView*>(QStringLiteral("importRejectsTable"));
        QVERIFY(rejectsTable && rejectsTable->isVisible());
        QCOMPARE(rejectsTable->model()->rowCount(),
                 truth.value(QStringLiteral("rejected_rows")).toArray().size());
        auto* save = wizard.findChild<QPushButton*>(QStringLiteral("importSaveRejects"));
        QVERIFY(save && save->isVisible());
        const QString report = m_dir.filePath(QStringLiteral("problems.csv"));
        QVERIFY(wizard.runPage()->saveRejects(report));
        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QStringList lines =
            QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("row,column,value,reason"));
        QSet<int> listed;
        for (const QString& line : lines.mid(1))
            listed.insert(line.section(u',', 0, 0).toInt());
        QList<int> listedRows(listed.cbegin(), listed.cend());
        std::sort(listedRows.begin(), listedRows.end());
        QCOMPARE(listedRows, sortedRows(truth.value(QStringLiteral("rejected_rows")).toArray()));

        wizard.button(QWizard::FinishButton)->click();
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
    }

    void theWindowKeepsRunningDuringALargeDryRun()
    {
        // 10,000 rows: the dry run takes far longer than one pass of the event loop, during which
        // the UI thread must keep serving its timers.
        ImportWizard wizard(freshDatabase());
        wizard.show();
        const int ticks = previewFile(wizard, fixture(QStringLiteral("volunteers-clean-10000.xlsx")));
        QVERIFY2(ticks > 0, "the UI thread did not run while the dry run worked");
        QVERIFY(wizard.previewPage()->isReady());
        QCOMPARE(rowsShowing(*wizard.previewModel(), RowOutcome::Imported).size(), 10000);
    }

    void importingAgainChangesNothing()
    {
        const QString db = freshDatabase();
        const QString sample = fixture(QStringLiteral("volunteers-sample.xlsx"));
        {
            ImportWizard first(db);
            first.show();
            previewFile(first, sample);
            QSignalSpy done(first.runPage(), &ImportRunPage::importFinished);
            first.next();
            QVERIFY(done.wait(120000));
        }
        const int stored = volunteersIn(db);
        QVERIFY(stored > 0);
        ImportWizard again(db);
        again.show();
        previewFile(again, sample);
        const ImportPreviewModel& model = *again.previewModel();
        QCOMPARE(rowsShowing(model, RowOutcome::Unchanged).size(), stored);
        QVERIFY(rowsShowing(model, RowOutcome::Imported).isEmpty());
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.index(r, 0).data(ImportPreviewModel::OutcomeRole).toInt() ==
                int(RowOutcome::Unchanged)) {
                QCOMPARE(model.index(r, ImportPreviewModel::OutcomeColumn).data().toString(),
                         QStringLiteral("未变"));
                break;
            }
        }
    }

    void organizationsThenVolunteersJoiningATeam()
    {
        const QString db = freshDatabase();
        const QJsonObject teams = expected(QStringLiteral("organizations-sample.expected.json"));
        {
            ImportWizard wizard(db);
            wizard.show();
            previewFile(wizard, fixture(QStringLiteral("organizations-sample.xlsx")));
            QCOMPARE(wizard.previewModel()->report().kind, TemplateKind::Organizations);
            QCOMPARE(rowsShowing(*wizard.previewModel(), RowOutcome::Rejected),
                     sortedRows(teams.value(QStringLiteral("rejected_rows")).toArray()));
            QSignalSpy done(wizard.runPage(), &ImportRunPage::importFinished);
            wizard.next();
            QVERIFY(done.wait(120000));
            QVERIFY(done.first().first().toBool());
        }
        // A new wizard offers the teams just imported; the volunteers of the table join the one chosen.
        ImportWizard wizard(db);
        wizard.show();
        auto* teamBox = wizard.findChild<QComboBox*>(QStringLiteral("importTeam"));
        QVERIFY(teamBox);
        QCOMPARE(teamBox->count(), int(teams.value(QStringLiteral("accepted")).toObject().size()) + 1);
        const QString teamId = teamBox->itemData(1).toString();
        wizard.filePage()->setTeamId(teamId);
        QCOMPARE(wizard.filePage()->teamId(), teamId);
        previewFile(wizard, fixture(QStringLiteral("volunteers-sample.xlsx")));
        QVERIFY(wizard.previewPage()->isReady());
        QSignalSpy done(wizard.runPage(), &ImportRunPage::importFinished);
        wizard.next();
        QVERIFY(done.wait(120000));
        QVERIFY(done.first().first().toBool());
        auto database = ClientDatabase::open(db);
        QVERIFY(database.has_value());
        VolunteerStore store(**database, SystemClock::instance());
        auto members = store.list(VolunteerFilter{QString(), teamId});
        QVERIFY(members.has_value());
        QCOMPARE(int(members->size()), int(expected(QStringLiteral("volunteers-sample.expected.json"))
                                               .value(QStringLiteral("accepted"))
                                               .toObject()
                                               .size()));
    }

    void aMissingFileIsRefusedOnTheFirstPage()
    {
        ImportWizard wizard(freshDatabase());
        wizard.show();
        wizard.setFile(m_dir.filePath(QStringLiteral("nowhere.xlsx")));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ImportWizard::FilePage));
        const QString error = wizard.findChild<QLabel*>(QStringLiteral("importFileError"))->text();
        QVERIFY2(error.contains(QStringLiteral("nowhere.xlsx")) && error.contains(QStringLiteral("不存在")),
                 qPrintable(error));
    }

    void aFileThatIsNoTemplateCannotBeImported()
    {
        const QString junk = m_dir.filePath(QStringLiteral("junk.csv"));
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,b,c\n1,2,3\n");
        file.close();
        const QString db = freshDatabase();
        ImportWizard wizard(db);
        wizard.show();
        previewFile(wizard, junk);
        QCOMPARE(wizard.currentId(), int(ImportWizard::PreviewPage));
        QVERIFY(!wizard.previewPage()->isReady());
        QVERIFY(!wizard.button(QWizard::CommitButton)->isEnabled());
        const QString status = wizard.findChild<QLabel*>(QStringLiteral("importPreviewStatus"))->text();
        QVERIFY2(status.contains(QStringLiteral("无法导入")), qPrintable(status));
        QCOMPARE(volunteersIn(db), 0);
    }
};

QTEST_MAIN(TestImportWizard)
#include "TestImportWizard.moc"
