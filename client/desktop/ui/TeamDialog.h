#pragma once

#include "FormDialog.h"
#include "model/Team.h"

#include <QDate>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kjzy::desktop {

class CheckList;
class RegionPicker;

// Adds or edits one team (科技志愿服务组织). Validates as you type with TeamValidator; the name
// is read by TeamNameAdvisor against the notice's naming standard, and a derivable standard name is
// offered with a button that puts it in the name field. A non-standard name is advice, not an
// error (the CLI keeps such teams too), so it never disables OK.
class TeamDialog : public FormDialog
{
    Q_OBJECT
public:
    // `teamId` empty: a new team; `parent`: preselected parent team (the one selected in the tree).
    TeamDialog(const QString& databasePath, const QString& teamId = {}, const QString& parentTeam = {},
               QWidget* parent = nullptr);

    QPushButton* acceptSuggestionButton() const { return m_acceptSuggestion; }
    QString suggestion() const { return m_suggestion; }
    QString savedId() const { return m_savedId; }

public slots:
    void accept() override;
    void acceptSuggestion();

signals:
    void saved(const QString& teamId);

private:
    void buildForm();
    void load(const QString& teamId, const QString& parentTeam);
    void touch(const QString& field) override;
    void revalidate() override;
    TeamInput input() const;

    QString m_databasePath;
    QString m_teamId;
    Team m_existing;
    QDate m_today;
    QString m_savedId;
    QString m_suggestion;
    ValidationIssues m_issues;

    QLineEdit* m_name = nullptr;
    QLabel* m_suggestionLabel = nullptr;
    QPushButton* m_acceptSuggestion = nullptr;
    QWidget* m_suggestionRow = nullptr;
    QComboBox* m_category = nullptr;
    QComboBox* m_parent = nullptr;
    QLineEdit* m_adminMobile = nullptr;
    QComboBox* m_registered = nullptr;
    QComboBox* m_supervisorType = nullptr;
    QLineEdit* m_supervisor = nullptr;
    QLineEdit* m_founded = nullptr;
    CheckList* m_serviceCategories = nullptr;
    RegionPicker* m_region = nullptr;
};

} // namespace kjzy::desktop
