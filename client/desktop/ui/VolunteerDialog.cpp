#include "VolunteerDialog.h"

#include "CheckList.h"
#include "FieldMessageLabel.h"
#include "RegionPicker.h"
#include "clock/Clock.h"
#include "reference/ReferenceData.h"
#include "store/ClientDatabase.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"
#include "validation/IdNumber.h"
#include "validation/VolunteerValidator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace kjzy::desktop {

namespace {

QComboBox* listCombo(const ValueList& list, QWidget* parent)
{
    auto* combo = new QComboBox(parent);
    combo->addItem(QString());
    combo->addItems(list.values());
    return combo;
}

void selectText(QComboBox* combo, const QString& text)
{
    const int index = combo->findText(text);
    combo->setCurrentIndex(index >= 0 ? index : 0);
}

} // namespace

VolunteerDialog::VolunteerDialog(const QString& databasePath, const QString& volunteerId, const QString& team,
                                 QWidget* parent)
    : FormDialog(parent), m_databasePath(databasePath), m_volunteerId(volunteerId),
      m_today(QDate::currentDate())
{
    setObjectName(QStringLiteral("VolunteerDialog"));
    setWindowTitle(volunteerId.isEmpty() ? tr("Add volunteer") : tr("Edit volunteer"));
    buildForm();
    load(volunteerId, team);
    revalidate();
}

void VolunteerDialog::buildForm()
{
    const ReferenceData& ref = ReferenceData::instance();
    auto* page = new QWidget;
    auto* columns = new QHBoxLayout(page);
    auto* left = new QFormLayout;
    auto* right = new QFormLayout;
    for (QFormLayout* form : {left, right}) {
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    }
    // Each column keeps its rows together at the top; spare height goes below them.
    for (QFormLayout* form : {left, right}) {
        auto* column = new QVBoxLayout;
        column->addLayout(form);
        column->addStretch(1);
        columns->addLayout(column, 1);
        if (form == left)
            columns->addSpacing(16);
    }

    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_idNumber = new QLineEdit(page);
    m_idNumber->setObjectName(QStringLiteral("idNumberEdit"));
    m_idNumber->setMaxLength(24);
    m_idNumber->setPlaceholderText(tr("18 characters; the last may be X"));
    m_gender = listCombo(ref.gender(), page);
    m_gender->setObjectName(QStringLiteral("genderCombo"));
    m_birthDate = new QLabel(page);
    m_birthDate->setObjectName(QStringLiteral("birthDateLabel"));
    m_mobile = new QLineEdit(page);
    m_mobile->setObjectName(QStringLiteral("mobileEdit"));
    m_mobile->setPlaceholderText(tr("11-digit mobile number"));
    m_politicalStatus = listCombo(ref.politicalStatus(), page);
    m_politicalStatus->setObjectName(QStringLiteral("politicalStatusCombo"));
    m_ethnicity = listCombo(ref.ethnicity(), page);
    m_ethnicity->setObjectName(QStringLiteral("ethnicityCombo"));
    m_region = new RegionPicker(page);
    m_region->setObjectName(QStringLiteral("regionPicker"));

    addField(left, tr("&Name"), m_name, QStringLiteral("name"));
    addField(left, tr("&ID number"), m_idNumber, QStringLiteral("id_number"));
    addField(left, tr("&Gender"), m_gender, QStringLiteral("gender"));
    left->addRow(tr("Birth date"), m_birthDate);
    addField(left, tr("&Mobile"), m_mobile, QStringLiteral("mobile"));
    addField(left, tr("&Political status"), m_politicalStatus, QStringLiteral("political_status"));
    addField(left, tr("E&thnicity"), m_ethnicity, QStringLiteral("ethnicity"));
    addField(left, tr("&Region"), m_region, QStringLiteral("region"));

    m_employer = new QLineEdit(page);
    m_employer->setObjectName(QStringLiteral("employerEdit"));
    m_title = listCombo(ref.professionalTitle(), page);
    m_title->setObjectName(QStringLiteral("titleCombo"));
    m_education = listCombo(ref.education(), page);
    m_education->setObjectName(QStringLiteral("educationCombo"));
    m_occupation = listCombo(ref.occupation(), page);
    m_occupation->setObjectName(QStringLiteral("occupationCombo"));
    m_threeHeads =
        new QCheckBox(tr("Yes, a grassroots \"three heads\" (school, hospital, farm-station head)"), page);
    m_threeHeads->setObjectName(QStringLiteral("threeHeadsCheck"));
    m_serviceCategories = new CheckList(page);
    m_serviceCategories->setObjectName(QStringLiteral("serviceCategoriesList"));
    m_serviceCategories->setOptions(ref.serviceCategories().values());
    m_serviceFields = new CheckList(page);
    m_serviceFields->setObjectName(QStringLiteral("serviceFieldsList"));
    m_serviceFields->setOptions(ref.serviceFields().values());
    m_teams = new CheckList(page);
    m_teams->setObjectName(QStringLiteral("teamsList"));
    for (CheckList* list : {m_serviceCategories, m_serviceFields, m_teams})
        list->setFixedHeight(88);

    addField(right, tr("&Employer"), m_employer, QStringLiteral("employer"));
    addField(right, tr("&Title"), m_title, QStringLiteral("title"));
    addField(right, tr("Ed&ucation"), m_education, QStringLiteral("education"));
    addField(right, tr("&Occupation"), m_occupation, QStringLiteral("occupation"));
    addField(right, tr("Three &heads"), m_threeHeads, QStringLiteral("three_heads"));
    addField(right, tr("Service &categories"), m_serviceCategories, QStringLiteral("service_categories"));
    addField(right, tr("Service &fields"), m_serviceFields, QStringLiteral("service_fields"));
    addField(right, tr("Tea&ms"), m_teams, QStringLiteral("teams"));

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    addSummaryAndButtons(layout);
    // Fits a 1366×768 screen with the task bar; the form scrolls rather than overflow.
    resize(980, 640);

    auto onEdit = [this](const QString& field) { return [this, field] { touch(field); }; };
    connect(m_name, &QLineEdit::textEdited, this, onEdit(QStringLiteral("name")));
    connect(m_idNumber, &QLineEdit::textEdited, this, onEdit(QStringLiteral("id_number")));
    connect(m_mobile, &QLineEdit::textEdited, this, onEdit(QStringLiteral("mobile")));
    connect(m_employer, &QLineEdit::textEdited, this, onEdit(QStringLiteral("employer")));
    connect(m_gender, &QComboBox::activated, this, onEdit(QStringLiteral("gender")));
    connect(m_region, &RegionPicker::regionChanged, this, onEdit(QStringLiteral("region")));
    for (QComboBox* combo : {m_gender, m_politicalStatus, m_ethnicity, m_title, m_education, m_occupation})
        connect(combo, &QComboBox::currentIndexChanged, this, &VolunteerDialog::revalidate);
    connect(m_threeHeads, &QCheckBox::toggled, this, &VolunteerDialog::revalidate);
    for (CheckList* list : {m_serviceCategories, m_serviceFields, m_teams})
        connect(list, &CheckList::checkedChanged, this, &VolunteerDialog::revalidate);
}

void VolunteerDialog::load(const QString& volunteerId, const QString& team)
{
    auto database = ClientDatabase::open(m_databasePath);
    if (!database)
        return refuse(database.error().message);
    auto scope = (*database)->region();
    if (!scope)
        return refuse(scope.error().message);
    m_scope = *scope;
    {
        const QSignalBlocker block(m_region);
        m_region->configure(m_scope, {}, {});
    }

    TeamStore teams(**database, SystemClock::instance());
    auto teamList = teams.list();
    if (!teamList)
        return refuse(teamList.error().message);
    QStringList names, ids;
    for (const Team& t : std::as_const(*teamList)) {
        names << t.name;
        ids << t.id;
    }
    m_teams->setOptions(names, ids);

    if (volunteerId.isEmpty()) {
        if (!team.isEmpty())
            m_teams->setCheckedKeys({team});
        setReady(true);
        return;
    }
    VolunteerStore store(**database, SystemClock::instance());
    auto volunteer = store.get(volunteerId);
    if (!volunteer)
        return refuse(volunteer.error().message);
    m_existing = *volunteer;
    const Volunteer& v = m_existing;
    m_name->setText(v.name);
    m_idNumber->setText(v.idNumber);
    selectText(m_gender, v.gender);
    m_mobile->setText(v.mobile);
    selectText(m_politicalStatus, v.politicalStatus);
    selectText(m_ethnicity, v.ethnicity);
    m_employer->setText(v.employer);
    selectText(m_title, v.title);
    selectText(m_education, v.education);
    selectText(m_occupation, v.occupation);
    {
        const QSignalBlocker block(m_region);
        m_region->setRegion(v.city, v.county);
    }
    m_serviceCategories->setCheckedKeys(v.serviceCategories);
    m_serviceFields->setCheckedKeys(v.serviceFields);
    m_threeHeads->setChecked(v.threeHeads);
    m_teams->setCheckedKeys(v.teams);
    m_lastIdNumber = v.idNumber;
    // A stored record is shown with every problem at once: it may come back from the server.
    touchAll();
    setReady(true);
}

void VolunteerDialog::setToday(QDate today)
{
    m_today = today;
    revalidate();
}

VolunteerInput VolunteerDialog::input() const
{
    VolunteerInput in;
    in.name = m_name->text();
    in.mobile = m_mobile->text();
    in.gender = m_gender->currentText();
    in.idNumber = m_idNumber->text();
    in.politicalStatus = m_politicalStatus->currentText();
    in.ethnicity = m_ethnicity->currentText();
    in.employer = m_employer->text();
    in.title = m_title->currentText();
    in.education = m_education->currentText();
    in.occupation = m_occupation->currentText();
    in.province = m_region->province();
    in.city = m_region->city();
    in.county = m_region->county();
    in.serviceCategories = m_serviceCategories->checkedKeys().join(u',');
    in.serviceFields = m_serviceFields->checkedKeys().join(u',');
    in.threeHeads = m_threeHeads->isChecked() ? QStringLiteral("是") : QStringLiteral("否");
    return in;
}

void VolunteerDialog::revalidate()
{
    // A valid ID number states birth date and gender (GB 11643 §5): fill them in once per new
    // number, leaving a gender the person chose afterwards for the validator to compare.
    const auto id = IdNumber::parse(m_idNumber->text(), m_today);
    if (id) {
        m_birthDate->setText(QLocale().toString(id->birthDate, QLocale::LongFormat));
        if (id->number != m_lastIdNumber) {
            m_lastIdNumber = id->number;
            const QSignalBlocker block(m_gender);
            selectText(m_gender, id->gender);
        }
    } else {
        m_birthDate->setText(tr("(from the ID number)"));
    }

    m_issues = VolunteerValidator::validate(input(), m_today).issues;
    showIssues(m_issues);
}

void VolunteerDialog::accept()
{
    revalidate();
    if (!isReady() || !m_issues.isEmpty()) {
        touchAll();
        revalidate();
        return;
    }
    auto validated = VolunteerValidator::validate(input(), m_today);
    Volunteer volunteer = validated.value;
    volunteer.id = m_existing.id;
    volunteer.teams = m_teams->checkedKeys();

    auto database = ClientDatabase::open(m_databasePath);
    if (!database) {
        summary()->setMessage(database.error().message);
        return;
    }
    VolunteerStore store(**database, SystemClock::instance());
    if (m_volunteerId.isEmpty()) {
        auto id = store.add(volunteer);
        if (!id) {
            // One ID number is one person: the store's refusal belongs beside the ID field.
            if (id.error().code == ErrorCode::Conflict)
                messageFor(QStringLiteral("id_number"))->setMessage(id.error().message);
            summary()->setMessage(id.error().message);
            return;
        }
        m_savedId = *id;
    } else {
        auto changed = store.update(volunteer);
        if (!changed) {
            if (changed.error().code == ErrorCode::Conflict)
                messageFor(QStringLiteral("id_number"))->setMessage(changed.error().message);
            summary()->setMessage(changed.error().message);
            return;
        }
        m_savedId = volunteer.id;
    }
    emit saved(m_savedId);
    QDialog::accept();
}

} // namespace kjzy::desktop
