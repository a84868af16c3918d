#pragma once

#include <QDir>
#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;

namespace kjzy::desktop {

class MainWindow;

// `kjzy-desktop --screenshots DIR`: opens every screen in turn on the running program and saves
// QWidget::grab() of it as DIR/NN-name.png, then quits. A documentation tool (scripts/
// desktop-screenshots.sh runs it under Xvfb); it drives the same widgets a person does and waits
// for worker threads by polling their state, never by a fixed sleep alone.
class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    // `workbook`: the 附件2 file the import wizard is shown with (may be empty: the wizard's
    // first page only).
    ScreenshotTour(MainWindow* window, const QString& directory, const QString& workbook);

    void start();

private:
    struct Step
    {
        QString name;
        std::function<QWidget*()> open; // returns the window to grab
        std::function<bool()> ready;    // polled until true (or a time-out) before the grab
        bool closePrevious = true;      // false: the step continues in the previous step's window
    };

    void add(const QString& name, std::function<QWidget*()> open, std::function<bool()> ready = {},
             bool closePrevious = true);
    void runStep();
    void waitThenGrab(int waitedMs);
    void grabAndContinue();
    void finish();

    QPointer<MainWindow> m_window;
    QDir m_directory;
    QString m_workbook;
    QString m_scratchDirectory;
    QList<Step> m_steps;
    qsizetype m_next = 0;
    QPointer<QWidget> m_current;
    int m_failures = 0;
};

} // namespace kjzy::desktop
