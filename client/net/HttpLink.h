#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkRequest;
QT_END_NAMESPACE

namespace kjzy {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpLinkOptions
{
    int attempts = 4;           // tries per request, the first one included
    int initialBackoffMs = 250; // wait before the first retry; doubles per retry, with jitter
    int maxBackoffMs = 8000;    // cap on one wait (also on a server's Retry-After)
    int timeoutMs = 30000;      // an attempt fails when no byte has moved for this long
};

// Per-request overrides of HttpLinkOptions, for a caller that runs its own retry policy (the sync
// engine adapts chunk sizes between attempts, so it asks for one attempt at a time).
struct HttpCall
{
    int attempts = 0;             // 0: the link's HttpLinkOptions::attempts
    int timeoutMs = 0;            // no byte moved for this long fails the attempt; 0: the link's
    qint64 maxDurationMs = 0;     // the attempt is abandoned after this long in all; 0: no limit
    bool freshConnection = false; // open a new TCP connection instead of reusing a kept-alive one
    // Qt silently sends a request again when its connection breaks while the body is being
    // written. A caller that retries itself (after asking the server what arrived) turns that off,
    // so that a cut costs one transfer of the body, not two.
    bool sendBodyOnce = false;
    // Called as bytes move, with what this attempt has sent/received so far and the total when
    // known (-1 otherwise).
    std::function<void(qint64 done, qint64 total)> uploadProgress;
    std::function<void(qint64 done, qint64 total)> downloadProgress;
};

struct HttpReply
{
    int status = 0;
    QByteArray body;
    HttpHeaders headers; // names lower-cased

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

// The client's blocking HTTP link to kjzy-server, for a command-line program: each call runs a
// local QEventLoop until the answer is in (a QCoreApplication must exist; nothing else needs to
// run). Every request of the sync protocol is idempotent by design, so failures that may be
// transient — connection refused or cut, time-outs, 502/503/504 — are retried with exponential
// backoff and jitter. Results: 2xx -> the reply; 4xx -> the server's Error (code and message as
// the server sent them); everything else -> ErrorCode::Network naming the server.
class HttpLink
{
public:
    explicit HttpLink(QUrl base, HttpLinkOptions options = {});
    ~HttpLink();
    HttpLink(const HttpLink&) = delete;
    HttpLink& operator=(const HttpLink&) = delete;

    // path is appended to the base URL's path ("/api" + "/v1/push"). An empty contentType is sent
    // as application/octet-stream.
    Result<HttpReply> post(const QString& path, const QByteArray& body, const QByteArray& contentType,
                           const HttpHeaders& headers = {}, const HttpCall& call = {});
    Result<HttpReply> get(const QString& path, const QUrlQuery& query = {}, const HttpHeaders& headers = {},
                          const HttpCall& call = {});

    // Message bodies as they crossed the wire, every attempt counted (a retried upload costs twice).
    // Replies are never compressed in transit (we send Accept-Encoding: identity), so received
    // bytes are wire bytes. HTTP headers (a few hundred bytes a request) are not included:
    // requests() lets a report add an estimate.
    qint64 bytesSent() const { return m_bytesSent; }
    qint64 bytesReceived() const { return m_bytesReceived; }
    int requests() const { return m_requests; } // HTTP attempts, retries included
    // Status of the last answer (0 when the last attempt got none): tells a 413 from other
    // InvalidInput errors, e.g. to split an upload.
    int lastStatus() const { return m_lastStatus; }
    // Whether the last failure was one that may pass if the same request is sent again (the link
    // cut or refused, a time-out, a gateway's 502/503/504) rather than an answer that will not
    // change (4xx, 500).
    bool lastFailureTransient() const { return m_lastFailureTransient; }
    // TCP connections this link opened on purpose for HttpCall::freshConnection requests.
    int freshConnections() const { return m_freshConnections; }
    const QUrl& baseUrl() const { return m_base; }

    // The wait before retry number `retry` (0 = first retry): initial * 2^retry capped at the
    // maximum, of which the upper half is scaled by unitRandom in [0, 1) ("equal jitter": many
    // clients cut off together do not come back together).
    static int backoffMs(int retry, const HttpLinkOptions& options, double unitRandom);

private:
    struct Attempt;

    Result<HttpReply> send(const QByteArray& verb, const QUrl& url, const QByteArray& body,
                           const QByteArray& contentType, const HttpHeaders& headers, const HttpCall& call);
    Attempt attemptOnce(const QByteArray& verb, const QNetworkRequest& request, const QByteArray& body,
                        const HttpCall& call);
    Result<HttpReply> conclude(const Attempt& attempt, int attempts, int timeoutMs) const;
    QUrl urlFor(const QString& path, const QUrlQuery& query) const;
    QString serverName() const;

    QUrl m_base;
    HttpLinkOptions m_options;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    qint64 m_bytesSent = 0;
    qint64 m_bytesReceived = 0;
    int m_requests = 0;
    int m_lastStatus = 0;
    bool m_lastFailureTransient = false;
    int m_freshConnections = 0;
};

} // namespace kjzy
