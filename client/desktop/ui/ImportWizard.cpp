#include "ImportWizard.h"

#include "ImportFilePage.h"
#include "ImportPreviewPage.h"
#include "ImportRunPage.h"

namespace kjzy::desktop {

ImportWizard::ImportWizard(const QString& databasePath, QWidget* parent)
    : QWizard(parent), m_databasePath(databasePath), m_filePage(new ImportFilePage(databasePath, this))
{
    const auto file = [this] { return m_filePage->file(); };
    const auto team = [this] { return m_filePage->teamId(); };
    m_previewPage = new ImportPreviewPage(databasePath, file, team, this);
    m_runPage = new ImportRunPage(databasePath, file, team, this);
    setWindowTitle(tr("Import a table"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    setPage(FilePage, m_filePage);
    setPage(PreviewPage, m_previewPage);
    setPage(RunPage, m_runPage);
    setStartId(FilePage);
    // Fits a 1366x768 screen with the taskbar and the window frame.
    resize(1000, 620);

    connect(m_runPage, &ImportRunPage::importFinished, this, [this](bool ok) {
        if (ok)
            emit imported();
    });
}

ImportWizard::~ImportWizard() = default;

void ImportWizard::setFile(const QString& file)
{
    m_filePage->setFile(file);
}

QString ImportWizard::file() const
{
    return m_filePage->file();
}

ImportPreviewModel* ImportWizard::previewModel() const
{
    return m_previewPage->model();
}

void ImportWizard::reject()
{
    // Closing during the import would hide a transaction that still runs; wait for its summary.
    if (m_runPage->isRunning())
        return;
    QWizard::reject();
}

} // namespace kjzy::desktop
