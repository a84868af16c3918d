#pragma once

#include "ApiServer.h"

namespace kjzy {

class EnrollmentService;
class IngestService;
class PullService;
class ServerKeys;
class UploadService;

// The sync API. Routes only decode the request, call a service and encode its answer; typed
// errors become status codes in ApiErrorMapping.
//   POST /v1/enroll  JSON {code, device, sign_key, box_key, label} -> JSON {device, scope, role,
//                    key_epoch, server_sign_key, server_box_key}
//   POST /v1/push    a sealed change set -> the sealed reply
//   POST /v1/push/chunk  X-Kjzy-Device, X-Kjzy-Change-Set, X-Kjzy-Offset, X-Kjzy-Total, body = the
//                    envelope's bytes from the offset -> 202 JSON {"offset": bytes held}, or the
//                    sealed reply (200) once the upload completed and was ingested
//   POST /v1/push/status X-Kjzy-Device, X-Kjzy-Change-Set -> the sealed reply (200) if ingested,
//                    else 202 JSON {"offset": bytes held}
//   POST /v1/pull    PullRequest JSON, X-Kjzy-Signature: base64 Ed25519 -> a sealed page
//   GET  /v1/health  "ok"
class SyncRoutes
{
public:
    static void install(ApiServer& server, EnrollmentService& enrollment, IngestService& ingest,
                        PullService& pull, UploadService& uploads, const ServerKeys& keys);
};

} // namespace kjzy
