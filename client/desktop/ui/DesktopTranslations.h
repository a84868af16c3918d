#pragma once

class QCoreApplication;

namespace kjzy::desktop {

// The program speaks Chinese whatever the system locale says: township PCs often run an English
// or C locale. Installs the two shipped catalogues (main window and forms; import and sync) and
// Qt's own zh_CN strings (standard buttons, file dialogs). The GUI tests install the same, so they
// check the text a user sees.
class DesktopTranslations
{
public:
    // True when both program catalogues loaded; Qt's catalogue is optional (a minimal install may
    // lack it and its buttons then stay English).
    static bool install(QCoreApplication& app);
};

} // namespace kjzy::desktop
