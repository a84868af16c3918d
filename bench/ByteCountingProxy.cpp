#include "ByteCountingProxy.h"

#include <QTcpSocket>

#include <memory>

namespace kjzy::bench {

ByteCountingProxy::ByteCountingProxy(QHostAddress target, quint16 targetPort)
    : m_target(std::move(target)), m_targetPort(targetPort)
{
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
}

ByteCountingProxy::~ByteCountingProxy() = default;

quint16 ByteCountingProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0) ? m_server.serverPort() : 0;
}

void ByteCountingProxy::accept()
{
    while (QTcpSocket* client = m_server.nextPendingConnection()) {
        ++m_connections;
        // Parented to the client socket, so both go when the client does.
        auto* upstream = new QTcpSocket(client);
        // Bytes the client sends before the upstream connection is up wait here.
        auto pending = std::make_shared<QByteArray>();
        auto carried = std::make_shared<qint64>(0);
        // The part of `bytes` this connection may still carry; past the limit both ends are cut.
        auto allowed = [this, carried](const QByteArray& bytes) {
            if (m_limit <= 0)
                return bytes;
            const qint64 room = std::max<qint64>(0, m_limit - *carried);
            *carried += std::min<qint64>(room, bytes.size());
            return bytes.size() <= room ? bytes : bytes.left(room);
        };
        auto cutIfSpent = [this, client, upstream, carried] {
            if (m_limit > 0 && *carried >= m_limit) {
                ++m_cuts;
                upstream->abort();
                client->abort();
            }
        };
        QObject::connect(client, &QTcpSocket::readyRead, client,
                         [this, client, upstream, pending, allowed, cutIfSpent] {
                             const QByteArray bytes = allowed(client->readAll());
                             m_up += bytes.size();
                             if (upstream->state() == QAbstractSocket::ConnectedState)
                                 upstream->write(bytes);
                             else
                                 pending->append(bytes);
                             if (upstream->state() == QAbstractSocket::ConnectedState)
                                 upstream->flush();
                             cutIfSpent();
                         });
        QObject::connect(upstream, &QTcpSocket::connected, upstream, [upstream, pending, cutIfSpent] {
            if (!pending->isEmpty())
                upstream->write(*pending);
            pending->clear();
            upstream->flush();
            cutIfSpent();
        });
        QObject::connect(upstream, &QTcpSocket::readyRead, upstream,
                         [this, client, upstream, allowed, cutIfSpent] {
                             const QByteArray bytes = allowed(upstream->readAll());
                             m_down += bytes.size();
                             client->write(bytes);
                             client->flush();
                             cutIfSpent();
                         });
        QObject::connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        QObject::connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
        QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        upstream->connectToHost(m_target, m_targetPort);
    }
}

} // namespace kjzy::bench
