// The first start: province → city → county pickers from the reference data set the database's
// region as `kjzy init` does; enrolling with a real kjzy-server on 127.0.0.1 runs off the UI
// thread; a refused code leaves the dialog open with the reason; skipping enrollment works.
#include "crypto/Sodium.h"
#include "store/ClientDatabase.h"
#include "support/ServerProcess.h"
#include "ui/DesktopTranslations.h"
#include "ui/FieldMessageLabel.h"
#include "ui/FirstStartDialog.h"
#include "ui/MainWindow.h"
#include "ui/RegionPicker.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "desktop/TypeText.h"

using namespace kjzy;
using namespace kjzy::desktop;
using namespace kjzy::test;

class TestFirstStart : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void citiesAndCountiesComeFromTheReferenceData();
    void countyChoiceInitialisesTheDatabase();
    void wholeCityOrProvinceIsAScopeToo_data();
    void wholeCityOrProvinceIsAScopeToo();
    void enrollmentNeedsAnAddressAndACode();
    void enrollsWithARealServer();
    void refusedCodeKeepsTheDialogOpenAndSkippingWorks();
    void enrollLaterFromTheMainWindow();

private:
    QString region(const QString& path) const;
    void choose(RegionPicker* picker, const QString& city, const QString& county);
    QString startServer();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<ServerProcess> m_server;
    QString m_data;
};

void TestFirstStart::initTestCase()
{
    VERIFY_CLI_PREREQUISITES();
    QVERIFY(Sodium::initialize());
    // Chinese as the user sees it (TestTranslations checks that both catalogues load).
    DesktopTranslations::install(*QCoreApplication::instance());
}

void TestFirstStart::init()
{
    m_server.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("new.sqlite"));
}

QString TestFirstStart::region(const QString& path) const
{
    auto database = ClientDatabase::open(path);
    if (!database)
        return QStringLiteral("<cannot open>");
    return (*database)->setting(settings::kRegion).value_or(QStringLiteral("<error>"));
}

void TestFirstStart::choose(RegionPicker* picker, const QString& city, const QString& county)
{
    QComboBox* cities = picker->cityCombo();
    cities->setCurrentIndex(cities->findText(city));
    QComboBox* counties = picker->countyCombo();
    counties->setCurrentIndex(counties->findText(county));
}

QString TestFirstStart::startServer()
{
    m_data = m_dir->filePath(QStringLiteral("server"));
    const CliRun init = runServer(m_data, {QStringLiteral("init")});
    if (!init.exitedWith(0))
        qWarning().noquote() << init.describe();
    QString error;
    m_server = ServerProcess::start(m_data, &error);
    if (!m_server)
        qWarning().noquote() << error;
    const CliRun code =
        runServer(m_data, {QStringLiteral("enroll-code"), QStringLiteral("--scope"), QStringLiteral("410105"),
                           QStringLiteral("--role"), QStringLiteral("county")});
    if (!code.exitedWith(0))
        qWarning().noquote() << code.describe();
    return code.out.trimmed();
}

void TestFirstStart::citiesAndCountiesComeFromTheReferenceData()
{
    FirstStartDialog dialog(m_path);
    RegionPicker* picker = dialog.regionPicker();
    QCOMPARE(picker->provinceCombo()->currentText(), QStringLiteral("河南省"));
    // 18 cities plus “（全省）”.
    QCOMPARE(picker->cityCombo()->count(), 19);
    QCOMPARE(picker->cityCombo()->itemText(0), QStringLiteral("（全省）"));
    picker->cityCombo()->setCurrentIndex(picker->cityCombo()->findText(QStringLiteral("郑州市")));
    QVERIFY(picker->countyCombo()->findText(QStringLiteral("金水区")) > 0);
    QCOMPARE(picker->countyCombo()->findText(QStringLiteral("洛龙区")), -1);
    QCOMPARE(picker->countyCombo()->itemText(0), QStringLiteral("（全市）"));
    picker->cityCombo()->setCurrentIndex(picker->cityCombo()->findText(QStringLiteral("洛阳市")));
    QVERIFY(picker->countyCombo()->findText(QStringLiteral("洛龙区")) > 0);
    QCOMPARE(picker->countyCombo()->findText(QStringLiteral("金水区")), -1);
    // 济源市 has no counties: it stands in the county position.
    picker->cityCombo()->setCurrentIndex(picker->cityCombo()->findText(QStringLiteral("济源市")));
    QCOMPARE(picker->county(), QStringLiteral("419001"));
}

void TestFirstStart::countyChoiceInitialisesTheDatabase()
{
    FirstStartDialog dialog(m_path);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy initialized(&dialog, &FirstStartDialog::initialized);
    choose(dialog.regionPicker(), QStringLiteral("郑州市"), QStringLiteral("金水区"));
    QVERIFY(!dialog.enrollCheck()->isChecked());
    QVERIFY(!dialog.serverEdit()->isEnabled());
    QVERIFY(dialog.okButton()->isEnabled());
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(initialized.size(), 1);
    QCOMPARE(initialized.first().first().toString(), QStringLiteral("410105"));
    QCOMPARE(region(m_path), QStringLiteral("410105"));
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    QVERIFY((*database)->isInitialized());
    QVERIFY(!(*database)->deviceId().value_or(QString()).isEmpty());
}

void TestFirstStart::wholeCityOrProvinceIsAScopeToo_data()
{
    QTest::addColumn<QString>("city");
    QTest::addColumn<QString>("county");
    QTest::addColumn<QString>("expected");
    QTest::newRow("city") << QStringLiteral("郑州市") << QStringLiteral("（全市）")
                          << QStringLiteral("410100");
    QTest::newRow("province") << QStringLiteral("（全省）") << QString() << QStringLiteral("410000");
    QTest::newRow("zone") << QStringLiteral("郑州市") << QStringLiteral("郑州航空港经济综合实验区")
                          << QStringLiteral("410173");
}

void TestFirstStart::wholeCityOrProvinceIsAScopeToo()
{
    QFETCH(QString, city);
    QFETCH(QString, county);
    QFETCH(QString, expected);
    FirstStartDialog dialog(m_path);
    dialog.show();
    choose(dialog.regionPicker(), city, county);
    QTest::keyClick(&dialog, Qt::Key_Return);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(region(m_path), expected);
}

void TestFirstStart::enrollmentNeedsAnAddressAndACode()
{
    FirstStartDialog dialog(m_path);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(dialog.regionPicker(), QStringLiteral("郑州市"), QStringLiteral("金水区"));
    QTest::mouseClick(dialog.enrollCheck(), Qt::LeftButton, {},
                      QPoint(5, dialog.enrollCheck()->height() / 2));
    QVERIFY(dialog.enrollCheck()->isChecked());
    QVERIFY(dialog.serverEdit()->isEnabled());
    QVERIFY(!dialog.okButton()->isEnabled());
    typeText(dialog.serverEdit(), QStringLiteral("kjzy.example.cn"));
    QVERIFY(dialog.message()->isVisible());
    QVERIFY2(dialog.message()->text().contains(QStringLiteral("服务器地址")),
             qPrintable(dialog.message()->text()));
    dialog.serverEdit()->clear();
    typeText(dialog.serverEdit(), QStringLiteral("https://kjzy.example.cn"));
    QVERIFY(!dialog.message()->isVisible());
    QVERIFY(!dialog.okButton()->isEnabled());
    typeText(dialog.codeEdit(), QStringLiteral("ABCD-EFGH"));
    QVERIFY(dialog.okButton()->isEnabled());
    // Nothing was written yet.
    QCOMPARE(region(m_path), QString());
}

void TestFirstStart::enrollsWithARealServer()
{
    const QString code = startServer();
    QVERIFY(m_server);
    QVERIFY(!code.isEmpty());
    FirstStartDialog dialog(m_path);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(dialog.regionPicker(), QStringLiteral("郑州市"), QStringLiteral("金水区"));
    dialog.enrollCheck()->setChecked(true);
    typeText(dialog.serverEdit(), m_server->url().toString());
    typeText(dialog.codeEdit(), code);
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    // The enrollment runs on a worker thread; the dialog waits for its result without blocking.
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 60000);
    QVERIFY(!dialog.isEnrolling());
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    QCOMPARE((*database)->region().value_or(QString()), QStringLiteral("410105"));
    QCOMPARE((*database)->setting(settings::kServer).value_or(QString()).isEmpty(), false);
    QVERIFY(!(*database)->setting(settings::kServerSignKey).value_or(QString()).isEmpty());
    // The server lists the device.
    const CliRun devices = runServer(m_data, {QStringLiteral("devices")});
    EXPECT_EXIT(devices, 0);
    QVERIFY2(devices.out.contains((*database)->deviceId().value_or(QStringLiteral("?"))),
             qPrintable(devices.describe()));
}

void TestFirstStart::refusedCodeKeepsTheDialogOpenAndSkippingWorks()
{
    startServer();
    QVERIFY(m_server);
    FirstStartDialog dialog(m_path);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(dialog.regionPicker(), QStringLiteral("郑州市"), QStringLiteral("金水区"));
    dialog.enrollCheck()->setChecked(true);
    typeText(dialog.serverEdit(), m_server->url().toString());
    typeText(dialog.codeEdit(), QStringLiteral("AAAAAAAA-BBBBBBBBBBBBBBBB"));
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        !dialog.isEnrolling() && dialog.message()->text().contains(QStringLiteral("登记失败")), 60000);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.message()->isError());
    // The region is stored and can no longer be changed here; the clerk goes on offline.
    QCOMPARE(region(m_path), QStringLiteral("410105"));
    QVERIFY(!dialog.regionPicker()->isEnabled());
    dialog.enrollCheck()->setChecked(false);
    QVERIFY(dialog.okButton()->isEnabled());
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    QCOMPARE((*database)->setting(settings::kServerSignKey).value_or(QStringLiteral("?")), QString());
}

void TestFirstStart::enrollLaterFromTheMainWindow()
{
    const QString code = startServer();
    QVERIFY(m_server);
    {
        auto database = ClientDatabase::open(m_path);
        QVERIFY(database);
        QVERIFY((*database)->initialize(QStringLiteral("410105")));
    }
    MainWindow window(m_path);
    window.show();
    QTRY_VERIFY(!window.isLoading());
    window.action(QStringLiteral("enrollAction"))->trigger();
    auto* dialog = window.findChild<FirstStartDialog*>();
    QVERIFY(dialog);
    // The region is the database's and cannot be changed here.
    QVERIFY(!dialog->regionPicker()->isEnabled());
    QCOMPARE(dialog->regionPicker()->code(), QStringLiteral("410105"));
    QVERIFY(dialog->enrollCheck()->isChecked());
    QVERIFY(!dialog->okButton()->isEnabled());
    typeText(dialog->serverEdit(), m_server->url().toString());
    typeText(dialog->codeEdit(), code);
    QVERIFY(dialog->okButton()->isEnabled());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<FirstStartDialog*>() == nullptr, 60000);
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    QVERIFY(!(*database)->setting(settings::kServerSignKey).value_or(QString()).isEmpty());
    QCOMPARE((*database)->region().value_or(QString()), QStringLiteral("410105"));
}

QTEST_MAIN(TestFirstStart)
#include "TestFirstStart.moc"
