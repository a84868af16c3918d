#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QStringView>

#include <optional>

namespace kjzy {

// The reverse of errorCodeName(): "invalid_input" -> ErrorCode::InvalidInput. Unknown names (a newer
// server with a code this client does not know) give nullopt.
std::optional<ErrorCode> errorCodeFromName(QStringView name);

// The client's reading of a 4xx answer. The server sends {"error": "<code name>", "message": "..."}
// (ApiErrorMapping); that code and message are returned as they are. A body in another shape (a
// proxy's HTML page) or an unknown code falls back to a code guessed from the status.
Error serverErrorFromReply(int status, const QByteArray& body, const QString& serverUrl);

} // namespace kjzy
