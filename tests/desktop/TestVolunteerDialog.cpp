// The volunteer form on the offscreen platform: typed into key by key, it shows the shared
// validators' Chinese messages beside the fields, fills gender and birth date from a valid ID
// number, keeps OK disabled while a rule is broken, and saves through VolunteerStore into a real
// SQLite file.
#include "clock/Clock.h"
#include "store/ClientDatabase.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"
#include "ui/DesktopTranslations.h"
#include "ui/FieldMessageLabel.h"
#include "ui/RegionPicker.h"
#include "ui/VolunteerDialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include "desktop/TypeText.h"

using namespace kjzy;
using namespace kjzy::desktop;

class TestVolunteerDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void wrongCheckCharacterIsShownBesideTheField();
    void fixedIdNumberFillsGenderAndBirthDate();
    void untouchedFieldsStayQuietButOkIsDisabled();
    void mobileMessages_data();
    void mobileMessages();
    void genderContradictingTheIdIsReported();
    void savesANewVolunteerWithItsTeam();
    void editsAStoredVolunteer();
    void secondPersonWithTheSameIdNumberIsRefusedBesideTheField();
    void cityScopeOffersItsCounties();

private:
    QString createDatabase(const QString& region);
    VolunteerDialog* openDialog(const QString& volunteerId = {}, const QString& team = {});
    void typeValidPerson(VolunteerDialog& dialog);
    template <typename T> T* child(VolunteerDialog& dialog, const char* name)
    {
        T* widget = dialog.findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_teamId;
    std::unique_ptr<VolunteerDialog> m_dialog;
};

// A county device (金水区) with one team, as after `kjzy init --region 410105` and `team add`.
QString TestVolunteerDialog::createDatabase(const QString& region)
{
    const QString path = m_dir->filePath(region + QStringLiteral(".sqlite"));
    auto database = ClientDatabase::open(path);
    if (!database || !(*database)->initialize(region))
        qFatal("cannot create the test database");
    return path;
}

void TestVolunteerDialog::initTestCase()
{
    // Chinese as the user sees it (TestTranslations checks that both catalogues load).
    DesktopTranslations::install(*QCoreApplication::instance());
}

void TestVolunteerDialog::init()
{
    m_dialog.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = createDatabase(QStringLiteral("410105"));
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    TeamStore teams(**database, SystemClock::instance());
    Team team;
    team.name = QStringLiteral("金水区科技志愿服务队");
    team.adminMobile = QStringLiteral("13903710000");
    team.province = QStringLiteral("410000");
    team.city = QStringLiteral("410100");
    team.county = QStringLiteral("410105");
    team.category = QStringLiteral("county");
    auto id = teams.add(team);
    QVERIFY2(id, qPrintable(id ? QString() : id.error().message));
    m_teamId = *id;
}

VolunteerDialog* TestVolunteerDialog::openDialog(const QString& volunteerId, const QString& team)
{
    m_dialog = std::make_unique<VolunteerDialog>(m_path, volunteerId, team);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        qWarning("dialog not exposed");
    return m_dialog.get();
}

void TestVolunteerDialog::typeValidPerson(VolunteerDialog& dialog)
{
    typeText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("张伟"));
    typeText(child<QLineEdit>(dialog, "idNumberEdit"), QStringLiteral("410105195001010136"));
    typeText(child<QLineEdit>(dialog, "mobileEdit"), QStringLiteral("139 0371 0001"));
}

void TestVolunteerDialog::wrongCheckCharacterIsShownBesideTheField()
{
    VolunteerDialog& dialog = *openDialog();
    QVERIFY(dialog.isReady());
    typeText(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("张伟"));
    typeText(child<QLineEdit>(dialog, "mobileEdit"), QStringLiteral("13903710001"));
    // GB 11643: the check character of 41010519500101013 is 6.
    typeText(child<QLineEdit>(dialog, "idNumberEdit"), QStringLiteral("410105195001010137"));

    FieldMessageLabel* message = dialog.messageFor(QStringLiteral("id_number"));
    QVERIFY(message->isVisible());
    QVERIFY(message->isError());
    QVERIFY2(message->text().contains(QStringLiteral("校验位不正确")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("应为 6")), qPrintable(message->text()));
    QVERIFY(!dialog.okButton()->isEnabled());
    // The other fields are fine and say nothing.
    QVERIFY(!dialog.messageFor(QStringLiteral("name"))->isVisible());
    QVERIFY(!dialog.messageFor(QStringLiteral("mobile"))->isVisible());
    // The full number is never quoted back in the message.
    QVERIFY(!message->text().contains(QStringLiteral("410105195001010137")));
}

void TestVolunteerDialog::fixedIdNumberFillsGenderAndBirthDate()
{
    VolunteerDialog& dialog = *openDialog();
    auto* gender = child<QComboBox>(dialog, "genderCombo");
    QCOMPARE(gender->currentText(), QString());
    typeValidPerson(dialog);
    auto* id = child<QLineEdit>(dialog, "idNumberEdit");
    QTest::keyClick(id, Qt::Key_Backspace);
    QTest::keyClick(id, Qt::Key_7);
    QVERIFY(dialog.messageFor(QStringLiteral("id_number"))->isVisible());
    QVERIFY(!dialog.okButton()->isEnabled());

    QTest::keyClick(id, Qt::Key_Backspace);
    QTest::keyClick(id, Qt::Key_6);
    QVERIFY(!dialog.messageFor(QStringLiteral("id_number"))->isVisible());
    QCOMPARE(dialog.messageFor(QStringLiteral("id_number"))->text(), QString());
    // 17th digit 3 is odd: male. Birth date 1950-01-01 from positions 7–14.
    QCOMPARE(gender->currentText(), QStringLiteral("男"));
    QVERIFY2(child<QLabel>(dialog, "birthDateLabel")->text().contains(QStringLiteral("1950")),
             qPrintable(child<QLabel>(dialog, "birthDateLabel")->text()));
    QVERIFY(dialog.okButton()->isEnabled());
}

void TestVolunteerDialog::untouchedFieldsStayQuietButOkIsDisabled()
{
    VolunteerDialog& dialog = *openDialog();
    QVERIFY(!dialog.okButton()->isEnabled());
    for (const char* field : {"name", "id_number", "mobile", "region"})
        QVERIFY2(!dialog.messageFor(QString::fromLatin1(field))->isVisible(), field);
    // The summary tells why OK is disabled.
    const QString summary = dialog.messageFor(QStringLiteral("form"))->text();
    QVERIFY2(summary.contains(QStringLiteral("身份证号")) && summary.contains(QStringLiteral("手机号")),
             qPrintable(summary));

    // Typing and erasing a name makes the field "touched": now its rule speaks.
    auto* name = child<QLineEdit>(dialog, "nameEdit");
    typeText(name, QStringLiteral("王"));
    QVERIFY(!dialog.messageFor(QStringLiteral("name"))->isVisible());
    QTest::keyClick(name, Qt::Key_Backspace);
    QVERIFY(dialog.messageFor(QStringLiteral("name"))->isVisible());
    QCOMPARE(dialog.messageFor(QStringLiteral("name"))->text(), QStringLiteral("真实姓名不能为空"));
}

void TestVolunteerDialog::mobileMessages_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected"); // a part of the message; empty: no message
    QTest::newRow("too short") << QStringLiteral("1390371000") << QStringLiteral("11");
    QTest::newRow("landline") << QStringLiteral("03716666666") << QStringLiteral("1");
    QTest::newRow("letters") << QStringLiteral("1390371000a") << QString();
    QTest::newRow("spaced") << QStringLiteral("139 0371 0001") << QString();
    QTest::newRow("+86") << QStringLiteral("+8613903710001") << QString();
}

void TestVolunteerDialog::mobileMessages()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    VolunteerDialog& dialog = *openDialog();
    typeValidPerson(dialog);
    auto* mobile = child<QLineEdit>(dialog, "mobileEdit");
    mobile->clear();
    typeText(mobile, typed);
    FieldMessageLabel* message = dialog.messageFor(QStringLiteral("mobile"));
    const bool valid =
        QTest::currentDataTag() == QByteArray("spaced") || QTest::currentDataTag() == QByteArray("+86");
    QCOMPARE(message->isVisible(), !valid);
    QCOMPARE(dialog.okButton()->isEnabled(), valid);
    if (!expected.isEmpty())
        QVERIFY2(message->text().contains(expected), qPrintable(message->text()));
    if (!valid)
        QVERIFY2(message->text().contains(QStringLiteral("手机号")), qPrintable(message->text()));
}

void TestVolunteerDialog::genderContradictingTheIdIsReported()
{
    VolunteerDialog& dialog = *openDialog();
    typeValidPerson(dialog);
    QVERIFY(dialog.okButton()->isEnabled());
    auto* gender = child<QComboBox>(dialog, "genderCombo");
    gender->setFocus();
    // Keyboard choice of the other gender, as a person would pick it.
    QTest::keyClick(gender, Qt::Key_Down);
    QCOMPARE(gender->currentText(), QStringLiteral("女"));
    QVERIFY(dialog.messageFor(QStringLiteral("gender"))->isVisible());
    QVERIFY2(
        dialog.messageFor(QStringLiteral("gender"))->text().contains(QStringLiteral("性别与身份证号不一致")),
        qPrintable(dialog.messageFor(QStringLiteral("gender"))->text()));
    QVERIFY(!dialog.okButton()->isEnabled());
}

void TestVolunteerDialog::savesANewVolunteerWithItsTeam()
{
    VolunteerDialog& dialog = *openDialog({}, m_teamId);
    typeValidPerson(dialog);
    // 金水区 device: the region is fixed to the scope, nothing to choose.
    auto* region = dialog.findChild<RegionPicker*>(QStringLiteral("regionPicker"));
    QCOMPARE(region->county(), QStringLiteral("410105"));
    QVERIFY(!region->countyCombo()->isEnabled());
    auto* political = child<QComboBox>(dialog, "politicalStatusCombo");
    political->setCurrentIndex(political->findText(QStringLiteral("中共党员")));
    QVERIFY(political->currentIndex() > 0);
    QVERIFY(dialog.okButton()->isEnabled());
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.savedId().isEmpty());

    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    VolunteerStore store(**database, SystemClock::instance());
    auto saved = store.get(dialog.savedId());
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message));
    QCOMPARE(saved->name, QStringLiteral("张伟"));
    QCOMPARE(saved->idNumber, QStringLiteral("410105195001010136"));
    QCOMPARE(saved->mobile, QStringLiteral("13903710001"));
    QCOMPARE(saved->gender, QStringLiteral("男"));
    QCOMPARE(saved->county, QStringLiteral("410105"));
    QCOMPARE(saved->politicalStatus, QStringLiteral("中共党员"));
    QCOMPARE(saved->teams, QStringList{m_teamId});
}

void TestVolunteerDialog::editsAStoredVolunteer()
{
    QString id;
    {
        auto database = ClientDatabase::open(m_path);
        QVERIFY(database);
        VolunteerStore store(**database, SystemClock::instance());
        Volunteer v;
        v.name = QStringLiteral("李娜");
        v.idNumber = QStringLiteral("410105198505050020");
        v.mobile = QStringLiteral("13803710002");
        v.gender = QStringLiteral("女");
        v.province = QStringLiteral("410000");
        v.city = QStringLiteral("410100");
        v.county = QStringLiteral("410105");
        auto added = store.add(v);
        QVERIFY2(added, qPrintable(added ? QString() : added.error().message));
        id = *added;
    }
    VolunteerDialog& dialog = *openDialog(id);
    QCOMPARE(child<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("李娜"));
    QCOMPARE(child<QComboBox>(dialog, "genderCombo")->currentText(), QStringLiteral("女"));
    QVERIFY(dialog.okButton()->isEnabled());
    auto* mobile = child<QLineEdit>(dialog, "mobileEdit");
    mobile->selectAll();
    typeText(mobile, QStringLiteral("1380371"));
    QVERIFY(!dialog.okButton()->isEnabled());
    typeText(mobile, QStringLiteral("9999"));
    QVERIFY(dialog.okButton()->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    auto saved = VolunteerStore(**database, SystemClock::instance()).get(id);
    QVERIFY(saved);
    QCOMPARE(saved->mobile, QStringLiteral("13803719999"));
    QCOMPARE(saved->name, QStringLiteral("李娜"));
}

void TestVolunteerDialog::secondPersonWithTheSameIdNumberIsRefusedBesideTheField()
{
    {
        VolunteerDialog& first = *openDialog();
        typeValidPerson(first);
        QTest::mouseClick(first.okButton(), Qt::LeftButton);
        QCOMPARE(first.result(), int(QDialog::Accepted));
    }
    VolunteerDialog& second = *openDialog();
    typeValidPerson(second);
    QVERIFY(second.okButton()->isEnabled());
    QTest::mouseClick(second.okButton(), Qt::LeftButton);
    QVERIFY(second.isVisible());
    QCOMPARE(second.savedId(), QString());
    QVERIFY(second.messageFor(QStringLiteral("id_number"))->isVisible());
    QVERIFY(!second.messageFor(QStringLiteral("id_number"))->text().isEmpty());
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    auto all = VolunteerStore(**database, SystemClock::instance()).list();
    QVERIFY(all);
    QCOMPARE(all->size(), 1);
}

void TestVolunteerDialog::cityScopeOffersItsCounties()
{
    m_path = createDatabase(QStringLiteral("410100"));
    VolunteerDialog& dialog = *openDialog();
    typeValidPerson(dialog);
    auto* region = dialog.findChild<RegionPicker*>(QStringLiteral("regionPicker"));
    QCOMPARE(region->city(), QStringLiteral("410100"));
    QVERIFY(region->countyCombo()->isEnabled());
    // No county chosen yet: the region rule speaks once the picker is touched.
    QVERIFY(!dialog.okButton()->isEnabled());
    region->countyCombo()->setCurrentIndex(region->countyCombo()->findText(QStringLiteral("金水区")));
    QCOMPARE(region->county(), QStringLiteral("410105"));
    QVERIFY(dialog.okButton()->isEnabled());
    region->countyCombo()->setCurrentIndex(0);
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(dialog.messageFor(QStringLiteral("county"))->isVisible());
    // Only 郑州市's counties are offered.
    QCOMPARE(region->countyCombo()->findText(QStringLiteral("洛龙区")), -1);
}

QTEST_MAIN(TestVolunteerDialog)
#include "TestVolunteerDialog.moc"
