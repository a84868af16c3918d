#pragma once
class QApplication;
namespace kjzy::desktop {
// Wires the desktop program: translator, database, first start, main window. (skeleton: helper G1 owns)
class DesktopApp
{
public:
    static int run(QApplication& app);
};
} // namespace kjzy::desktop
