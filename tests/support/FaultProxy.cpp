#include "FaultProxy.h"

#include <QHostAddress>
#include <QMutexLocker>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>

#include <sys/socket.h>

namespace kjzy::test {

// One accepted connection and its connection to the target.
struct FaultProxy::Link
{
    // QAbstractSocket, not QTcpSocket: a socket's own destructor emits disconnected(), and reading
    // a QPointer<QTcpSocket> then would downcast an object that is no longer a QTcpSocket (UBSan).
    QPointer<QAbstractSocket> client;
    QPointer<QAbstractSocket> target;
    qint64 carried = 0;       // both directions, for the per-connection limit
    bool targetReady = false; // client bytes wait in the client socket until the target is connected
    bool closed = false;      // cut or finished: nothing more is forwarded
};

namespace {

// abort() alone closes with a FIN when nothing is left unread; a zero linger makes the kernel send
// a RST, which is what a client sees when a mobile link drops mid-transfer.
void abortWithReset(QAbstractSocket* socket)
{
    if (!socket)
        return;
    const qintptr descriptor = socket->socketDescriptor();
    if (descriptor >= 0) {
        const linger zero{1, 0};
        ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &zero, sizeof zero);
    }
    socket->abort();
    socket->deleteLater();
}

} // namespace

FaultProxy::FaultProxy(quint16 targetPort) : m_targetPort(targetPort), m_thread(std::make_unique<QThread>())
{
    m_context = new QObject;
    m_context->moveToThread(m_thread.get());
    m_thread->setObjectName(QStringLiteral("FaultProxy"));
    m_thread->start();
}

FaultProxy::~FaultProxy()
{
    // The server and sockets live in the proxy's thread: delete them there, then stop it.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            const QList<QObject*> children = m_context->children();
            qDeleteAll(children);
            m_server = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_context;
}

bool FaultProxy::listen()
{
    bool listening = false;
    QMetaObject::invokeMethod(
        m_context,
        [this, &listening] {
            if (!m_server) {
                m_server = new QTcpServer(m_context);
                QObject::connect(m_server, &QTcpServer::newConnection, m_context, [this] { accept(); });
            }
            listening = m_server->isListening() || m_server->listen(QHostAddress::LocalHost, 0);
            m_port = listening ? m_server->serverPort() : quint16(0);
        },
        Qt::BlockingQueuedConnection);
    return listening;
}

quint16 FaultProxy::port() const
{
    return m_port;
}

QString FaultProxy::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void FaultProxy::setPerConnectionLimit(qint64 bytes)
{
    m_limit = std::max<qint64>(0, bytes);
}

void FaultProxy::setCutOffsets(QList<qint64> offsets)
{
    std::sort(offsets.begin(), offsets.end());
    const QMutexLocker lock(&m_mutex);
    m_offsets = std::move(offsets);
    m_nextOffset = 0;
}

void FaultProxy::reset()
{
    const QMutexLocker lock(&m_mutex);
    m_total = 0;
    m_offsets.clear();
    m_nextOffset = 0;
    m_up = 0;
    m_down = 0;
    m_connections = 0;
    m_cuts = 0;
}

qint64 FaultProxy::bytesUp() const
{
    return m_up;
}

qint64 FaultProxy::bytesDown() const
{
    return m_down;
}

qint64 FaultProxy::bytesTotal() const
{
    return m_up + m_down;
}

int FaultProxy::connections() const
{
    return m_connections;
}

int FaultProxy::cuts() const
{
    return m_cuts;
}

void FaultProxy::accept()
{
    while (m_server->hasPendingConnections()) {
        QTcpSocket* client = m_server->nextPendingConnection();
        client->setParent(m_context);
        auto link = std::make_shared<Link>();
        link->client = client;
        link->target = new QTcpSocket(m_context);
        ++m_connections;

        QObject::connect(link->target, &QTcpSocket::connected, m_context, [this, link] {
            link->targetReady = true;
            pump(link, true);
        });
        QObject::connect(client, &QTcpSocket::readyRead, m_context, [this, link] { pump(link, true); });
        QObject::connect(link->target, &QTcpSocket::readyRead, m_context,
                         [this, link] { pump(link, false); });
        QObject::connect(client, &QTcpSocket::disconnected, m_context, [this, link] { finish(link); });
        QObject::connect(link->target, &QTcpSocket::disconnected, m_context, [this, link] { finish(link); });
        QObject::connect(link->target, &QTcpSocket::errorOccurred, m_context, [this, link] {
            if (!link->targetReady)
                finish(link); // the target refused: the client sees its connection end
        });
        link->target->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }
}

qint64 FaultProxy::admit(Link& link, qint64 available, bool upstream, bool* cutAfter)
{
    const QMutexLocker lock(&m_mutex);
    qint64 allowed = available;
    bool cut = false;
    if (const qint64 limit = m_limit; limit > 0) {
        const qint64 remaining = std::max<qint64>(0, limit - link.carried);
        if (remaining <= available) {
            allowed = remaining;
            cut = true;
        }
    }
    if (m_nextOffset < m_offsets.size()) {
        const qint64 relative = std::max<qint64>(0, m_offsets.at(m_nextOffset) - m_total);
        if (relative < allowed) {
            allowed = relative;
            cut = true;
            ++m_nextOffset;
        }
    }
    m_total += allowed;
    link.carried += allowed;
    (upstream ? m_up : m_down) += allowed;
    *cutAfter = cut;
    return allowed;
}

void FaultProxy::pump(const std::shared_ptr<Link>& link, bool upstream)
{
    if (link->closed || !link->targetReady || !link->client || !link->target)
        return;
    QAbstractSocket* from = upstream ? link->client.data() : link->target.data();
    QAbstractSocket* to = upstream ? link->target.data() : link->client.data();
    const qint64 available = from->bytesAvailable();
    if (available <= 0)
        return;
    bool cutAfter = false;
    const qint64 allowed = admit(*link, available, upstream, &cutAfter);
    if (allowed > 0) {
        to->write(from->read(allowed));
        to->flush(); // hand the bytes before a cut to the kernel, so they reach the peer
    }
    if (cutAfter)
        cut(link);
}

void FaultProxy::cut(const std::shared_ptr<Link>& link)
{
    link->closed = true;
    ++m_cuts;
    abortWithReset(link->client);
    abortWithReset(link->target);
}

void FaultProxy::finish(const std::shared_ptr<Link>& link)
{
    if (link->closed)
        return;
    // Forward what the closing side sent last, then close the other side gracefully (its pending
    // writes are flushed first), as an ordinary end of a connection.
    pump(link, true);
    pump(link, false);
    if (link->closed)
        return;
    link->closed = true;
    for (QAbstractSocket* socket : {link->client.data(), link->target.data()}) {
        if (!socket)
            continue;
        if (socket->state() == QAbstractSocket::ConnectedState) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
        } else {
            socket->abort();
            socket->deleteLater();
        }
    }
}

} // namespace kjzy::test
