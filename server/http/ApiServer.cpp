#include "ApiServer.h"

#include "ApiErrorMapping.h"
#include "RequestGuard.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>

#include <exception>

Q_LOGGING_CATEGORY(lcHttp, "kjzy.server.http")

namespace kjzy {

namespace {

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QStringLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QStringLiteral("TRACE");
    default:
        return QStringLiteral("UNKNOWN");
    }
}

ApiRequest toApiRequest(const QHttpServerRequest& request)
{
    ApiRequest out;
    out.method = methodName(request.method());
    out.path = request.url().path();
    out.body = request.body();
    const auto headers = request.headers();
    out.headers.reserve(headers.size());
    for (const auto& [name, value] : headers)
        out.headers.append({name.toLower(), value});
    out.query = request.query();
    out.peer = request.remoteAddress();
    return out;
}

// Qt 6.4 looks the reason phrase up with std::map::at, which throws for codes it does not list, so
// handlers are held to the plain success codes; errors travel as Error values instead.
bool isAllowedSuccessStatus(int status)
{
    return status >= 200 && status <= 206;
}

RequestLimits withBodyLimit(qint64 maxBodyBytes)
{
    RequestLimits limits;
    limits.maxBodyBytes = maxBodyBytes;
    return limits;
}

} // namespace

ApiServer::ApiServer(qint64 maxBodyBytes) : ApiServer(withBodyLimit(maxBodyBytes)) {}

ApiServer::ApiServer(const RequestLimits& limits)
    : m_server(std::make_unique<QHttpServer>()), m_limits(limits)
{
    // Every request goes through dispatch(): QHttpServer's own router is left empty, so lookup,
    // limits, headers and logging live in one place and a wrong method can be told from a wrong path.
    m_server->setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        dispatch(request, std::move(responder));
    });
}

ApiServer::~ApiServer() = default;

Result<quint16> ApiServer::listen(const QHostAddress& address, quint16 port)
{
    // Our own QTcpServer rather than QHttpServer::listen(), which only logs why it failed; a
    // RequestGuard, which sees every connection's bytes before QHttpServer does.
    auto tcpServer = std::make_unique<RequestGuard>(m_limits);
    if (!tcpServer->listen(address, port)) {
        return fail(ErrorCode::Network, QStringLiteral("无法在 %1 端口 %2 上监听：%3")
                                            .arg(address.toString())
                                            .arg(port)
                                            .arg(tcpServer->errorString()));
    }
    const quint16 bound = tcpServer->serverPort();
    RequestGuard* guard = tcpServer.release();
    m_server->bind(guard); // QHttpServer re-parents it and owns it from here on
    guard->followReader(); // after bind(): see RequestGuard
    qCInfo(lcHttp,
           "listening on %s:%u, bodies up to %lld bytes, heads up to %lld bytes, idle time-out %lld ms, "
           "head time-out %lld ms, at most %d connections",
           qPrintable(address.toString()), unsigned(bound), m_limits.maxBodyBytes, m_limits.maxHeadBytes,
           qint64(m_limits.idleTimeout.count()), qint64(m_limits.headTimeout.count()),
           m_limits.maxConnections);
    return bound;
}

void ApiServer::route(const QString& method, const QString& path, Handler handler)
{
    Q_ASSERT_X(path.startsWith(u'/'), "ApiServer::route", "paths are absolute");
    m_routes[path].insert(method.toUpper(), std::move(handler));
}

QStringList ApiServer::methodsFor(const QString& path) const
{
    QStringList methods = m_routes.value(path).keys();
    methods.sort();
    return methods;
}

ApiResponse ApiServer::respond(const ApiRequest& request) const
{
    // The second line behind RequestGuard (which refuses before anything is buffered), and the only
    // one for in-process callers. The declared length first: it is known before anything is
    // interpreted. The body size as well, in case a body arrived without a declared length.
    bool declared = false;
    const qint64 declaredLength = request.header("content-length").trimmed().toLongLong(&declared);
    const qint64 size =
        declared ? std::max(declaredLength, qint64(request.body.size())) : request.body.size();
    if (size > m_limits.maxBodyBytes) {
        return ApiErrorMapping::toResponse(
            413, Error{ErrorCode::InvalidInput, QStringLiteral("请求体过大：%1 字节，服务器最多接受 %2 字节")
                                                    .arg(size)
                                                    .arg(m_limits.maxBodyBytes)});
    }

    const auto byPath = m_routes.constFind(request.path);
    if (byPath == m_routes.constEnd()) {
        return ApiErrorMapping::toResponse(
            404, Error{ErrorCode::NotFound,
                       QStringLiteral("服务器没有这个接口：%1 %2").arg(request.method, request.path)});
    }
    const auto handler = byPath->constFind(request.method);
    if (handler == byPath->constEnd()) {
        return ApiErrorMapping::toResponse(
            405, Error{ErrorCode::Usage, QStringLiteral("接口 %1 不接受 %2 请求，只接受 %3")
                                             .arg(request.path, request.method,
                                                  methodsFor(request.path).join(QStringLiteral("、")))});
    }

    const Result<ApiResponse> result = [&]() -> Result<ApiResponse> {
        // An exception must not unwind through Qt's event loop; it is a bug, answered as one.
        try {
            return (*handler)(request);
        } catch (const std::exception& e) {
            qCCritical(lcHttp, "handler for %s %s threw: %s", qPrintable(request.method),
                       qPrintable(request.path), e.what());
        } catch (...) {
            qCCritical(lcHttp, "handler for %s %s threw", qPrintable(request.method),
                       qPrintable(request.path));
        }
        return fail(ErrorCode::Internal, QStringLiteral("服务器内部错误，请联系管理员"));
    }();
    if (!result)
        return ApiErrorMapping::toResponse(result.error());
    if (!isAllowedSuccessStatus(result->status)) {
        qCCritical(lcHttp, "handler for %s %s returned status %d; handlers return 200-206 or an Error",
                   qPrintable(request.method), qPrintable(request.path), result->status);
        return ApiErrorMapping::toResponse(
            Error{ErrorCode::Internal, QStringLiteral("服务器内部错误，请联系管理员")});
    }
    return *result;
}

void ApiServer::dispatch(const QHttpServerRequest& request, QHttpServerResponder&& responder) const
{
    QElapsedTimer timer;
    timer.start();
    const ApiRequest apiRequest = toApiRequest(request);
    const ApiResponse response = respond(apiRequest);

    // A handler that takes long can outlive its client (the client timed out and closed): writing
    // then would only produce "device not open" warnings.
    const QTcpSocket* socket = responder.socket();
    const bool clientGone = socket == nullptr || socket->state() != QAbstractSocket::ConnectedState;
    if (!clientGone) {
        // A HEAD answer has no body; writing one would corrupt the next answer on a kept-alive link.
        const QByteArray body = apiRequest.method == u"HEAD" ? QByteArray() : response.body;
        responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
        responder.writeHeader(QByteArrayLiteral("Content-Type"), response.contentType);
        responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
        // no-store: answers carry personal data (sealed, but still nothing a proxy should keep);
        // nosniff: a browser must never render a body as anything but its declared type.
        responder.writeHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        responder.writeHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        if (response.status == 405) // RFC 9110 §15.5.6: a 405 lists what the resource does accept
            responder.writeHeader(QByteArrayLiteral("Allow"),
                                  methodsFor(apiRequest.path).join(u',').toLatin1());
        responder.writeBody(body);
    }
    // Method, path, status, sizes and time (handling only: the body had arrived before dispatch)
    // — never bodies, queries or headers, which may hold personal data.
    qCInfo(lcHttp, "%s %s -> %d, %lld bytes in, %lld bytes out, %lld ms%s", qPrintable(apiRequest.method),
           qPrintable(apiRequest.path), response.status, qint64(apiRequest.body.size()),
           qint64(response.body.size()), timer.elapsed(), clientGone ? " (client gone, answer dropped)" : "");
}

} // namespace kjzy
