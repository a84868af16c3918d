#pragma once

class QApplication;

namespace kjzy::desktop {

// Wires the desktop program: Chinese translators, the crypto self-test, the local database (the
// CLI's default path or --db), the first start while the database has no region, then the main
// window. `--screenshots DIR` (hidden, for the documentation) walks every screen and saves PNGs.
class DesktopApp
{
public:
    static int run(QApplication& app);
};

} // namespace kjzy::desktop
