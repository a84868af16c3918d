// The HTTP plumbing on both sides: ApiServer (QHttpServer) and HttpLink (QNetworkAccessManager) in
// one process and one thread. HttpLink blocks in a nested QEventLoop, which also runs the server's
// sockets, so no thread is needed.
#include "http/ApiErrorMapping.h"
#include "http/ApiServer.h"
#include "net/HttpLink.h"
#include "net/ServerError.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <stdexcept>

using namespace kjzy;

namespace {

// A stand-in for the proxy in front of kjzy-server (nginx answers 503 under limit_req): each request
// gets the next canned answer, then the connection is closed.
class CannedHttpServer
{
public:
    explicit CannedHttpServer(QList<QByteArray> answers) : m_answers(std::move(answers))
    {
        QObject::connect(&m_tcp, &QTcpServer::newConnection, &m_tcp, [this] {
            while (QTcpSocket* socket = m_tcp.nextPendingConnection()) {
                auto received = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, received] {
                    received->append(socket->readAll());
                    if (!received->contains("\r\n\r\n"))
                        return; // GET requests only: the header block is the whole request
                    received->clear();
                    socket->write(m_answers.value(m_served, m_answers.constLast()));
                    ++m_served;
                    socket->disconnectFromHost();
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    quint16 listen() { return m_tcp.listen(QHostAddress::LocalHost, 0) ? m_tcp.serverPort() : 0; }
    int served() const { return m_served; }

private:
    QList<QByteArray> m_answers;
    int m_served = 0;
    QTcpServer m_tcp; // last: destroyed first, before the state its sockets' handlers use
};

// An HTTP/1.1 server that keeps connections alive and counts them: tells a reused connection from
// a fresh one. Answers every request (headers, then Content-Length bytes of body) with "ok".
class ConnectionCountingServer
{
public:
    ConnectionCountingServer()
    {
        QObject::connect(&m_tcp, &QTcpServer::newConnection, &m_tcp, [this] {
            while (QTcpSocket* socket = m_tcp.nextPendingConnection()) {
                ++m_connections;
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    for (;;) {
                        const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
                        if (headerEnd < 0)
                            return;
                        qint64 length = 0;
                        const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
                        for (const QByteArray& line : lines) {
                            if (line.toLower().startsWith("content-length:"))
                                length = line.mid(15).trimmed().toLongLong();
                            if (line.toLower().startsWith("connection:"))
                                m_connectionHeaders << line.mid(11).trimmed();
                        }
                        if (buffer->size() < headerEnd + 4 + length)
                            return;
                        buffer->remove(0, headerEnd + 4 + length);
                        ++m_requests;
                        socket->write(
                            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
                    }
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    quint16 listen() { return m_tcp.listen(QHostAddress::LocalHost, 0) ? m_tcp.serverPort() : 0; }
    int connections() const { return m_connections; }
    int requests() const { return m_requests; }
    const QList<QByteArray>& connectionHeaders() const { return m_connectionHeaders; }

private:
    int m_connections = 0;
    int m_requests = 0;
    QList<QByteArray> m_connectionHeaders;
    QTcpServer m_tcp; // last: destroyed first
};

// Resets every connection (RST) once it has received `limit` bytes, like a link that drops long
// transfers; counts what arrived over all connections.
class CuttingServer
{
public:
    explicit CuttingServer(qint64 limit) : m_limit(limit)
    {
        QObject::connect(&m_tcp, &QTcpServer::newConnection, &m_tcp, [this] {
            while (QTcpSocket* socket = m_tcp.nextPendingConnection()) {
                const qsizetype index = m_perConnection.size();
                m_perConnection << 0;
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, index] {
                    m_perConnection[index] += socket->readAll().size();
                    if (m_perConnection[index] >= m_limit)
                        socket->abort();
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    quint16 listen() { return m_tcp.listen(QHostAddress::LocalHost, 0) ? m_tcp.serverPort() : 0; }
    // Bytes each connection carried, in the order they were opened.
    const QList<qint64>& perConnection() const { return m_perConnection; }

private:
    qint64 m_limit;
    QList<qint64> m_perConnection;
    QTcpServer m_tcp; // last: destroyed first
};

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(generator.bounded(256));
    return bytes;
}

// Backoff short enough for tests; timeout long enough for a 5 MB echo under the sanitizers.
HttpLinkOptions fastOptions()
{
    HttpLinkOptions options;
    options.initialBackoffMs = 5;
    options.maxBackoffMs = 20;
    options.timeoutMs = 20000;
    return options;
}

Result<ApiResponse> text(const QByteArray& body)
{
    return ApiResponse{200, body, QByteArrayLiteral("text/plain")};
}

QUrl localUrl(quint16 port, const QString& path = {})
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port) + path);
}

#define QVERIFY_OK(result)                                                                                   \
    QVERIFY2((result).has_value(), (result) ? "" : qPrintable((result).error().message))
#define QVERIFY_HAS(text, part) QVERIFY2((text).contains(part), qPrintable(text))

QString testMessage(const QString& codeName)
{
    return QStringLiteral("测试错误：%1（第 3 行「身份证号」）").arg(codeName);
}

// A handler that takes longer than the client waits, without blocking the thread: the client's
// sockets keep being served by this nested loop, so the client's time-out fires inside it.
void busyFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Collects what the server writes to its log category while alive.
class HttpLogCapture
{
public:
    HttpLogCapture() { s_previous = qInstallMessageHandler(&HttpLogCapture::handle); }
    ~HttpLogCapture()
    {
        qInstallMessageHandler(s_previous);
        s_lines.clear();
    }
    const QStringList& lines() const { return s_lines; }

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        if (QLatin1StringView(context.category) == QLatin1StringView("kjzy.server.http"))
            s_lines.append(message);
        s_previous(type, context, message);
    }
    static inline QtMessageHandler s_previous = nullptr;
    static inline QStringList s_lines;
};

} // namespace

class TestHttpLink : public QObject
{
    Q_OBJECT

private:
    ApiServer m_server;
    quint16 m_port = 0;
    ApiServer m_small{1024}; // a server with a tiny body limit
    quint16 m_smallPort = 0;
    int m_uploadCalls = 0;
    int m_gatewayCalls = 0;
    int m_slowOnceCalls = 0;
    int m_failCalls = 0;

    QUrl baseUrl() const { return localUrl(m_port); }

    // A plain QNetworkAccessManager request, to look at the wire format HttpLink hides.
    std::unique_ptr<QNetworkReply> rawGet(const QString& pathAndQuery)
    {
        std::unique_ptr<QNetworkReply> reply(
            m_rawManager.get(QNetworkRequest(QUrl(baseUrl().toString() + pathAndQuery))));
        if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 10000))
            qWarning("raw request to %s did not finish", qPrintable(pathAndQuery));
        return reply;
    }

    QNetworkAccessManager m_rawManager;

private slots:
    void initTestCase()
    {
        m_server.route(QStringLiteral("POST"), QStringLiteral("/echo"), [](const ApiRequest& request) {
            return Result<ApiResponse>(ApiResponse{200, request.body, request.header("content-type")});
        });
        m_server.route(QStringLiteral("GET"), QStringLiteral("/query"), [](const ApiRequest& request) {
            QJsonObject seen;
            for (const auto& [key, value] : request.query.queryItems(QUrl::FullyDecoded))
                seen.insert(key, value);
            seen.insert(QStringLiteral("device-header"), QString::fromUtf8(request.header("X-Kjzy-Device")));
            seen.insert(QStringLiteral("peer-is-loopback"), request.peer.isLoopback());
            return Result<ApiResponse>(ApiResponse{200, QJsonDocument(seen).toJson(QJsonDocument::Compact),
                                                   ApiErrorMapping::jsonContentType()});
        });
        m_server.route(QStringLiteral("get"), QStringLiteral("/fail"), [this](const ApiRequest& request) {
            ++m_failCalls;
            const QString name = request.query.queryItemValue(QStringLiteral("code"));
            const auto code = errorCodeFromName(name);
            if (!code)
                return Result<ApiResponse>(fail(ErrorCode::Usage, QStringLiteral("未知错误代码")));
            return Result<ApiResponse>(fail(*code, testMessage(name)));
        });
        // Fails like an unreachable upstream twice, then recovers.
        const auto gateway = [this](const ApiRequest&) {
            if (++m_gatewayCalls <= 2)
                return Result<ApiResponse>(fail(ErrorCode::Network, QStringLiteral("上游暂时不可用")));
            return text("recovered");
        };
        m_server.route(QStringLiteral("GET"), QStringLiteral("/gateway"), gateway);
        m_server.route(QStringLiteral("POST"), QStringLiteral("/gateway"), gateway);
        m_server.route(QStringLiteral("GET"), QStringLiteral("/slow"), [](const ApiRequest&) {
            busyFor(1500);
            return text("late");
        });
        m_server.route(QStringLiteral("GET"), QStringLiteral("/slow-once"), [this](const ApiRequest&) {
            if (++m_slowOnceCalls == 1)
                busyFor(1500);
            return text("done");
        });
        m_server.route(QStringLiteral("GET"), QStringLiteral("/api/ping"),
                       [](const ApiRequest&) { return text("pong"); });
        const auto port = m_server.listen(QHostAddress::LocalHost, 0);
        QVERIFY_OK(port);
        QVERIFY(*port != 0);
        m_port = *port;

        m_small.route(QStringLiteral("POST"), QStringLiteral("/upload"), [this](const ApiRequest& request) {
            ++m_uploadCalls;
            return text(QByteArray::number(request.body.size()));
        });
        const auto smallPort = m_small.listen(QHostAddress::LocalHost, 0);
        QVERIFY_OK(smallPort);
        m_smallPort = *smallPort;
    }

    void roundTripsBinaryBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("one NUL byte") << QByteArray(1, '\0');
        QByteArray everyByte;
        for (int i = 0; i < 256; ++i)
            everyByte.append(char(i));
        QTest::newRow("every byte value") << everyByte;
        QTest::newRow("5 MB random") << randomBytes(5 * 1024 * 1024, 20211129);
    }

    void roundTripsBinaryBodies()
    {
        QFETCH(QByteArray, body);
        HttpLink link(baseUrl(), fastOptions());
        const auto reply = link.post(QStringLiteral("/echo"), body, "application/cbor");
        QVERIFY_OK(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->body.size(), body.size());
        QVERIFY(reply->body == body);
        QCOMPARE(reply->header("Content-Type"), QByteArray("application/cbor"));
        QCOMPARE(reply->header("cache-control"), QByteArray("no-store"));
        QCOMPARE(reply->header("x-content-type-options"), QByteArray("nosniff"));
        QCOMPARE(link.requests(), 1);
    }

    void getCarriesQueryAndHeaders()
    {
        HttpLink link(baseUrl(), fastOptions());
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("cursor"), QStringLiteral("1234"));
        query.addQueryItem(QStringLiteral("scope"), QStringLiteral("410105"));
        query.addQueryItem(QStringLiteral("name"), QStringLiteral("金水区 科技志愿服务队&a=b#c"));
        const auto reply = link.get(QStringLiteral("/query"), query, {{"X-Kjzy-Device", "device-7"}});
        QVERIFY_OK(reply);
        const QJsonObject seen = QJsonDocument::fromJson(reply->body).object();
        QCOMPARE(seen.value(QStringLiteral("cursor")).toString(), QStringLiteral("1234"));
        QCOMPARE(seen.value(QStringLiteral("scope")).toString(), QStringLiteral("410105"));
        QCOMPARE(seen.value(QStringLiteral("name")).toString(),
                 QStringLiteral("金水区 科技志愿服务队&a=b#c"));
        QVERIFY(!seen.contains(QStringLiteral("a")));
        QCOMPARE(seen.value(QStringLiteral("device-header")).toString(), QStringLiteral("device-7"));
        QVERIFY(seen.value(QStringLiteral("peer-is-loopback")).toBool());
    }

    void keepsTheBaseUrlPath()
    {
        HttpLink link(localUrl(m_port, QStringLiteral("/api/")), fastOptions());
        const auto reply = link.get(QStringLiteral("/ping"));
        QVERIFY_OK(reply);
        QCOMPARE(reply->body, QByteArray("pong"));
    }

    // The wire format other clients (and the sync engine's tests) rely on, read without HttpLink.
    void errorBodyIsJsonOnTheWire()
    {
        const auto reply = rawGet(QStringLiteral("/fail?code=conflict"));
        QVERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 409);
        QCOMPARE(reply->rawHeader("Content-Type"), QByteArray("application/json; charset=utf-8"));
        QCOMPARE(reply->rawHeader("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(reply->rawHeader("X-Content-Type-Options"), QByteArray("nosniff"));
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(body.size(), 2);
        QCOMPARE(body.value(QStringLiteral("error")).toString(), QStringLiteral("conflict"));
        QCOMPARE(body.value(QStringLiteral("message")).toString(), testMessage(QStringLiteral("conflict")));
    }

    void mapsEveryErrorCodeEndToEnd_data()
    {
        // Codes travel as ints: QTest columns need a registered metatype.
        QTest::addColumn<int>("codeValue");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("clientCode");
        QTest::addColumn<int>("handlerCalls");
        const int attempts = fastOptions().attempts;
        const auto row = [](ErrorCode code, int status, ErrorCode clientCode, int calls) {
            QTest::newRow(qPrintable(errorCodeName(code))) << int(code) << status << int(clientCode) << calls;
        };
        // 4xx: the client gets the server's code and message back unchanged, with no retry.
        row(ErrorCode::InvalidInput, 422, ErrorCode::InvalidInput, 1);
        row(ErrorCode::Usage, 400, ErrorCode::Usage, 1);
        row(ErrorCode::NotFound, 404, ErrorCode::NotFound, 1);
        row(ErrorCode::OutOfScope, 403, ErrorCode::OutOfScope, 1);
        row(ErrorCode::Conflict, 409, ErrorCode::Conflict, 1);
        row(ErrorCode::Auth, 401, ErrorCode::Auth, 1);
        row(ErrorCode::Crypto, 401, ErrorCode::Crypto, 1);
        // 5xx: a server failure is a Network error to the client; only 502 is worth repeating.
        row(ErrorCode::SchemaTooNew, 500, ErrorCode::Network, 1);
        row(ErrorCode::Database, 500, ErrorCode::Network, 1);
        row(ErrorCode::Io, 500, ErrorCode::Network, 1);
        row(ErrorCode::Internal, 500, ErrorCode::Network, 1);
        row(ErrorCode::Network, 502, ErrorCode::Network, attempts);
    }

    void mapsEveryErrorCodeEndToEnd()
    {
        QFETCH(int, codeValue);
        QFETCH(int, status);
        QFETCH(int, clientCode);
        QFETCH(int, handlerCalls);
        const auto code = static_cast<ErrorCode>(codeValue);
        QCOMPARE(ApiErrorMapping::statusFor(code), status);

        m_failCalls = 0;
        HttpLink link(baseUrl(), fastOptions());
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("code"), errorCodeName(code));
        const auto reply = link.get(QStringLiteral("/fail"), query);
        QVERIFY(!reply.has_value());
        QCOMPARE(link.lastStatus(), status);
        QCOMPARE(int(reply.error().code), clientCode);
        if (status < 500) {
            QCOMPARE(reply.error().message, testMessage(errorCodeName(code)));
        } else {
            QVERIFY_HAS(reply.error().message, testMessage(errorCodeName(code)));
            QVERIFY_HAS(reply.error().message, baseUrl().toString());
        }
        QCOMPARE(m_failCalls, handlerCalls);
        QCOMPARE(link.requests(), handlerCalls);
    }

    void errorCodeNamesRoundTrip()
    {
        for (int value = 0; value <= int(ErrorCode::Internal); ++value) {
            const auto code = static_cast<ErrorCode>(value);
            QVERIFY(errorCodeFromName(errorCodeName(code)) == code);
        }
        QVERIFY(!errorCodeFromName(u"no_such_code").has_value());
        QVERIFY(!errorCodeFromName(u"").has_value());

        // A proxy's HTML page instead of our JSON: the status decides the code.
        const Error fromProxy = serverErrorFromReply(413, "<html>413 Request Entity Too Large</html>",
                                                     QStringLiteral("https://kjzy.example"));
        QCOMPARE(fromProxy.code, ErrorCode::InvalidInput);
        QVERIFY(fromProxy.message.contains(QStringLiteral("HTTP 413")));
        QVERIFY(fromProxy.message.contains(QStringLiteral("https://kjzy.example")));
        // A newer server's code this client does not know: its message still gets through.
        const Error fromNewer =
            serverErrorFromReply(409, R"({"error":"merged_elsewhere","message":"已合并"})", {});
        QCOMPARE(fromNewer.code, ErrorCode::Conflict);
        QCOMPARE(fromNewer.message, QStringLiteral("已合并"));
    }

    void unknownPathIs404()
    {
        HttpLink link(baseUrl(), fastOptions());
        const auto reply = link.get(QStringLiteral("/no-such-thing"));
        QVERIFY(!reply.has_value());
        QCOMPARE(link.lastStatus(), 404);
        QCOMPARE(reply.error().code, ErrorCode::NotFound);
        QVERIFY(reply.error().message.contains(QStringLiteral("/no-such-thing")));
        QCOMPARE(link.requests(), 1);
    }

    void wrongMethodIs405()
    {
        HttpLink link(baseUrl(), fastOptions());
        const auto reply = link.get(QStringLiteral("/echo"));
        QVERIFY(!reply.has_value());
        QCOMPARE(link.lastStatus(), 405);
        QCOMPARE(reply.error().code, ErrorCode::Usage);
        QVERIFY(reply.error().message.contains(QStringLiteral("POST")));

        const auto raw = rawGet(QStringLiteral("/echo"));
        QCOMPARE(raw->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 405);
        QCOMPARE(raw->rawHeader("Allow"), QByteArray("POST"));

        // HEAD gets no body, or the next answer on the kept-alive connection would be garbled.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("HEAD /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray stream;
        QTRY_VERIFY((stream += socket.readAll()).contains("\r\n\r\n"));
        socket.write("GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY((stream += socket.readAll()).endsWith("pong"));
        QVERIFY2(stream.startsWith("HTTP/1.1 405 "), stream.constData());
        const qsizetype headEnd = stream.indexOf("\r\n\r\n") + 4;
        QVERIFY2(stream.mid(headEnd).startsWith("HTTP/1.1 200 "), stream.constData());
    }

    void oversizedBodyIs413WithoutCallingHandler()
    {
        m_uploadCalls = 0;
        HttpLink link(localUrl(m_smallPort), fastOptions());

        const auto tooLarge = link.post(QStringLiteral("/upload"), QByteArray(1025, 'x'), "application/cbor");
        QVERIFY(!tooLarge.has_value());
        QCOMPARE(link.lastStatus(), 413);
        QCOMPARE(tooLarge.error().code, ErrorCode::InvalidInput);
        QVERIFY_HAS(tooLarge.error().message, QStringLiteral("1024"));
        QCOMPARE(m_uploadCalls, 0);
        QCOMPARE(link.requests(), 1);

        const auto atLimit = link.post(QStringLiteral("/upload"), QByteArray(1024, 'x'), "application/cbor");
        QVERIFY_OK(atLimit);
        QCOMPARE(atLimit->body, QByteArray("1024"));
        QCOMPARE(m_uploadCalls, 1);

        // A declared length over the limit is refused on the declaration alone.
        ApiRequest declared;
        declared.method = QStringLiteral("POST");
        declared.path = QStringLiteral("/upload");
        declared.headers = {{"content-length", "5000000"}};
        QCOMPARE(m_small.respond(declared).status, 413);
        QCOMPARE(m_uploadCalls, 1);
    }

    // A chunked body declares no length: the server's request guard refuses it on the head (411),
    // before any of it is buffered.
    void chunkedBodyIs411()
    {
        m_uploadCalls = 0;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_smallPort);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "800\r\n" +
                     QByteArray(0x800, 'x') + "\r\n0\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY((answer += socket.readAll()).contains("\r\n\r\n"));
        QVERIFY2(answer.startsWith("HTTP/1.1 411 "), answer.constData());
        QCOMPARE(m_uploadCalls, 0);
    }

    // The access log: method, path, status, sizes, time. Never a body or a query string, which
    // carry ID and mobile numbers.
    void accessLogHoldsNoPersonalData()
    {
        HttpLogCapture log;
        HttpLink link(baseUrl(), fastOptions());
        QVERIFY(link.post(QStringLiteral("/echo"), "410105195001010136", "text/plain").has_value());
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("mobile"), QStringLiteral("13903710001"));
        QVERIFY(link.get(QStringLiteral("/query"), query).has_value());
        QCOMPARE(log.lines().size(), 2);
        QCOMPARE(log.lines().at(0).section(u',', 0, 1), QStringLiteral("POST /echo -> 200, 18 bytes in"));
        QVERIFY(log.lines().at(1).startsWith(QStringLiteral("GET /query -> 200, 0 bytes in, ")));
        for (const QString& line : log.lines()) {
            QVERIFY2(!line.contains(QStringLiteral("410105")), qPrintable(line));
            QVERIFY2(!line.contains(QStringLiteral("1390371")), qPrintable(line));
        }
    }

    // Without sockets: what the server makes of handlers that break the rules.
    void handlerMisbehaviourIs500()
    {
        QTest::ignoreMessage(QtCriticalMsg, "handler for POST /throws threw: boom");
        QTest::ignoreMessage(
            QtCriticalMsg,
            "handler for POST /redirects returned status 302; handlers return 200-206 or an Error");
        ApiServer server;
        server.route(QStringLiteral("POST"), QStringLiteral("/throws"),
                     [](const ApiRequest&) -> Result<ApiResponse> { throw std::runtime_error("boom"); });
        server.route(QStringLiteral("POST"), QStringLiteral("/redirects"), [](const ApiRequest&) {
            return Result<ApiResponse>(ApiResponse{302, {}, "text/plain"});
        });
        ApiRequest request;
        request.method = QStringLiteral("POST");
        for (const QString& path : {QStringLiteral("/throws"), QStringLiteral("/redirects")}) {
            request.path = path;
            const ApiResponse response = server.respond(request);
            QCOMPARE(response.status, 500);
            QCOMPARE(response.contentType, ApiErrorMapping::jsonContentType());
            QCOMPARE(
                QJsonDocument::fromJson(response.body).object().value(QStringLiteral("error")).toString(),
                QStringLiteral("internal"));
        }
    }

    void connectionRefusedIsNetworkError()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();

        HttpLinkOptions options = fastOptions();
        options.attempts = 3;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(port));
        HttpLink link(url, options);
        const auto reply = link.post(QStringLiteral("/echo"), "payload", "application/cbor");
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Network);
        QVERIFY_HAS(reply.error().message, url.toString());
        QVERIFY_HAS(reply.error().message, QStringLiteral("连接被拒绝"));
        QCOMPARE(link.requests(), 3);
        QCOMPARE(link.lastStatus(), 0);
        QCOMPARE(link.bytesReceived(), qint64(0));
    }

    void timeoutIsNetworkError()
    {
        HttpLinkOptions options = fastOptions();
        options.attempts = 1;
        options.timeoutMs = 200;
        HttpLink link(baseUrl(), options);
        const auto reply = link.get(QStringLiteral("/slow"));
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Network);
        QVERIFY_HAS(reply.error().message, baseUrl().toString());
        QVERIFY_HAS(reply.error().message, QStringLiteral("没有响应"));
        QCOMPARE(link.requests(), 1);

        // The server outlived its impatient client and still serves the next one.
        HttpLink next(baseUrl(), fastOptions());
        QVERIFY(next.get(QStringLiteral("/api/ping")).has_value());
    }

    void timeoutIsRetried()
    {
        m_slowOnceCalls = 0;
        HttpLinkOptions options = fastOptions();
        options.attempts = 2;
        // Well under the handler's 1.5 s, yet long enough for the quick second answer on a loaded
        // machine: with 200 ms it failed once under ctest -j2.
        options.timeoutMs = 500;
        HttpLink link(baseUrl(), options);
        const auto reply = link.get(QStringLiteral("/slow-once"));
        QVERIFY_OK(reply);
        QCOMPARE(reply->body, QByteArray("done"));
        QCOMPARE(link.requests(), 2);
        QCOMPARE(m_slowOnceCalls, 2);
    }

    void retriesUntilTheGatewayRecovers()
    {
        m_gatewayCalls = 0;
        HttpLink link(baseUrl(), fastOptions());
        const auto reply = link.get(QStringLiteral("/gateway"));
        QVERIFY_OK(reply);
        QCOMPARE(reply->body, QByteArray("recovered"));
        QCOMPARE(link.requests(), 3);
        QCOMPARE(m_gatewayCalls, 3);
    }

    void retriesThrough503FromAProxy()
    {
        const QByteArray unavailable =
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
            "Content-Type: text/html\r\nContent-Length: 5\r\nConnection: close\r\n\r\nbusy!";
        const QByteArray ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                              "Connection: close\r\n\r\nok";
        CannedHttpServer proxy({unavailable, unavailable, ok});
        const quint16 port = proxy.listen();
        QVERIFY(port != 0);
        HttpLink link(localUrl(port), fastOptions());
        const auto reply = link.get(QStringLiteral("/v1/pull"));
        QVERIFY_OK(reply);
        QCOMPARE(reply->body, QByteArray("ok"));
        QCOMPARE(link.requests(), 3);
        QCOMPARE(proxy.served(), 3);
        QCOMPARE(link.bytesReceived(), qint64(5 + 5 + 2));
    }

    void givesUpAfterTheLastAttempt()
    {
        const QByteArray unavailable = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                       "Connection: close\r\n\r\n";
        CannedHttpServer proxy({unavailable});
        const quint16 port = proxy.listen();
        QVERIFY(port != 0);
        HttpLink link(localUrl(port), fastOptions());
        const auto reply = link.get(QStringLiteral("/v1/pull"));
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Network);
        QVERIFY_HAS(reply.error().message, QStringLiteral("HTTP 503"));
        QVERIFY_HAS(reply.error().message, QStringLiteral("已尝试 4 次"));
        QCOMPARE(link.requests(), 4);
        QCOMPARE(proxy.served(), 4);
    }

    void countsBytesOnTheWire()
    {
        HttpLink link(baseUrl(), fastOptions());
        QCOMPARE(link.bytesSent(), qint64(0));
        QCOMPARE(link.bytesReceived(), qint64(0));
        const QByteArray body = randomBytes(100'000, 7);
        QVERIFY(link.post(QStringLiteral("/echo"), body, "application/cbor").has_value());
        QCOMPARE(link.bytesSent(), qint64(body.size()));
        QCOMPARE(link.bytesReceived(), qint64(body.size()));

        const auto pong = link.get(QStringLiteral("/api/ping"));
        QVERIFY(pong.has_value());
        QCOMPARE(link.bytesSent(), qint64(body.size()));
        QCOMPARE(link.bytesReceived(), qint64(body.size() + pong->body.size()));

        QCOMPARE(link.requests(), 2);

        // A retried upload is paid for every time it travels, and so is every error answer.
        m_gatewayCalls = 0;
        HttpLink retried(baseUrl(), fastOptions());
        QVERIFY(
            retried.post(QStringLiteral("/gateway"), QByteArray(1000, 'x'), "application/cbor").has_value());
        QCOMPARE(retried.requests(), 3);
        QCOMPARE(retried.bytesSent(), qint64(3 * 1000));
        const qint64 errorBody =
            ApiErrorMapping::toResponse(Error{ErrorCode::Network, QStringLiteral("上游暂时不可用")})
                .body.size();
        QCOMPARE(retried.bytesReceived(), 2 * errorBody + qint64(QByteArray("recovered").size()));
    }

    // Keep-alive is the default: one TCP connection carries every request.
    void reusesOneConnectionByDefault()
    {
        ConnectionCountingServer server;
        const quint16 port = server.listen();
        QVERIFY(port != 0);
        HttpLink link(localUrl(port), fastOptions());
        for (int i = 0; i < 3; ++i) {
            const auto reply = link.post(QStringLiteral("/x"), QByteArray(1000, 'a'), "application/cbor");
            QVERIFY_OK(reply);
        }
        QCOMPARE(server.requests(), 3);
        QCOMPARE(server.connections(), 1);
        QCOMPARE(link.freshConnections(), 0);
    }

    // HttpCall::freshConnection (QNetworkAccessManager::clearConnectionCache() before the request)
    // opens a TCP connection per request, which a proxy that cuts each connection after N bytes
    // needs. A "Connection: close" request header alone does not do it in Qt 6.4: the manager
    // keeps the connection and reuses it.
    void freshConnectionOpensOneConnectionPerRequest_data()
    {
        QTest::addColumn<bool>("fresh");
        QTest::addColumn<bool>("closeHeader");
        QTest::addColumn<int>("connections");
        QTest::newRow("clearConnectionCache") << true << false << 4;
        QTest::newRow("Connection: close header") << false << true << 1;
        QTest::newRow("both") << true << true << 4;
    }

    void freshConnectionOpensOneConnectionPerRequest()
    {
        QFETCH(bool, fresh);
        QFETCH(bool, closeHeader);
        QFETCH(int, connections);
        ConnectionCountingServer server;
        const quint16 port = server.listen();
        QVERIFY(port != 0);
        HttpLink link(localUrl(port), fastOptions());
        HttpCall call;
        call.freshConnection = fresh;
        HttpHeaders headers;
        if (closeHeader)
            headers.append(qMakePair(QByteArray("Connection"), QByteArray("close")));
        for (int i = 0; i < 4; ++i) {
            const auto reply =
                link.post(QStringLiteral("/x"), QByteArray(1000, 'a'), "application/cbor", headers, call);
            QVERIFY_OK(reply);
        }
        QCOMPARE(server.requests(), 4);
        QCOMPARE(server.connections(), connections);
        QCOMPARE(link.freshConnections(), fresh ? 4 : 0);
    }

    // Qt re-sends a request on a new connection when the first one breaks while the body is being
    // written; HttpCall::sendBodyOnce turns that off, so a cut costs the body once.
    void sendBodyOnceStopsQtsSilentResend_data()
    {
        QTest::addColumn<bool>("once");
        QTest::newRow("Qt's default: sent again") << false;
        QTest::newRow("sendBodyOnce") << true;
    }

    void sendBodyOnceStopsQtsSilentResend()
    {
        QFETCH(bool, once);
        constexpr qint64 cutAfter = 20'000;
        CuttingServer server(cutAfter);
        const quint16 port = server.listen();
        QVERIFY(port != 0);
        HttpLink link(localUrl(port), fastOptions());
        HttpCall call;
        call.attempts = 1;
        call.sendBodyOnce = once;
        const auto reply =
            link.post(QStringLiteral("/v1/push/chunk"), randomBytes(1'000'000, 5), {}, {}, call);
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Network);
        QVERIFY_HAS(reply.error().message, QStringLiteral("连接被中断"));
        QVERIFY(link.lastFailureTransient());
        QCOMPARE(link.requests(), 1);
        QStringList counts;
        qint64 afterTheFirst = 0;
        for (qsizetype i = 0; i < server.perConnection().size(); ++i) {
            counts << QString::number(server.perConnection().at(i));
            if (i > 0)
                afterTheFirst += server.perConnection().at(i);
        }
        QVERIFY(!server.perConnection().isEmpty());
        QVERIFY(server.perConnection().first() >= cutAfter);
        // Qt may still open a second connection, but with sendBodyOnce it carries nothing.
        if (once)
            QVERIFY2(afterTheFirst == 0, qPrintable(counts.join(u' ')));
        else
            QVERIFY2(afterTheFirst >= cutAfter, qPrintable(counts.join(u' ')));
    }

    void sendBodyOnceCarriesTheBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("300 kB") << randomBytes(300'000, 9);
    }

    void sendBodyOnceCarriesTheBody()
    {
        QFETCH(QByteArray, body);
        HttpLink link(baseUrl(), fastOptions());
        HttpCall call;
        call.sendBodyOnce = true;
        call.freshConnection = true;
        const auto reply = link.post(QStringLiteral("/echo"), body, "application/cbor", {}, call);
        QVERIFY_OK(reply);
        QVERIFY(reply->body == body);
        QCOMPARE(link.bytesSent(), qint64(body.size()));
    }

    void perCallAttemptsOverrideTheLink()
    {
        m_gatewayCalls = 0;
        HttpLink link(baseUrl(), fastOptions());
        HttpCall once;
        once.attempts = 1;
        const auto reply = link.get(QStringLiteral("/gateway"), {}, {}, once);
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Network);
        QCOMPARE(link.requests(), 1);
        QCOMPARE(m_gatewayCalls, 1);
        QVERIFY(link.lastFailureTransient()); // a 502: worth another try

        const auto unknown = link.get(QStringLiteral("/no-such-thing"), {}, {}, once);
        QVERIFY(!unknown.has_value());
        QVERIFY(!link.lastFailureTransient()); // a 404 will not change
        QVERIFY(link.get(QStringLiteral("/api/ping"), {}, {}, once).has_value());
        QVERIFY(!link.lastFailureTransient());
    }

    void maxDurationAbandonsAnAttempt()
    {
        HttpLink link(baseUrl(), fastOptions());
        HttpCall call;
        call.attempts = 1;
        call.maxDurationMs = 200; // the handler takes 1.5 s; no idle time-out would fire before
        const auto reply = link.get(QStringLiteral("/slow"), {}, {}, call);
        QVERIFY(!reply.has_value());
        QCOMPARE(reply.error().code, ErrorCode::Network);
        QVERIFY(link.lastFailureTransient());
        QCOMPARE(link.requests(), 1);
    }

    void reportsUploadAndDownloadProgress()
    {
        HttpLink link(baseUrl(), fastOptions());
        const QByteArray body = randomBytes(300'000, 11);
        qint64 lastUp = -1;
        qint64 lastDown = -1;
        bool upMonotonic = true;
        HttpCall call;
        call.uploadProgress = [&](qint64 done, qint64) {
            upMonotonic = upMonotonic && done >= lastUp;
            lastUp = done;
        };
        call.downloadProgress = [&](qint64 done, qint64) { lastDown = done; };
        const auto reply = link.post(QStringLiteral("/echo"), body, "application/cbor", {}, call);
        QVERIFY_OK(reply);
        QVERIFY(upMonotonic);
        QCOMPARE(lastUp, qint64(body.size()));
        QCOMPARE(lastDown, qint64(body.size()));
    }

    void backoffGrowsWithJitterAndCap()
    {
        HttpLinkOptions options;
        options.initialBackoffMs = 250;
        options.maxBackoffMs = 8000;
        QCOMPARE(HttpLink::backoffMs(0, options, 0.0), 125);
        QCOMPARE(HttpLink::backoffMs(0, options, 1.0), 250);
        QCOMPARE(HttpLink::backoffMs(1, options, 0.0), 250);
        QCOMPARE(HttpLink::backoffMs(2, options, 0.5), 750);
        QCOMPARE(HttpLink::backoffMs(5, options, 1.0), 8000);
        QCOMPARE(HttpLink::backoffMs(40, options, 0.0), 4000); // capped, no overflow
        QCOMPARE(HttpLink::backoffMs(40, options, 1.0), 8000);
    }
};

QTEST_GUILESS_MAIN(TestHttpLink)
#include "TestHttpLink.moc"
