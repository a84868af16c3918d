// The main window on the offscreen platform over a real SQLite file: the team tree (总队 → 支队 →
// 分队 → 乡镇 and the category groups) filters the table, the search box finds people by name, the
// last digits of the ID number or the mobile, personal fields stay masked until an audited reveal,
// and the forms and G2's dialogs are reachable from the actions.
#include "clock/Clock.h"
#include "store/AuditLog.h"
#include "store/ClientDatabase.h"
#include "store/SyncStatus.h"
#include "store/TeamStore.h"
#include "store/VolunteerStore.h"
#include "support/CliRunner.h"
#include "support/ServerProcess.h"
#include "ui/DesktopTranslations.h"
#include "ui/MainWindow.h"
#include "ui/RejectionsDialog.h"
#include "ui/SyncController.h"
#include "ui/TeamDialog.h"
#include "ui/TeamTree.h"
#include "ui/VolunteerDialog.h"
#include "ui/VolunteerFilterProxy.h"
#include "ui/VolunteerTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "desktop/TypeText.h"
#include <QToolBar>
#include <QToolButton>

using namespace kjzy;
using namespace kjzy::desktop;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void treeShowsTheHierarchyAndTheGroups();
    void selectingANodeFiltersTheTable_data();
    void selectingANodeFiltersTheTable();
    void searchFindsByNameIdDigitsAndMobile_data();
    void searchFindsByNameIdDigitsAndMobile();
    void personalFieldsAreMaskedUntilAnAuditedReveal();
    void tableSortsByColumn();
    void addVolunteerFromTheToolbarRefreshesTheTable();
    void rejectionEditRequestOpensTheRecord();
    void keyboardReachesSearchAndForms();
    void fitsA1366x768Screen();
    void showsAnImportedSampleWorkbook();
    void syncButtonTalksToARealServer();

private:
    QString addTeam(ClientDatabase& db, const QString& name, const QString& category, const QString& parent,
                    const QString& city, const QString& county);
    QString addVolunteer(ClientDatabase& db, const QString& name, const QString& idNumber,
                         const QString& mobile, const QString& city, const QString& county,
                         const QStringList& teams);
    MainWindow* openWindow(const QString& path, int expectedRows);
    QModelIndex findNode(const QString& text, const QModelIndex& parent = {}) const;
    QStringList visibleNames() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QHash<QString, QString> m_ids; // name -> id
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    VERIFY_CLI_PREREQUISITES();
    // Chinese as the user sees it (TestTranslations checks that both catalogues load).
    DesktopTranslations::install(*QCoreApplication::instance());
}

QString TestMainWindow::addTeam(ClientDatabase& db, const QString& name, const QString& category,
                                const QString& parent, const QString& city, const QString& county)
{
    Team team;
    team.name = name;
    team.category = category;
    team.parent = parent;
    team.adminMobile = QStringLiteral("13903710000");
    team.province = QStringLiteral("410000");
    team.city = city;
    team.county = county;
    auto id = TeamStore(db, SystemClock::instance()).add(team);
    if (!id)
        qFatal("%s", qPrintable(id.error().message));
    m_ids.insert(name, *id);
    return *id;
}

QString TestMainWindow::addVolunteer(ClientDatabase& db, const QString& name, const QString& idNumber,
                                     const QString& mobile, const QString& city, const QString& county,
                                     const QStringList& teams)
{
    Volunteer v;
    v.name = name;
    v.idNumber = idNumber;
    v.mobile = mobile;
    v.gender = (idNumber.at(16).digitValue() % 2) ? QStringLiteral("男") : QStringLiteral("女");
    v.province = QStringLiteral("410000");
    v.city = city;
    v.county = county;
    v.teams = teams;
    auto id = VolunteerStore(db, SystemClock::instance()).add(v);
    if (!id)
        qFatal("%s", qPrintable(id.error().message));
    m_ids.insert(name, *id);
    return *id;
}

// A province device: the general hierarchy down to a township, two category teams, four people.
void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("province.sqlite"));
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    ClientDatabase& db = **database;
    QVERIFY(db.initialize(QStringLiteral("410000")));
    m_ids.clear();
    const QString general =
        addTeam(db, QStringLiteral("河南省科技志愿服务总队"), QStringLiteral("province_general"), {}, {}, {});
    const QString city = addTeam(db, QStringLiteral("郑州市科技志愿服务队"), QStringLiteral("city"), general,
                                 QStringLiteral("410100"), {});
    const QString county = addTeam(db, QStringLiteral("金水区科技志愿服务队"), QStringLiteral("county"), city,
                                   QStringLiteral("410100"), QStringLiteral("410105"));
    const QString township =
        addTeam(db, QStringLiteral("经八路街道科技志愿服务队"), QStringLiteral("township"), county,
                QStringLiteral("410100"), QStringLiteral("410105"));
    const QString society = addTeam(db, QStringLiteral("河南省植物保护学会科技志愿服务队"),
                                    QStringLiteral("society"), general, {}, {});
    addTeam(db, QStringLiteral("郑州大学科技志愿服务队"), QStringLiteral("university"), general,
            QStringLiteral("410100"), {});
    addVolunteer(db, QStringLiteral("张伟"), QStringLiteral("410105195001010136"),
                 QStringLiteral("13903710001"), QStringLiteral("410100"), QStringLiteral("410105"), {county});
    addVolunteer(db, QStringLiteral("李娜"), QStringLiteral("410105198505050020"),
                 QStringLiteral("13803710002"), QStringLiteral("410100"), QStringLiteral("410105"),
                 {township});
    addVolunteer(db, QStringLiteral("王强"), QStringLiteral("410302198001010019"),
                 QStringLiteral("13703790003"), QStringLiteral("410300"), QStringLiteral("410302"),
                 {society});
    addVolunteer(db, QStringLiteral("赵敏"), QStringLiteral("410105199202020048"),
                 QStringLiteral("13603710004"), QStringLiteral("410100"), QStringLiteral("410105"), {});
}

void TestMainWindow::cleanup()
{
    m_window.reset();
}

MainWindow* TestMainWindow::openWindow(const QString& path, int expectedRows)
{
    m_window = std::make_unique<MainWindow>(path);
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        qWarning("window not exposed");
    // The table is read on a worker thread; the window is usable meanwhile.
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_window->isLoading() && m_window->volunteerModel()->rowCount() == expectedRows, 20000);
    }();
    return m_window.get();
}

QModelIndex TestMainWindow::findNode(const QString& text, const QModelIndex& parent) const
{
    const QAbstractItemModel* model = m_window->teamTree()->model();
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        // Exact (regions, groups) or followed by the member count (teams, the whole region).
        const QString shown = index.data().toString();
        if (shown == text || shown.startsWith(text + QStringLiteral("（")))
            return index;
        if (const QModelIndex found = findNode(text, index); found.isValid())
            return found;
    }
    return {};
}

QStringList TestMainWindow::visibleNames() const
{
    QStringList names;
    const QAbstractItemModel* model = m_window->volunteerTable()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        names << model->index(row, VolunteerTableModel::Name).data().toString();
    names.sort();
    return names;
}

void TestMainWindow::treeShowsTheHierarchyAndTheGroups()
{
    openWindow(m_path, 4);
    const QAbstractItemModel* model = m_window->teamTree()->model();
    QVERIFY2(model->index(0, 0).data().toString().contains(QStringLiteral("河南省")),
             qPrintable(model->index(0, 0).data().toString()));
    QVERIFY(model->index(0, 0).data().toString().contains(QStringLiteral("全部志愿者")));

    const QModelIndex general = findNode(QStringLiteral("河南省科技志愿服务总队"));
    QVERIFY(general.isValid());
    QVERIFY(!general.parent().isValid());
    const QModelIndex city = findNode(QStringLiteral("郑州市科技志愿服务队"));
    QCOMPARE(city.parent(), general);
    const QModelIndex county = findNode(QStringLiteral("金水区科技志愿服务队"));
    QCOMPARE(county.parent(), city);
    const QModelIndex township = findNode(QStringLiteral("经八路街道科技志愿服务队"));
    QCOMPARE(township.parent(), county);
    // Member counts after the names.
    QVERIFY2(county.data().toString().contains(QStringLiteral("1人")), qPrintable(county.data().toString()));

    // 学会 and 高校 teams are grouped by category, not buried under the 总队.
    const QModelIndex society = findNode(QStringLiteral("河南省植物保护学会科技志愿服务队"));
    QVERIFY(society.parent().isValid());
    QCOMPARE(society.parent().data().toString(), QStringLiteral("全省学会科技志愿服务队"));
    QVERIFY(!society.parent().parent().isValid());
    const QModelIndex university = findNode(QStringLiteral("郑州大学科技志愿服务队"));
    QCOMPARE(university.parent().data().toString(), QStringLiteral("高校科技志愿服务队"));

    QCOMPARE(model->index(model->rowCount() - 1, 0).data().toString(), QStringLiteral("未加入队伍的志愿者"));
}

void TestMainWindow::selectingANodeFiltersTheTable_data()
{
    QTest::addColumn<QString>("node");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("region") << QStringLiteral("河南省")
                            << QStringList{QStringLiteral("张伟"), QStringLiteral("李娜"),
                                           QStringLiteral("王强"), QStringLiteral("赵敏")};
    // A 支队 stands for its 分队 and 乡镇 too.
    QTest::newRow("city team") << QStringLiteral("郑州市科技志愿服务队")
                               << QStringList{QStringLiteral("张伟"), QStringLiteral("李娜")};
    QTest::newRow("township team") << QStringLiteral("经八路街道科技志愿服务队")
                                   << QStringList{QStringLiteral("李娜")};
    QTest::newRow("society group") << QStringLiteral("全省学会科技志愿服务队")
                                   << QStringList{QStringLiteral("王强")};
    QTest::newRow("region node") << QStringLiteral("洛阳市") << QStringList{QStringLiteral("王强")};
    QTest::newRow("county node") << QStringLiteral("金水区")
                                 << QStringList{QStringLiteral("张伟"), QStringLiteral("李娜"),
                                                QStringLiteral("赵敏")};
    QTest::newRow("no team") << QStringLiteral("未加入队伍的志愿者") << QStringList{QStringLiteral("赵敏")};
}

void TestMainWindow::selectingANodeFiltersTheTable()
{
    QFETCH(QString, node);
    QFETCH(QStringList, names);
    openWindow(m_path, 4);
    const QModelIndex index = findNode(node);
    QVERIFY2(index.isValid(), qPrintable(node));
    TeamTree* tree = m_window->teamTree();
    tree->scrollTo(index);
    const QRect rect = tree->visualRect(index);
    QVERIFY(rect.isValid());
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(tree->currentIndex(), index);
    names.sort();
    QCOMPARE(visibleNames(), names);
}

void TestMainWindow::searchFindsByNameIdDigitsAndMobile_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("last 4 ID digits") << QStringLiteral("0136") << QStringList{QStringLiteral("张伟")};
    QTest::newRow("last 6 ID digits") << QStringLiteral("050020") << QStringList{QStringLiteral("李娜")};
    // The address code is not "the last digits": no match on the start of the number.
    QTest::newRow("ID start") << QStringLiteral("410302") << QStringList{};
    QTest::newRow("name") << QStringLiteral("王") << QStringList{QStringLiteral("王强")};
    QTest::newRow("mobile") << QStringLiteral("13703790003") << QStringList{QStringLiteral("王强")};
    QTest::newRow("mobile tail") << QStringLiteral("0004") << QStringList{QStringLiteral("赵敏")};
    QTest::newRow("nothing") << QStringLiteral("钱") << QStringList{};
}

void TestMainWindow::searchFindsByNameIdDigitsAndMobile()
{
    QFETCH(QString, typed);
    QFETCH(QStringList, names);
    openWindow(m_path, 4);
    typeText(m_window->searchEdit(), typed);
    names.sort();
    QCOMPARE(visibleNames(), names);
    m_window->searchEdit()->clear();
    QCOMPARE(visibleNames().size(), 4);
}

void TestMainWindow::personalFieldsAreMaskedUntilAnAuditedReveal()
{
    openWindow(m_path, 4);
    QTableView* table = m_window->volunteerTable();
    typeText(m_window->searchEdit(), QStringLiteral("0136"));
    QCOMPARE(table->model()->rowCount(), 1);
    const QModelIndex idCell = table->model()->index(0, VolunteerTableModel::IdNumber);
    const QModelIndex mobileCell = table->model()->index(0, VolunteerTableModel::Mobile);
    QCOMPARE(idCell.data().toString(), QStringLiteral("410105********0136"));
    QCOMPARE(mobileCell.data().toString(), QStringLiteral("139****0001"));

    QAction* reveal = m_window->action(QStringLiteral("revealAction"));
    QVERIFY(reveal);
    QVERIFY(!reveal->isEnabled()); // nothing selected
    table->selectRow(0);
    QVERIFY(reveal->isEnabled());
    reveal->trigger();
    QCOMPARE(idCell.data().toString(), QStringLiteral("410105195001010136"));
    QCOMPARE(mobileCell.data().toString(), QStringLiteral("13903710001"));

    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    auto entries = AuditLog(**database, SystemClock::instance()).entries();
    QVERIFY(entries);
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->first().action, QStringLiteral("reveal"));
    QCOMPARE(entries->first().entity, QStringLiteral("volunteer"));
    QCOMPARE(entries->first().detail, m_ids.value(QStringLiteral("张伟")));
    QCOMPARE(entries->first().rowCount, 1);
    // Other rows stay masked.
    m_window->searchEdit()->clear();
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QString name = table->model()->index(row, VolunteerTableModel::Name).data().toString();
        const QString id = table->model()->index(row, VolunteerTableModel::IdNumber).data().toString();
        QCOMPARE(id.contains(u'*'), name != QStringLiteral("张伟"));
    }
    m_window->action(QStringLiteral("hideAction"))->trigger();
    QCOMPARE(m_window->volunteerModel()
                 ->index(m_window->volunteerModel()->rowOf(m_ids.value(QStringLiteral("张伟"))),
                         VolunteerTableModel::IdNumber)
                 .data()
                 .toString(),
             QStringLiteral("410105********0136"));
}

void TestMainWindow::tableSortsByColumn()
{
    openWindow(m_path, 4);
    QTableView* table = m_window->volunteerTable();
    auto column = [table](int c) {
        QStringList values;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            values << table->model()->index(row, c).data().toString();
        return values;
    };
    QHeaderView* header = table->horizontalHeader();
    const int x = header->sectionViewportPosition(VolunteerTableModel::Mobile) + 10;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    const QStringList first = column(VolunteerTableModel::Mobile);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    const QStringList second = column(VolunteerTableModel::Mobile);
    QStringList ascending = first;
    ascending.sort();
    QVERIFY(first == ascending || second == ascending);
    QStringList reversed(second.crbegin(), second.crend());
    QCOMPARE(reversed, first);
    QVERIFY(first != second);
}

void TestMainWindow::addVolunteerFromTheToolbarRefreshesTheTable()
{
    openWindow(m_path, 4);
    // With the 金水区 team selected, the new person joins it.
    QVERIFY(m_window->teamTree()->selectTeam(m_ids.value(QStringLiteral("金水区科技志愿服务队"))));
    m_window->action(QStringLiteral("addVolunteerAction"))->trigger();
    auto* dialog = m_window->findChild<VolunteerDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    typeText(dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit")), QStringLiteral("孙丽"));
    typeText(dialog->findChild<QLineEdit*>(QStringLiteral("idNumberEdit")),
             QStringLiteral("410105199003030016"));
    typeText(dialog->findChild<QLineEdit*>(QStringLiteral("mobileEdit")), QStringLiteral("13503710005"));
    // A province device chooses the city and county.
    auto* city = dialog->findChild<QComboBox*>(QStringLiteral("cityCombo"));
    city->setCurrentIndex(city->findText(QStringLiteral("郑州市")));
    auto* county = dialog->findChild<QComboBox*>(QStringLiteral("countyCombo"));
    county->setCurrentIndex(county->findText(QStringLiteral("金水区")));
    QVERIFY(dialog->okButton()->isEnabled());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_COMPARE(m_window->volunteerModel()->rowCount(), 5);
    QTRY_VERIFY(!m_window->isLoading());
    // The tree kept the team selected and the table shows its members, the new one included.
    QCOMPARE(visibleNames(),
             (QStringList{QStringLiteral("孙丽"), QStringLiteral("张伟"), QStringLiteral("李娜")}));
}

void TestMainWindow::rejectionEditRequestOpensTheRecord()
{
    openWindow(m_path, 4);
    m_window->action(QStringLiteral("rejectionsAction"))->trigger();
    auto* rejections = m_window->findChild<RejectionsDialog*>();
    QVERIFY(rejections);
    QVERIFY(rejections->isVisible());
    emit rejections->editVolunteerRequested(m_ids.value(QStringLiteral("王强")));
    auto* dialog = m_window->findChild<VolunteerDialog*>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"))->text(), QStringLiteral("王强"));
    emit rejections->editTeamRequested(m_ids.value(QStringLiteral("郑州大学科技志愿服务队")));
    auto* teamDialog = m_window->findChild<TeamDialog*>();
    QVERIFY(teamDialog);
    QCOMPARE(teamDialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"))->text(),
             QStringLiteral("郑州大学科技志愿服务队"));
}

void TestMainWindow::keyboardReachesSearchAndForms()
{
    openWindow(m_path, 4);
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->teamTree()->setFocus();
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(m_window->searchEdit()->hasFocus());
    typeText(m_window->searchEdit(), QStringLiteral("0048"));
    QCOMPARE(visibleNames(), QStringList{QStringLiteral("赵敏")});
    // Down to the table, select the row, Enter opens the form.
    m_window->volunteerTable()->setFocus();
    QTest::keyClick(m_window->volunteerTable(), Qt::Key_Down);
    m_window->volunteerTable()->selectRow(0);
    QTest::keyClick(m_window->volunteerTable(), Qt::Key_Return);
    auto* dialog = m_window->findChild<VolunteerDialog*>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"))->text(), QStringLiteral("赵敏"));
    dialog->reject();
    // Ctrl+2 shows the progress page.
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(m_window->tabs()->currentIndex(), 1);
}

void TestMainWindow::fitsA1366x768Screen()
{
    openWindow(m_path, 4);
    QVERIFY(m_window->width() <= 1366 && m_window->height() <= 768);
    const QSize minimum = m_window->minimumSizeHint();
    QVERIFY2(minimum.width() <= 1366 && minimum.height() <= 740,
             qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
    VolunteerDialog volunteer(m_path);
    QVERIFY(volunteer.width() <= 1366 && volunteer.height() <= 740);
    TeamDialog team(m_path);
    QVERIFY(team.width() <= 1366 && team.height() <= 740);
}

void TestMainWindow::showsAnImportedSampleWorkbook()
{
    const QString path = m_dir->filePath(QStringLiteral("county.sqlite"));
    EXPECT_EXIT(
        test::runKjzy(path, {QStringLiteral("init"), QStringLiteral("--region"), QStringLiteral("410105")}),
        0);
    const test::CliRun imported =
        test::runKjzy(path, {QStringLiteral("import"),
                             QStringLiteral(KJZY_TEST_DATA_DIR "/fixtures/volunteers-sample.xlsx")});
    QVERIFY2(imported.exitedWith(0) || imported.exitedWith(1), qPrintable(imported.describe()));
    int stored = 0;
    {
        auto database = ClientDatabase::open(path);
        QVERIFY(database);
        auto all = VolunteerStore(**database, SystemClock::instance()).list();
        QVERIFY(all);
        stored = int(all->size());
    }
    QVERIFY(stored > 0);
    openWindow(path, stored);
    QCOMPARE(m_window->volunteerTable()->model()->rowCount(), stored);
    // No cell of the ID column shows a full number.
    for (int row = 0; row < stored; ++row) {
        const QString id =
            m_window->volunteerTable()->model()->index(row, VolunteerTableModel::IdNumber).data().toString();
        QVERIFY2(id.isEmpty() || id.contains(u'*'), qPrintable(id));
    }
}

void TestMainWindow::syncButtonTalksToARealServer()
{
    const QString data = m_dir->filePath(QStringLiteral("server"));
    EXPECT_EXIT(test::runServer(data, {QStringLiteral("init")}), 0);
    QString error;
    auto server = test::ServerProcess::start(data, &error);
    QVERIFY2(server, qPrintable(error));
    const QString code =
        test::issueEnrollmentCode(data, QStringLiteral("410000"), QStringLiteral("province"));
    QVERIFY(!code.isEmpty());
    EXPECT_EXIT(test::runKjzy(m_path, {QStringLiteral("enroll"), QStringLiteral("--server"),
                                       server->url().toString(), QStringLiteral("--code"), code}),
                0);
    openWindow(m_path, 4);
    // The toolbar's 同步 button, clicked as a person would.
    QToolButton* button = nullptr;
    for (QToolButton* candidate :
         m_window->findChild<QToolBar*>(QStringLiteral("mainToolBar"))->findChildren<QToolButton*>()) {
        if (candidate->defaultAction() == m_window->action(QStringLiteral("syncAction")))
            button = candidate;
    }
    QVERIFY(button);
    QCOMPARE(button->text(), QStringLiteral("同步"));
    QSignalSpy finished(m_window->syncController(), &SyncController::finished);
    QTest::mouseClick(button, Qt::LeftButton);
    // The sync runs on a worker thread: the window keeps answering meanwhile.
    QVERIFY(finished.wait(60000) || finished.size() == 1);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QTRY_VERIFY(!m_window->isLoading());
    QVERIFY(m_window->action(QStringLiteral("syncAction"))->isEnabled());
    auto database = ClientDatabase::open(m_path);
    QVERIFY(database);
    auto status = SyncStatus::read(**database);
    QVERIFY(status);
    QCOMPARE(status->pending, 0);
    QCOMPARE(status->rejected, 0);
    QVERIFY(status->lastSync.has_value());
    // The server holds the four people now.
    const test::CliRun list = test::runServer(
        data, {QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")});
    EXPECT_EXIT(list, 0);
    QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 4);
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
