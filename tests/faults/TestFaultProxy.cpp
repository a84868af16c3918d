// FaultProxy in front of a tiny echo server running on a thread of its own; the test's thread is
// the client with a blocking QTcpSocket, so the proxy has to work while that thread waits (as it
// does under an in-process HttpLink).
#include "support/FaultProxy.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace kjzy::test;

namespace {

// Echoes every byte back on the connection it came on.
class EchoServer
{
public:
    EchoServer()
    {
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            m_context,
            [this] {
                auto* server = new QTcpServer(m_context);
                QObject::connect(server, &QTcpServer::newConnection, m_context, [server] {
                    while (QTcpSocket* socket = server->nextPendingConnection()) {
                        QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                         [socket] { socket->write(socket->readAll()); });
                        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                    }
                });
                if (server->listen(QHostAddress::LocalHost, 0))
                    m_port = server->serverPort();
            },
            Qt::BlockingQueuedConnection);
    }
    ~EchoServer()
    {
        QMetaObject::invokeMethod(
            m_context, [this] { qDeleteAll(m_context->children()); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_context;
    }
    quint16 port() const { return m_port; }

private:
    QThread m_thread;
    QObject* m_context = nullptr;
    quint16 m_port = 0;
};

// What a client saw on one exchange: the bytes that came back and whether the link broke.
struct Exchange
{
    QByteArray received;
    bool broken = false;
};

// Sends `payload` and reads until as many bytes came back, the connection broke, or 5 s passed.
Exchange exchange(QTcpSocket& socket, const QByteArray& payload)
{
    Exchange result;
    socket.write(payload);
    const QDeadlineTimer deadline(5000);
    while (result.received.size() < payload.size() && !deadline.hasExpired()) {
        if (socket.bytesToWrite() > 0)
            socket.waitForBytesWritten(50);
        if (!socket.waitForReadyRead(50) && socket.state() != QAbstractSocket::ConnectedState) {
            result.received += socket.readAll();
            result.broken = true;
            break;
        }
        result.received += socket.readAll();
    }
    return result;
}

bool connectTo(QTcpSocket& socket, quint16 port)
{
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(5000);
}

// Waits until the proxy's thread has counted `bytes` (the echo comes back after it forwarded).
bool waitForTotal(const FaultProxy& proxy, qint64 bytes)
{
    const QDeadlineTimer deadline(5000);
    while (proxy.bytesTotal() < bytes && !deadline.hasExpired())
        QThread::msleep(5);
    return proxy.bytesTotal() == bytes;
}

} // namespace

class TestFaultProxy : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<EchoServer> m_echo;
    std::unique_ptr<FaultProxy> m_proxy;

private slots:
    void init()
    {
        m_echo = std::make_unique<EchoServer>();
        QVERIFY(m_echo->port() != 0);
        m_proxy = std::make_unique<FaultProxy>(m_echo->port());
        QVERIFY(m_proxy->listen());
        QVERIFY(m_proxy->port() != 0);
        QCOMPARE(m_proxy->url(), QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port()));
    }

    void cleanup()
    {
        m_proxy.reset();
        m_echo.reset();
    }

    void countsBothDirectionsOfEveryConnection()
    {
        for (int i = 0; i < 3; ++i) {
            QTcpSocket socket;
            QVERIFY(connectTo(socket, m_proxy->port()));
            const QByteArray payload(1000 + i, char('a' + i));
            const Exchange echoed = exchange(socket, payload);
            QCOMPARE(echoed.received, payload);
            QVERIFY(!echoed.broken);
        }
        QVERIFY(waitForTotal(*m_proxy, 2 * (1000 + 1001 + 1002)));
        QCOMPARE(m_proxy->bytesUp(), 3003);
        QCOMPARE(m_proxy->bytesDown(), 3003);
        QCOMPARE(m_proxy->connections(), 3);
        QCOMPARE(m_proxy->cuts(), 0);

        m_proxy->reset();
        QCOMPARE(m_proxy->bytesTotal(), 0);
        QCOMPARE(m_proxy->connections(), 0);
    }

    void perConnectionLimitCutsExactlyAtTheLimit()
    {
        m_proxy->setPerConnectionLimit(150);
        {
            // 100 up, then 50 of the 100 echoed bytes come down and the connection is cut.
            QTcpSocket socket;
            QVERIFY(connectTo(socket, m_proxy->port()));
            const Exchange echoed = exchange(socket, QByteArray(100, 'x'));
            QVERIFY(echoed.broken);
            QCOMPARE(echoed.received, QByteArray(50, 'x'));
            // A reset, not an orderly close: the client must not take the half reply as whole.
            QCOMPARE(socket.error(), QAbstractSocket::RemoteHostClosedError);
        }
        QCOMPARE(m_proxy->bytesTotal(), 150);
        QCOMPARE(m_proxy->cuts(), 1);
        {
            // The limit is per connection: a new one carries 150 bytes again, over several exchanges.
            QTcpSocket socket;
            QVERIFY(connectTo(socket, m_proxy->port()));
            QCOMPARE(exchange(socket, QByteArray(40, 'y')).received, QByteArray(40, 'y'));
            QCOMPARE(exchange(socket, QByteArray(30, 'z')).received, QByteArray(30, 'z'));
            // 140 carried: 10 more go up, none come back.
            const Exchange echoed = exchange(socket, QByteArray(40, 'w'));
            QVERIFY(echoed.broken);
            QCOMPARE(echoed.received.size(), 0);
        }
        QCOMPARE(m_proxy->bytesUp(), 100 + 40 + 30 + 10);
        QCOMPARE(m_proxy->bytesDown(), 50 + 40 + 30);
        QCOMPARE(m_proxy->cuts(), 2);
        QCOMPARE(m_proxy->connections(), 2);

        m_proxy->setPerConnectionLimit(0);
        QTcpSocket socket;
        QVERIFY(connectTo(socket, m_proxy->port()));
        QCOMPARE(exchange(socket, QByteArray(5000, 'v')).received.size(), 5000);
        QCOMPARE(m_proxy->cuts(), 2);
    }

    void cutOffsetsCutTheConnectionCarryingThatByteOnce()
    {
        m_proxy->setCutOffsets({250, 30});
        {
            // Bytes 0..19 up, 20..39 down: byte 30 is the 11th echoed byte.
            QTcpSocket socket;
            QVERIFY(connectTo(socket, m_proxy->port()));
            const Exchange echoed = exchange(socket, QByteArray(20, 'a'));
            QVERIFY(echoed.broken);
            QCOMPARE(echoed.received, QByteArray(10, 'a'));
        }
        QCOMPARE(m_proxy->bytesTotal(), 30);
        QCOMPARE(m_proxy->cuts(), 1);
        {
            // The next connection carries offset 30 again: not cut a second time. 30 + 200 = 230,
            // then byte 250 is the 21st byte of the next request.
            QTcpSocket socket;
            QVERIFY(connectTo(socket, m_proxy->port()));
            QCOMPARE(exchange(socket, QByteArray(100, 'b')).received, QByteArray(100, 'b'));
            QVERIFY(waitForTotal(*m_proxy, 230));
            const Exchange echoed = exchange(socket, QByteArray(100, 'c'));
            QVERIFY(echoed.broken);
            QCOMPARE(echoed.received.size(), 0);
        }
        QCOMPARE(m_proxy->bytesTotal(), 250);
        QCOMPARE(m_proxy->bytesUp(), 20 + 100 + 20);
        QCOMPARE(m_proxy->cuts(), 2);
        {
            // Every offset used: the link is clean again.
            QTcpSocket socket;
            QVERIFY(connectTo(socket, m_proxy->port()));
            QCOMPARE(exchange(socket, QByteArray(3000, 'd')).received, QByteArray(3000, 'd'));
        }
        QVERIFY(waitForTotal(*m_proxy, 6250));
        QCOMPARE(m_proxy->cuts(), 2);
        QCOMPARE(m_proxy->connections(), 3);
    }

    void offsetZeroCutsTheFirstByteAndResetClearsOffsets()
    {
        m_proxy->setCutOffsets({0, 1});
        for (int i = 0; i < 2; ++i) {
            QTcpSocket socket;
            QVERIFY(connectTo(socket, m_proxy->port()));
            const Exchange echoed = exchange(socket, QByteArray(10, 'e'));
            QVERIFY(echoed.broken);
        }
        // Offset 0: nothing forwarded; offset 1: byte 0 forwarded, byte 1 cut.
        QCOMPARE(m_proxy->bytesTotal(), 1);
        QCOMPARE(m_proxy->cuts(), 2);

        m_proxy->setCutOffsets({5});
        m_proxy->reset();
        QTcpSocket socket;
        QVERIFY(connectTo(socket, m_proxy->port()));
        QCOMPARE(exchange(socket, QByteArray(10, 'f')).received, QByteArray(10, 'f'));
        QVERIFY(waitForTotal(*m_proxy, 20));
        QCOMPARE(m_proxy->cuts(), 0);
        QCOMPARE(m_proxy->connections(), 1);
    }

    void targetDownEndsTheClientsConnection()
    {
        const quint16 echoPort = m_echo->port();
        m_echo.reset(); // nothing listens on the target port any more
        FaultProxy proxy(echoPort);
        QVERIFY(proxy.listen());
        QTcpSocket socket;
        QVERIFY(connectTo(socket, proxy.port()));
        const Exchange echoed = exchange(socket, QByteArray(10, 'g'));
        QVERIFY(echoed.broken);
        QCOMPARE(proxy.bytesTotal(), 0);
        QCOMPARE(proxy.connections(), 1);
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "TestFaultProxy.moc"
