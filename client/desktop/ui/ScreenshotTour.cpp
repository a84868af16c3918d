#include "ScreenshotTour.h"

#include "FirstStartDialog.h"
#include "ImportWizard.h"
#include "MainWindow.h"
#include "RegionPicker.h"
#include "RejectionsDialog.h"
#include "SyncController.h"
#include "TeamDialog.h"
#include "TeamTree.h"
#include "VolunteerDialog.h"
#include "VolunteerTableModel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPixmap>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QWizard>

#include <cstdio>
#include <memory>

namespace kjzy::desktop {

namespace {

constexpr int kPollMs = 100;
constexpr int kReadyTimeoutMs = 60000;
constexpr int kSettleMs = 400; // lets the last layout and paint happen before the grab

// Key events, as a person typing: line edits then emit textEdited and the forms validate.
void typeText(QWidget* widget, const QString& text)
{
    widget->setFocus();
    for (const QChar c : text) {
        QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(c));
        QApplication::sendEvent(widget, &press);
        QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(c));
        QApplication::sendEvent(widget, &release);
    }
}

void selectByText(QComboBox* combo, const QString& text)
{
    if (const int index = combo->findText(text); index >= 0)
        combo->setCurrentIndex(index);
}

template <typename T> T* openChild(MainWindow* window)
{
    const auto children = window->findChildren<T*>();
    return children.isEmpty() ? nullptr : children.last();
}

} // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, const QString& directory, const QString& workbook)
    : QObject(window), m_window(window), m_directory(directory), m_workbook(workbook)
{
    m_directory.mkpath(QStringLiteral("."));
    auto loaded = [this] {
        return m_window && !m_window->isLoading() && m_window->volunteerModel()->rowCount() > 0;
    };

    add(QStringLiteral("01-first-start"), [this]() -> QWidget* {
        // A scratch database that stays uninitialised: the dialog is only shown, never accepted.
        auto* scratch = new QTemporaryDir;
        m_scratchDirectory = scratch->path();
        auto* dialog = new FirstStartDialog(scratch->filePath(QStringLiteral("new.sqlite")));
        connect(dialog, &QObject::destroyed, [scratch] { delete scratch; });
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        selectByText(dialog->regionPicker()->cityCombo(), QStringLiteral("郑州市"));
        selectByText(dialog->regionPicker()->countyCombo(), QStringLiteral("金水区"));
        dialog->enrollCheck()->setChecked(true);
        dialog->serverEdit()->setText(QStringLiteral("http://127.0.0.1:8080"));
        dialog->show();
        return dialog;
    });
    add(QStringLiteral("02-import-choose-file"), [this]() -> QWidget* {
        m_window->openImportWizard();
        auto* wizard = openChild<ImportWizard>(m_window);
        if (wizard && !m_workbook.isEmpty())
            wizard->setFile(m_workbook);
        return wizard;
    });
    auto wizardPageReady = [this] {
        auto* wizard = openChild<ImportWizard>(m_window);
        return !wizard || !wizard->currentPage() || wizard->currentPage()->isComplete();
    };
    add(
        QStringLiteral("03-import-preview"),
        [this]() -> QWidget* {
            auto* wizard = openChild<ImportWizard>(m_window);
            if (wizard)
                wizard->next();
            return wizard;
        },
        wizardPageReady, false);
    add(
        QStringLiteral("03-import-preview-rejected"),
        [this]() -> QWidget* {
            // The preview narrowed to the rejected rows, each with all its reasons.
            auto* wizard = openChild<ImportWizard>(m_window);
            if (wizard && wizard->currentPage()) {
                if (auto* show = wizard->currentPage()->findChild<QComboBox*>()) {
                    for (int i = 0; i < show->count(); ++i) {
                        if (show->itemText(i).contains(QStringLiteral("拒绝")))
                            show->setCurrentIndex(i);
                    }
                }
            }
            return wizard;
        },
        {}, false);
    add(
        QStringLiteral("04-import-result"),
        [this]() -> QWidget* {
            auto* wizard = openChild<ImportWizard>(m_window);
            if (wizard)
                wizard->next();
            return wizard;
        },
        wizardPageReady, false);
    add(
        QStringLiteral("05-main-window"),
        [this]() -> QWidget* {
            if (auto* wizard = openChild<ImportWizard>(m_window))
                wizard->close();
            return m_window.data();
        },
        loaded);
    add(QStringLiteral("06-search-by-id-digits"), [this]() -> QWidget* {
        if (m_window->volunteerModel()->rowCount() > 0)
            typeText(m_window->searchEdit(), m_window->volunteerModel()->volunteerAt(0).idNumber.right(4));
        m_window->volunteerTable()->selectRow(0);
        return m_window.data();
    });
    add(QStringLiteral("07-volunteer-form-error"), [this]() -> QWidget* {
        m_window->searchEdit()->clear();
        auto* dialog = new VolunteerDialog(m_window->databasePath(), {}, {}, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        typeText(dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit")), QStringLiteral("张伟"));
        // GB 11643: the check character of 41010519500101013 is 6, so 7 is refused.
        typeText(dialog->findChild<QLineEdit*>(QStringLiteral("idNumberEdit")),
                 QStringLiteral("410105195001010137"));
        typeText(dialog->findChild<QLineEdit*>(QStringLiteral("mobileEdit")), QStringLiteral("139 0371 000"));
        return dialog;
    });
    add(QStringLiteral("08-team-form-suggestion"), [this]() -> QWidget* {
        auto* dialog = new TeamDialog(m_window->databasePath(), {}, {}, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        if (auto* region = dialog->findChild<RegionPicker*>(QStringLiteral("regionPicker"))) {
            selectByText(region->cityCombo(), QStringLiteral("郑州市"));
            selectByText(region->countyCombo(), QStringLiteral("金水区"));
        }
        typeText(dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit")),
                 QStringLiteral("金水区志愿者服务队"));
        typeText(dialog->findChild<QLineEdit*>(QStringLiteral("adminMobileEdit")),
                 QStringLiteral("13903710000"));
        return dialog;
    });
    auto syncDone = std::make_shared<bool>(false);
    add(
        QStringLiteral("09-after-sync"),
        [this, syncDone]() -> QWidget* {
            connect(m_window->syncController(), &SyncController::finished, this,
                    [syncDone] { *syncDone = true; });
            m_window->startSync();
            return m_window.data();
        },
        [this, syncDone] { return *syncDone && m_window && !m_window->isLoading(); });
    add(QStringLiteral("10-rejected-records"), [this]() -> QWidget* {
        m_window->openRejections();
        return openChild<RejectionsDialog>(m_window);
    });
    add(QStringLiteral("11-progress"), [this]() -> QWidget* {
        if (auto* rejections = openChild<RejectionsDialog>(m_window))
            rejections->hide();
        m_window->tabs()->setCurrentIndex(1);
        return m_window.data();
    });
    add(QStringLiteral("12-export-bundle"), [this]() -> QWidget* {
        m_window->tabs()->setCurrentIndex(0);
        // The dialog "导出数据包" opens, built the same way but not run modally.
        auto* dialog = new QFileDialog(m_window, MainWindow::tr("Export data bundle"), QDir::homePath(),
                                       MainWindow::tr("kjzy data bundles (*.kjzy)"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setOption(QFileDialog::DontUseNativeDialog);
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        dialog->selectFile(QStringLiteral("金水区.kjzy"));
        dialog->resize(820, 520);
        dialog->show();
        return dialog;
    });
}

void ScreenshotTour::add(const QString& name, std::function<QWidget*()> open, std::function<bool()> ready,
                         bool closePrevious)
{
    m_steps << Step{name, std::move(open), std::move(ready), closePrevious};
}

void ScreenshotTour::start()
{
    QTimer::singleShot(0, this, &ScreenshotTour::runStep);
}

void ScreenshotTour::runStep()
{
    const bool close = m_next >= m_steps.size() || m_steps.at(m_next).closePrevious;
    if (close && m_current && m_current != m_window)
        m_current->close();
    if (m_next >= m_steps.size() || !m_window) {
        finish();
        return;
    }
    m_current = m_steps.at(m_next).open();
    waitThenGrab(0);
}

void ScreenshotTour::waitThenGrab(int waitedMs)
{
    const Step& step = m_steps.at(m_next);
    if (step.ready && !step.ready() && waitedMs < kReadyTimeoutMs) {
        QTimer::singleShot(kPollMs, this, [this, waitedMs] { waitThenGrab(waitedMs + kPollMs); });
        return;
    }
    if (step.ready && !step.ready())
        std::fprintf(stderr, "screenshot %s: not ready after %d ms, taken anyway\n", qPrintable(step.name),
                     kReadyTimeoutMs);
    QTimer::singleShot(kSettleMs, this, &ScreenshotTour::grabAndContinue);
}

void ScreenshotTour::grabAndContinue()
{
    const Step& step = m_steps.at(m_next);
    const QString file = m_directory.filePath(step.name + QStringLiteral(".png"));
    if (!m_current || !m_current->grab().save(file)) {
        std::fprintf(stderr, "screenshot %s: failed\n", qPrintable(step.name));
        ++m_failures;
    } else {
        std::fprintf(stdout, "%s\n", qPrintable(file));
        std::fflush(stdout);
    }
    ++m_next;
    runStep();
}

void ScreenshotTour::finish()
{
    QApplication::exit(m_failures == 0 ? 0 : 1);
}

} // namespace kjzy::desktop
