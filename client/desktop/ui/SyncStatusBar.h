#pragma once

#include <QFuture>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace kjzy::desktop {

class SyncController;

// The main window's sync corner: online/offline, pending changes, rejected ones, the last sync,
// a progress bar while a sync runs, and the sync button. Reads the database off the UI thread.
class SyncStatusBar : public QWidget
{
    Q_OBJECT
public:
    SyncStatusBar(SyncController* controller, const QString& databasePath, QWidget* parent = nullptr);
    ~SyncStatusBar() override;

    struct Snapshot
    {
        bool ok = false;
        int pending = 0;
        int rejected = 0;
        QString lastSync; // ISO 8601 UTC as stored; empty: never
        bool enrolled = false;
    };
    // The figures shown now (after the last refresh finished).
    const Snapshot& snapshot() const { return m_snapshot; }

public slots:
    void refresh();

signals:
    // Emitted after a refresh has updated the labels.
    void refreshed();
    // The "rejected" figure was clicked: the main window opens the RejectionsDialog.
    void rejectionsRequested();

private:
    void display(const Snapshot& snapshot);
    void showConnection();
    static Snapshot read(const QString& databasePath);

    SyncController* m_controller;
    QString m_databasePath;
    QLabel* m_online;
    QLabel* m_pending;
    QToolButton* m_rejected;
    QLabel* m_lastSync;
    QProgressBar* m_bar;
    QToolButton* m_syncButton;
    QLabel* m_message;
    Snapshot m_snapshot;
    QFuture<Snapshot> m_reading;
    bool m_refreshAgain = false;
};

} // namespace kjzy::desktop
