#include "RejectionsDialog.h"

#include "clock/Clock.h"
#include "privacy/Masking.h"
#include "store/SyncStatus.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"
#include "sync/Change.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kjzy::desktop {

RejectionsDialog::RejectionsDialog(const QString& databasePath, QWidget* parent)
    : QDialog(parent), m_databasePath(databasePath), m_intro(new QLabel(this)),
      m_table(new QTableWidget(0, ColumnCount, this)), m_edit(new QPushButton(tr("&Edit..."), this))
{
    setWindowTitle(tr("Rejected changes"));
    m_intro->setObjectName(QStringLiteral("rejectionsIntro"));
    m_intro->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("rejectionsTable"));
    m_table->setHorizontalHeaderLabels({tr("Kind"), tr("Name"), tr("Reason"), tr("Returned at")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(KindColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ReasonColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(AtColumn, QHeaderView::ResizeToContents);
    m_edit->setObjectName(QStringLiteral("rejectionsEdit"));
    m_edit->setToolTip(tr("Open the record to correct it; the correction goes out at the next sync"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_edit, QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(900, 480);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QPushButton::clicked, this, &RejectionsDialog::editSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RejectionsDialog::updateButtons);
    connect(m_table, &QTableWidget::cellActivated, this, &RejectionsDialog::editSelected);
    refresh();
}

RejectionsDialog::~RejectionsDialog() = default;

void RejectionsDialog::refresh()
{
    m_table->setRowCount(0);
    // A short read of one small table; the dialog opens on demand, so it reads on the spot.
    auto database = ClientDatabase::open(m_databasePath);
    if (!database) {
        m_intro->setText(tr("The database cannot be read: %1").arg(database.error().message));
        updateButtons();
        return;
    }
    auto status = SyncStatus::read(**database);
    if (!status) {
        m_intro->setText(tr("The database cannot be read: %1").arg(status.error().message));
        updateButtons();
        return;
    }
    VolunteerStore volunteers(**database, SystemClock::instance());
    TeamStore teams(**database, SystemClock::instance());
    for (const RejectedChangeEntry& entry : status->rejections) {
        QString kind = entry.entity;
        QString name;
        if (entry.entity == entity::kVolunteer) {
            kind = tr("Volunteer");
            if (auto volunteer = volunteers.get(entry.id))
                name =
                    QStringLiteral("%1（%2）").arg(volunteer->name, Masking::idNumber(volunteer->idNumber));
        } else if (entry.entity == entity::kMembership) {
            kind = tr("Team membership");
        } else if (entry.entity == entity::kTeam) {
            kind = tr("Team");
            if (auto team = teams.get(entry.id))
                name = team->name;
        }
        if (name.isEmpty())
            name = tr("(deleted on this computer)");
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* kindItem = new QTableWidgetItem(kind);
        kindItem->setData(EntityRole, entry.entity);
        kindItem->setData(IdRole, entry.id);
        m_table->setItem(row, KindColumn, kindItem);
        m_table->setItem(row, NameColumn, new QTableWidgetItem(name));
        auto* reason = new QTableWidgetItem(entry.reason);
        reason->setToolTip(entry.reason);
        m_table->setItem(row, ReasonColumn, reason);
        const QDateTime at = QDateTime::fromString(entry.at, Qt::ISODateWithMs);
        m_table->setItem(
            row, AtColumn,
            new QTableWidgetItem(at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                              : entry.at));
    }
    m_table->resizeRowsToContents();
    if (status->rejections.isEmpty())
        m_intro->setText(tr("The server has returned no changes."));
    else
        m_intro->setText(tr("The server returned %1 changes. Correct each record (Edit); the corrections go "
                            "out at the next sync. The other changes were accepted.")
                             .arg(status->rejected));
    if (m_table->rowCount() > 0)
        m_table->selectRow(0);
    updateButtons();
}

void RejectionsDialog::updateButtons()
{
    const int row = m_table->currentRow();
    bool editable = false;
    if (row >= 0 && m_table->item(row, KindColumn)) {
        const QString entityName = m_table->item(row, KindColumn)->data(EntityRole).toString();
        editable = entityName == entity::kVolunteer || entityName == entity::kTeam;
    }
    m_edit->setEnabled(editable);
}

void RejectionsDialog::editSelected()
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, KindColumn))
        return;
    const QTableWidgetItem* item = m_table->item(row, KindColumn);
    const QString entityName = item->data(EntityRole).toString();
    const QString id = item->data(IdRole).toString();
    if (entityName == entity::kVolunteer)
        emit editVolunteerRequested(id);
    else if (entityName == entity::kTeam)
        emit editTeamRequested(id);
}

} // namespace kjzy::desktop
