#include "DesktopApp.h"

#include <QApplication>

namespace kjzy::desktop {
int DesktopApp::run(QApplication& app)
{
    return app.exec();
}
} // namespace kjzy::desktop
