#include "DesktopApp.h"

#include "DesktopTranslations.h"
#include "FirstStartDialog.h"
#include "MainWindow.h"
#include "ScreenshotTour.h"
#include "crypto/Sodium.h"
#include "privacy/LogScrubber.h"
#include "store/ClientDatabase.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QStandardPaths>

#include <cstdio>

namespace kjzy::desktop {

namespace {

// The same file `kjzy` uses by default (cli::defaultDatabasePath): one database for both programs.
QString defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/kjzy.sqlite");
}

int refuse(const QString& message)
{
    std::fprintf(stderr, "%s\n", message.toUtf8().constData());
    QMessageBox::critical(nullptr, QApplication::translate("kjzy::desktop::DesktopApp", "kjzy"), message);
    return 1;
}

} // namespace

int DesktopApp::run(QApplication& app)
{
    // Organisation and application name as the CLI's, so AppDataLocation is the same directory.
    QApplication::setOrganizationName(QStringLiteral("kjzy"));
    QApplication::setApplicationName(QStringLiteral("kjzy"));
    LogScrubber::install();
    DesktopTranslations::install(app);
    QApplication::setApplicationDisplayName(
        QApplication::translate("kjzy::desktop::DesktopApp", "Science and Technology Volunteers"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "kjzy::desktop::DesktopApp", "kjzy desktop client: register teams and volunteers, "
                                     "import spreadsheets, sync with the server."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"),
                                QApplication::translate("kjzy::desktop::DesktopApp", "Local database file"),
                                QStringLiteral("PATH"), defaultDatabasePath());
    QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QStringLiteral("Save a PNG of every screen into DIR, then quit (documentation)"),
        QStringLiteral("DIR"));
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotFile(QStringLiteral("screenshot-workbook"),
                                      QStringLiteral("Workbook the import wizard shows in --screenshots"),
                                      QStringLiteral("FILE"));
    screenshotFile.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({db, screenshots, screenshotFile});
    parser.process(app);

    // A broken crypto library must stop the program before it seals or opens anything.
    if (auto ok = Sodium::initialize(); !ok)
        return refuse(ok.error().message);

    const QString databasePath = parser.value(db);
    {
        auto database = ClientDatabase::open(databasePath);
        if (!database)
            return refuse(database.error().message);
        if (!(*database)->isInitialized()) {
            FirstStartDialog first(databasePath);
            if (first.exec() != QDialog::Accepted && !(*database)->isInitialized())
                return 0;
        }
    }

    MainWindow window(databasePath);
    window.show();
    if (parser.isSet(screenshots)) {
        auto* tour = new ScreenshotTour(&window, parser.value(screenshots), parser.value(screenshotFile));
        tour->start();
    }
    return app.exec();
}

} // namespace kjzy::desktop
