#pragma once

#include "LocalSnapshot.h"

#include <QFutureWatcher>
#include <QMainWindow>

#include <functional>

class QAction;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;

namespace kjzy::desktop {

class ProgressView;
class RejectionsDialog;
class SyncController;
class SyncStatusBar;
class TeamTree;
class VolunteerFilterProxy;
class VolunteerTableModel;

// What a worker thread read for the window: the snapshot or why it failed.
struct SnapshotLoad
{
    LocalSnapshot snapshot;
    QString error;
};

// The main window: teams and regions on the left, the selected volunteers on the right (masked,
// sortable, searchable), the progress page, and the import, sync and bundle actions of helper
// classes that run their work off the UI thread. Reading the database for the table is done on a
// worker thread too, so a 10,000-person county never freezes the window.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const QString& databasePath, QWidget* parent = nullptr);
    ~MainWindow() override;

    const QString& databasePath() const { return m_databasePath; }
    TeamTree* teamTree() const { return m_tree; }
    QTableView* volunteerTable() const { return m_table; }
    QLineEdit* searchEdit() const { return m_search; }
    VolunteerTableModel* volunteerModel() const { return m_model; }
    VolunteerFilterProxy* volunteerProxy() const { return m_proxy; }
    QTabWidget* tabs() const { return m_tabs; }
    SyncController* syncController() const { return m_sync; }
    ProgressView* progressView() const { return m_progress; }
    // By object name: addVolunteerAction, editVolunteerAction, revealAction, syncAction …
    QAction* action(const QString& objectName) const;
    // True from reload() until the table and tree show what the worker thread read.
    bool isLoading() const { return m_loading; }
    // The ids of the volunteers selected in the table.
    QStringList selectedVolunteerIds() const;

public slots:
    void reload();
    void addVolunteer();
    void editVolunteer(const QString& volunteerId = {});
    void removeVolunteer();
    void addTeam();
    void editTeam(const QString& teamId = {});
    void removeTeam();
    // Shows the selected rows' ID numbers and mobiles in full after writing an audit row, as
    // `kjzy volunteer show --reveal` does.
    void revealSelected();
    void hideRevealed();
    void openImportWizard();
    void startSync();
    void openRejections();
    void openEnrollment();
    void exportBundle();
    void importBundleReply();
    void showAbout();

signals:
    // A reload finished and the table and tree show the database again.
    void reloaded();

private:
    void createActions();
    void createMenus();
    void createCentralWidget();
    void snapshotLoaded();
    void updateActions();
    void updateCount();
    QAction* makeAction(const QString& name, const QString& text, const QKeySequence& shortcut,
                        std::function<void()> handler);

    QString m_databasePath;
    QString m_region;
    TeamTree* m_tree = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_count = nullptr;
    QTabWidget* m_tabs = nullptr;
    VolunteerTableModel* m_model = nullptr;
    VolunteerFilterProxy* m_proxy = nullptr;
    SyncController* m_sync = nullptr;
    SyncStatusBar* m_syncBar = nullptr;
    ProgressView* m_progress = nullptr;
    RejectionsDialog* m_rejections = nullptr;
    QList<QAction*> m_actions;
    QFutureWatcher<SnapshotLoad> m_loader;
    bool m_reloadAgain = false;
    bool m_loading = false;
};

} // namespace kjzy::desktop
