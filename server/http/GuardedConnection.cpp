#include "GuardedConnection.h"

#include "ApiErrorMapping.h"

#include <QLoggingCategory>
#include <QTcpSocket>

#include <sys/ioctl.h>
#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcGuard, "kjzy.server.guard")

namespace kjzy {

namespace {

using namespace std::chrono_literals;

// After a refusal the answer goes out, the write side is shut (FIN), and the socket stays open this
// long without reading before it is aborted: closing at once with unread bytes would make the kernel
// send RST, which destroys the answer still in flight before the client reads it.
constexpr auto kLinger = 2s;
// While lingering, at most this much is accepted into Qt's buffer; after that the kernel's window
// closes and the client's sending stalls. Nothing of it is kept.
constexpr qint64 kLingerReadBuffer = 4096;
// When the event loop was busy, a time-out is checked again this much later.
constexpr auto kRecheck = 1s;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Error");
    }
}

// The same body and headers ApiServer gives its own errors, so clients decode every answer alike.
QByteArray answerBytes(const HttpRequestScanner::Refusal& refusal)
{
    const ApiResponse response = ApiErrorMapping::toResponse(refusal.status, refusal.error);
    QByteArray bytes = QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(refusal.status) + ' ' +
                       reasonPhrase(refusal.status) + QByteArrayLiteral("\r\nContent-Type: ") +
                       response.contentType + QByteArrayLiteral("\r\nContent-Length: ") +
                       QByteArray::number(response.body.size()) +
                       QByteArrayLiteral("\r\nConnection: close\r\nCache-Control: no-store\r\n"
                                         "X-Content-Type-Options: nosniff\r\n\r\n");
    bytes += response.body;
    return bytes;
}

} // namespace

GuardedConnection::GuardedConnection(QTcpSocket* socket, const RequestLimits& limits)
    : QObject(socket), m_socket(socket), m_limits(limits), m_scanner(limits.maxHeadBytes, limits.maxBodyBytes)
{
    for (QTimer* timer : {&m_idleTimer, &m_headTimer, &m_lingerTimer})
        timer->setSingleShot(true);
    m_beforeReader = connect(socket, &QIODevice::readyRead, this, &GuardedConnection::beforeReader);
    connect(socket, &QIODevice::bytesWritten, this, &GuardedConnection::onBytesWritten);
    connect(socket, &QAbstractSocket::disconnected, this, &GuardedConnection::onDisconnected);
    connect(&m_idleTimer, &QTimer::timeout, this, &GuardedConnection::onIdleTimeout);
    connect(&m_headTimer, &QTimer::timeout, this, &GuardedConnection::onHeadTimeout);
    connect(&m_lingerTimer, &QTimer::timeout, this, [this] { m_socket->abort(); });
    m_idleTimer.start(m_limits.idleTimeout);
}

void GuardedConnection::handOver()
{
    m_handedOver = true;
    m_ownsSocket = false;
}

void GuardedConnection::followReader()
{
    if (m_following || m_refused)
        return;
    m_following = true;
    connect(m_socket, &QIODevice::readyRead, this, &GuardedConnection::afterReader);
}

void GuardedConnection::beforeReader()
{
    if (m_refused)
        return;
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = available - m_unreadSeen;
    if (fresh <= 0)
        return;
    m_idleTimer.start(m_limits.idleTimeout);
    const qint64 skipped = m_scanner.skipBody(fresh);
    if (skipped < fresh) {
        const QByteArray bytes = m_socket->peek(available);
        if (auto refusal = m_scanner.feed(QByteArrayView(bytes).sliced(m_unreadSeen + skipped))) {
            refuse(*refusal);
            return;
        }
    }
    // Until afterReader() says otherwise, assume the reader takes everything (Qt 6.4 does: readAll).
    m_unreadSeen = m_following ? available : 0;

    if (m_scanner.requestsCompleted() != m_requestsSeen) {
        m_requestsSeen = m_scanner.requestsCompleted();
        m_awaitingAnswer = true;
    }
    if (m_scanner.phase() != HttpRequestScanner::Phase::Head) {
        m_headTimer.stop();
    } else if (m_scanner.headsStarted() != m_headsSeen) {
        m_headsSeen = m_scanner.headsStarted();
        m_headTimer.start(m_limits.headTimeout);
    }
}

void GuardedConnection::afterReader()
{
    if (!m_refused)
        m_unreadSeen = m_socket->bytesAvailable();
}

void GuardedConnection::onBytesWritten()
{
    if (m_refused) {
        shutdownWriteWhenFlushed();
        return;
    }
    m_idleTimer.start(m_limits.idleTimeout);
    if (m_socket->bytesToWrite() == 0)
        m_awaitingAnswer = false;
}

void GuardedConnection::onDisconnected()
{
    m_idleTimer.stop();
    m_headTimer.stop();
    m_lingerTimer.stop();
    if (m_ownsSocket)
        m_socket->deleteLater();
}

// QHttpServer 6.4 answers a request its parser rejects with QObject::disconnect() on the socket:
// every signal connection goes, including ours, and nobody would ever close or delete the socket.
bool GuardedConnection::readerDropped() const
{
    return m_handedOver && !m_refused && !m_beforeReader;
}

bool GuardedConnection::kernelHasUnreadBytes() const
{
    int pending = 0;
    return ::ioctl(int(m_socket->socketDescriptor()), FIONREAD, &pending) == 0 && pending > 0;
}

void GuardedConnection::onIdleTimeout()
{
    if (readerDropped()) {
        abandon();
        return;
    }
    // A handler that ran long (single-threaded server) or bytes the event loop has not read yet are
    // not the client's silence.
    if (m_awaitingAnswer || kernelHasUnreadBytes()) {
        m_idleTimer.start(kRecheck);
        return;
    }
    if (m_scanner.phase() == HttpRequestScanner::Phase::BetweenRequests) {
        closeQuietly();
        return;
    }
    refuse({408, Error{ErrorCode::Network, QStringLiteral("连接超过 %1 秒没有传输数据，服务器已关闭连接")
                                               .arg(m_limits.idleTimeout.count() / 1000.0)}});
}

void GuardedConnection::onHeadTimeout()
{
    if (readerDropped()) {
        abandon();
        return;
    }
    if (m_awaitingAnswer || kernelHasUnreadBytes()) {
        m_headTimer.start(kRecheck);
        return;
    }
    refuse({408, Error{ErrorCode::Network, QStringLiteral("请求头在 %1 秒内没有发完，服务器已关闭连接")
                                               .arg(m_limits.headTimeout.count() / 1000.0)}});
}

void GuardedConnection::refuse(const HttpRequestScanner::Refusal& refusal)
{
    if (m_refused || m_closing)
        return;
    if (readerDropped())
        m_ownsSocket = true;
    m_refused = true;
    m_idleTimer.stop();
    m_headTimer.stop();
    qCInfo(lcGuard, "refused a request with %d: %s", refusal.status, qPrintable(refusal.error.message));

    // Nobody reads this socket any more: QHttpServer's slot is disconnected before it can run for
    // the bytes that arrived, and what it had kept in its transaction is dropped unparsed.
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->skip(m_socket->bytesAvailable());
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_socket->abort();
        if (m_ownsSocket)
            m_socket->deleteLater();
        return;
    }
    m_socket->setReadBufferSize(kLingerReadBuffer);
    m_socket->write(answerBytes(refusal));
    m_socket->flush();
    shutdownWriteWhenFlushed();
    m_lingerTimer.start(kLinger);
}

void GuardedConnection::shutdownWriteWhenFlushed()
{
    if (m_writeShut || m_socket->bytesToWrite() > 0 || m_socket->socketDescriptor() < 0)
        return;
    m_writeShut = true;
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
}

void GuardedConnection::closeQuietly()
{
    m_closing = true;
    m_headTimer.stop();
    m_socket->disconnectFromHost();
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_lingerTimer.start(kLinger);
}

void GuardedConnection::abandon()
{
    m_ownsSocket = true;
    m_idleTimer.stop();
    m_headTimer.stop();
    m_socket->abort();
    m_socket->deleteLater();
}

} // namespace kjzy
