#pragma once

#include <QHostAddress>
#include <QTcpServer>

namespace kjzy::bench {

// A TCP relay on 127.0.0.1 that counts every byte each way, HTTP headers included: HttpLink
// counts message bodies only. Optionally it plays a bad township link: every connection is cut
// (both sockets aborted) once it has carried a given number of bytes, both ways together.
// Single-threaded, like ApiServer and HttpLink: the link's nested event loop runs the relay's
// sockets too.
class ByteCountingProxy
{
public:
    ByteCountingProxy(QHostAddress target, quint16 targetPort);
    ~ByteCountingProxy();
    ByteCountingProxy(const ByteCountingProxy&) = delete;
    ByteCountingProxy& operator=(const ByteCountingProxy&) = delete;

    quint16 listen();                           // 0 when it cannot
    qint64 bytesUp() const { return m_up; }     // client -> server
    qint64 bytesDown() const { return m_down; } // server -> client
    int connections() const { return m_connections; }
    int cuts() const { return m_cuts; }
    // 0 = never cut.
    void setPerConnectionLimit(qint64 bytes) { m_limit = bytes; }
    void reset()
    {
        m_up = m_down = 0;
        m_connections = m_cuts = 0;
    }

private:
    void accept();

    QHostAddress m_target;
    quint16 m_targetPort;
    qint64 m_up = 0;
    qint64 m_down = 0;
    int m_connections = 0;
    int m_cuts = 0;
    qint64 m_limit = 0;
    QTcpServer m_server; // last: destroyed first, with its sockets, before the counters they touch
};

} // namespace kjzy::bench
