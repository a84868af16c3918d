#pragma once

#include "ImportJob.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace kjzy::desktop {

class ImportPreviewModel;

// The import wizard's last page: the import itself (off the UI thread, with a progress bar),
// then its summary and the rejects report to save for the unit that sent the table.
class ImportRunPage : public QWizardPage
{
    Q_OBJECT
public:
    ImportRunPage(QString databasePath, std::function<QString()> file, std::function<QString()> team,
                  QWidget* parent = nullptr);
    ~ImportRunPage() override;

    void initializePage() override;
    bool isComplete() const override;

    bool isDone() const { return m_done; }
    bool isRunning() const { return m_watcher != nullptr && !m_done; }
    const ImportReport& report() const { return m_result.report; }
    // Writes the rejects report to `path`; false with the reason shown on the page.
    bool saveRejects(const QString& path);

signals:
    void importFinished(bool ok);

private:
    void finishRun();
    void chooseRejectsFile();

    QString m_databasePath;
    std::function<QString()> m_file;
    std::function<QString()> m_team;
    QLabel* m_status;
    QProgressBar* m_bar;
    QPushButton* m_saveRejects;
    QLabel* m_saved;
    ImportPreviewModel* m_rejects;
    QSortFilterProxyModel* m_rejectsOnly;
    QTableView* m_rejectsTable;
    QFutureWatcher<ImportJobResult>* m_watcher = nullptr;
    ImportJobResult m_result;
    bool m_done = false;
};

} // namespace kjzy::desktop
