#pragma once

#include "RetryDeadline.h"
#include "net/HttpLink.h"

#include <optional>

namespace kjzy {

// How one sync talks over its link: every request is a single attempt (the caller adapts sizes
// between attempts), limited by what is left of the sync's deadline; once any attempt failed, each
// request goes on a TCP connection of its own, so a link that cuts connections after so many bytes
// never counts an earlier request's bytes against a later one.
class LinkSession
{
public:
    LinkSession(HttpLink& link, RetryDeadline& deadline);

    Result<HttpReply> post(const QString& path, const QByteArray& body, const QByteArray& contentType,
                           const HttpHeaders& headers = {},
                           std::function<void(qint64 done, qint64 total)> uploadProgress = {});

    // After a failed request: the error to give up with, or nothing when the failure may pass and
    // there is time for another attempt (the backoff has then been waited out already).
    std::optional<Error> giveUpOrWait(const Error& error);
    // The transfer moved forward: the next failure waits the shortest time again.
    void progressed() { m_deadline.progressed(); }

    bool freshConnections() const { return m_freshConnections; }
    int failures() const { return m_failures; }
    HttpLink& link() { return m_link; }

private:
    HttpLink& m_link;
    RetryDeadline& m_deadline;
    bool m_freshConnections = false;
    int m_failures = 0;
    QString m_lastPath; // for the log line of a failure
    qint64 m_lastBodyBytes = 0;
};

} // namespace kjzy
