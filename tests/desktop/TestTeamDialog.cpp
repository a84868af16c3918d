// The team form: validated as you type with TeamValidator, the name read by TeamNameAdvisor with
// its standard-name suggestion accepted in one click, saved through TeamStore into a real file.
#include "clock/Clock.h"
#include "store/ClientDatabase.h"
#include "store/TeamStore.h"
#include "ui/DesktopTranslations.h"
#include "ui/FieldMessageLabel.h"
#include "ui/RegionPicker.h"
#include "ui/TeamDialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include "desktop/TypeText.h"

using namespace kjzy;
using namespace kjzy::desktop;

class TestTeamDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void nonStandardNameOffersTheStandardOne();
    void suggestionFollowsTheRegion();
    void adminMobileKeepsOkDisabledUntilValid();
    void futureFoundingDateIsRefused();
    void savesTheTeamWithItsParent();
    void editOffersNoParentBelowItself();
    void emptyNameIsAnError();

private:
    TeamDialog* openDialog(const QString& teamId = {}, const QString& parent = {});
    QString addTeam(const QString& name, const QString& parent, const QString& category);
    template <typename T> T* child(TeamDialog& dialog, const char* name)
    {
        T* widget = dialog.findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<TeamDialog> m_dialog;
};

void TestTeamDialog::initTestCase()
{
    // Chinese as the user sees it (TestTranslations checks that both catalogues load).
    DesktopTranslations::install(*QCoreApplication::instance());
}

void TestTeamDialog::init()
{
    m_dialog.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("city.sqlite"));
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    QVERIFY((*database)->initialize(QStringLiteral("410100")));
}

QString TestTeamDialog::addTeam(const QString& name, const QString& parent, const QString& category)
{
    auto database = ClientDatabase::open(m_path);
    if (!database)
        qFatal("cannot open");
    Team team;
    team.name = name;
    team.parent = parent;
    team.category = category;
    team.adminMobile = QStringLiteral("13903710000");
    team.province = QStringLiteral("410000");
    team.city = QStringLiteral("410100");
    if (category == u"county")
        team.county = QStringLiteral("410105");
    auto id = TeamStore(**database, SystemClock::instance()).add(team);
    if (!id)
        qFatal("%s", qPrintable(id.error().message));
    return *id;
}

TeamDialog* TestTeamDialog::openDialog(const QString& teamId, const QString& parent)
{
    m_dialog = std::make_unique<TeamDialog>(m_path, teamId, parent);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        qWarning("dialog not exposed");
    return m_dialog.get();
}

void TestTeamDialog::nonStandardNameOffersTheStandardOne()
{
    TeamDialog& dialog = *openDialog();
    auto* region = dialog.findChild<RegionPicker*>(QStringLiteral("regionPicker"));
    region->countyCombo()->setCurrentIndex(region->countyCombo()->findText(QStringLiteral("金水区")));
    auto* name = child<QLineEdit>(dialog, "nameEdit");
    typeText(name, QStringLiteral("金水区志愿者服务队"));
    QCOMPARE(dialog.suggestion(), QStringLiteral("金水区科技志愿服务队"));
    QVERIFY(dialog.acceptSuggestionButton()->isVisible());
    QVERIFY2(
        child<QLabel>(dialog, "suggestionLabel")->text().contains(QStringLiteral("金水区科技志愿服务队")),
        qPrintable(child<QLabel>(dialog, "suggestionLabel")->text()));
    // Advice, not an error: shown beside the name but OK depends on the other fields only.
    FieldMessageLabel* message = dialog.messageFor(QStringLiteral("name"));
    QVERIFY(message->isVisible());
    QVERIFY(!message->isError());
    QVERIFY2(message->text().contains(QStringLiteral("不符合规范")), qPrintable(message->text()));

    QTest::mouseClick(dialog.acceptSuggestionButton(), Qt::LeftButton);
    QCOMPARE(name->text(), QStringLiteral("金水区科技志愿服务队"));
    QVERIFY(!dialog.acceptSuggestionButton()->isVisible());
    QVERIFY(!dialog.messageFor(QStringLiteral("name"))->isVisible());
}

void TestTeamDialog::suggestionFollowsTheRegion()
{
    TeamDialog& dialog = *openDialog();
    typeText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("植物保护学会志愿服务分队"));
    QCOMPARE(dialog.suggestion(), QStringLiteral("植物保护学会科技志愿服务队"));
    auto* name = child<QLineEdit>(dialog, "nameEdit");
    name->selectAll();
    typeText(name, QStringLiteral("植物保护学会科技志愿服务队"));
    QCOMPARE(dialog.suggestion(), QString());
    QVERIFY(!dialog.acceptSuggestionButton()->isVisible());
}

void TestTeamDialog::adminMobileKeepsOkDisabledUntilValid()
{
    TeamDialog& dialog = *openDialog();
    typeText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("郑州市科技志愿服务队"));
    QVERIFY(!dialog.okButton()->isEnabled());
    auto* mobile = child<QLineEdit>(dialog, "adminMobileEdit");
    typeText(mobile, QStringLiteral("1390371"));
    QVERIFY(dialog.messageFor(QStringLiteral("admin_mobile"))->isVisible());
    QVERIFY2(dialog.messageFor(QStringLiteral("admin_mobile"))->text().contains(QStringLiteral("11")),
             qPrintable(dialog.messageFor(QStringLiteral("admin_mobile"))->text()));
    QVERIFY(!dialog.okButton()->isEnabled());
    typeText(mobile, QStringLiteral("0000"));
    QVERIFY(!dialog.messageFor(QStringLiteral("admin_mobile"))->isVisible());
    QVERIFY(dialog.okButton()->isEnabled());
}

void TestTeamDialog::futureFoundingDateIsRefused()
{
    TeamDialog& dialog = *openDialog();
    typeText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("郑州市科技志愿服务队"));
    typeText(child<QLineEdit>(dialog, "adminMobileEdit"), QStringLiteral("13903710000"));
    QVERIFY(dialog.okButton()->isEnabled());
    const QString future = QDate::currentDate().addYears(1).toString(Qt::ISODate);
    typeText(child<QLineEdit>(dialog, "foundedEdit"), future);
    QCOMPARE(dialog.messageFor(QStringLiteral("founded"))->text(), QStringLiteral("成立日期不能晚于今天"));
    QVERIFY(!dialog.okButton()->isEnabled());
    auto* founded = child<QLineEdit>(dialog, "foundedEdit");
    founded->selectAll();
    typeText(founded, QStringLiteral("2021年5月1日"));
    QVERIFY(!dialog.messageFor(QStringLiteral("founded"))->isVisible());
    QVERIFY(dialog.okButton()->isEnabled());
}

void TestTeamDialog::savesTheTeamWithItsParent()
{
    const QString city = addTeam(QStringLiteral("郑州市科技志愿服务队"), {}, QStringLiteral("city"));
    TeamDialog& dialog = *openDialog({}, city);
    QCOMPARE(child<QComboBox>(dialog, "parentCombo")->currentData().toString(), city);
    auto* region = dialog.findChild<RegionPicker*>(QStringLiteral("regionPicker"));
    region->countyCombo()->setCurrentIndex(region->countyCombo()->findText(QStringLiteral("金水区")));
    typeText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("金水区志愿者服务队"));
    QTest::mouseClick(dialog.acceptSuggestionButton(), Qt::LeftButton);
    typeText(child<QLineEdit>(dialog, "adminMobileEdit"), QStringLiteral("139-0371-0000"));
    QVERIFY(dialog.okButton()->isEnabled());
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    auto saved = TeamStore(**database, SystemClock::instance()).get(dialog.savedId());
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message));
    QCOMPARE(saved->name, QStringLiteral("金水区科技志愿服务队"));
    QCOMPARE(saved->category, QStringLiteral("county"));
    QCOMPARE(saved->parent, city);
    QCOMPARE(saved->county, QStringLiteral("410105"));
    QCOMPARE(saved->adminMobile, QStringLiteral("13903710000"));
    QVERIFY(saved->nameIssues.isEmpty());
}

void TestTeamDialog::editOffersNoParentBelowItself()
{
    const QString city = addTeam(QStringLiteral("郑州市科技志愿服务队"), {}, QStringLiteral("city"));
    const QString county = addTeam(QStringLiteral("金水区科技志愿服务队"), city, QStringLiteral("county"));
    TeamDialog& dialog = *openDialog(city);
    auto* parent = child<QComboBox>(dialog, "parentCombo");
    QCOMPARE(parent->findData(city), -1);
    QCOMPARE(parent->findData(county), -1);
    QCOMPARE(child<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("郑州市科技志愿服务队"));
    QVERIFY(dialog.okButton()->isEnabled());
}

void TestTeamDialog::emptyNameIsAnError()
{
    TeamDialog& dialog = *openDialog();
    auto* name = child<QLineEdit>(dialog, "nameEdit");
    typeText(name, QStringLiteral("队"));
    QTest::keyClick(name, Qt::Key_Backspace);
    QCOMPARE(dialog.messageFor(QStringLiteral("name"))->text(), QStringLiteral("组织名称不能为空"));
    QVERIFY(dialog.messageFor(QStringLiteral("name"))->isError());
}

QTEST_MAIN(TestTeamDialog)
#include "TestTeamDialog.moc"
