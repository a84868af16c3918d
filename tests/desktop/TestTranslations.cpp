// The program speaks Chinese: both shipped catalogues have every entry finished, they load from
// the resources, and what the main window shows — title, menus, actions, tabs, table headers,
// tree — is Chinese whatever the system locale (the tests run under LC_ALL=C.UTF-8).
#include "store/ClientDatabase.h"
#include "ui/DesktopTranslations.h"
#include "ui/MainWindow.h"
#include "ui/TeamTree.h"

#include <QAbstractButton>
#include <QAction>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace kjzy;
using namespace kjzy::desktop;

namespace {

const QString kTranslations = QStringLiteral(KJZY_TEST_DATA_DIR "/../../client/desktop/translations");

bool hasHan(const QString& text)
{
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    return han.match(text).hasMatch();
}

struct TsEntry
{
    QString context;
    QString source;
    QString translation;
    bool unfinished = false;
};

QList<TsEntry> readTs(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<TsEntry> out;
    QXmlStreamReader xml(&file);
    QString context;
    TsEntry entry;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            entry = TsEntry{context, {}, {}, false};
        } else if (xml.name() == u"source") {
            entry.source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const QString type = xml.attributes().value(QStringLiteral("type")).toString();
            if (type == u"obsolete" || type == u"vanished")
                continue;
            entry.unfinished = type == u"unfinished";
            entry.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            out << entry;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyEntryIsFinished_data();
    void everyEntryIsFinished();
    void mainWindowSpeaksChinese();
};

void TestTranslations::initTestCase()
{
    QVERIFY2(DesktopTranslations::install(*QCoreApplication::instance()),
             "a compiled-in catalogue (:/i18n/kjzy_desktop_*_zh_CN.qm) did not load");
}

void TestTranslations::everyEntryIsFinished_data()
{
    QTest::addColumn<QString>("file");
    for (const char* name : {"kjzy_desktop_zh_CN.ts", "kjzy_desktop_sync_zh_CN.ts"})
        QTest::newRow(name) << QDir(kTranslations).filePath(QString::fromLatin1(name));
}

void TestTranslations::everyEntryIsFinished()
{
    QFETCH(QString, file);
    QVERIFY2(QFile::exists(file), qPrintable(file));
    QString error;
    const QList<TsEntry> entries = readTs(file, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!entries.isEmpty());
    QStringList problems;
    for (const TsEntry& e : entries) {
        if (e.unfinished || e.translation.trimmed().isEmpty())
            problems << QStringLiteral("unfinished: %1 / %2").arg(e.context, e.source);
        // Every placeholder of the source survives translation.
        static const QRegularExpression placeholder(QStringLiteral("%\\d"));
        for (auto it = placeholder.globalMatch(e.source); it.hasNext();) {
            const QString p = it.next().captured();
            if (!e.translation.contains(p))
                problems << QStringLiteral("lost %1: %2 / %3").arg(p, e.context, e.source);
        }
        const bool translatable =
            hasHan(e.source) || e.source.contains(QRegularExpression(QStringLiteral("[A-Za-z]{3,}")));
        if (translatable && !hasHan(e.translation) && e.source != e.translation)
            problems << QStringLiteral("not Chinese: %1 / %2 -> %3").arg(e.context, e.source, e.translation);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestTranslations::mainWindowSpeaksChinese()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("county.sqlite"));
    {
        auto database = ClientDatabase::open(path);
        QVERIFY(database);
        QVERIFY((*database)->initialize(QStringLiteral("410105")));
    }
    MainWindow window(path);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(!window.isLoading());
    QTRY_VERIFY(hasHan(window.windowTitle()));
    QVERIFY2(window.windowTitle().contains(QStringLiteral("金水区")), qPrintable(window.windowTitle()));

    QStringList english;
    auto check = [&english](const QString& where, const QString& text) {
        if (!text.isEmpty() && !hasHan(text))
            english << QStringLiteral("%1: %2").arg(where, text);
    };
    for (QAction* menu : window.menuBar()->actions()) {
        check(QStringLiteral("menu"), menu->text());
        if (menu->menu()) {
            for (QAction* action : menu->menu()->actions()) {
                if (!action->isSeparator())
                    check(QStringLiteral("menu item"), action->text());
            }
        }
    }
    for (int i = 0; i < window.tabs()->count(); ++i)
        check(QStringLiteral("tab"), window.tabs()->tabText(i));
    const QAbstractItemModel* table = window.volunteerTable()->model();
    for (int c = 0; c < table->columnCount(); ++c)
        check(QStringLiteral("column"), table->headerData(c, Qt::Horizontal).toString());
    const QAbstractItemModel* tree = window.teamTree()->model();
    for (int row = 0; row < tree->rowCount(); ++row)
        check(QStringLiteral("tree"), tree->index(row, 0).data().toString());
    // Every visible label and button of the window, G2's status bar and progress page included.
    for (const QWidget* widget : window.findChildren<QWidget*>()) {
        if (!widget->isVisible())
            continue;
        if (const auto* label = qobject_cast<const QLabel*>(widget);
            label && hasHan(label->text()) == false &&
            label->text().contains(QRegularExpression(QStringLiteral("[A-Za-z]{3,}"))))
            check(QStringLiteral("label %1").arg(widget->objectName()), label->text());
        if (const auto* button = qobject_cast<const QAbstractButton*>(widget);
            button && button->text().contains(QRegularExpression(QStringLiteral("[A-Za-z]{3,}"))))
            check(QStringLiteral("button %1").arg(widget->objectName()), button->text());
    }
    QVERIFY2(english.isEmpty(), qPrintable(english.join(u'\n')));
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
