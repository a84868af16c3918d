// kjzy-desktop: the GUI client. Parses arguments and wires the windows of kjzy_desktop_ui.
#include "ui/DesktopApp.h"

#include <QApplication>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationVersion(QStringLiteral(KJZY_VERSION));
    return kjzy::desktop::DesktopApp::run(app);
}
