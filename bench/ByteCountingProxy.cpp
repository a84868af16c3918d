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
        QObject::connect(client, &QTcpSocket::readyRead, client, [this, client, upstream, pending] {
            const QByteArray bytes = client->readAll();
            m_up += bytes.size();
            if (upstream->state() == QAbstractSocket::ConnectedState)
                upstream->write(bytes);
            else
                pending->append(bytes);
        });
        QObject::connect(upstream, &QTcpSocket::connected, upstream, [upstream, pending] {
            if (!pending->isEmpty())
                upstream->write(*pending);
            pending->clear();
        });
        QObject::connect(upstream, &QTcpSocket::readyRead, upstream, [this, client, upstream] {
            const QByteArray bytes = upstream->readAll();
            m_down += bytes.size();
            client->write(bytes);
        });
        QObject::connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        QObject::connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
        QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        upstream->connectToHost(m_target, m_targetPort);
    }
}

} // namespace kjzy::bench
