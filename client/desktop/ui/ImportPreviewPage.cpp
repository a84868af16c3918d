#include "ImportPreviewPage.h"

#include "ImportPreviewModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace kjzy::desktop {

ImportPreviewPage::ImportPreviewPage(QString databasePath, std::function<QString()> file,
                                     std::function<QString()> team, QWidget* parent)
    : QWizardPage(parent), m_databasePath(std::move(databasePath)), m_file(std::move(file)),
      m_team(std::move(team)), m_model(new ImportPreviewModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)), m_filter(new QComboBox(this)),
      m_status(new QLabel(this)), m_bar(new QProgressBar(this))
{
    setTitle(tr("Preview"));
    setSubTitle(tr("What importing would do with every row. Nothing has been written yet."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Import"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(ImportPreviewModel::OutcomeRole);
    m_table->setObjectName(QStringLiteral("importPreviewTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ImportPreviewModel::RowColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Fixed widths: measuring the contents of a 10,000-row sheet would stall the window.
    m_table->setColumnWidth(ImportPreviewModel::RowColumn,
                            fontMetrics().horizontalAdvance(QStringLiteral("000000")) + 12);
    m_table->setColumnWidth(
        ImportPreviewModel::OutcomeColumn,
        fontMetrics().horizontalAdvance(ImportPreviewModel::outcomeText(RowOutcome::Unchanged)) + 24);
    m_table->setColumnWidth(ImportPreviewModel::NameColumn, 120);

    m_filter->setObjectName(QStringLiteral("importPreviewFilter"));
    m_filter->addItem(tr("All rows"), -1);
    for (const RowOutcome outcome : {RowOutcome::Rejected, RowOutcome::Imported, RowOutcome::Updated,
                                     RowOutcome::Unchanged, RowOutcome::Skipped})
        m_filter->addItem(ImportPreviewModel::outcomeText(outcome), int(outcome));
    auto* filterLabel = new QLabel(tr("&Show:"), this);
    filterLabel->setBuddy(m_filter);

    m_status->setObjectName(QStringLiteral("importPreviewStatus"));
    m_status->setWordWrap(true);
    m_bar->setObjectName(QStringLiteral("importPreviewProgress"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(filterLabel);
    top->addWidget(m_filter);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_bar);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QComboBox::currentIndexChanged, this, &ImportPreviewPage::applyFilter);
}

ImportPreviewPage::~ImportPreviewPage()
{
    // A dry run writes nothing, but it holds the database open: let it end before the file may go.
    for (auto& future : m_running)
        future.waitForFinished();
}

void ImportPreviewPage::initializePage()
{
    m_ready = false;
    m_model->setReport({});
    m_filter->setCurrentIndex(0);
    m_status->setText(tr("Checking every row of %1 ...").arg(m_file()));
    m_bar->setRange(0, 0);
    m_bar->show();
    emit completeChanged();

    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->deleteLater();
    }
    m_watcher = new QFutureWatcher<ImportJobResult>(this);
    connect(m_watcher, &QFutureWatcher<ImportJobResult>::progressRangeChanged, m_bar,
            &QProgressBar::setRange);
    connect(m_watcher, &QFutureWatcher<ImportJobResult>::progressValueChanged, m_bar,
            &QProgressBar::setValue);
    connect(m_watcher, &QFutureWatcher<ImportJobResult>::finished, this, &ImportPreviewPage::finishRun);
    QFuture<ImportJobResult> future = ImportJob::start(m_databasePath, m_file(), true, m_team());
    m_running.removeIf([](const QFuture<ImportJobResult>& f) { return f.isFinished(); });
    m_running.append(future);
    m_watcher->setFuture(future);
}

void ImportPreviewPage::cleanupPage()
{
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->deleteLater();
        m_watcher = nullptr;
    }
    m_ready = false;
    m_model->setReport({});
}

bool ImportPreviewPage::isComplete() const
{
    return m_ready;
}

void ImportPreviewPage::finishRun()
{
    auto* watcher = m_watcher;
    if (!watcher || watcher->future().resultCount() == 0)
        return;
    const ImportJobResult result = watcher->result();
    m_bar->hide();
    if (!result.ok) {
        m_status->setText(tr("The file cannot be imported: %1").arg(result.error));
        m_ready = false;
    } else {
        const ImportReport& report = result.report;
        m_model->setReport(report);
        resizeRows();
        const QString kind = report.kind == TemplateKind::Volunteers ? tr("volunteers (Attachment 2)")
                                                                     : tr("organizations (Attachment 1)");
        m_status->setText(
            tr("%1, sheet \"%2\", %3 rows. Importing would add %4, update %5, leave %6 unchanged; "
               "%7 rows are rejected and %8 skipped.")
                .arg(kind, report.sheet)
                .arg(report.rows.size())
                .arg(report.count(RowOutcome::Imported))
                .arg(report.count(RowOutcome::Updated))
                .arg(report.count(RowOutcome::Unchanged))
                .arg(report.count(RowOutcome::Rejected))
                .arg(report.count(RowOutcome::Skipped)));
        m_ready = true;
    }
    emit completeChanged();
    emit previewFinished(result.ok);
}

void ImportPreviewPage::applyFilter()
{
    const int outcome = m_filter->currentData().toInt();
    if (outcome < 0)
        m_proxy->setFilterRegularExpression(QString());
    else
        m_proxy->setFilterRegularExpression(QStringLiteral("^%1$").arg(outcome));
    resizeRows();
}

void ImportPreviewPage::resizeRows()
{
    // Rows with several problems need several lines; measuring every row of a 10,000-row sheet
    // would stall the window, and such sheets are mostly clean.
    constexpr int kMeasuredRows = 2000;
    if (m_proxy->rowCount() <= kMeasuredRows)
        m_table->resizeRowsToContents();
}

} // namespace kjzy::desktop
