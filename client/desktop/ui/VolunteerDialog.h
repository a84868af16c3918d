#pragma once

#include "model/Volunteer.h"
#include "validation/ValidationIssue.h"

#include <QDate>
#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kjzy::desktop {

class CheckList;
class FieldMessageLabel;
class RegionPicker;

// Adds or edits one volunteer. Every keystroke runs the shared VolunteerValidator and puts its
// Chinese message beside the field it concerns (once the field has been touched, so an empty new
// form is not all red); a valid ID number fills gender and birth date; OK stays disabled while
// any rule is broken. The record is written through VolunteerStore like `kjzy volunteer add/edit`.
class VolunteerDialog : public QDialog
{
    Q_OBJECT
public:
    // `volunteerId` empty: a new volunteer. `team`: ticked in advance (the team selected in the
    // main window). Reads the scope, the teams and the record from the database file.
    VolunteerDialog(const QString& databasePath, const QString& volunteerId = {}, const QString& team = {},
                    QWidget* parent = nullptr);

    // The message beside a field (JSON key: name, id_number, mobile, gender, county …).
    FieldMessageLabel* messageFor(const QString& field) const;
    QPushButton* okButton() const;
    QString savedId() const { return m_savedId; }
    // False when the database could not be read (the dialog then shows why and cannot save).
    bool isReady() const { return m_ready; }
    // The bound for birth dates; today by default (tests pin it).
    void setToday(QDate today);

public slots:
    void accept() override;

signals:
    void saved(const QString& volunteerId);

private:
    void buildForm();
    void load(const QString& volunteerId, const QString& team);
    void addField(QFormLayout* form, const QString& label, QWidget* widget, const QString& field);
    void touch(const QString& field);
    void revalidate();
    VolunteerInput input() const;

    QString m_databasePath;
    QString m_volunteerId;
    QString m_scope;
    Volunteer m_existing;
    QDate m_today;
    bool m_ready = false;
    QString m_savedId;
    QHash<QString, FieldMessageLabel*> m_messages;
    QSet<QString> m_touched;
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
    FieldMessageLabel* m_summary = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace kjzy::desktop
