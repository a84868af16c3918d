#pragma once

#include "ApiResponse.h"
#include "core/Error.h"

namespace kjzy {

// The one place where typed errors become HTTP: a status code per ErrorCode and the error body
// {"error": "<errorCodeName>", "message": "<中文说明>"} that HttpLink decodes on the client.
// 4xx means "the request is wrong, repeating it will not help"; 5xx means "the server failed".
class ApiErrorMapping
{
public:
    static int statusFor(ErrorCode code);

    // The error with the status statusFor() gives it.
    static ApiResponse toResponse(const Error& error);
    // For answers the transport decides itself (404 unknown path, 405, 413 too large): the body
    // still carries an ErrorCode so clients decode every error the same way.
    static ApiResponse toResponse(int status, const Error& error);

    static QByteArray jsonContentType();
};

} // namespace kjzy
