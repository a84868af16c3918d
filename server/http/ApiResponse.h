#pragma once

#include <QByteArray>

namespace kjzy {

// A successful answer from a route handler. Failures are not responses: handlers return an Error and
// ApiErrorMapping turns it into a status code and a JSON body, in one place.
struct ApiResponse
{
    int status = 200; // 2xx only; ApiServer answers 500 to anything else
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/octet-stream");
};

} // namespace kjzy
