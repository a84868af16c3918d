#pragma once

#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;

namespace kjzy::desktop {

// The import wizard's first page: which returned 附件1/附件2 file (.xlsx or .csv).
class ImportFilePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ImportFilePage(const QString& databasePath, QWidget* parent = nullptr);

    QString file() const;
    void setFile(const QString& file);
    // 附件2 only: the team every imported volunteer joins (as `kjzy import --team`); empty: none.
    QString teamId() const;
    void setTeamId(const QString& id);

    bool isComplete() const override;
    bool validatePage() override;

private:
    void browse();

    QLineEdit* m_path;
    QComboBox* m_team;
    QLabel* m_error;
};

} // namespace kjzy::desktop
