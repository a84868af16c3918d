#pragma once

#include "HttpRequestScanner.h"
#include "RequestLimits.h"

#include <QMetaObject>
#include <QObject>
#include <QTimer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace kjzy {

// One accepted connection under RequestGuard. Its readyRead slot is connected before QHttpServer's,
// so it sees each arriving byte first (QIODevice::peek, nothing consumed), follows the request
// boundaries with an HttpRequestScanner, and refuses a request by answering with a JSON error and
// closing the connection before QHttpServer's slot runs: an oversized body is never buffered. It also
// closes connections that stay silent (idle time-out) or dribble their head (head time-out).
//
// Qt 6.4's QHttpServer reads with QIODevice transactions: each readyRead it reads everything
// available and keeps it buffered until the request is complete. What the reader left unread is
// learnt after each readyRead (followReader()), so bytes are never scanned twice whatever the
// reader does. The object is a child of its socket and dies with it.
class GuardedConnection : public QObject
{
public:
    GuardedConnection(QTcpSocket* socket, const RequestLimits& limits);

    // The socket goes to QHttpServer: from now on it deletes the socket (on disconnect or after the
    // handler), except when it drops the socket without closing it (see readerDropped()).
    void handOver();
    // Call once the reader has connected its own readyRead slot: connects a slot after it.
    void followReader();
    // Answers `refusal` (JSON error body, Connection: close), stops reading and closes.
    void refuse(const HttpRequestScanner::Refusal& refusal);

private:
    void beforeReader();
    void afterReader();
    void onBytesWritten();
    void onDisconnected();
    void onIdleTimeout();
    void onHeadTimeout();
    bool readerDropped() const;
    bool kernelHasUnreadBytes() const;
    void shutdownWriteWhenFlushed();
    void closeQuietly();
    void abandon();

    QTcpSocket* m_socket;
    RequestLimits m_limits;
    HttpRequestScanner m_scanner;
    QTimer m_idleTimer;
    QTimer m_headTimer;
    QTimer m_lingerTimer;
    QMetaObject::Connection m_beforeReader;
    bool m_handedOver = false;
    bool m_following = false;
    bool m_refused = false;
    bool m_closing = false;
    bool m_writeShut = false;
    bool m_ownsSocket = true;
    bool m_awaitingAnswer = false; // a complete request is with the handler, not yet answered
    qint64 m_unreadSeen = 0;       // bytes at the front of the read buffer already scanned
    int m_headsSeen = 0;
    int m_requestsSeen = 0;
};

} // namespace kjzy
