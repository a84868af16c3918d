#pragma once

#include "ApiRequest.h"
#include "ApiResponse.h"
#include "RequestLimits.h"
#include "core/Error.h"

#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
QT_END_NAMESPACE

namespace kjzy {

// The server's HTTP edge over QHttpServer (Qt 6.4): it decodes a request into an ApiRequest, refuses
// oversized bodies, finds the handler by exact method and path, and turns the handler's Result into
// bytes (errors through ApiErrorMapping). Handlers never see HTTP types; everything that is HTTP
// (status codes, headers, limits, the access log) happens here. Single-threaded: handlers run on
// the thread that owns the server, one request at a time.
//
// Limits are enforced twice. Each listening socket is a RequestGuard, which refuses oversized or
// chunked bodies, huge heads, silent and slow connections before QHttpServer buffers anything
// (Qt 6.4 has no limits of its own); respond() checks the body size again as a second line.
class ApiServer
{
public:
    using Handler = std::function<Result<ApiResponse>(const ApiRequest&)>;

    // Sync change sets are chunked well below this; anything larger is a mistake or an attack.
    static constexpr qint64 DefaultMaxBodyBytes = RequestLimits::DefaultMaxBodyBytes;

    // The default limits with another body limit.
    explicit ApiServer(qint64 maxBodyBytes = DefaultMaxBodyBytes);
    explicit ApiServer(const RequestLimits& limits);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // Port 0 picks a free port; the port actually bound is returned. May be called more than once
    // (e.g. IPv4 and IPv6).
    Result<quint16> listen(const QHostAddress& address, quint16 port);

    // method: "GET" or "POST" (any case); path: exact, e.g. "/v1/push" — no patterns, because
    // QHttpServer 6.4 reads route paths as regular expressions. A second route for the same
    // method and path replaces the first.
    void route(const QString& method, const QString& path, Handler handler);

    qint64 maxBodyBytes() const { return m_limits.maxBodyBytes; }
    const RequestLimits& limits() const { return m_limits; }

    // The whole decision for one request, without sockets: size limit, lookup, handler, error
    // mapping. dispatch() calls it; tests and in-process callers may too.
    ApiResponse respond(const ApiRequest& request) const;

private:
    void dispatch(const QHttpServerRequest& request, QHttpServerResponder&& responder) const;
    QStringList methodsFor(const QString& path) const;

    std::unique_ptr<QHttpServer> m_server;
    RequestLimits m_limits;
    QHash<QString, QHash<QString, Handler>> m_routes; // path -> method -> handler
};

} // namespace kjzy
