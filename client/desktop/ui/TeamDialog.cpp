#include "TeamDialog.h"

#include "CheckList.h"
#include "FieldMessageLabel.h"
#include "RegionPicker.h"
#include "clock/Clock.h"
#include "reference/ReferenceData.h"
#include "store/ClientDatabase.h"
#include "store/TeamStore.h"
#include "validation/TeamNameAdvisor.h"
#include "validation/TeamValidator.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kjzy::desktop {

namespace {

// Teams below `id` (and `id` itself) cannot become its parent: that would make a cycle.
QSet<QString> selfAndDescendants(const QList<Team>& teams, const QString& id)
{
    QSet<QString> out;
    if (id.isEmpty())
        return out;
    out.insert(id);
    bool grew = true;
    while (grew) {
        grew = false;
        for (const Team& t : teams) {
            if (!out.contains(t.id) && out.contains(t.parent)) {
                out.insert(t.id);
                grew = true;
            }
        }
    }
    return out;
}

} // namespace

TeamDialog::TeamDialog(const QString& databasePath, const QString& teamId, const QString& parentTeam,
                       QWidget* parent)
    : FormDialog(parent), m_databasePath(databasePath), m_teamId(teamId), m_today(QDate::currentDate())
{
    setObjectName(QStringLiteral("TeamDialog"));
    setWindowTitle(teamId.isEmpty() ? tr("Add team") : tr("Edit team"));
    buildForm();
    load(teamId, parentTeam);
    revalidate();
}

void TeamDialog::buildForm()
{
    const ReferenceData& ref = ReferenceData::instance();
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_suggestionRow = new QWidget(this);
    auto* suggestionLayout = new QHBoxLayout(m_suggestionRow);
    suggestionLayout->setContentsMargins(0, 0, 0, 0);
    m_suggestionLabel = new QLabel(m_suggestionRow);
    m_suggestionLabel->setObjectName(QStringLiteral("suggestionLabel"));
    m_suggestionLabel->setTextFormat(Qt::PlainText);
    m_suggestionLabel->setWordWrap(true);
    m_acceptSuggestion = new QPushButton(tr("&Use this name"), m_suggestionRow);
    m_acceptSuggestion->setObjectName(QStringLiteral("acceptSuggestionButton"));
    suggestionLayout->addWidget(m_suggestionLabel, 1);
    suggestionLayout->addWidget(m_acceptSuggestion);
    m_suggestionRow->setVisible(false);
    connect(m_acceptSuggestion, &QPushButton::clicked, this, &TeamDialog::acceptSuggestion);

    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("categoryCombo"));
    m_category->addItem(tr("(from the name)"), QString());
    for (const TeamCategory& category : ref.teamCategories())
        m_category->addItem(category.name, category.code);
    m_parent = new QComboBox(this);
    m_parent->setObjectName(QStringLiteral("parentCombo"));
    m_adminMobile = new QLineEdit(this);
    m_adminMobile->setObjectName(QStringLiteral("adminMobileEdit"));
    m_adminMobile->setPlaceholderText(tr("11-digit mobile number"));
    m_registered = new QComboBox(this);
    m_registered->setObjectName(QStringLiteral("registeredCombo"));
    m_registered->addItem(QString());
    m_registered->addItems(ref.yesNo().values());
    m_supervisorType = new QComboBox(this);
    m_supervisorType->setObjectName(QStringLiteral("supervisorTypeCombo"));
    m_supervisorType->setEditable(true);
    m_supervisorType->addItem(QString());
    m_supervisorType->addItems(ref.supervisorTypes().values());
    m_supervisor = new QLineEdit(this);
    m_supervisor->setObjectName(QStringLiteral("supervisorEdit"));
    m_founded = new QLineEdit(this);
    m_founded->setObjectName(QStringLiteral("foundedEdit"));
    m_founded->setPlaceholderText(tr("e.g. 2021-05-01"));
    m_serviceCategories = new CheckList(this);
    m_serviceCategories->setObjectName(QStringLiteral("serviceCategoriesList"));
    m_serviceCategories->setOptions(ref.serviceCategories().values());
    m_serviceCategories->setFixedHeight(88);
    m_region = new RegionPicker(this);
    m_region->setObjectName(QStringLiteral("regionPicker"));

    addField(form, tr("&Name"), m_name, QStringLiteral("name"))->addWidget(m_suggestionRow);
    addField(form, tr("&Region"), m_region, QStringLiteral("region"));
    addField(form, tr("Ca&tegory"), m_category, QStringLiteral("category"));
    addField(form, tr("&Parent team"), m_parent, QStringLiteral("parent"));
    addField(form, tr("&Administrator's mobile"), m_adminMobile, QStringLiteral("admin_mobile"));
    addField(form, tr("Registered with civil a&ffairs"), m_registered,
             QStringLiteral("civil_affairs_registered"));
    addField(form, tr("Supervisor t&ype"), m_supervisorType, QStringLiteral("supervisor_type"));
    addField(form, tr("Super&visor"), m_supervisor, QStringLiteral("supervisor"));
    addField(form, tr("&Founded"), m_founded, QStringLiteral("founded"));
    addField(form, tr("Service &categories"), m_serviceCategories, QStringLiteral("service_categories"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    addSummaryAndButtons(layout);
    resize(760, 560);

    auto onEdit = [this](const QString& field) { return [this, field] { touch(field); }; };
    connect(m_name, &QLineEdit::textEdited, this, onEdit(QStringLiteral("name")));
    connect(m_adminMobile, &QLineEdit::textEdited, this, onEdit(QStringLiteral("admin_mobile")));
    connect(m_founded, &QLineEdit::textEdited, this, onEdit(QStringLiteral("founded")));
    connect(m_supervisor, &QLineEdit::textEdited, this, &TeamDialog::revalidate);
    connect(m_supervisorType, &QComboBox::currentTextChanged, this, &TeamDialog::revalidate);
    connect(m_region, &RegionPicker::regionChanged, this, onEdit(QStringLiteral("region")));
    for (QComboBox* combo : {m_category, m_parent, m_registered})
        connect(combo, &QComboBox::currentIndexChanged, this, &TeamDialog::revalidate);
    connect(m_serviceCategories, &CheckList::checkedChanged, this, &TeamDialog::revalidate);
}

void TeamDialog::load(const QString& teamId, const QString& parentTeam)
{
    auto database = ClientDatabase::open(m_databasePath);
    if (!database)
        return refuse(database.error().message);
    auto scope = (*database)->region();
    if (!scope)
        return refuse(scope.error().message);
    {
        const QSignalBlocker block(m_region);
        m_region->configure(*scope, tr("(province-level team)"), tr("(city-level team)"));
    }
    TeamStore store(**database, SystemClock::instance());
    auto teams = store.list();
    if (!teams)
        return refuse(teams.error().message);
    if (!teamId.isEmpty()) {
        auto team = store.get(teamId);
        if (!team)
            return refuse(team.error().message);
        m_existing = *team;
    }
    const QSet<QString> excluded = selfAndDescendants(*teams, teamId);
    {
        const QSignalBlocker block(m_parent);
        m_parent->addItem(tr("(none)"), QString());
        for (const Team& t : std::as_const(*teams)) {
            if (!excluded.contains(t.id))
                m_parent->addItem(t.name, t.id);
        }
    }
    if (teamId.isEmpty()) {
        if (const int index = m_parent->findData(parentTeam); index >= 0)
            m_parent->setCurrentIndex(index);
        setReady(true);
        return;
    }
    const Team& t = m_existing;
    m_name->setText(t.name);
    {
        const QSignalBlocker block(m_region);
        m_region->setRegion(t.city, t.county);
    }
    // The stored category stays unless the name changes (then it is inferred again, as in the CLI).
    if (const int index = m_category->findData(t.category); index >= 0)
        m_category->setCurrentIndex(index);
    if (const int index = m_parent->findData(t.parent); index >= 0)
        m_parent->setCurrentIndex(index);
    m_adminMobile->setText(t.adminMobile);
    if (t.civilAffairsRegistered)
        m_registered->setCurrentText(*t.civilAffairsRegistered ? QStringLiteral("是") : QStringLiteral("否"));
    m_supervisorType->setCurrentText(t.supervisorType);
    m_supervisor->setText(t.supervisor);
    m_founded->setText(t.founded);
    m_serviceCategories->setCheckedKeys(t.serviceCategories);
    touchAll();
    setReady(true);
}

void TeamDialog::touch(const QString& field)
{
    // A renamed team's category is inferred from the new name again, as in the CLI.
    if (field == u"name" && !m_existing.id.isEmpty() && m_name->text() != m_existing.name)
        m_category->setCurrentIndex(0);
    FormDialog::touch(field);
}

void TeamDialog::acceptSuggestion()
{
    if (m_suggestion.isEmpty())
        return;
    m_name->setText(m_suggestion);
    touch(QStringLiteral("name"));
    m_name->setFocus();
}

TeamInput TeamDialog::input() const
{
    TeamInput in;
    in.name = m_name->text();
    in.category = m_category->currentData().toString();
    in.parent = m_parent->currentData().toString();
    in.adminMobile = m_adminMobile->text();
    in.civilAffairsRegistered = m_registered->currentText();
    in.supervisorType = m_supervisorType->currentText();
    in.supervisor = m_supervisor->text();
    in.founded = m_founded->text();
    in.serviceCategories = m_serviceCategories->checkedKeys().join(u',');
    in.province = m_region->province();
    in.city = m_region->city();
    in.county = m_region->county();
    return in;
}

void TeamDialog::revalidate()
{
    const auto validated = TeamValidator::validate(input(), m_today);
    m_issues = validated.issues;
    showIssues(m_issues);
    // The naming standard's advice: shown as a hint under the name, errors taking precedence.
    const QString name = m_name->text().trimmed();
    const TeamNameAdvice advice = name.isEmpty()
                                      ? TeamNameAdvice{}
                                      : TeamNameAdvisor::advise(name, m_region->city(), m_region->county());
    FieldMessageLabel* nameMessage = messageFor(QStringLiteral("name"));
    if (!nameMessage->isError() && !advice.issues.isEmpty())
        nameMessage->setMessage(advice.issues.join(u'\n'), FieldMessageLabel::Kind::Hint);
    m_suggestion = advice.suggestion;
    m_suggestionLabel->setText(m_suggestion.isEmpty() ? QString()
                                                      : tr("Standard name: %1").arg(m_suggestion));
    m_suggestionRow->setVisible(!m_suggestion.isEmpty());
}

void TeamDialog::accept()
{
    revalidate();
    if (!isReady() || !m_issues.isEmpty())
        return;
    Team team = TeamValidator::validate(input(), m_today).value;
    team.id = m_existing.id;
    auto database = ClientDatabase::open(m_databasePath);
    if (!database) {
        summary()->setMessage(database.error().message);
        return;
    }
    TeamStore store(**database, SystemClock::instance());
    if (m_teamId.isEmpty()) {
        auto id = store.add(team);
        if (!id) {
            summary()->setMessage(id.error().message);
            return;
        }
        m_savedId = *id;
    } else {
        auto changed = store.update(team);
        if (!changed) {
            summary()->setMessage(changed.error().message);
            return;
        }
        m_savedId = team.id;
    }
    emit saved(m_savedId);
    QDialog::accept();
}

} // namespace kjzy::desktop
