#include "MainWindow.h"

#include "FirstStartDialog.h"
#include "ImportWizard.h"
#include "ProgressView.h"
#include "RejectionsDialog.h"
#include "SyncController.h"
#include "SyncStatusBar.h"
#include "TeamDialog.h"
#include "TeamTree.h"
#include "VolunteerDialog.h"
#include "VolunteerFilterProxy.h"
#include "VolunteerTableModel.h"
#include "clock/Clock.h"
#include "reference/RegionTable.h"
#include "store/AuditLog.h"
#include "store/ClientDatabase.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace kjzy::desktop {

namespace {

constexpr int kStatusMessageMs = 8000;

SnapshotLoad loadSnapshot(const QString& databasePath)
{
    auto snapshot = LocalSnapshot::load(databasePath);
    if (!snapshot)
        return {{}, snapshot.error().message};
    return {std::move(*snapshot), {}};
}

} // namespace

MainWindow::MainWindow(const QString& databasePath, QWidget* parent)
    : QMainWindow(parent), m_databasePath(databasePath), m_model(new VolunteerTableModel(this)),
      m_proxy(new VolunteerFilterProxy(this)), m_sync(new SyncController(databasePath, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("kjzy – Science and Technology Volunteers"));
    m_proxy->setSourceModel(m_model);
    createActions();
    createMenus();
    createCentralWidget();

    m_syncBar = new SyncStatusBar(m_sync, m_databasePath, this);
    m_syncBar->setObjectName(QStringLiteral("syncStatusBar"));
    statusBar()->addPermanentWidget(m_syncBar);

    connect(&m_loader, &QFutureWatcher<SnapshotLoad>::finished, this, &MainWindow::snapshotLoaded);
    connect(m_sync, &SyncController::started, this, &MainWindow::updateActions);
    // The outcome's message is the sync status bar's to show.
    connect(m_sync, &SyncController::finished, this, [this] {
        updateActions();
        reload();
        if (m_rejections)
            m_rejections->refresh();
    });
    // 1366×768 with a task bar: leave room for the window frame.
    resize(1280, 700);
    reload();
}

MainWindow::~MainWindow()
{
    m_loader.disconnect();
    m_loader.waitForFinished();
}

QAction* MainWindow::makeAction(const QString& name, const QString& text, const QKeySequence& shortcut,
                                std::function<void()> handler)
{
    auto* action = new QAction(text, this);
    action->setObjectName(name);
    if (!shortcut.isEmpty()) {
        action->setShortcut(shortcut);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(u'&').remove(u'…'),
                                                         shortcut.toString(QKeySequence::NativeText)));
    }
    connect(action, &QAction::triggered, this, std::move(handler));
    m_actions << action;
    return action;
}

QAction* MainWindow::action(const QString& objectName) const
{
    for (QAction* a : m_actions) {
        if (a->objectName() == objectName)
            return a;
    }
    return nullptr;
}

void MainWindow::createActions()
{
    makeAction(QStringLiteral("importAction"), tr("&Import spreadsheet…"), QKeySequence(Qt::CTRL | Qt::Key_I),
               [this] { openImportWizard(); });
    makeAction(QStringLiteral("exportBundleAction"), tr("&Export data bundle…"), {},
               [this] { exportBundle(); });
    makeAction(QStringLiteral("importBundleAction"), tr("Import &reply bundle…"), {},
               [this] { importBundleReply(); });
    makeAction(QStringLiteral("quitAction"), tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q),
               [this] { close(); });

    makeAction(QStringLiteral("addVolunteerAction"), tr("&Add volunteer…"),
               QKeySequence(Qt::CTRL | Qt::Key_N), [this] { addVolunteer(); });
    makeAction(QStringLiteral("editVolunteerAction"), tr("&Edit volunteer…"),
               QKeySequence(Qt::CTRL | Qt::Key_E), [this] { editVolunteer(); });
    makeAction(QStringLiteral("removeVolunteerAction"), tr("&Delete volunteer"), QKeySequence::Delete,
               [this] { removeVolunteer(); });
    makeAction(QStringLiteral("revealAction"), tr("Show &full details"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] { revealSelected(); });
    makeAction(QStringLiteral("hideAction"), tr("&Mask details again"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H), [this] { hideRevealed(); });
    makeAction(QStringLiteral("addTeamAction"), tr("Add &team…"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { addTeam(); });
    makeAction(QStringLiteral("editTeamAction"), tr("Edit tea&m…"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { editTeam(); });
    makeAction(QStringLiteral("removeTeamAction"), tr("Delete team"), {}, [this] { removeTeam(); });
    makeAction(QStringLiteral("findAction"), tr("&Find"), QKeySequence::Find, [this] {
        m_tabs->setCurrentIndex(0);
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    makeAction(QStringLiteral("refreshAction"), tr("&Refresh"), QKeySequence(Qt::Key_F5),
               [this] { reload(); });
    makeAction(QStringLiteral("syncAction"), tr("&Sync now"), QKeySequence(Qt::Key_F9),
               [this] { startSync(); });
    makeAction(QStringLiteral("enrollAction"), tr("&Enroll with the server…"), {},
               [this] { openEnrollment(); });
    makeAction(QStringLiteral("rejectionsAction"), tr("&Rejected records…"),
               QKeySequence(Qt::CTRL | Qt::Key_R), [this] { openRejections(); });
    makeAction(QStringLiteral("volunteersTabAction"), tr("Volunteers and teams"),
               QKeySequence(Qt::CTRL | Qt::Key_1), [this] { m_tabs->setCurrentIndex(0); });
    makeAction(QStringLiteral("progressTabAction"), tr("Progress against targets"),
               QKeySequence(Qt::CTRL | Qt::Key_2), [this] { m_tabs->setCurrentIndex(1); });
    makeAction(QStringLiteral("aboutAction"), tr("&About kjzy"), {}, [this] { showAbout(); });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("importAction")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("exportBundleAction")));
    file->addAction(action(QStringLiteral("importBundleAction")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quitAction")));

    QMenu* records = menuBar()->addMenu(tr("&Records"));
    for (const char* name : {"addVolunteerAction", "editVolunteerAction", "removeVolunteerAction"})
        records->addAction(action(QString::fromLatin1(name)));
    records->addSeparator();
    records->addAction(action(QStringLiteral("revealAction")));
    records->addAction(action(QStringLiteral("hideAction")));
    records->addSeparator();
    for (const char* name : {"addTeamAction", "editTeamAction", "removeTeamAction"})
        records->addAction(action(QString::fromLatin1(name)));
    records->addSeparator();
    records->addAction(action(QStringLiteral("findAction")));
    records->addAction(action(QStringLiteral("refreshAction")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(action(QStringLiteral("volunteersTabAction")));
    view->addAction(action(QStringLiteral("progressTabAction")));

    QMenu* sync = menuBar()->addMenu(tr("&Sync"));
    sync->addAction(action(QStringLiteral("syncAction")));
    sync->addAction(action(QStringLiteral("rejectionsAction")));
    sync->addSeparator();
    sync->addAction(action(QStringLiteral("enrollAction")));
    sync->addSeparator();
    sync->addAction(action(QStringLiteral("exportBundleAction")));
    sync->addAction(action(QStringLiteral("importBundleAction")));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("aboutAction")));

    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // Short labels on the buttons; the menus keep the full texts with their access keys.
    const std::pair<const char*, QString> shortTexts[] = {
        {"importAction", tr("Import")},       {"addVolunteerAction", tr("Add volunteer")},
        {"editVolunteerAction", tr("Edit")},  {"addTeamAction", tr("Add team")},
        {"revealAction", tr("Show details")}, {"syncAction", tr("Sync")},
        {"rejectionsAction", tr("Rejected")},
    };
    for (const auto& [name, text] : shortTexts)
        action(QString::fromLatin1(name))->setIconText(text);
    for (const char* name :
         {"importAction", "addVolunteerAction", "editVolunteerAction", "addTeamAction", "revealAction"})
        toolbar->addAction(action(QString::fromLatin1(name)));
    toolbar->addSeparator();
    for (const char* name : {"syncAction", "rejectionsAction"})
        toolbar->addAction(action(QString::fromLatin1(name)));
}

void MainWindow::createCentralWidget()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));

    auto* splitter = new QSplitter(Qt::Horizontal, m_tabs);
    m_tree = new TeamTree(splitter);
    m_tree->setObjectName(QStringLiteral("teamTree"));

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* searchRow = new QHBoxLayout;
    auto* searchLabel = new QLabel(tr("Searc&h:"), right);
    m_search = new QLineEdit(right);
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(tr("name, last digits of the ID number, or mobile"));
    m_search->setClearButtonEnabled(true);
    searchLabel->setBuddy(m_search);
    m_count = new QLabel(right);
    m_count->setObjectName(QStringLiteral("countLabel"));
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_count);
    rightLayout->addLayout(searchRow);

    m_table = new QTableView(right);
    m_table->setObjectName(QStringLiteral("volunteerTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(VolunteerTableModel::Name, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(24);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    const int widths[] = {80, 40, 170, 110, 150, 180, 90};
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_table->setColumnWidth(column, widths[column]);
    rightLayout->addWidget(m_table, 1);

    splitter->addWidget(m_tree);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({330, 930});

    m_progress = new ProgressView(m_databasePath, m_tabs);
    m_progress->setObjectName(QStringLiteral("progressView"));
    m_tabs->addTab(splitter, tr("&Volunteers and teams"));
    m_tabs->addTab(m_progress, tr("&Progress against targets"));
    setCentralWidget(m_tabs);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setSearchText(text);
        updateCount();
    });
    connect(m_tree, &TeamTree::scopeChanged, this, [this](const VolunteerScope& scope) {
        m_proxy->setScope(scope);
        updateCount();
        updateActions();
    });
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this] { editVolunteer(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    connect(m_tree, &QAbstractItemView::doubleClicked, this, [this] {
        if (m_tree->currentTeam())
            editTeam();
    });
    // Enter opens the selected volunteer, as a double click does.
    auto* open = new QAction(m_table);
    open->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    open->setShortcutContext(Qt::WidgetShortcut);
    connect(open, &QAction::triggered, this, [this] { editVolunteer(); });
    m_table->addAction(open);
}

void MainWindow::reload()
{
    m_loading = true;
    if (m_loader.isRunning()) {
        m_reloadAgain = true;
        return;
    }
    m_loader.setFuture(QtConcurrent::run(loadSnapshot, m_databasePath));
}

void MainWindow::snapshotLoaded()
{
    const SnapshotLoad load = m_loader.result();
    if (m_reloadAgain) {
        m_reloadAgain = false;
        reload();
        return;
    }
    m_loading = false;
    if (!load.error.isEmpty()) {
        statusBar()->showMessage(tr("Could not read the local database: %1").arg(load.error));
        emit reloaded();
        return;
    }
    const LocalSnapshot& s = load.snapshot;
    m_region = s.region;
    setWindowTitle(tr("kjzy – Science and Technology Volunteers – %1")
                       .arg(RegionTable::henan().displayName(s.region, true)));
    QHash<QString, QString> teamNames;
    for (const Team& team : s.teams)
        teamNames.insert(team.id, team.name);
    QHash<QString, int> members;
    for (const Volunteer& v : s.volunteers) {
        for (const QString& team : v.teams)
            ++members[team];
    }
    const QStringList selected = selectedVolunteerIds();
    m_model->setVolunteers(s.volunteers, teamNames);
    m_tree->setTeams(s.region, s.teams, members);
    // Keep the rows that were selected, so an edit does not lose the clerk's place.
    for (const QString& id : selected) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            m_table->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    updateCount();
    updateActions();
    m_progress->refresh();
    m_syncBar->refresh();
    emit reloaded();
}

void MainWindow::updateCount()
{
    m_count->setText(tr("%1 of %2 volunteers").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
}

void MainWindow::updateActions()
{
    const bool one = selectedVolunteerIds().size() == 1;
    const bool any = !selectedVolunteerIds().isEmpty();
    action(QStringLiteral("editVolunteerAction"))->setEnabled(one);
    action(QStringLiteral("removeVolunteerAction"))->setEnabled(one);
    action(QStringLiteral("revealAction"))->setEnabled(any);
    const bool team = m_tree->currentTeam() != nullptr;
    action(QStringLiteral("editTeamAction"))->setEnabled(team);
    action(QStringLiteral("removeTeamAction"))->setEnabled(team);
    action(QStringLiteral("syncAction"))->setEnabled(!m_sync->isRunning());
    action(QStringLiteral("exportBundleAction"))->setEnabled(!m_sync->isRunning());
    action(QStringLiteral("importBundleAction"))->setEnabled(!m_sync->isRunning());
}

QStringList MainWindow::selectedVolunteerIds() const
{
    QStringList ids;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        ids << index.data(VolunteerTableModel::VolunteerIdRole).toString();
    return ids;
}

void MainWindow::addVolunteer()
{
    const Team* team = m_tree->currentTeam();
    auto* dialog = new VolunteerDialog(m_databasePath, {}, team ? team->id : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &VolunteerDialog::saved, this, [this](const QString&) {
        statusBar()->showMessage(tr("Volunteer saved"), kStatusMessageMs);
        reload();
    });
    dialog->open();
}

void MainWindow::editVolunteer(const QString& volunteerId)
{
    QString id = volunteerId;
    if (id.isEmpty()) {
        const QStringList selected = selectedVolunteerIds();
        if (selected.size() != 1)
            return;
        id = selected.first();
    }
    auto* dialog = new VolunteerDialog(m_databasePath, id, {}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &VolunteerDialog::saved, this, [this](const QString&) {
        statusBar()->showMessage(tr("Volunteer saved"), kStatusMessageMs);
        reload();
        if (m_rejections)
            m_rejections->refresh();
    });
    dialog->open();
}

void MainWindow::removeVolunteer()
{
    const QStringList selected = selectedVolunteerIds();
    if (selected.size() != 1)
        return;
    const int row = m_model->rowOf(selected.first());
    const QString name = row >= 0 ? m_model->volunteerAt(row).name : QString();
    if (QMessageBox::question(
            this, tr("Delete volunteer"),
            tr("Delete the volunteer \"%1\"? The deletion is synced to the server.").arg(name)) !=
        QMessageBox::Yes)
        return;
    auto database = ClientDatabase::open(m_databasePath);
    Status removed = database ? VolunteerStore(**database, SystemClock::instance()).remove(selected.first())
                              : Status(std::unexpected(database.error()));
    if (!removed) {
        QMessageBox::warning(this, tr("Delete volunteer"), removed.error().message);
        return;
    }
    statusBar()->showMessage(tr("Volunteer \"%1\" deleted").arg(name), kStatusMessageMs);
    reload();
}

void MainWindow::addTeam()
{
    const Team* parent = m_tree->currentTeam();
    auto* dialog = new TeamDialog(m_databasePath, {}, parent ? parent->id : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TeamDialog::saved, this, [this](const QString&) {
        statusBar()->showMessage(tr("Team saved"), kStatusMessageMs);
        reload();
    });
    dialog->open();
}

void MainWindow::editTeam(const QString& teamId)
{
    QString id = teamId;
    if (id.isEmpty()) {
        const Team* team = m_tree->currentTeam();
        if (!team)
            return;
        id = team->id;
    }
    auto* dialog = new TeamDialog(m_databasePath, id, {}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TeamDialog::saved, this, [this](const QString&) {
        statusBar()->showMessage(tr("Team saved"), kStatusMessageMs);
        reload();
        if (m_rejections)
            m_rejections->refresh();
    });
    dialog->open();
}

void MainWindow::removeTeam()
{
    const Team* team = m_tree->currentTeam();
    if (!team)
        return;
    const QString id = team->id;
    const QString name = team->name;
    if (QMessageBox::question(this, tr("Delete team"),
                              tr("Delete the team \"%1\"? Its members stay registered.").arg(name)) !=
        QMessageBox::Yes)
        return;
    auto database = ClientDatabase::open(m_databasePath);
    Status removed = database ? TeamStore(**database, SystemClock::instance()).remove(id)
                              : Status(std::unexpected(database.error()));
    if (!removed) {
        QMessageBox::warning(this, tr("Delete team"), removed.error().message);
        return;
    }
    statusBar()->showMessage(tr("Team \"%1\" deleted").arg(name), kStatusMessageMs);
    reload();
}

void MainWindow::revealSelected()
{
    const QStringList ids = selectedVolunteerIds();
    if (ids.isEmpty())
        return;
    // The audit row is written first: no full value is shown unless its viewing is on record (PIPL).
    auto database = ClientDatabase::open(m_databasePath);
    if (!database) {
        statusBar()->showMessage(database.error().message, kStatusMessageMs);
        return;
    }
    AuditLog audit(**database, SystemClock::instance());
    const QString detail = ids.size() == 1 ? ids.first() : ids.join(u',');
    if (auto ok =
            audit.record(QStringLiteral("reveal"), QStringLiteral("volunteer"), detail, int(ids.size()));
        !ok) {
        statusBar()->showMessage(ok.error().message, kStatusMessageMs);
        return;
    }
    m_model->reveal(ids);
    statusBar()->showMessage(
        tr("Full details of %1 volunteer(s) shown; this was recorded in the audit log").arg(ids.size()),
        kStatusMessageMs);
}

void MainWindow::hideRevealed()
{
    m_model->hideAll();
}

void MainWindow::openImportWizard()
{
    auto* wizard = new ImportWizard(m_databasePath, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &ImportWizard::imported, this, &MainWindow::reload);
    wizard->open();
}

void MainWindow::startSync()
{
    if (m_sync->isRunning())
        return;
    m_sync->startSync();
    updateActions();
}

void MainWindow::openRejections()
{
    if (!m_rejections) {
        m_rejections = new RejectionsDialog(m_databasePath, this);
        m_rejections->setObjectName(QStringLiteral("rejectionsDialog"));
        connect(m_rejections, &RejectionsDialog::editVolunteerRequested, this,
                [this](const QString& id) { editVolunteer(id); });
        connect(m_rejections, &RejectionsDialog::editTeamRequested, this,
                [this](const QString& id) { editTeam(id); });
    }
    m_rejections->refresh();
    m_rejections->show();
    m_rejections->raise();
    m_rejections->activateWindow();
}

void MainWindow::openEnrollment()
{
    auto* dialog = new FirstStartDialog(m_databasePath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setEnrollOnly(m_region);
    connect(dialog, &QDialog::accepted, this, [this] {
        statusBar()->showMessage(tr("Enrolled with the server: press Sync to send and fetch the records"),
                                 kStatusMessageMs);
        m_syncBar->refresh();
    });
    dialog->open();
}

void MainWindow::exportBundle()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Export data bundle"), QString(),
                                                      tr("kjzy data bundles (*.kjzy)"));
    if (file.isEmpty())
        return;
    m_sync->exportBundle(file);
    updateActions();
}

void MainWindow::importBundleReply()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import reply bundle"), QString(),
                                                      tr("kjzy data bundles (*.kjzy)"));
    if (file.isEmpty())
        return;
    m_sync->importBundleReply(file);
    updateActions();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About kjzy"),
                       tr("kjzy %1 – registry of Henan's science and technology volunteers.\n"
                          "Local database: %2")
                           .arg(QApplication::applicationVersion(), m_databasePath));
}

} // namespace kjzy::desktop
