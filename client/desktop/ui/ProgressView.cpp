#include "ProgressView.h"

#include "clock/Clock.h"
#include "reference/RegionTable.h"
#include "spreadsheet/RegistrationTableBuilder.h"
#include "spreadsheet/TableWriter.h"
#include "store/AuditLog.h"
#include "store/ClientDatabase.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace kjzy::desktop {

ProgressView::ProgressView(const QString& databasePath, QWidget* parent)
    : QWidget(parent), m_databasePath(databasePath), m_summary(new QLabel(this)),
      m_tree(new QTreeWidget(this)),
      m_exportOrganizations(new QPushButton(tr("Export Attachment &1 (organizations)..."), this)),
      m_exportVolunteers(new QPushButton(tr("Export Attachment &2 (volunteers)..."), this)),
      m_exportStatus(new QLabel(this))
{
    m_summary->setObjectName(QStringLiteral("progressSummary"));
    m_summary->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("progressTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Region"), tr("Registered"), tr("Target"), tr("Progress"), tr("Missing")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(RegionColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(BarColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_exportOrganizations->setObjectName(QStringLiteral("exportOrganizations"));
    m_exportVolunteers->setObjectName(QStringLiteral("exportVolunteers"));
    const QString warning =
        tr("The table holds full ID and mobile numbers; the export is recorded in the audit log.");
    m_exportOrganizations->setToolTip(warning);
    m_exportVolunteers->setToolTip(warning);
    m_exportStatus->setObjectName(QStringLiteral("exportStatus"));
    m_exportStatus->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_exportOrganizations);
    buttons->addWidget(m_exportVolunteers);
    buttons->addWidget(m_exportStatus, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);

    connect(m_exportOrganizations, &QPushButton::clicked, this, [this] { chooseFile(Table::Organizations); });
    connect(m_exportVolunteers, &QPushButton::clicked, this, [this] { chooseFile(Table::Volunteers); });
    refresh();
}

ProgressView::~ProgressView()
{
    m_loading.waitForFinished();
    m_exporting.waitForFinished();
}

ProgressView::Loaded ProgressView::load(const QString& databasePath)
{
    Loaded loaded;
    auto database = ClientDatabase::open(databasePath);
    if (!database) {
        loaded.error = database.error().message;
        return loaded;
    }
    auto scope = (*database)->region();
    if (!scope) {
        loaded.error = scope.error().message;
        return loaded;
    }
    VolunteerStore store(**database, SystemClock::instance());
    auto counts = store.countsByCounty();
    if (!counts) {
        loaded.error = counts.error().message;
        return loaded;
    }
    loaded.scope = *scope;
    loaded.rows = TargetProgress::forScope(*scope, *counts);
    return loaded;
}

void ProgressView::refresh()
{
    if (m_loading.isRunning()) {
        m_loadAgain = true;
        return;
    }
    m_loading = QtConcurrent::run(&ProgressView::load, m_databasePath);
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher] {
        watcher->deleteLater();
        display(watcher->result());
        if (m_loadAgain) {
            m_loadAgain = false;
            refresh();
        }
    });
    watcher->setFuture(m_loading);
}

void ProgressView::display(const Loaded& loaded)
{
    m_tree->clear();
    m_rows = loaded.rows;
    if (!loaded.error.isEmpty()) {
        m_summary->setText(tr("The figures cannot be read: %1").arg(loaded.error));
        emit refreshed();
        return;
    }
    const QLocale locale;
    QTreeWidgetItem* top = nullptr;
    QTreeWidgetItem* city = nullptr;
    int behind = 0;
    int withTarget = 0;
    for (const RegionProgress& r : loaded.rows) {
        auto* item = new QTreeWidgetItem;
        item->setText(RegionColumn,
                      r.level == RegionLevel::Zone ? tr("%1 (functional zone)").arg(r.name) : r.name);
        item->setData(RegionColumn, CodeRole, r.code);
        item->setText(VolunteersColumn, locale.toString(r.volunteers));
        item->setTextAlignment(VolunteersColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(TargetColumn, r.target > 0 ? locale.toString(r.target) : QStringLiteral("—"));
        item->setTextAlignment(TargetColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(MissingColumn, r.target > 0 ? locale.toString(r.missing()) : QStringLiteral("—"));
        item->setTextAlignment(MissingColumn, Qt::AlignRight | Qt::AlignVCenter);
        if (r.target > 0) {
            ++withTarget;
            if (r.missing() > 0) {
                ++behind;
                item->setForeground(MissingColumn, QColor(0xb0, 0x00, 0x20));
            }
        }
        if (!top) {
            top = item;
            m_tree->addTopLevelItem(item);
        } else if (r.level == RegionLevel::City) {
            city = item;
            top->addChild(item);
        } else if (city && (r.level == RegionLevel::County || r.level == RegionLevel::Zone)) {
            city->addChild(item);
        } else {
            top->addChild(item);
        }
        if (r.target > 0) {
            auto* bar = new QProgressBar;
            bar->setRange(0, r.target);
            bar->setValue(std::min(r.volunteers, r.target));
            bar->setFormat(QStringLiteral("%1%").arg(QString::number(r.percent(), 'f', 1)));
            bar->setToolTip(tr("%1 of %2 registered").arg(r.volunteers).arg(r.target));
            m_tree->setItemWidget(item, BarColumn, bar);
        }
    }
    if (top)
        top->setExpanded(true);
    if (!loaded.rows.isEmpty()) {
        const RegionProgress& first = loaded.rows.first();
        QString text = tr("%1: %2 volunteers registered of the target %3 (%4%), %5 still missing.")
                           .arg(RegionTable::henan().displayName(first.code, true))
                           .arg(locale.toString(first.volunteers))
                           .arg(locale.toString(first.target))
                           .arg(QString::number(first.percent(), 'f', 1))
                           .arg(locale.toString(first.missing()));
        if (withTarget > 1)
            text += u' ' + tr("%1 of the %2 regions listed have not reached their target yet.")
                               .arg(behind)
                               .arg(withTarget);
        m_summary->setText(text);
    }
    emit refreshed();
}

QPair<bool, QString> ProgressView::writeTable(const QString& databasePath, Table table, const QString& file)
{
    auto database = ClientDatabase::open(databasePath);
    if (!database)
        return {false, database.error().message};
    if (auto scope = (*database)->region(); !scope)
        return {false, scope.error().message};
    TemplateTable sheet;
    qsizetype rows = 0;
    QString what;
    if (table == Table::Volunteers) {
        what = QStringLiteral("volunteers");
        VolunteerStore store(**database, SystemClock::instance());
        auto volunteers = store.list();
        if (!volunteers)
            return {false, volunteers.error().message};
        sheet = RegistrationTableBuilder::volunteers(*volunteers);
        rows = volunteers->size();
    } else {
        what = QStringLiteral("organizations");
        TeamStore store(**database, SystemClock::instance());
        auto teams = store.list();
        if (!teams)
            return {false, teams.error().message};
        sheet = RegistrationTableBuilder::organizations(*teams);
        rows = teams->size();
    }
    if (auto written = TableWriter::write(file, sheet); !written)
        return {false, written.error().message};
    // Exports carry full personal data: who, when, what and how many rows (as `kjzy export`).
    AuditLog audit(**database, SystemClock::instance());
    const QString detail = QStringLiteral("file=%1 region=%2 team=%3")
                               .arg(QFileInfo(file).absoluteFilePath(), QString(), QString());
    if (auto recorded = audit.record(QStringLiteral("export"), what, detail, int(rows)); !recorded)
        return {false, recorded.error().message};
    return {true, tr("%1 rows exported to %2 (full personal data: keep the file safe).")
                      .arg(rows)
                      .arg(QDir::toNativeSeparators(file))};
}

void ProgressView::exportTable(Table table, const QString& file)
{
    if (m_exporting.isRunning())
        return;
    m_exportOrganizations->setEnabled(false);
    m_exportVolunteers->setEnabled(false);
    m_exportStatus->setText(tr("Exporting..."));
    m_exporting = QtConcurrent::run(&ProgressView::writeTable, m_databasePath, table, file);
    auto* watcher = new QFutureWatcher<QPair<bool, QString>>(this);
    connect(watcher, &QFutureWatcher<QPair<bool, QString>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const auto [ok, message] = watcher->result();
        m_exportOrganizations->setEnabled(true);
        m_exportVolunteers->setEnabled(true);
        m_exportStatus->setText(ok ? message : tr("Export failed: %1").arg(message));
        emit exportFinished(ok, m_exportStatus->text());
    });
    watcher->setFuture(m_exporting);
}

void ProgressView::chooseFile(Table table)
{
    const QString suggested = table == Table::Volunteers ? tr("Attachment 2 volunteers.xlsx")
                                                         : tr("Attachment 1 organizations.xlsx");
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export the template table"), QDir::home().filePath(suggested),
                                     tr("Excel workbook (*.xlsx);;CSV (*.csv)"));
    if (!file.isEmpty())
        exportTable(table, file);
}

} // namespace kjzy::desktop
