#pragma once

#include <QWizard>

namespace kjzy::desktop {

class ImportFilePage;
class ImportPreviewPage;
class ImportPreviewModel;
class ImportRunPage;

// Takes in a unit's 附件1/附件2 workbook: pick the file, preview every row's verdict (a dry run of
// the real importer, off the UI thread), import (off the UI thread), then save the rejects report.
class ImportWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId
    {
        FilePage,
        PreviewPage,
        RunPage
    };

    explicit ImportWizard(const QString& databasePath, QWidget* parent = nullptr);
    ~ImportWizard() override;

    void setFile(const QString& file);
    QString file() const;

    ImportFilePage* filePage() const { return m_filePage; }
    ImportPreviewPage* previewPage() const { return m_previewPage; }
    ImportRunPage* runPage() const { return m_runPage; }
    ImportPreviewModel* previewModel() const;

public slots:
    void reject() override;

signals:
    void imported();

private:
    QString m_databasePath;
    ImportFilePage* m_filePage;
    ImportPreviewPage* m_previewPage;
    ImportRunPage* m_runPage;
};

} // namespace kjzy::desktop
