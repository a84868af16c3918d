#include "FormDialog.h"

#include "FieldMessageLabel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace kjzy::desktop {

namespace {

// The forms show province, city and county as one row with one message.
QString formField(const QString& issueField)
{
    if (issueField == u"province" || issueField == u"city" || issueField == u"county")
        return QStringLiteral("region");
    return issueField;
}

} // namespace

FormDialog::FormDialog(QWidget* parent) : QDialog(parent) {}

void FormDialog::addSummaryAndButtons(QVBoxLayout* layout)
{
    m_summary = new FieldMessageLabel(this);
    m_summary->setObjectName(QStringLiteral("message_form"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Save"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FormDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FormDialog::reject);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);
}

QVBoxLayout* FormDialog::addField(QFormLayout* form, const QString& label, QWidget* widget,
                                  const QString& field)
{
    // A form not yet placed in the dialog has no widget of its own; the dialog holds the cell until
    // the layout is installed.
    QWidget* owner = form->parentWidget() ? form->parentWidget() : this;
    auto* cell = new QWidget(owner);
    auto* column = new QVBoxLayout(cell);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(widget);
    auto* message = new FieldMessageLabel(cell);
    message->setObjectName(QStringLiteral("message_") + field);
    column->addWidget(message);
    m_messages.insert(field, message);
    auto* caption = new QLabel(label, owner);
    caption->setBuddy(widget);
    form->addRow(caption, cell);
    return column;
}

FieldMessageLabel* FormDialog::messageFor(const QString& field) const
{
    if (field == u"form")
        return m_summary;
    return m_messages.value(formField(field));
}

QPushButton* FormDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void FormDialog::touch(const QString& field)
{
    m_touched.insert(field);
    revalidate();
}

void FormDialog::touchAll()
{
    for (auto it = m_messages.cbegin(); it != m_messages.cend(); ++it)
        m_touched.insert(it.key());
}

void FormDialog::showIssues(const ValidationIssues& issues)
{
    QHash<QString, QStringList> byField;
    QStringList pending;
    for (const ValidationIssue& issue : issues) {
        byField[formField(issue.field)] << issue.message;
        const QString label = issue.label.isEmpty() ? fieldLabel(issue.field) : issue.label;
        if (!pending.contains(label))
            pending << label;
    }
    for (auto it = m_messages.cbegin(); it != m_messages.cend(); ++it) {
        const QStringList messages = byField.value(it.key());
        it.value()->setMessage(m_touched.contains(it.key()) ? messages.join(u'\n') : QString());
    }
    if (m_ready) {
        m_summary->setMessage(pending.isEmpty() ? QString()
                                                : tr("To fill in or correct: %1").arg(pending.join(u'、')),
                              FieldMessageLabel::Kind::Hint);
    }
    okButton()->setEnabled(m_ready && issues.isEmpty());
}

void FormDialog::refuse(const QString& message)
{
    m_summary->setMessage(message);
    m_ready = false;
}

} // namespace kjzy::desktop
