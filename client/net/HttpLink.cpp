#include "HttpLink.h"

#include "ServerError.h"

#include <QEventLoop>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <limits>

Q_LOGGING_CATEGORY(lcLink, "kjzy.client.net")

namespace kjzy {

// What one HTTP exchange came to, before retry policy and error wording are applied.
struct HttpLink::Attempt
{
    bool answered = false; // the server sent a status line and the whole body
    HttpReply reply;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString; // Qt's English text, for failures we have no words of our own for
    bool retryable = false;
    int retryAfterMs = 0; // a 503's Retry-After, in ms
};

namespace {

// QNetworkReply numbers network-layer errors 1-99 and proxy errors 101-199; 2xx-4xx are HTTP
// answers (4xx/5xx statuses) and protocol errors. A transport error wins over a status: a time-out
// after the headers arrived is still a time-out.
bool isTransportError(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && int(error) < 200;
}

bool isRetryableTransportError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // how QNetworkRequest::setTransferTimeout() ends a reply
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return true;
    default:
        return false;
    }
}

// Gateway errors and overload: the request never reached, or was shed by, kjzy-server. A 500 is
// not retried: the same request would fail the same way.
bool isRetryableStatus(int status)
{
    return status == 502 || status == 503 || status == 504;
}

// A request body Qt can read once but not rewind: when its connection breaks, Qt's transparent
// re-send fails (ContentReSendError) instead of moving the whole body a second time.
class SingleUseBody final : public QIODevice
{
public:
    explicit SingleUseBody(const QByteArray& bytes) : m_bytes(bytes) { open(QIODevice::ReadOnly); }
    bool isSequential() const override { return true; }
    // Qt asks to rewind before re-sending; saying no here, rather than in QIODevice::seek, spares a
    // "cannot call seek on a sequential device" warning per cut.
    bool reset() override { return false; }
    qint64 bytesAvailable() const override
    {
        return m_bytes.size() - m_position + QIODevice::bytesAvailable();
    }
    qint64 size() const override { return m_bytes.size(); }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        if (m_position >= m_bytes.size())
            return -1;
        const qint64 count = std::min<qint64>(maxSize, m_bytes.size() - m_position);
        std::memcpy(data, m_bytes.constData() + m_position, size_t(count));
        m_position += count;
        return count;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    const QByteArray m_bytes; // implicitly shared: no copy of the body
    qint64 m_position = 0;
};

QString durationText(int ms)
{
    if (ms % 1000 == 0)
        return QStringLiteral("%1 秒").arg(ms / 1000);
    return QStringLiteral("%1 毫秒").arg(ms);
}

} // namespace

HttpLink::HttpLink(QUrl base, HttpLinkOptions options)
    : m_base(std::move(base)), m_options(options), m_manager(std::make_unique<QNetworkAccessManager>())
{
    m_options.attempts = std::max(1, m_options.attempts);
    // Redirects are not followed: an upload must not be re-sent to an address nobody configured,
    // and a kjzy-server that redirects is a misconfiguration the user should hear about.
    m_manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HttpLink::~HttpLink() = default;

Result<HttpReply> HttpLink::post(const QString& path, const QByteArray& body, const QByteArray& contentType,
                                 const HttpHeaders& headers, const HttpCall& call)
{
    // Without a type QNetworkAccessManager would claim a form upload; say "bytes" instead.
    return send(QByteArrayLiteral("POST"), urlFor(path, {}), body,
                contentType.isEmpty() ? QByteArrayLiteral("application/octet-stream") : contentType, headers,
                call);
}

Result<HttpReply> HttpLink::get(const QString& path, const QUrlQuery& query, const HttpHeaders& headers,
                                const HttpCall& call)
{
    return send(QByteArrayLiteral("GET"), urlFor(path, query), {}, {}, headers, call);
}

int HttpLink::backoffMs(int retry, const HttpLinkOptions& options, double unitRandom)
{
    const qint64 cap = std::max(0, options.maxBackoffMs);
    qint64 base = std::max(0, options.initialBackoffMs);
    for (int i = 0; i < retry && base < cap; ++i)
        base *= 2;
    base = std::min(base, cap);
    const double jitter = std::clamp(unitRandom, 0.0, 1.0);
    return int(base / 2 + qint64(double(base - base / 2) * jitter));
}

Result<HttpReply> HttpLink::send(const QByteArray& verb, const QUrl& url, const QByteArray& body,
                                 const QByteArray& contentType, const HttpHeaders& headers,
                                 const HttpCall& call)
{
    const int attempts = call.attempts > 0 ? call.attempts : m_options.attempts;
    const int timeoutMs = call.timeoutMs > 0 ? call.timeoutMs : m_options.timeoutMs;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    // Bodies are sealed change sets: ciphertext does not compress, and compressing next to secrets
    // is how CRIME/BREACH-style attacks read them. Identity also keeps the byte counts exact.
    request.setRawHeader(QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity"));
    if (!contentType.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Content-Type"), contentType);
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);

    for (int attempt = 1;; ++attempt) {
        const Attempt result = attemptOnce(verb, request, body, call);
        if (!result.retryable || attempt >= attempts)
            return conclude(result, attempt, timeoutMs);
        const int wait =
            std::max(backoffMs(attempt - 1, m_options, QRandomGenerator::global()->generateDouble()),
                     std::min(result.retryAfterMs, m_options.maxBackoffMs));
        qCInfo(lcLink, "%s %s: attempt %d of %d failed (%s), retrying in %d ms", verb.constData(),
               qPrintable(url.path()), attempt, attempts,
               result.answered ? qPrintable(QStringLiteral("HTTP %1").arg(result.reply.status))
                               : qPrintable(result.errorString),
               wait);
        // Waiting in an event loop, not a sleep: whatever else lives on this thread keeps running.
        QEventLoop pause;
        QTimer::singleShot(wait, &pause, &QEventLoop::quit);
        pause.exec();
    }
}

HttpLink::Attempt HttpLink::attemptOnce(const QByteArray& verb, const QNetworkRequest& request,
                                        const QByteArray& body, const HttpCall& call)
{
    ++m_requests;
    if (call.freshConnection) {
        // Drops the kept-alive connections (the manager's connection thread goes with them), so
        // this request opens a TCP connection of its own: on a link that cuts every connection after
        // so many bytes, bytes already carried by an earlier request must not count against this one.
        m_manager->clearConnectionCache();
        ++m_freshConnections;
    }
    std::unique_ptr<SingleUseBody> once; // outlives the reply that reads it
    std::unique_ptr<QNetworkReply> reply;
    if (verb == "GET") {
        reply.reset(m_manager->get(request));
    } else if (call.sendBodyOnce) {
        QNetworkRequest streamed = request;
        streamed.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        streamed.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        once = std::make_unique<SingleUseBody>(body);
        reply.reset(m_manager->post(streamed, once.get()));
    } else {
        reply.reset(m_manager->post(request, body));
    }
    qint64 sent = 0;
    qint64 received = 0;
    QObject::connect(reply.get(), &QNetworkReply::uploadProgress, reply.get(),
                     [&sent, &call](qint64 done, qint64 total) {
                         sent = std::max(sent, done);
                         // Qt ends an upload with a (0, 0) signal: not news for a progress bar.
                         if (call.uploadProgress && total > 0)
                             call.uploadProgress(done, total);
                     });
    QObject::connect(reply.get(), &QNetworkReply::downloadProgress, reply.get(),
                     [&received, &call](qint64 done, qint64 total) {
                         received = std::max(received, done);
                         if (call.downloadProgress)
                             call.downloadProgress(done, total);
                     });
    bool abandoned = false;
    QTimer limit;
    if (call.maxDurationMs > 0) {
        limit.setSingleShot(true);
        QObject::connect(&limit, &QTimer::timeout, reply.get(), [&reply, &abandoned] {
            abandoned = true;
            reply->abort();
        });
        limit.start(int(std::min<qint64>(call.maxDurationMs, std::numeric_limits<int>::max())));
    }
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    limit.stop();

    Attempt attempt;
    attempt.error = reply->error();
    attempt.errorString = reply->errorString();
    if (abandoned)
        attempt.error = QNetworkReply::TimeoutError;
    // Qt could not send a single-use body again after the connection broke: the break is the news.
    if (attempt.error == QNetworkReply::ContentReSendError)
        attempt.error = QNetworkReply::RemoteHostClosedError;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!isTransportError(attempt.error) && status.isValid()) {
        attempt.answered = true;
        attempt.reply.status = status.toInt();
        attempt.reply.body = reply->readAll();
        for (const auto& [name, value] : reply->rawHeaderPairs())
            attempt.reply.headers.append({name.toLower(), value});
        attempt.retryable = isRetryableStatus(attempt.reply.status);
        bool isSeconds = false;
        const int retryAfter = attempt.reply.header("retry-after").trimmed().toInt(&isSeconds);
        if (attempt.retryable && isSeconds && retryAfter > 0)
            attempt.retryAfterMs = int(std::min<qint64>(qint64(retryAfter) * 1000, m_options.maxBackoffMs));
    } else {
        attempt.retryable = isRetryableTransportError(attempt.error);
    }
    m_bytesSent += sent;
    m_bytesReceived += std::max(received, qint64(attempt.reply.body.size()));
    m_lastStatus = attempt.reply.status;
    // A refused name lookup or TLS failure is not in the retry list of a single request, but a
    // caller retrying until a deadline may still try again: only an answer that will not change
    // counts as lasting.
    const bool answeredOk = attempt.answered && attempt.reply.status >= 200 && attempt.reply.status < 300;
    m_lastFailureTransient = !answeredOk && (!attempt.answered || attempt.retryable);
    return attempt;
}

Result<HttpReply> HttpLink::conclude(const Attempt& attempt, int attempts, int timeoutMs) const
{
    const QString server = serverName();
    const QString tries = attempts > 1 ? QStringLiteral("（已尝试 %1 次）").arg(attempts) : QString();
    if (attempt.answered) {
        const int status = attempt.reply.status;
        if (status >= 200 && status < 300)
            return attempt.reply;
        if (status >= 400 && status < 500)
            return fail(serverErrorFromReply(status, attempt.reply.body, server));
        if (status >= 300 && status < 400) {
            return fail(ErrorCode::Network,
                        QStringLiteral("服务器 %1 要求转到 %2（HTTP %3），客户端不跟随重定向，"
                                       "请检查服务器地址")
                            .arg(server, QString::fromUtf8(attempt.reply.header("location")))
                            .arg(status));
        }
        const QString detail =
            QJsonDocument::fromJson(attempt.reply.body).object().value(QStringLiteral("message")).toString();
        return fail(ErrorCode::Network, QStringLiteral("服务器 %1 出错（HTTP %2）").arg(server).arg(status) %
                                            (detail.isEmpty() ? QString() : QStringLiteral("：") % detail) %
                                            tries);
    }

    QString message;
    switch (attempt.error) {
    case QNetworkReply::ConnectionRefusedError:
        message = QStringLiteral("无法连接服务器 %1：连接被拒绝").arg(server);
        break;
    case QNetworkReply::RemoteHostClosedError:
        message = QStringLiteral("与服务器 %1 的连接被中断").arg(server);
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        message = QStringLiteral("服务器 %1 超过 %2 没有响应").arg(server, durationText(timeoutMs));
        break;
    case QNetworkReply::HostNotFoundError:
        message = QStringLiteral("无法连接服务器 %1：找不到主机 %2").arg(server, m_base.host());
        break;
    default:
        message = QStringLiteral("无法连接服务器 %1：%2").arg(server, attempt.errorString);
        break;
    }
    return fail(ErrorCode::Network, message % tries);
}

QUrl HttpLink::urlFor(const QString& path, const QUrlQuery& query) const
{
    QUrl url = m_base;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath % (path.startsWith(u'/') ? path : QStringLiteral("/") % path));
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QString HttpLink::serverName() const
{
    return m_base.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

} // namespace kjzy
