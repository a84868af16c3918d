#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace kjzy {

// One HTTP request as a service sees it: decoded by ApiServer, free of QHttpServer types so services
// and tests can build one by hand. The body is complete and already checked against the size limit.
struct ApiRequest
{
    QString method; // "GET", "POST", ... (upper case)
    QString path;   // "/v1/push"; the query is separate
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values as sent
    QUrlQuery query;
    QHostAddress peer;

    // The first header with this name (any case), or a null QByteArray.
    QByteArray header(QByteArrayView name) const
    {
        const QByteArray wanted = name.toByteArray().toLower();
        for (const auto& [key, value] : headers) {
            if (key == wanted)
                return value;
        }
        return {};
    }
};

} // namespace kjzy
