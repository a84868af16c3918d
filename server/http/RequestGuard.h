#pragma once

#include "RequestLimits.h"

#include <QList>
#include <QPointer>
#include <QTcpServer>

namespace kjzy {

class GuardedConnection;

// The listening socket under ApiServer's QHttpServer, and the server's first line of defence: Qt 6.4's
// QHttpServer reads a whole request (body included) into memory before a handler can look at it, has
// no header limit and no time-outs. Every accepted socket gets a GuardedConnection whose readyRead
// slot is connected before QHttpServer's, then the socket is handed over (addPendingConnection;
// QHttpServer takes it in its handler for newConnection/pendingConnectionAvailable). Past
// maxConnections a connection is answered 503 and closed without QHttpServer ever seeing it.
class RequestGuard : public QTcpServer
{
public:
    explicit RequestGuard(const RequestLimits& limits, QObject* parent = nullptr);

    // Call right after QAbstractHttpServer::bind(this): connects after QHttpServer's own handler, so
    // each new connection can also put a slot after QHttpServer's readyRead slot.
    void followReader();

    const RequestLimits& limits() const { return m_limits; }
    int connectionCount() const { return m_connections; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    RequestLimits m_limits;
    int m_connections = 0;
    QList<QPointer<GuardedConnection>> m_handedOver; // not yet followed
};

} // namespace kjzy
