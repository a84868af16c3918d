#include "ResourceText.h"

#include <QFile>

// Static libraries need their resources initialised explicitly before first use.
static void initKjzyDataResources()
{
    Q_INIT_RESOURCE(kjzy_reference_data);
}

namespace kjzy {

QString ResourceText::read(const QString& fileName)
{
    static const bool initialised = (initKjzyDataResources(), true);
    Q_UNUSED(initialised);
    QFile file(QStringLiteral(":/kjzy/data/") + fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace kjzy
