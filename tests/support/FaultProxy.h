#pragma once

#include <QList>
#include <QMutex>
#include <QString>
#include <QtGlobal>

#include <atomic>
#include <memory>

class QObject;
class QTcpServer;
class QTcpSocket;
class QThread;

namespace kjzy::test {

// A TCP proxy on 127.0.0.1 in front of a real server, running on its own thread, that cuts
// connections: (a) every connection once it has carried `perConnectionLimit` bytes (both
// directions together), and/or (b) the connection carrying the byte at each global offset in
// `cutOffsets` (offsets count bytes of all connections, both directions, since reset()).
// A cut = both sockets abort() (RST), like a dropped mobile link.
//
// Counters count the bytes the proxy forwarded. A cut at offset X forwards bytes [0, X) and drops
// byte X and the rest of its connection, so bytesTotal() == X right after that cut and the next
// connection carries offset X again (the offset is used once: it is not cut a second time).
// Its own thread lets the proxy serve a client that blocks the test's thread (an in-process
// HttpLink waiting on a reply) or a child process the test waits for.
class FaultProxy
{
public:
    explicit FaultProxy(quint16 targetPort); // target on 127.0.0.1
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    bool listen(); // 127.0.0.1:0
    quint16 port() const;
    QString url() const;                       // "http://127.0.0.1:<port>"
    void setPerConnectionLimit(qint64 bytes);  // 0 = unlimited
    void setCutOffsets(QList<qint64> offsets); // sorted ascending; each used once
    void reset();                              // counters to 0, offsets cleared
    qint64 bytesUp() const;
    qint64 bytesDown() const;
    qint64 bytesTotal() const;
    int connections() const;
    int cuts() const;

private:
    struct Link;

    // Everything below runs on m_thread.
    void accept();
    void pump(const std::shared_ptr<Link>& link, bool upstream);
    void cut(const std::shared_ptr<Link>& link);
    void finish(const std::shared_ptr<Link>& link);
    // How many of `available` bytes the link may forward now, and whether it is cut after them.
    qint64 admit(Link& link, qint64 available, bool upstream, bool* cutAfter);

    const quint16 m_targetPort;
    std::unique_ptr<QThread> m_thread;
    QObject* m_context = nullptr; // lives in m_thread; parent of the server and every socket
    QTcpServer* m_server = nullptr;
    std::atomic<quint16> m_port{0};

    std::atomic<qint64> m_limit{0};
    std::atomic<qint64> m_up{0};
    std::atomic<qint64> m_down{0};
    std::atomic<int> m_connections{0};
    std::atomic<int> m_cuts{0};

    // Guards the global offset and the cut list, so reset() and setCutOffsets() from the test's
    // thread never see a half-counted chunk.
    mutable QMutex m_mutex;
    qint64 m_total = 0;
    QList<qint64> m_offsets;
    qsizetype m_nextOffset = 0;
};

} // namespace kjzy::test
