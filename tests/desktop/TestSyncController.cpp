// Sync from the desktop against a real kjzy-server on 127.0.0.1: the status bar's button, the
// outcome messages (link down, not enrolled, rejections), the rejections dialog, and carried
// bundles through `kjzy-server import-bundle`. Every run happens in a worker thread on its own
// connection; the test only drives the widgets and waits for their signals.
#include "ui/DesktopTranslations.h"
#include "ui/RejectionsDialog.h"
#include "ui/SyncController.h"
#include "ui/SyncStatusBar.h"

#include "clock/Clock.h"
#include "store/ClientDatabase.h"
#include "store/VolunteerStore.h"
#include "support/CliRunner.h"
#include "support/ServerProcess.h"
#include "validation/IdNumber.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::desktop;
using namespace kjzy::test;

namespace {

const QString kJinshui = QStringLiteral("410105");   // 郑州市金水区
const QString kZhongyuan = QStringLiteral("410102"); // 郑州市中原区

QString idNumber(const QString& region, int serial)
{
    const QString first17 = region + QStringLiteral("19850312") +
                            QStringLiteral("%1").arg(serial % 1000, 3, 10, QLatin1Char('0'));
    return first17 + IdNumber::checkCharacter(first17);
}

constexpr int kWaitMs = 120000;

} // namespace

class TestSyncController : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_data;

    QString path(const QString& name) const { return m_dir->filePath(name); }

    void startServer(quint16 port = 0)
    {
        QString error;
        ServeOptions options;
        options.port = port;
        m_server = ServerProcess::start(m_data, options, &error);
        QVERIFY2(m_server, qPrintable(error));
    }

    QString initialized(const QString& name, const QString& region)
    {
        const QString db = path(name + QStringLiteral(".db"));
        const CliRun init = runKjzy(db, {QStringLiteral("init"), QStringLiteral("--region"), region});
        if (!init.exitedWith(0))
            qWarning().noquote() << init.describe();
        return db;
    }

    QString enrolled(const QString& name, const QString& region)
    {
        return enrollNewClient(path(name + QStringLiteral(".db")), region, QStringLiteral("county"), m_data,
                               m_server->url());
    }

    QString addVolunteer(const QString& db, const QString& name, const QString& id, const QString& county)
    {
        const CliRun run = runKjzy(db, volunteerArgs(name, QStringLiteral("13800138000"), id, county));
        if (!run.exitedWith(0))
            qWarning().noquote() << run.describe();
        return run.out.trimmed();
    }

    QSet<QString> serverVolunteerIds()
    {
        QSet<QString> ids;
        const CliRun run = runServer(
            m_data, {QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")});
        for (const QJsonValue& v : QJsonDocument::fromJson(run.out.toUtf8()).array())
            ids.insert(v[QStringLiteral("id")].toString());
        return ids;
    }

    static QJsonObject statusOf(const QString& db)
    {
        return QJsonDocument::fromJson(
                   runKjzy(db, {QStringLiteral("status"), QStringLiteral("--json")}).out.toUtf8())
            .object();
    }

    // Waits for the status bar's next refresh to finish.
    static void waitForRefresh(SyncStatusBar& bar)
    {
        QSignalSpy refreshed(&bar, &SyncStatusBar::refreshed);
        bar.refresh();
        QVERIFY(refreshed.wait(kWaitMs));
    }

    static QString labelText(QWidget& parent, const QString& name)
    {
        auto* label = parent.findChild<QLabel*>(name);
        return label ? label->text() : QStringLiteral("(no label %1)").arg(name);
    }

private slots:
    void initTestCase()
    {
        VERIFY_CLI_PREREQUISITES();
        QVERIFY2(QFileInfo::exists(serverPath()), qPrintable(serverPath()));
        QVERIFY(DesktopTranslations::install(*QCoreApplication::instance()));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_data = m_dir->filePath(QStringLiteral("server"));
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("init")}), 0);
        startServer();
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void theSyncButtonSendsEverything()
    {
        const QString db = enrolled(QStringLiteral("jinshui"), kJinshui);
        QStringList ids;
        const QStringList names{QStringLiteral("张一"), QStringLiteral("张二"), QStringLiteral("张三")};
        for (int i = 0; i < names.size(); ++i)
            ids << addVolunteer(db, names.at(i), idNumber(kJinshui, 100 + i), kJinshui);
        for (const QString& id : ids)
            QVERIFY2(uuidPattern().match(id).hasMatch(), qPrintable(id));

        SyncController controller(db);
        SyncStatusBar bar(&controller, db);
        bar.show();
        waitForRefresh(bar);
        QVERIFY(bar.snapshot().pending > 0);
        QCOMPARE(labelText(bar, QStringLiteral("syncPending")),
                 QStringLiteral("待同步 %1").arg(bar.snapshot().pending));
        QCOMPARE(labelText(bar, QStringLiteral("syncLast")), QStringLiteral("最近同步：从未"));

        QSignalSpy started(&controller, &SyncController::started);
        QSignalSpy finished(&controller, &SyncController::finished);
        QSignalSpy progress(&controller, &SyncController::progress);
        QSignalSpy refreshed(&bar, &SyncStatusBar::refreshed);
        auto* button = bar.findChild<QToolButton*>(QStringLiteral("syncButton"));
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(started.count(), 1);
        QVERIFY(controller.isRunning());
        QVERIFY(!button->isEnabled()); // one sync at a time
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toBool(), true);
        const QString message = finished.first().at(1).toString();
        QVERIFY2(message.startsWith(QStringLiteral("同步完成")), qPrintable(message));
        QCOMPARE(controller.lastOutcome(), SyncController::Outcome::Succeeded);
        QVERIFY(!controller.isRunning());
        // The upload reported its way through, in Chinese, for the status bar's bar.
        QVERIFY(!progress.isEmpty());
        QVERIFY2(progress.first().at(2).toString().startsWith(QStringLiteral("上传")),
                 qPrintable(progress.first().at(2).toString()));
        QVERIFY(button->isEnabled());

        // The server holds them; nothing waits any more.
        const QSet<QString> onServer = serverVolunteerIds();
        for (const QString& id : ids)
            QVERIFY2(onServer.contains(id), qPrintable(id));
        QVERIFY(refreshed.count() > 0 || refreshed.wait(kWaitMs));
        QTRY_COMPARE_WITH_TIMEOUT(bar.snapshot().pending, 0, kWaitMs);
        QCOMPARE(labelText(bar, QStringLiteral("syncPending")), QStringLiteral("待同步 0"));
        QCOMPARE(labelText(bar, QStringLiteral("syncOnline")), QStringLiteral("在线"));
        QVERIFY2(labelText(bar, QStringLiteral("syncLast")) != QStringLiteral("最近同步：从未"),
                 qPrintable(labelText(bar, QStringLiteral("syncLast"))));
        QCOMPARE(statusOf(db)[QStringLiteral("pending")].toInt(), 0);
    }

    void aStoppedServerLosesNothing()
    {
        const QString db = enrolled(QStringLiteral("jinshui"), kJinshui);
        const QString id = addVolunteer(db, QStringLiteral("李四"), idNumber(kJinshui, 7), kJinshui);
        const quint16 port = m_server->port();
        m_server.reset(); // the link is down

        SyncController controller(db);
        controller.setTimeoutMs(3000);
        SyncStatusBar bar(&controller, db);
        QSignalSpy finished(&controller, &SyncController::finished);
        controller.startSync();
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toBool(), false);
        const QString message = finished.first().at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("连接不上服务器")) &&
                     message.contains(QStringLiteral("没有丢失")),
                 qPrintable(message));
        QCOMPARE(controller.lastOutcome(), SyncController::Outcome::LinkDown);
        waitForRefresh(bar);
        QCOMPARE(labelText(bar, QStringLiteral("syncOnline")), QStringLiteral("离线"));
        QVERIFY(bar.snapshot().pending > 0);
        QVERIFY(statusOf(db)[QStringLiteral("pending")].toInt() > 0);

        // The link is back: the same sync goes through and the record arrives.
        startServer(port);
        finished.clear();
        controller.startSync();
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(serverVolunteerIds().contains(id));
        QCOMPARE(statusOf(db)[QStringLiteral("pending")].toInt(), 0);
        waitForRefresh(bar);
        QCOMPARE(labelText(bar, QStringLiteral("syncOnline")), QStringLiteral("在线"));
    }

    void aComputerNotEnrolledIsToldSo()
    {
        const QString db = initialized(QStringLiteral("alone"), kJinshui);
        addVolunteer(db, QStringLiteral("王五"), idNumber(kJinshui, 8), kJinshui);
        SyncController controller(db);
        SyncStatusBar bar(&controller, db);
        waitForRefresh(bar);
        QCOMPARE(labelText(bar, QStringLiteral("syncOnline")), QStringLiteral("未登记"));
        QSignalSpy finished(&controller, &SyncController::finished);
        controller.startSync();
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("尚未登记")),
                 qPrintable(finished.first().at(1).toString()));
        QCOMPARE(controller.lastOutcome(), SyncController::Outcome::NotEnrolled);
        QVERIFY(statusOf(db)[QStringLiteral("pending")].toInt() > 0);
    }

    void aRejectedChangeCanBeOpenedForCorrection()
    {
        const QString a = enrolled(QStringLiteral("jinshui"), kJinshui);
        const QString b = enrolled(QStringLiteral("zhongyuan"), kZhongyuan);
        const QString person = idNumber(kJinshui, 51);
        addVolunteer(a, QStringLiteral("张三"), person, kJinshui);
        const QString twin = addVolunteer(b, QStringLiteral("张三"), person, kZhongyuan);
        EXPECT_EXIT(runKjzy(a, {QStringLiteral("sync")}), 0);

        SyncController controller(b);
        QSignalSpy finished(&controller, &SyncController::finished);
        controller.startSync();
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toBool(), false);
        const QString message = finished.first().at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("退回")), qPrintable(message));
        QCOMPARE(controller.lastOutcome(), SyncController::Outcome::Rejections);

        RejectionsDialog dialog(b);
        dialog.show();
        QTableWidget* table = dialog.table();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, RejectionsDialog::KindColumn)->text(), QStringLiteral("志愿者"));
        const QString name = table->item(0, RejectionsDialog::NameColumn)->text();
        QVERIFY2(name.contains(QStringLiteral("张三")), qPrintable(name));
        QVERIFY2(!name.contains(person), qPrintable(name)); // the ID number masked
        const QString reason = table->item(0, RejectionsDialog::ReasonColumn)->text();
        QVERIFY2(reason.contains(QStringLiteral("金水区")), qPrintable(reason));
        QVERIFY(!reason.contains(person));

        QSignalSpy edit(&dialog, &RejectionsDialog::editVolunteerRequested);
        auto* button = dialog.findChild<QPushButton*>(QStringLiteral("rejectionsEdit"));
        QVERIFY(button && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(edit.count(), 1);
        QCOMPARE(edit.first().first().toString(), twin);

        // The fix (here: the ID number was mistyped) as the edit form stores it; the refusal goes
        // and the corrected record goes through at the next sync.
        {
            auto database = ClientDatabase::open(b);
            QVERIFY(database.has_value());
            VolunteerStore store(**database, SystemClock::instance());
            auto volunteer = store.get(twin);
            QVERIFY(volunteer.has_value());
            volunteer->idNumber = idNumber(kJinshui, 53);
            QVERIFY2(store.update(*volunteer).has_value(), "the correction was not stored");
        }
        dialog.refresh();
        QCOMPARE(table->rowCount(), 0);
        finished.clear();
        controller.startSync();
        QVERIFY(finished.wait(kWaitMs));
        // A record the server refused at its creation goes again whole (ChangeRecorder::recordRecreation).
        QVERIFY2(finished.first().at(0).toBool(), QJsonDocument(statusOf(b)).toJson().constData());
        QVERIFY(serverVolunteerIds().contains(twin));
        QCOMPARE(statusOf(b)[QStringLiteral("rejected")].toInt(), 0);
    }

    void bundlesTravelWithoutALink()
    {
        const QString db = enrolled(QStringLiteral("jinshui"), kJinshui);
        const QString id = addVolunteer(db, QStringLiteral("赵六"), idNumber(kJinshui, 9), kJinshui);
        m_server.reset(); // no link from here on: everything travels as files

        SyncController controller(db);
        QSignalSpy finished(&controller, &SyncController::finished);
        const QString bundle = path(QStringLiteral("out.kjzb"));
        controller.exportBundle(bundle);
        QVERIFY(controller.isRunning());
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("数据包已保存")),
                 qPrintable(finished.first().at(1).toString()));
        QVERIFY(QFileInfo(bundle).size() > 0);

        const QString reply = path(QStringLiteral("reply.kjzb"));
        const CliRun imported =
            runServer(m_data, {QStringLiteral("import-bundle"), bundle, QStringLiteral("--reply"), reply});
        EXPECT_EXIT(imported, 0);
        QVERIFY(serverVolunteerIds().contains(id));

        // A reply changed on the way is refused and applies nothing.
        QFile original(reply);
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray bytes = original.readAll();
        original.close();
        bytes[bytes.size() - 1] = char(bytes[bytes.size() - 1] ^ 0x01);
        const QString forged = path(QStringLiteral("forged.kjzb"));
        QFile out(forged);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
        out.close();
        finished.clear();
        controller.importBundleReply(forged);
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(controller.lastOutcome(), SyncController::Outcome::Refused);
        QVERIFY(statusOf(db)[QStringLiteral("pending")].toInt() > 0);

        finished.clear();
        controller.importBundleReply(reply);
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY2(finished.first().at(1).toString().startsWith(QStringLiteral("回执已导入")),
                 qPrintable(finished.first().at(1).toString()));
        QCOMPARE(statusOf(db)[QStringLiteral("pending")].toInt(), 0);
    }
};

QTEST_MAIN(TestSyncController)
#include "TestSyncController.moc"
