#include "ImportRunPage.h"

#include "ImportPreviewModel.h"

#include <QAbstractButton>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QWizard>

namespace kjzy::desktop {

ImportRunPage::ImportRunPage(QString databasePath, std::function<QString()> file,
                             std::function<QString()> team, QWidget* parent)
    : QWizardPage(parent), m_databasePath(std::move(databasePath)), m_file(std::move(file)),
      m_team(std::move(team)), m_status(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_saveRejects(new QPushButton(tr("&Save problem list..."), this)), m_saved(new QLabel(this)),
      m_rejects(new ImportPreviewModel(this)), m_rejectsOnly(new QSortFilterProxyModel(this)),
      m_rejectsTable(new QTableView(this))
{
    setTitle(tr("Import"));
    setFinalPage(true);
    m_status->setObjectName(QStringLiteral("importRunStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bar->setObjectName(QStringLiteral("importRunProgress"));
    m_saveRejects->setObjectName(QStringLiteral("importSaveRejects"));
    m_saveRejects->setToolTip(tr("A CSV list of every problem (row, column, value, reason) to send back "
                                 "to the unit that filled in the table"));
    m_saveRejects->hide();
    m_saved->setObjectName(QStringLiteral("importRejectsSaved"));
    m_saved->setWordWrap(true);

    // The rejected rows again, beside the button that saves them for the unit.
    m_rejectsOnly->setSourceModel(m_rejects);
    m_rejectsOnly->setFilterRole(ImportPreviewModel::OutcomeRole);
    m_rejectsOnly->setFilterRegularExpression(QStringLiteral("^%1$").arg(int(RowOutcome::Rejected)));
    m_rejectsTable->setObjectName(QStringLiteral("importRejectsTable"));
    m_rejectsTable->setModel(m_rejectsOnly);
    m_rejectsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rejectsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rejectsTable->setWordWrap(true);
    m_rejectsTable->verticalHeader()->hide();
    m_rejectsTable->horizontalHeader()->setStretchLastSection(true);
    // Fixed widths: measuring the contents of a 10,000-row sheet would stall the window.
    m_rejectsTable->setColumnWidth(ImportPreviewModel::RowColumn,
                                   fontMetrics().horizontalAdvance(QStringLiteral("000000")) + 12);
    m_rejectsTable->setColumnWidth(
        ImportPreviewModel::OutcomeColumn,
        fontMetrics().horizontalAdvance(ImportPreviewModel::outcomeText(RowOutcome::Unchanged)) + 24);
    m_rejectsTable->setColumnWidth(ImportPreviewModel::NameColumn, 120);
    m_rejectsTable->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_bar);
    layout->addWidget(m_saveRejects, 0, Qt::AlignLeft);
    layout->addWidget(m_saved);
    layout->addWidget(m_rejectsTable, 1);
    layout->addStretch(0);

    connect(m_saveRejects, &QPushButton::clicked, this, &ImportRunPage::chooseRejectsFile);
}

ImportRunPage::~ImportRunPage()
{
    // The import is one transaction: let it commit (or roll back) rather than cut it off.
    if (m_watcher)
        m_watcher->waitForFinished();
}

void ImportRunPage::initializePage()
{
    m_done = false;
    m_status->setText(tr("Importing %1 ...").arg(m_file()));
    m_bar->setRange(0, 0);
    m_bar->show();
    m_saveRejects->hide();
    m_saved->clear();
    if (wizard() && wizard()->button(QWizard::CancelButton))
        wizard()->button(QWizard::CancelButton)->setEnabled(false);
    emit completeChanged();

    m_watcher = new QFutureWatcher<ImportJobResult>(this);
    connect(m_watcher, &QFutureWatcher<ImportJobResult>::progressRangeChanged, m_bar,
            &QProgressBar::setRange);
    connect(m_watcher, &QFutureWatcher<ImportJobResult>::progressValueChanged, m_bar,
            &QProgressBar::setValue);
    connect(m_watcher, &QFutureWatcher<ImportJobResult>::finished, this, &ImportRunPage::finishRun);
    m_watcher->setFuture(ImportJob::start(m_databasePath, m_file(), false, m_team()));
}

bool ImportRunPage::isComplete() const
{
    return m_done;
}

void ImportRunPage::finishRun()
{
    if (!m_watcher || m_watcher->future().resultCount() == 0)
        return;
    m_result = m_watcher->result();
    m_done = true;
    m_bar->hide();
    if (wizard() && wizard()->button(QWizard::CancelButton))
        wizard()->button(QWizard::CancelButton)->setEnabled(true);
    if (!m_result.ok) {
        m_status->setText(tr("Nothing was imported: %1").arg(m_result.error));
    } else {
        const ImportReport& report = m_result.report;
        const int rejected = report.count(RowOutcome::Rejected);
        QString text = tr("Imported %1: %2 new, %3 updated, %4 unchanged, %5 rejected, %6 skipped.")
                           .arg(QFileInfo(report.file).fileName())
                           .arg(report.count(RowOutcome::Imported))
                           .arg(report.count(RowOutcome::Updated))
                           .arg(report.count(RowOutcome::Unchanged))
                           .arg(rejected)
                           .arg(report.count(RowOutcome::Skipped));
        if (rejected > 0) {
            text +=
                u'\n' + tr("The rejected rows were not imported. Save the problem list and send it to the "
                           "unit, or correct the rows and import the table again.");
            m_saveRejects->show();
            m_saveRejects->setFocus();
            m_rejects->setReport(report);
            m_rejectsTable->show();
            m_rejectsTable->resizeRowsToContents();
        }
        text += u'\n' + tr("The new records wait in this computer until the next sync.");
        m_status->setText(text);
    }
    emit completeChanged();
    emit importFinished(m_result.ok);
}

bool ImportRunPage::saveRejects(const QString& path)
{
    QString error;
    if (!ImportJob::saveRejects(m_result.report, path, &error)) {
        m_saved->setText(error);
        return false;
    }
    m_saved->setText(tr("Problem list saved to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void ImportRunPage::chooseRejectsFile()
{
    const QFileInfo source(m_result.report.file);
    const QString suggested =
        source.dir().filePath(source.completeBaseName() + tr("-problems") + QStringLiteral(".csv"));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save problem list"), suggested, tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        saveRejects(path);
}

} // namespace kjzy::desktop
