#include "RequestGuard.h"

#include "GuardedConnection.h"

#include <QTcpSocket>

#include <unistd.h>

namespace kjzy {

RequestGuard::RequestGuard(const RequestLimits& limits, QObject* parent)
    : QTcpServer(parent), m_limits(limits)
{}

void RequestGuard::followReader()
{
    connect(this, &QTcpServer::newConnection, this, [this] {
        for (const QPointer<GuardedConnection>& connection : std::as_const(m_handedOver)) {
            if (connection)
                connection->followReader();
        }
        m_handedOver.clear();
    });
}

void RequestGuard::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    auto* connection = new GuardedConnection(socket, m_limits);
    if (m_connections >= m_limits.maxConnections) {
        connection->refuse(
            {503,
             Error{ErrorCode::Network,
                   QStringLiteral("服务器连接数已满（%1 个），请稍后再试").arg(m_limits.maxConnections)}});
        return;
    }
    ++m_connections;
    connect(connection, &QObject::destroyed, this, [this] { --m_connections; });
    connection->handOver();
    m_handedOver.append(connection);
    addPendingConnection(socket);
}

} // namespace kjzy
