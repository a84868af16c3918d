#pragma once

#include "FormDialog.h"
#include "model/Volunteer.h"

#include <QDate>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace kjzy::desktop {

class CheckList;
class RegionPicker;

// Adds or edits one volunteer. Every keystroke runs the shared VolunteerValidator and puts its
// Chinese message beside the field it concerns (once the field has been touched, so an empty new
// form is not all red); a valid ID number fills gender and birth date; OK stays disabled while
// any rule is broken. The record is written through VolunteerStore like `kjzy volunteer add/edit`.
class VolunteerDialog : public FormDialog
{
    Q_OBJECT
public:
    // `volunteerId` empty: a new volunteer. `team`: ticked in advance (the team selected in the
    // main window). Reads the scope, the teams and the record from the database file.
    VolunteerDialog(const QString& databasePath, const QString& volunteerId = {}, const QString& team = {},
                    QWidget* parent = nullptr);

    QString savedId() const { return m_savedId; }
    // The bound for birth dates; today by default (tests pin it).
    void setToday(QDate today);

public slots:
    void accept() override;

signals:
    void saved(const QString& volunteerId);

private:
    void buildForm();
    void load(const QString& volunteerId, const QString& team);
    void revalidate() override;
    VolunteerInput input() const;

    QString m_databasePath;
    QString m_volunteerId;
    QString m_scope;
    Volunteer m_existing;
    QDate m_today;
    QString m_savedId;
    ValidationIssues m_issues;
    QString m_lastIdNumber;

    QLineEdit* m_name = nullptr;
    QLineEdit* m_idNumber = nullptr;
    QComboBox* m_gender = nullptr;
    QLabel* m_birthDate = nullptr;
    QLineEdit* m_mobile = nullptr;
    QComboBox* m_politicalStatus = nullptr;
    QComboBox* m_ethnicity = nullptr;
    QLineEdit* m_employer = nullptr;
    QComboBox* m_title = nullptr;
    QComboBox* m_education = nullptr;
    QComboBox* m_occupation = nullptr;
    RegionPicker* m_region = nullptr;
    CheckList* m_serviceCategories = nullptr;
    CheckList* m_serviceFields = nullptr;
    QCheckBox* m_threeHeads = nullptr;
    CheckList* m_teams = nullptr;
};

} // namespace kjzy::desktop
