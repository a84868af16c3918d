#include "ImportFilePage.h"

#include "clock/Clock.h"
#include "store/ClientDatabase.h"
#include "store/TeamStore.h"

#include <QComboBox>

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kjzy::desktop {

ImportFilePage::ImportFilePage(const QString& databasePath, QWidget* parent)
    : QWizardPage(parent), m_path(new QLineEdit(this)), m_team(new QComboBox(this)), m_error(new QLabel(this))
{
    setTitle(tr("Choose the returned table"));
    setSubTitle(tr("A unit's filled-in Attachment 1 (organizations) or Attachment 2 (volunteers), "
                   "as .xlsx or .csv. Nothing is written until you confirm after the preview."));
    auto* label = new QLabel(tr("&File:"), this);
    label->setBuddy(m_path);
    m_path->setObjectName(QStringLiteral("importFilePath"));
    m_path->setPlaceholderText(tr("Path of the .xlsx or .csv file"));
    auto* browseButton = new QPushButton(tr("&Browse..."), this);
    browseButton->setObjectName(QStringLiteral("importBrowseButton"));
    m_error->setObjectName(QStringLiteral("importFileError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto* row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(m_path, 1);
    row->addWidget(browseButton);
    m_team->setObjectName(QStringLiteral("importTeam"));
    m_team->addItem(tr("(none)"), QString());
    {
        // A few hundred names at most, read once when the wizard opens.
        auto database = ClientDatabase::open(databasePath);
        if (database) {
            TeamStore store(**database, SystemClock::instance());
            if (auto teams = store.list()) {
                for (const Team& team : *teams)
                    m_team->addItem(team.name, team.id);
            }
        }
    }
    auto* teamLabel = new QLabel(tr("Volunteers join &team:"), this);
    teamLabel->setBuddy(m_team);
    auto* teamRow = new QHBoxLayout;
    teamRow->addWidget(teamLabel);
    teamRow->addWidget(m_team, 1);
    auto* teamHint = new QLabel(tr("Only for Attachment 2: every volunteer of the table becomes a member of "
                                   "this team."),
                                this);
    teamHint->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addLayout(teamRow);
    layout->addWidget(teamHint);
    layout->addWidget(m_error);
    layout->addStretch(1);

    connect(browseButton, &QPushButton::clicked, this, &ImportFilePage::browse);
    connect(m_path, &QLineEdit::textChanged, this, [this] {
        m_error->clear();
        emit completeChanged();
    });
}

QString ImportFilePage::file() const
{
    return m_path->text().trimmed();
}

void ImportFilePage::setFile(const QString& file)
{
    m_path->setText(file);
}

QString ImportFilePage::teamId() const
{
    return m_team->currentData().toString();
}

void ImportFilePage::setTeamId(const QString& id)
{
    const int index = m_team->findData(id);
    m_team->setCurrentIndex(index < 0 ? 0 : index);
}

bool ImportFilePage::isComplete() const
{
    return !file().isEmpty();
}

bool ImportFilePage::validatePage()
{
    const QFileInfo info(file());
    if (!info.isFile() || !info.isReadable()) {
        m_error->setText(tr("The file %1 does not exist or cannot be read.").arg(file()));
        return false;
    }
    const QString suffix = info.suffix().toLower();
    if (suffix != u"xlsx" && suffix != u"csv") {
        m_error->setText(tr("Only .xlsx and .csv files can be imported. Save an .xls file as .xlsx first."));
        return false;
    }
    return true;
}

void ImportFilePage::browse()
{
    const QString chosen = QFileDialog::getOpenFileName(this, tr("Choose the table to import"), file(),
                                                        tr("Tables (*.xlsx *.csv);;All files (*)"));
    if (!chosen.isEmpty())
        setFile(chosen);
}

} // namespace kjzy::desktop
