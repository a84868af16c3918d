#include "DesktopTranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace kjzy::desktop {

bool DesktopTranslations::install(QCoreApplication& app)
{
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    bool complete = true;
    // The catalogues are compiled in (qt_add_resources under /i18n), so a copied binary still speaks
    // Chinese.
    for (const QString& name :
         {QStringLiteral("kjzy_desktop_zh_CN"), QStringLiteral("kjzy_desktop_sync_zh_CN")}) {
        auto* translator = new QTranslator(&app);
        if (translator->load(name, QStringLiteral(":/i18n")))
            QCoreApplication::installTranslator(translator);
        else {
            complete = false;
            delete translator;
        }
    }
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QStringLiteral("qtbase_zh_CN"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;
    return complete;
}

} // namespace kjzy::desktop
