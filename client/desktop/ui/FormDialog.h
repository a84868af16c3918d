#pragma once

#include "validation/ValidationIssue.h"

#include <QDialog>
#include <QHash>
#include <QSet>

class QDialogButtonBox;
class QFormLayout;
class QPushButton;
class QVBoxLayout;

namespace kjzy::desktop {

class FieldMessageLabel;

// What the volunteer and team forms share: a message beside every field, shown once the field has
// been touched (an empty new form is not all red; a stored record shows every problem at once), a
// summary of what is still to fix above Save, and Save enabled only when no rule is broken.
// Subclasses build their fields with addField(), run their validator in revalidate() and hand the
// issues to showIssues().
class FormDialog : public QDialog
{
    Q_OBJECT
public:
    // The message beside a field (JSON key: name, mobile, county …; "form" is the summary).
    FieldMessageLabel* messageFor(const QString& field) const;
    QPushButton* okButton() const;
    // False when the database could not be read (the dialog then shows why and cannot save).
    bool isReady() const { return m_ready; }

protected:
    explicit FormDialog(QWidget* parent = nullptr);

    // A row of `form`: the caption, the widget and its message below it. Returns the cell's
    // column so a subclass can put more under the message.
    QVBoxLayout* addField(QFormLayout* form, const QString& label, QWidget* widget, const QString& field);
    // The summary and the Save/Cancel buttons at the bottom of the dialog, made after the fields so
    // Tab goes through the fields first. Called once, at the end of building the form.
    void addSummaryAndButtons(QVBoxLayout* layout);
    FieldMessageLabel* summary() const { return m_summary; }
    // A user edited the field: its messages show from now on.
    virtual void touch(const QString& field);
    void touchAll();
    virtual void revalidate() = 0;
    // Puts each issue beside its field (the touched ones), the summary above Save, and enables Save
    // when there is none. Region parts (province, city, county) share the region row's message.
    void showIssues(const ValidationIssues& issues);
    // Why the form cannot be used (the database could not be read): shown, and Save stays off.
    void refuse(const QString& message);
    void setReady(bool ready) { m_ready = ready; }

private:
    QHash<QString, FieldMessageLabel*> m_messages;
    QSet<QString> m_touched;
    FieldMessageLabel* m_summary = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_ready = false;
};

} // namespace kjzy::desktop
