#include "RecordId.h"

#include <QUuid>

namespace kjzy {

QString RecordId::generate()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool RecordId::isValid(const QString& id)
{
    return id.size() == 36 && !QUuid::fromString(id).isNull();
}

} // namespace kjzy
