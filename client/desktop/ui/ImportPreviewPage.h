#pragma once

#include "ImportJob.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QTableView;

namespace kjzy::desktop {

class ImportPreviewModel;

// The import wizard's second page: a dry run of the real importer (off the UI thread) and the
// verdict of every row, filterable by verdict. Going on from here imports (a commit page).
class ImportPreviewPage : public QWizardPage
{
    Q_OBJECT
public:
    ImportPreviewPage(QString databasePath, std::function<QString()> file, std::function<QString()> team,
                      QWidget* parent = nullptr);
    ~ImportPreviewPage() override;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

    ImportPreviewModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    bool isReady() const { return m_ready; }

signals:
    void previewFinished(bool ok);

private:
    void finishRun();
    void applyFilter();
    void resizeRows();

    QString m_databasePath;
    std::function<QString()> m_file;
    std::function<QString()> m_team;
    ImportPreviewModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QComboBox* m_filter;
    QLabel* m_status;
    QProgressBar* m_bar;
    QFutureWatcher<ImportJobResult>* m_watcher = nullptr;
    QList<QFuture<ImportJobResult>> m_running;
    bool m_ready = false;
};

} // namespace kjzy::desktop
